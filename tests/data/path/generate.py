#!/usr/bin/env python3
"""Psi4 references for the H2O2 P -> M band (tests/path/test_neb_scf.cpp): HF/STO-3G.

    python3 generate.py write     # h2o2_skew_hf_sto3g_opt.in, h2o2_trans_hf_sto3g_opt.in
    python3 generate.py run       # nice -n 10 psi4 -n 1 on both, in a scratch folder
    python3 generate.py collect   # both <job>.json -> h2o2_hf_sto3g_path.json (with the barrier)

1. h2o2_skew_hf_sto3g_opt: HF/STO-3G minimum from the skew P structure (../molecules/h2o2_P.xyz),
   optking g_convergence gau_verytight (max force 2e-6 Eh/bohr). The band's first endpoint is this
   geometry, the last its mirror image (x -> -x).
2. h2o2_trans_hf_sto3g_opt: trans planar H2O2 (../reference/molecules/h2o2_trans.xyz) optimised with
   the H-O-O-H dihedral frozen at 180 degrees, gau_verytight: the top of the P -> M torsion path
   (a saddle point: C2h symmetry keeps its gradient in the plane).
Both: geometry in bohr (0.529177210903 A/bohr, CODATA 2018), no_reorient, no_com, c1, scf_type pk,
e_convergence 1e-10, d_convergence 1e-8; each input writes its JSON (energy, final geometry in
bohr, gradient there). Python 3 standard library only.
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..")
BOHR_IN_ANGSTROM = 0.529177210903  # CODATA 2018
HARTREE_IN_KCAL_MOL = 627.5094740631  # CODATA 2018 (geometry/units.hpp)
SCRATCH = os.environ.get("ATROPOS_PSI4_SCRATCH", "/tmp/atropos-psi4-path")

JOBS = {
    "h2o2_skew_hf_sto3g_opt": ("molecules/h2o2_P.xyz", ""),
    "h2o2_trans_hf_sto3g_opt": ("reference/molecules/h2o2_trans.xyz", "3 1 2 4"),
}

TEMPLATE = """# {name}: written by tests/data/path/generate.py
memory 2 gb
molecule {{
0 1
{atoms}
units bohr
symmetry c1
no_reorient
no_com
}}
set {{
  basis sto-3g
  scf_type pk
  e_convergence 1e-10
  d_convergence 1e-8
  g_convergence gau_verytight
  geom_maxiter 100
}}
{optking}
energy = optimize('scf')
mol = psi4.core.get_active_molecule()
geometry = mol.geometry()
gradient = psi4.gradient('scf')
result = {{
    "program": "psi4 " + psi4.__version__,
    "energy": energy,
    "symbols": [mol.symbol(i) for i in range(mol.natom())],
    "geometry_bohr": [[geometry.get(i, j) for j in range(3)] for i in range(mol.natom())],
    "gradient": [[gradient.get(i, j) for j in range(3)] for i in range(mol.natom())],
}}
with open("{name}.json", "w") as f:
    json.dump(result, f, indent=1)
"""


def read_xyz(path):
    with open(path) as f:
        lines = f.read().split("\n")
    n = int(lines[0])
    return [line.split() for line in lines[2:2 + n]]


def write():
    for name, (xyz, constraint) in JOBS.items():
        atoms = "\n".join(f"{s} {float(x) / BOHR_IN_ANGSTROM:.12f} {float(y) / BOHR_IN_ANGSTROM:.12f} "
                          f"{float(z) / BOHR_IN_ANGSTROM:.12f}" for s, x, y, z in read_xyz(os.path.join(DATA, xyz)))
        optking = (f'psi4.set_module_options("optking", {{"frozen_dihedral": "{constraint}"}})' if constraint
                   else "")
        with open(os.path.join(HERE, name + ".in"), "w") as f:
            f.write("import json\n" + TEMPLATE.format(name=name, atoms=atoms, optking=optking))


def run():
    os.makedirs(SCRATCH, exist_ok=True)
    for name in JOBS:
        shutil.copy(os.path.join(HERE, name + ".in"), SCRATCH)
        subprocess.run(["nice", "-n", "10", "psi4", "-n", "1", name + ".in", "-o", name + ".out"], cwd=SCRATCH,
                       check=True)
        shutil.copy(os.path.join(SCRATCH, name + ".json"), HERE)


def collect():
    skew = json.load(open(os.path.join(HERE, "h2o2_skew_hf_sto3g_opt.json")))
    trans = json.load(open(os.path.join(HERE, "h2o2_trans_hf_sto3g_opt.json")))
    out = {
        "method": "HF/STO-3G, scf_type pk, Psi4 1.3.2 optking gau_verytight",
        "skew_energy": skew["energy"],
        "skew_geometry_bohr": skew["geometry_bohr"],
        "skew_max_gradient": max(abs(g) for row in skew["gradient"] for g in row),
        "trans_energy": trans["energy"],
        "trans_geometry_bohr": trans["geometry_bohr"],
        "trans_max_gradient": max(abs(g) for row in trans["gradient"] for g in row),
        "barrier_kcal_mol": (trans["energy"] - skew["energy"]) * HARTREE_IN_KCAL_MOL,
        "inputs": [name + ".in" for name in JOBS],
    }
    with open(os.path.join(HERE, "h2o2_hf_sto3g_path.json"), "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps({k: v for k, v in out.items() if "geometry" not in k}, indent=1))


if __name__ == "__main__":
    {"write": write, "run": run, "collect": collect}[sys.argv[1]]()
