#!/usr/bin/env python3
"""Psi4 1.3.2 references for the vibrational analysis tests (tests/vibration).

    python3 generate.py write             # <job>.in for every job below
    python3 generate.py run [JOB ...]     # nice psi4 -n 1 in a scratch folder; copies <job>.json here
    python3 generate.py xyz               # <job>.xyz (Angstrom) from each <job>.json, for people

Each job (one input, two steps):
  1. optimize('scf') at HF/def2-SVP, scf_type pk (exact integrals, as atropos' "direct"),
     e_convergence 1e-10, d_convergence 1e-10, g_convergence gau_verytight, Psi4's default
     symmetry handling (the optimised geometry keeps its point group exactly);
  2. at that geometry (Psi4's centre-of-mass, principal-axes frame, bohr, written to the JSON at
     full precision): frequencies('scf') -- Psi4 1.3.2 takes the analytic RHF Hessian here --
     and its thermochemistry at 298.15 K, 101325 Pa (most-abundant-isotope masses, rotational
     symmetry number from the full point group); then frequencies('scf', dertype=1), Psi4's
     finite differences of analytic gradients (3-point, DISP_SIZE 0.005 in mass-weighted SALCs),
     kept to compare step conventions only.
The input writes <job>.json itself: geometry_bohr, Z, masses, energy, hessian (Eh/bohr^2, 3N x 3N),
frequencies (cm^-1, vibrations only, ascending), reduced masses (u), rotational symmetry number,
point group, Psi4's thermo variables (Eh) and the total entropy derived from them
(S = (H_corr - G_corr) / T, Eh/K). Python 3 standard library only.
"""

import glob
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOHR_IN_ANGSTROM = 0.529177210903  # CODATA 2018
SCRATCH = os.environ.get("ATROPOS_PSI4_SCRATCH", "/tmp/atropos-psi4-vibration")

# Starting geometries (Angstrom), those of tests/data/molecules/{water,h2o2_P}.xyz.
JOBS = {
    "water_rhf_def2svp_freq": """0 1
  O    0.000000000000    0.000000000000    0.117300000000
  H    0.000000000000    0.757200000000   -0.469200000000
  H    0.000000000000   -0.757200000000   -0.469200000000""",
    "h2o2_rhf_def2svp_freq": """0 1
  O        0.000000000000      -0.727800000000       0.000000000000
  O        0.000000000000       0.727800000000       0.000000000000
  H       -0.787397518962      -0.885033903850       0.531106332680
  H        0.787397518962       0.885033903850       0.531106332680""",
}

