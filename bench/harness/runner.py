"""Running one program on one case: the command line, a timeout, per-rank peak memory.

Peak memory: /usr/bin/time -v wraps each process that does the work, inside the MPI launcher
(mpirun ... time_rank.sh DIR atropos ...), so it measures the ranks and not mpirun. Each rank
writes DIR/time.rank<R>.txt; a run's peak_rss_mb is the largest rank, peak_rss_sum_mb their sum.
Psi4 is one process (threads), wrapped directly.
"""

import dataclasses
import glob
import os
import shlex
import signal
import subprocess
import time

from . import parsers

# The rank variables of OpenMPI, PMIx/MPICH and Slurm, in that order.
_TIME_WRAPPER = """#!/bin/sh
# /usr/bin/time -v around one MPI rank: writes $1/time.rank<R>.txt (written by bench/compare.py)
dir=$1
shift
rank=${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${PMI_RANK:-${SLURM_PROCID:-0}}}}
if [ -x /usr/bin/time ]; then
  exec /usr/bin/time -v -o "$dir/time.rank$rank.txt" "$@"
fi
exec "$@"   # no GNU time on this node (Debian package "time"): no memory numbers
"""

# Local default: no binding, because on a small shared machine a rank bound to one core would
# squeeze its OpenMP threads onto it. Clusters pass --launcher (docs/benchmarks.md).
DEFAULT_LAUNCHER = "mpirun -np {ranks} --bind-to none -x OMP_NUM_THREADS"


@dataclasses.dataclass(frozen=True)
class Layout:
    ranks: int
    threads: int

    @staticmethod
    def parse(text):
        """'2x1' = 2 MPI ranks x 1 OpenMP thread each."""
        try:
            ranks, threads = (int(v) for v in text.lower().split("x"))
        except ValueError:
            raise ValueError("layout must look like RANKSxTHREADS (e.g. 1x2), got %r" % text)
        if ranks < 1 or threads < 1:
            raise ValueError("layout needs at least 1 rank and 1 thread, got %r" % text)
        return Layout(ranks, threads)

    def __str__(self):
        return "%dx%d" % (self.ranks, self.threads)


@dataclasses.dataclass
class Settings:
    """What the command line decides about running."""
    repo: str
    atropos: str
    timeout_s: float
    nice: int
    launcher: str = DEFAULT_LAUNCHER
    nodes: int = 1
    psi4_threads: int = 2
    psi4_memory_gb: float = 4.0
    nwchem_ranks: int = 2
    nwchem_memory_mb: int = 2000


def _environment(threads):
    env = dict(os.environ)
    env["OMP_NUM_THREADS"] = str(threads)
    env["OPENBLAS_NUM_THREADS"] = "1"   # NWChem's BLAS: one thread per rank
    if os.geteuid() == 0:               # containers run as root; OpenMPI refuses without these
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    return env


def _launcher(settings, layout):
    ppn = -(-layout.ranks // max(settings.nodes, 1))
    return shlex.split(settings.launcher.format(ranks=layout.ranks, threads=layout.threads, ppn=ppn))


def _execute(argv, workdir, env, timeout_s, log_path):
    """Runs argv in its own process group; kills only that group on timeout."""
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(argv, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout_s)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
            for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 15)):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
            rc = proc.returncode
    return rc, time.monotonic() - start, timed_out


def _rank_memory(time_dir):
    reports = sorted(glob.glob(os.path.join(time_dir, "time.rank*.txt")))
    parsed = []
    for path in reports:
        with open(path) as f:
            parsed.append(parsers.time_report(f.read()))
    rss = [p["peak_rss_mb"] for p in parsed if "peak_rss_mb" in p]
    out = {"rank_time_reports": parsed}
    if rss:
        out["peak_rss_mb"] = max(rss)
        out["peak_rss_sum_mb"] = sum(rss)
    return out


def _finish(record, rc, wall, timed_out, parsed, timeout_s, needs_gradient):
    record.update(parsed)
    record["exit_code"] = rc
    record["wall_s"] = wall
    if timed_out:
        record["status"] = "timeout"
        record["error"] = "killed after the %g s timeout" % timeout_s
    elif rc != 0 or record.get("energy") is None:
        record["status"] = "failed"
        record.setdefault("error", "exit code %s, no energy in the output" % rc)
    elif record.get("converged") is False:
        record["status"] = "failed"
        record["error"] = "SCF not converged"
    elif needs_gradient and not record.get("gradient"):
        record["status"] = "failed"
        record.setdefault("error", "no gradient in the output")
    else:
        record["status"] = "ok"
        record.pop("error", None)
    return record


