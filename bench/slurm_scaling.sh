#!/bin/bash
# Strong scaling of atropos on a Slurm cluster: one case at several MPI ranks x OpenMP threads
# layouts (default 16 to 128 ranks), through bench/compare.py --scaling. See docs/benchmarks.md.
#
#   sbatch bench/slurm_scaling.sh                                # dnbpa-pbe-df, 16x1 ... 128x1
#   sbatch bench/slurm_scaling.sh cu14-model-pbe-df 16x1,32x1,64x1,128x1,32x4
#   LAUNCHER=mpirun sbatch bench/slurm_scaling.sh                # mpirun instead of srun
#
# Adjust the #SBATCH lines to the cluster: nodes x cores per node must hold the largest layout
# (ranks x threads) without oversubscription; the script checks this before running anything.
# The repository (with build/atropos built against the cluster's MPI) must be on a file system
# that every node sees; runs happen under $BENCH_WORKDIR (default: a directory beside the job
# output), which must be shared too (each rank writes its /usr/bin/time report there).
#
#SBATCH --job-name=atropos-scaling
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=32
#SBATCH --exclusive
#SBATCH --time=04:00:00
#SBATCH --output=atropos-scaling-%j.out

set -euo pipefail
cd "${SLURM_SUBMIT_DIR:-$(dirname "$0")/..}"

CASE=${1:-dnbpa-pbe-df}
LAYOUTS=${2:-16x1,32x1,64x1,128x1}
LAUNCHER=${LAUNCHER:-srun}
NODES=${SLURM_NNODES:-1}
JOB=${SLURM_JOB_ID:-local}
# Cores per node: Slurm's count of CPUs on this node (may count hardware threads: then set
# CORES_PER_NODE to the physical cores yourself).
CORES_PER_NODE=${CORES_PER_NODE:-${SLURM_CPUS_ON_NODE:-$(nproc)}}
BENCH_WORKDIR=${BENCH_WORKDIR:-$PWD/bench-work-$JOB}

# No oversubscription: every layout's ranks per node x threads must fit the node's cores.
for layout in ${LAYOUTS//,/ }; do
  ranks=${layout%x*}
  threads=${layout#*x}
  ppn=$(((ranks + NODES - 1) / NODES))
  if ((ppn * threads > CORES_PER_NODE)); then
    echo "layout $layout needs $ppn ranks x $threads threads = $((ppn * threads)) cores per node;" \
      "a node has $CORES_PER_NODE ($NODES nodes): ask for more nodes or drop the layout" >&2
    exit 2
  fi
done

# Threads stay on their rank's cores, one thread per core.
export OMP_PLACES=cores
export OMP_PROC_BIND=close

# {ranks}, {threads}, {ppn} (= ranks per node, ranks spread evenly over the nodes) are filled in
# by compare.py for each layout; OMP_NUM_THREADS is set by compare.py to the layout's threads.
case $LAUNCHER in
  srun)
    TEMPLATE='srun --ntasks={ranks} --ntasks-per-node={ppn} --cpus-per-task={threads} --cpu-bind=cores --distribution=block:block --export=ALL'
    ;;
  mpirun)
    TEMPLATE='mpirun -np {ranks} --map-by ppr:{ppn}:node:pe={threads} --bind-to core --report-bindings -x OMP_NUM_THREADS -x OMP_PLACES -x OMP_PROC_BIND'
    ;;
  *)
    echo "LAUNCHER must be srun or mpirun, got $LAUNCHER" >&2
    exit 2
    ;;
esac

echo "case $CASE, layouts $LAYOUTS, $NODES node(s) x $CORES_PER_NODE cores, launcher: $TEMPLATE"
python3 bench/compare.py --scaling "$CASE" --layouts "$LAYOUTS" \
  --launcher "$TEMPLATE" --nodes "$NODES" --nice 0 --timeout 36000 \
  --workdir "$BENCH_WORKDIR" --results "bench/results/scaling-$JOB"