TEMPLATE = """# Psi4 1.3.2 input written by tests/data/vibration/generate.py (atropos)
# job: {job}: HF/def2-SVP optimisation (gau_verytight), then harmonic frequencies and thermo.
import json
import numpy as np
from psi4.driver import qcdb

memory 2 gb

molecule m {{
  {geometry}
  units angstrom
}}

set {{
  basis def2-svp
  scf_type pk
  reference rhf
  e_convergence 1e-10
  d_convergence 1e-10
  g_convergence gau_verytight
  geom_maxiter 100
  maxiter 200
  normal_modes_write true
}}

E_opt = optimize('scf')
m.update_geometry()
geometry_bohr = m.geometry().np.tolist()

E, wfn = frequencies('scf', return_wfn=True)
vib = wfn.frequency_analysis
active = [i for i, t in enumerate(vib['TRV'].data) if t == 'V']
freqs = [(-1.0 * vib['omega'].data[i].imag if vib['omega'].data[i].imag > vib['omega'].data[i].real
          else vib['omega'].data[i].real) for i in active]
res = {{"job": "{job}", "program": "psi4", "version": psi4.__version__,
       "method": "scf", "reference": "rhf", "basis": "def2-svp", "scf_type": "pk",
       "geometry_bohr": geometry_bohr,
       "Z": [int(m.Z(i)) for i in range(m.natom())],
       "symbols": [m.symbol(i) for i in range(m.natom())],
       "masses": [m.mass(i) for i in range(m.natom())],
       "charge": m.molecular_charge(), "multiplicity": m.multiplicity(),
       "point_group": m.point_group().symbol(), "full_point_group": m.get_full_point_group(),
       "rotational_symmetry_number": m.rotational_symmetry_number(),
       "rotational_constants_cm1": m.rotational_constants().np.tolist(),
       "energy": E, "energy_optimisation": E_opt,
       "hessian": wfn.hessian().np.tolist(),
       "frequencies_cm1": freqs,
       "reduced_masses": [float(vib['mu'].data[i]) for i in active],
       "temperature": core.get_option("THERMO", "T"), "pressure": core.get_option("THERMO", "P")}}
for key in ["ZPVE", "THERMAL ENERGY CORRECTION", "ENTHALPY CORRECTION", "GIBBS FREE ENERGY CORRECTION",
            "ZERO K ENTHALPY", "THERMAL ENERGY", "ENTHALPY", "GIBBS FREE ENERGY"]:
    res[key] = psi4.variable(key)
res["entropy_eh_per_k"] = (res["ENTHALPY CORRECTION"] - res["GIBBS FREE ENERGY CORRECTION"]) / res["temperature"]
# Normal modes as Psi4 writes them for Molden ('x': Cartesian, unit norm), one list of 3N per mode.
res["normal_modes_x"] = [[float(v) for v in vib['x'].data[:, i].real] for i in active]
# Every thermo component (Eh, Eh/K), from the same call vibanal_wfn makes.
therminfo, _ = qcdb.vib.thermo(vib, T=core.get_option("THERMO", "T"), P=core.get_option("THERMO", "P"),
                               multiplicity=m.multiplicity(), molecular_mass=sum(res["masses"]),
                               sigma=m.rotational_symmetry_number(), rotor_type=m.rotor_type(),
                               rot_const=np.asarray(m.rotational_constants()), E0=E)
res["thermo_components"] = {{k: float(v.data) for k, v in therminfo.items()
                            if k.split("_")[0] in ("S", "E", "H", "G", "ZPE", "Cv", "Cp")}}
res["thermo_components_units"] = "S, Cv, Cp in mEh/K; ZPE, E, H, G in Eh"

E_fd, wfn_fd = frequencies('scf', dertype=1, return_wfn=True)
vib_fd = wfn_fd.frequency_analysis
res["frequencies_cm1_psi4_fd_of_gradients"] = [
    (-1.0 * vib_fd['omega'].data[i].imag if vib_fd['omega'].data[i].imag > vib_fd['omega'].data[i].real
     else vib_fd['omega'].data[i].real)
    for i, t in enumerate(vib_fd['TRV'].data) if t == 'V']

with open("{job}.json", "w") as f:
    json.dump(res, f, indent=1)
"""


def write():
    for job, geometry in JOBS.items():
        with open(os.path.join(HERE, job + ".in"), "w") as f:
            f.write(TEMPLATE.format(job=job, geometry=geometry.replace("\n", "\n  ")))


def write_xyz(job):
    """The optimised geometry for people; tests read geometry_bohr from the JSON."""
    with open(os.path.join(HERE, job + ".json")) as f:
        res = json.load(f)
    lines = ["%d" % len(res["Z"]),
             "%s: Psi4 1.3.2 HF/def2-SVP optimised geometry (Angstrom = bohr * %.12f, CODATA 2018)"
             % (job, BOHR_IN_ANGSTROM)]
    for symbol, xyz in zip(res["symbols"], res["geometry_bohr"]):
        lines.append("%-2s %20.12f %20.12f %20.12f" % ((symbol,) + tuple(v * BOHR_IN_ANGSTROM for v in xyz)))
    with open(os.path.join(HERE, job + ".xyz"), "w") as f:
        f.write("\n".join(lines) + "\n")


def run(names):
    os.makedirs(SCRATCH, exist_ok=True)
    for job in names or list(JOBS):
        shutil.copy(os.path.join(HERE, job + ".in"), SCRATCH)
        subprocess.run(["nice", "-n", "10", "psi4", "-n", "1", job + ".in", "-o", job + ".out"],
                       cwd=SCRATCH, check=True)
        shutil.copy(os.path.join(SCRATCH, job + ".json"), HERE)
        # Psi4's own Molden normal-mode file (FINDIF normal_modes_write), as a format reference.
        # Psi4 names it <job>.<molecule>.<pid>.molden_normal_modes; the latest run's is taken.
        modes = sorted(glob.glob(os.path.join(SCRATCH, job + ".m.*.molden_normal_modes")), key=os.path.getmtime)
        shutil.copy(modes[-1], os.path.join(HERE, job + ".psi4.molden"))
        write_xyz(job)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("write", "run", "xyz"):
        sys.exit(__doc__)
    if sys.argv[1] == "write":
        write()
    elif sys.argv[1] == "run":
        run(sys.argv[2:])
    else:
        for job in JOBS:
            write_xyz(job)
