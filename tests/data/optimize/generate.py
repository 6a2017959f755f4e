#!/usr/bin/env python3
"""Psi4 1.3.2 geometry optimisations that the optimiser tests (tests/optimize) compare with.

    python3 generate.py write            # <job>.in for every job below (geometry from ../reference/molecules)
    python3 generate.py run [JOB ...]    # nice -n 10 psi4 -n 1 in a scratch folder; copies <job>.json here
    python3 generate.py collect          # every <job>.json -> references.json

Conventions as in tests/data/psi4 and tests/data/reference: the XYZ (Angstrom) is converted to bohr
with 0.529177210903 A/bohr (CODATA 2018, libint2's default) and given with `units bohr`,
`no_reorient`, `no_com`, `symmetry c1`; RHF/def2-SVP, scf_type pk (exact integrals),
e_convergence 1e-10, d_convergence 1e-8, g_convergence gau_tight. Each input writes its own JSON:
final energy, number of gradient evaluations (len(history['energy'])), final geometry in bohr.
Python 3 standard library only.
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MOLECULES = os.path.join(HERE, "..", "reference", "molecules")
BOHR_IN_ANGSTROM = 0.529177210903  # CODATA 2018
SCRATCH = os.environ.get("ATROPOS_PSI4_SCRATCH", "/tmp/atropos-psi4-optimize")

# name -> (xyz stem, extra optking settings, description)
JOBS = {
    "water_rhf_def2svp_opt": ("water", {}, "minimum from water.xyz"),
    "h2o2_P_rhf_def2svp_opt": ("h2o2_P", {}, "skew minimum from h2o2_P.xyz"),
    # Trans-planar barrier: H3-O1-O2-H4 frozen at its initial 180 degrees.
    "h2o2_trans_rhf_def2svp_frozen_dihedral": (
        "h2o2_trans", {"frozen_dihedral": "3 1 2 4"}, "trans-planar, dihedral frozen at 180"),
    # The same saddle point by Psi4's own transition-state search from a computed Hessian.
    "h2o2_trans_rhf_def2svp_ts": (
        "h2o2_trans", {"opt_type": "ts", "full_hess_every": 0}, "transition state search, Hessian at step 1"),
}


def read_xyz(stem):
    with open(os.path.join(MOLECULES, stem + ".xyz")) as f:
        lines = f.read().splitlines()
    n = int(lines[0])
    atoms = []
    for line in lines[2:2 + n]:
        sym, x, y, z = line.split()[:4]
        atoms.append((sym, [float(x) / BOHR_IN_ANGSTROM, float(y) / BOHR_IN_ANGSTROM, float(z) / BOHR_IN_ANGSTROM]))
    return atoms


def input_text(name):
    stem, extra, description = JOBS[name]
    geometry = "\n".join(f"  {s:2s} {c[0]:22.14f} {c[1]:22.14f} {c[2]:22.14f}" for s, c in read_xyz(stem))
    return f"""# Psi4 1.3.2 input written by tests/data/optimize/generate.py
# job: {name}: RHF/def2-SVP geometry optimisation, {description}
# geometry: reference/molecules/{stem}.xyz converted to bohr with 0.529177210903 A/bohr
import json

memory 2 gb

molecule m {{
  0 1
{geometry}
  units bohr
  no_reorient
  no_com
  symmetry c1
}}

set {{
  basis def2-svp
  scf_type pk
  reference rhf
  e_convergence 1e-10
  d_convergence 1e-8
  maxiter 200
  g_convergence gau_tight
  geom_maxiter 100
}}
psi4.set_options({json.dumps(extra)})

E, wfn, history = optimize('scf', return_wfn=True, return_history=True)
mol = wfn.molecule()
res = {{"job": "{name}", "program": "psi4", "version": psi4.__version__,
       "method": "scf", "reference": "rhf", "basis": "def2-svp", "scf_type": "pk",
       "g_convergence": "gau_tight", "settings": {json.dumps(extra)},
       "energy": E, "gradient_evaluations": len(history["energy"]),
       "energies": list(history["energy"]),
       "geometry_bohr": [[mol.x(i), mol.y(i), mol.z(i)] for i in range(mol.natom())]}}
with open("{name}.json", "w") as f:
    json.dump(res, f, indent=1)
print_out("\\nRESULT_JSON " + json.dumps(res) + "\\n")
"""


def write():
    for name in JOBS:
        with open(os.path.join(HERE, name + ".in"), "w") as f:
            f.write(input_text(name))


def run(names):
    os.makedirs(SCRATCH, exist_ok=True)
    for name in names or list(JOBS):
        shutil.copy(os.path.join(HERE, name + ".in"), SCRATCH)
        subprocess.run(["nice", "-n", "10", "psi4", "-n", "1", name + ".in", "-o", name + ".out"],
                       cwd=SCRATCH, check=True)
        shutil.copy(os.path.join(SCRATCH, name + ".json"), HERE)


def collect():
    refs = {}
    for name in JOBS:
        with open(os.path.join(HERE, name + ".json")) as f:
            res = json.load(f)
        res["input"] = name + ".in"
        refs[name] = res
    with open(os.path.join(HERE, "references.json"), "w") as f:
        json.dump(refs, f, indent=1)


if __name__ == "__main__":
    verb = sys.argv[1] if len(sys.argv) > 1 else ""
    if verb == "write":
        write()
    elif verb == "run":
        run(sys.argv[2:])
    elif verb == "collect":
        collect()
    else:
        sys.exit(__doc__)
