#!/usr/bin/python3
"""Psi4 1.3.2's DFT integration grids, summarised for tests/grid/test_psi4_grid.cpp.

    /usr/bin/python3 grid_summary.py        # writes grid_summary.json next to this file

For each case it builds Psi4's grid (psi4.core.DFTGrid.build, the grid an energy() would use, with
the job's dft_* options and Psi4's other defaults: DFT_BS_RADIUS_ALPHA 1.0, DFT_PRUNING_SCHEME
FLAT, DFT_BASIS_TOLERANCE 1e-12) and records Psi4's point count ("Total Points" of the Molecular
Quadrature block), how many weights are exactly 0, Psi4's basis extent (BasisExtents maxR, the
distance beyond which points are dropped), the orientation matrix, and three sums over the points
of the blocks: sum w, and sum w rho, sum w rho^(4/3) for the model density of
tests/grid/model_density.hpp (per atom min(Z, 2) electrons in a Slater 1s exp(-2Z r), the rest
in a Gaussian exp(-r^2/2)); rho^(4/3) changes when the grid is turned, so it checks the
orientation. Geometry: tests/data/grid/<name>.xyz (Angstrom), given to Psi4 in bohr with
0.529177210903 A/bohr, no_reorient, no_com, symmetry c1 (as ../generate.py does).
Needs Debian's psi4 (its python module under /usr/lib/x86_64-linux-gnu) and numpy.
"""

import json
import os
import sys

sys.path.insert(0, "/usr/lib/x86_64-linux-gnu")
import numpy as np  # noqa: E402
import psi4  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MOLECULES = os.path.join(HERE, "..", "..", "grid")
BOHR_IN_ANGSTROM = 0.529177210903
Z_OF = {"H": 1, "C": 6, "N": 7, "O": 8, "F": 9, "Ne": 10, "S": 16}

# name, xyz stem, basis, radial points, spherical points, DFT_RADIAL_SCHEME, DFT_NUCLEAR_SCHEME
CASES = [
    ("water_99x590", "water_psi4", "def2-svp", 99, 590, "TREUTLER", "TREUTLER"),
    ("h2o2_75x302_becke", "h2o2_P", "def2-svp", 75, 302, "BECKE", "BECKE"),
    ("h2o2_75x302_mura_stratmann", "h2o2_P", "def2-svp", 75, 302, "MURA", "STRATMANN"),
    ("nh3_z_50x110", "nh3_z", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("nh3_x_50x110", "nh3_x", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("ch4_50x110", "ch4", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("benzene_50x110", "benzene", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("sf6_50x110", "sf6", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("co2_x_50x110", "co2_x", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
    ("ne_50x110", "ne", "def2-svp", 50, 110, "TREUTLER", "TREUTLER"),
]


def read_xyz(stem):
    lines = open(os.path.join(MOLECULES, stem + ".xyz")).read().split("\n")
    n = int(lines[0])
    return [(f[0], [float(x) / BOHR_IN_ANGSTROM for x in f[1:4]]) for f in (l.split() for l in lines[2:2 + n])]


def model_density(atoms, p):
    rho = np.zeros(len(p))
    for symbol, r in atoms:
        Z = Z_OF[symbol]
        d = np.linalg.norm(p - np.array(r), axis=1)
        core = min(Z, 2)
        zeta = 2.0 * Z
        rho += core * zeta ** 3 / (8.0 * np.pi) * np.exp(-zeta * d)
        rho += (Z - core) * (0.5 / np.pi) ** 1.5 * np.exp(-0.5 * d * d)
    return rho


def summarise(case):
    name, stem, basis_name, nrad, nang, radial, nuclear = case
    atoms = read_xyz(stem)
    geometry = "\n".join("%s %.17g %.17g %.17g" % (s, *r) for s, r in atoms)
    mol = psi4.geometry("0 1\n" + geometry + "\nunits bohr\nno_reorient\nno_com\nsymmetry c1\n", name="m_" + name)
    mol.update_geometry()
    psi4.core.clean_options()
    psi4.set_options({"basis": basis_name, "dft_radial_points": nrad, "dft_spherical_points": nang,
                      "dft_radial_scheme": radial, "dft_nuclear_scheme": nuclear})
    basis = psi4.core.BasisSet.build(mol, "ORBITAL", basis_name)
    grid = psi4.core.DFTGrid.build(mol, basis)
    blocks = [np.column_stack([b.x().to_array(), b.y().to_array(), b.z().to_array(), b.w().to_array()])
              for b in grid.blocks()]
    points = np.vstack(blocks)
    w = points[:, 3]
    rho = model_density(atoms, points[:, :3])
    return {"molecule": stem + ".xyz", "basis": basis_name, "dft_radial_points": nrad,
            "dft_spherical_points": nang, "dft_radial_scheme": radial, "dft_nuclear_scheme": nuclear,
            "total_points": grid.npoints(), "block_points": int(points.shape[0]),
            "zero_weights": int((w == 0.0).sum()),
            "basis_extent": psi4.core.BasisExtents(basis, 1e-12).maxR(),
            "orientation": grid.orientation().to_array().tolist(),
            "sum_w": float(w.sum()), "sum_w_rho": float((w * rho).sum()),
            "sum_w_rho43": float((w * np.cbrt(rho) * rho).sum())}


def main():
    psi4.core.set_output_file(os.path.join("/tmp", "atropos_grid_summary.log"), False)
    result = {"program": "psi4", "version": psi4.__version__, "cases": {c[0]: summarise(c) for c in CASES}}
    with open(os.path.join(HERE, "grid_summary.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