def run_atropos(case, settings, layout, workdir, toml_path):
    time_dir = os.path.join(workdir, "time-atropos-%s" % layout)
    os.makedirs(time_dir, exist_ok=True)
    for old in glob.glob(os.path.join(time_dir, "time.rank*.txt")):
        os.remove(old)
    wrapper = os.path.join(workdir, "time_rank.sh")
    with open(wrapper, "w") as f:
        f.write(_TIME_WRAPPER)
    os.chmod(wrapper, 0o755)
    argv = (["nice", "-n", str(settings.nice)] + _launcher(settings, layout) +
            [wrapper, time_dir, settings.atropos, "run", os.path.basename(toml_path)])
    log = os.path.join(workdir, "atropos-%s.out" % layout)
    record = {"program": "atropos", "label": "atropos %s" % layout, "ranks": layout.ranks,
              "threads": layout.threads, "command": " ".join(shlex.quote(a) for a in argv),
              "workdir": workdir, "output": log}
    rc, wall, timed_out = _execute(argv, workdir, _environment(layout.threads), settings.timeout_s, log)
    with open(log, errors="replace") as f:
        parsed = parsers.atropos_output(f.read())
    parsed.update(_rank_memory(time_dir))
    return _finish(record, rc, wall, timed_out, parsed, settings.timeout_s, case.task == "gradient")


def run_psi4(case, settings, workdir, input_path):
    time_file = os.path.join(workdir, "time.psi4.txt")
    output = os.path.join(workdir, "psi4.out")
    argv = ["nice", "-n", str(settings.nice), "/usr/bin/time", "-v", "-o", time_file,
            "psi4", "-n", str(settings.psi4_threads), os.path.basename(input_path), output]
    env = _environment(settings.psi4_threads)
    env["PSI_SCRATCH"] = workdir
    record = {"program": "psi4", "label": "psi4 %d threads" % settings.psi4_threads, "ranks": 1,
              "threads": settings.psi4_threads, "command": " ".join(shlex.quote(a) for a in argv),
              "workdir": workdir, "output": output}
    rc, wall, timed_out = _execute(argv, workdir, env, settings.timeout_s, os.path.join(workdir, "psi4.stdout"))
    parsed = {}
    if os.path.exists(output):
        with open(output, errors="replace") as f:
            parsed = parsers.psi4_output(f.read())
    if os.path.exists(time_file):
        with open(time_file) as f:
            memory = parsers.time_report(f.read())
        parsed["rank_time_reports"] = [memory]
        if "peak_rss_mb" in memory:
            parsed["peak_rss_mb"] = parsed["peak_rss_sum_mb"] = memory["peak_rss_mb"]
    return _finish(record, rc, wall, timed_out, parsed, settings.timeout_s, case.task == "gradient")


def run_nwchem(case, settings, workdir, input_path):
    layout = Layout(settings.nwchem_ranks, 1)
    time_dir = os.path.join(workdir, "time-nwchem")
    os.makedirs(time_dir, exist_ok=True)
    for old in glob.glob(os.path.join(time_dir, "time.rank*.txt")):
        os.remove(old)
    wrapper = os.path.join(workdir, "time_rank.sh")
    with open(wrapper, "w") as f:
        f.write(_TIME_WRAPPER)
    os.chmod(wrapper, 0o755)
    argv = (["nice", "-n", str(settings.nice)] + _launcher(settings, layout) +
            [wrapper, time_dir, "nwchem", os.path.basename(input_path)])
    log = os.path.join(workdir, "nwchem.out")
    record = {"program": "nwchem", "label": "nwchem %s" % layout, "ranks": layout.ranks, "threads": 1,
              "command": " ".join(shlex.quote(a) for a in argv), "workdir": workdir, "output": log}
    rc, wall, timed_out = _execute(argv, workdir, _environment(1), settings.timeout_s, log)
    with open(log, errors="replace") as f:
        parsed = parsers.nwchem_output(f.read())
    parsed.update(_rank_memory(time_dir))
    return _finish(record, rc, wall, timed_out, parsed, settings.timeout_s, case.task == "gradient")
