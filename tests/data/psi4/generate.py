#!/usr/bin/env python3
"""Psi4 reference jobs for the atropos tests: writes the inputs, runs them, collects the numbers.

    python3 generate.py write              # <job>.in for every job in JOBS (geometry from ../molecules)
    python3 generate.py run [JOB ...]      # psi4 -n 2 under /usr/bin/time -v, in a scratch folder
    python3 generate.py collect            # every <job>.json (+ timing) -> references.json
    python3 generate.py table              # markdown tables of references.json (for README.md)

Inputs follow /work/shared/reference/psi4 (the project's reference style): geometry converted from
the Angstrom XYZ to bohr with 0.529177210903 A/bohr (CODATA 2018, libint2's default) so Psi4's own
conversion plays no role, no reorientation, no centring, c1, e_convergence 1e-10, d_convergence
1e-8, and the input writes its own JSON. Python 3 standard library only.
"""

import json
import math
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MOLECULES = os.path.join(HERE, "..", "molecules")
BOHR_IN_ANGSTROM = 0.529177210903  # CODATA 2018
SCRATCH = os.environ.get("ATROPOS_PSI4_SCRATCH", "/tmp/atropos-psi4-run")
THREADS = 2

# Psi4 basis name -> short tag used in job names (no '*' or '-' in file names).
BASIS_TAG = {"cc-pvdz": "ccpvdz", "6-31g*": "631gs", "sto-3g": "sto3g", "def2-tzvp": "def2tzvp",
             "def2-svpd": "def2svpd", "def2-svp": "def2svp"}

# Molecule name -> (xyz file stem, charge, multiplicity).
SPECIES = {
    "water": ("water", 0, 1),
    "h2o2_P": ("h2o2_P", 0, 1),
    "dnbpa": ("dnbpa", 0, 1),
    "oh": ("oh_radical", 0, 2),
    "h2o_cation": ("water", 1, 2),   # H2O+ (2B1) at the neutral water geometry
    "o2": ("o2", 0, 3),
    "ch2": ("ch2_triplet", 0, 3),
}


def job(species, method, basis, scf_type="pk", grid=(99, 590), timing=False, suffix=""):
    """One Psi4 energy job. method 'scf' is Hartree-Fock; anything else is a functional name."""
    stem, charge, mult = SPECIES[species]
    open_shell = mult != 1
    dft = method != "scf"
    reference = ("uks" if dft else "uhf") if open_shell else ("rks" if dft else "rhf")
    label = method if dft else reference
    name = f"{species}_{label}_{BASIS_TAG[basis]}_{scf_type}_energy{suffix}"
    return {"name": name, "species": species, "xyz": stem, "charge": charge, "multiplicity": mult,
            "method": method, "reference": reference, "basis": basis, "scf_type": scf_type,
            "grid": grid, "timing": timing}


def build_jobs():
    jobs = []
    # 1. RHF, exact integrals, several basis sets (def2-svp repeats the shared numbers: a check).
    for basis in ["cc-pvdz", "6-31g*", "sto-3g", "def2-tzvp", "def2-svpd", "def2-svp"]:
        for mol in ["water", "h2o2_P"]:
            jobs.append(job(mol, "scf", basis))
    # 2. UHF: doublets (neutral radical, cation) and triplets.
    for basis in ["def2-svp", "cc-pvdz"]:
        for mol in ["oh", "h2o_cation", "o2", "ch2"]:
            jobs.append(job(mol, "scf", basis))
    # 3. Kohn-Sham, (99, 590) grid, Psi4's default Treutler radial scheme and partitioning.
    for func in ["pbe", "b3lyp", "pbe0", "tpss", "wb97x"]:
        for mol in ["water", "h2o2_P"]:
            jobs.append(job(mol, func, "def2-svp"))
    for func in ["pbe", "b3lyp"]:
        for mol in ["oh", "o2"]:
            jobs.append(job(mol, func, "def2-svp"))
    # Grid-error estimate for the functionals not in the shared grid check: same jobs, (500, 5810).
    for func in ["pbe0", "tpss", "wb97x"]:
        jobs.append(job("water", func, "def2-svp", grid=(500, 5810), suffix="_grid500x5810"))
    jobs.append(job("oh", "pbe", "def2-svp", grid=(500, 5810), suffix="_grid500x5810"))
    # 4. Timing on the 32-atom atropisomer (whole-process wall time and peak memory).
    jobs.append(job("dnbpa", "scf", "def2-svp", scf_type="direct", timing=True))
    jobs.append(job("dnbpa", "scf", "def2-svp", scf_type="pk", timing=True))
    jobs.append(job("dnbpa", "pbe", "def2-svp", scf_type="direct", timing=True))
    return jobs


JOBS = build_jobs()


def read_xyz_bohr(stem):
    path = os.path.join(MOLECULES, stem + ".xyz")
    with open(path) as f:
        lines = f.read().splitlines()
    natom = int(lines[0].split()[0])
    atoms = []
    for i, line in enumerate(lines[2:2 + natom], start=3):
        fields = line.split()
        if len(fields) < 4:
            raise ValueError(f"{path}:{i}: expected 'Symbol x y z'")
        atoms.append((fields[0], [float(v) / BOHR_IN_ANGSTROM for v in fields[1:4]]))
    return atoms


def render_input(j):
    mol = "m_" + j["species"]
    dft = j["method"] != "scf"
    open_shell = j["multiplicity"] != 1
    geometry = "\n".join(f"  {sym:<2s}{x:23.14f}{y:23.14f}{z:23.14f}"
                         for sym, (x, y, z) in read_xyz_bohr(j["xyz"]))
    rad, sph = j["grid"]
    extra = [f'"molecule": "{j["species"]}", "xyz": "{j["xyz"]}.xyz",',
             f'"basis": "{j["basis"]}", "puream": wfn.basisset().has_puream(),',
             f'"reference": "{j["reference"]}",',
             f'"charge": {mol}.molecular_charge(), "multiplicity": {mol}.multiplicity(),',
             f'"natom": {mol}.natom(), "nalpha": wfn.nalpha(), "nbeta": wfn.nbeta(),',
             '"one_electron_energy": psi4.variable("ONE-ELECTRON ENERGY"),',
             '"two_electron_energy": psi4.variable("TWO-ELECTRON ENERGY"),',
             '"homo_alpha": eps_a[wfn.nalpha() - 1], "lumo_alpha": eps_a[wfn.nalpha()],',
             '"homo_beta": eps_b[wfn.nbeta() - 1] if wfn.nbeta() > 0 else None,',
             '"lumo_beta": eps_b[wfn.nbeta()],']
    if dft:
        extra += [f'"dft_radial_points": {rad}, "dft_spherical_points": {sph},',
                  '"dft_xc_energy": psi4.variable("DFT XC ENERGY"),',
                  '"dft_vv10_energy": psi4.variable("DFT VV10 ENERGY"),',
                  '"functional": func.name(), "x_alpha": func.x_alpha(),',
                  # Psi4 keeps x_beta = 1 for functionals without long-range exchange; 0 is clearer
                  '"x_beta": func.x_beta() if func.is_x_lrc() else 0.0,',
                  '"x_omega": func.x_omega(), "is_meta": func.is_meta(),']
    if open_shell:
        extra += ['"s2": s2, "s2_expected": s2_exact,']
    extra_block = "\n            ".join(extra).rstrip(",")

    s2_block = ""
    if open_shell:
        # <S^2> of the UHF/UKS determinant, from the alpha-beta occupied overlap (Szabo-Ostlund
        # eq. 2.271); Psi4 1.3.2 prints it ("@S^2 Observed") but exposes no variable.
        s2_block = """
import numpy as np
ov = (np.asarray(wfn.Ca_subset("SO", "OCC")).T @ np.asarray(wfn.S())
      @ np.asarray(wfn.Cb_subset("SO", "OCC")))
sz = 0.5 * (wfn.nalpha() - wfn.nbeta())
s2_exact = sz * (sz + 1.0)
s2 = s2_exact + wfn.nbeta() - float(np.sum(ov * ov))
"""
    func_line = "func = wfn.functional()\n" if dft else ""
    return f"""# Psi4 1.3.2 input written by tests/data/psi4/generate.py (atropos)
# job: {j["name"]}   method: {j["method"]}   scf_type: {j["scf_type"]}   driver: energy
# geometry: tests/data/molecules/{j["xyz"]}.xyz converted to bohr with {BOHR_IN_ANGSTROM} A/bohr
import json
import time

memory 4 gb

molecule {mol} {{
  {j["charge"]} {j["multiplicity"]}
{geometry}
  units bohr
  no_reorient
  no_com
  symmetry c1
}}

set {{
  basis {j["basis"]}
  scf_type {j["scf_type"]}
  reference {j["reference"]}
  e_convergence 1e-10
  d_convergence 1e-8
  maxiter 200
  dft_radial_points {rad}
  dft_spherical_points {sph}
}}

t0 = time.time()
E, wfn = energy('{j["method"]}', return_wfn=True)
t1 = time.time()
{s2_block}
eps_a = [float(e) for e in wfn.epsilon_a().to_array()]
eps_b = [float(e) for e in wfn.epsilon_b().to_array()]
{func_line}
res = {{"job": "{j["name"]}", "program": "psi4", "version": psi4.__version__,
       "method": "{j["method"]}", "scf_type": "{j["scf_type"]}", "driver": "energy",
       "energy": wfn.energy(), "nbf": wfn.basisset().nbf(),
       "nuclear_repulsion": {mol}.nuclear_repulsion_energy(),
       "scf_iterations": psi4.variable("SCF ITERATIONS"),
       "threads": core.get_num_threads(),
       "wall_s_driver": t1 - t0}}
res.update({{{extra_block}}})

with open("{j["name"]}.json", "w") as f:
    json.dump(res, f, indent=1)
print_out("\\nRESULT_JSON " + json.dumps(res) + "\\n")
"""


def write_inputs():
    for j in JOBS:
        with open(os.path.join(HERE, j["name"] + ".in"), "w") as f:
            f.write(render_input(j))
    print(f"wrote {len(JOBS)} inputs to {HERE}")


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


def parse_time_v(text):
    """The numbers we keep from GNU time -v."""
    out = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key.startswith("Elapsed (wall clock) time"):
            parts = [float(p) for p in value.split(":")]
            out["wall_s"] = sum(p * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts))
        elif key == "User time (seconds)":
            out["user_s"] = float(value)
        elif key == "System time (seconds)":
            out["system_s"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["max_rss_kib"] = int(value)
        elif key == "Percent of CPU this job got":
            out["cpu_percent"] = int(value.rstrip("%"))
        elif key == "Exit status":
            out["exit_status"] = int(value)
    return out


def parse_output(path):
    """Cross-checks read from Psi4's text output (kept out of the repository)."""
    found = {}
    with open(path) as f:
        for line in f:
            if "@S^2 Observed:" in line:
                found["s2_psi4_printed"] = float(line.split()[-1])
    return found


def run_jobs(names):
    selected = [j for j in JOBS if not names or j["name"] in names]
    unknown = set(names) - {j["name"] for j in JOBS}
    if unknown:
        sys.exit(f"unknown job(s): {sorted(unknown)}")
    os.makedirs(SCRATCH, exist_ok=True)
    for j in selected:
        name = j["name"]
        shutil.copy(os.path.join(HERE, name + ".in"), SCRATCH)
        cmd = ["/usr/bin/time", "-v", "-o", name + ".time.txt",
               "psi4", "-n", str(THREADS), name + ".in", "-o", name + ".out"]
        load_before = loadavg()
        started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        rc = subprocess.call(cmd, cwd=SCRATCH)
        load_after = loadavg()
        with open(os.path.join(SCRATCH, name + ".time.txt")) as f:
            timing = parse_time_v(f.read())
        if rc != 0 or not os.path.exists(os.path.join(SCRATCH, name + ".json")):
            sys.exit(f"{name}: psi4 failed (rc {rc}); see {SCRATCH}/{name}.out")
        with open(os.path.join(SCRATCH, name + ".json")) as f:
            res = json.load(f)
        res.update(parse_output(os.path.join(SCRATCH, name + ".out")))
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(res, f, indent=1)
            f.write("\n")
        if j["timing"]:
            run = {"command": " ".join(cmd[4:]), "started": started, "energy": res["energy"],
                   "scf_iterations": res["scf_iterations"], "wall_s_driver": res["wall_s_driver"],
                   "loadavg_before": load_before, "loadavg_after": load_after, **timing}
            tpath = os.path.join(HERE, name + ".timing.json")
            runs = []
            if os.path.exists(tpath):
                with open(tpath) as f:
                    runs = json.load(f)["runs"]
            runs.append(run)
            with open(tpath, "w") as f:
                json.dump({"job": name, "machine": f"{os.cpu_count()} cores", "runs": runs},
                          f, indent=1)
                f.write("\n")
        print(f"{name}: E = {res['energy']:.10f}  iters {res['scf_iterations']:.0f}  "
              f"wall {timing.get('wall_s', float('nan')):.1f} s  load {load_before[0]:.2f}",
              flush=True)


def collect():
    refs = {}
    for j in JOBS:
        path = os.path.join(HERE, j["name"] + ".json")
        if not os.path.exists(path):
            print(f"missing: {j['name']}")
            continue
        with open(path) as f:
            res = json.load(f)
        # Psi4's energy components must add up to its total: a check on what we record.
        parts = (res["nuclear_repulsion"] + res["one_electron_energy"] +
                 res["two_electron_energy"] + res.get("dft_xc_energy", 0.0) +
                 res.get("dft_vv10_energy", 0.0))
        if abs(parts - res["energy"]) > 1e-9:
            sys.exit(f"{j['name']}: energy components sum to {parts}, total {res['energy']}")
        res["scf_iterations"] = int(res["scf_iterations"])
        res.pop("wall_s_driver", None)   # timings live in *.timing.json, not in test references
        res["input"] = j["name"] + ".in"
        tpath = os.path.join(HERE, j["name"] + ".timing.json")
        if os.path.exists(tpath):
            with open(tpath) as f:
                res["timing"] = json.load(f)["runs"]
            res["timing_file"] = j["name"] + ".timing.json"
        refs[j["name"]] = res
    with open(os.path.join(HERE, "references.json"), "w") as f:
        json.dump(refs, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"references.json: {len(refs)} jobs")


def table():
    with open(os.path.join(HERE, "references.json")) as f:
        refs = json.load(f)
    print("| job | reference | basis | nbf | puream | energy (Eh) | E_nuc (Eh) | iters | <S^2> | E_xc (Eh) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for j in JOBS:
        r = refs.get(j["name"])
        if r is None:
            continue
        s2 = f"{r['s2']:.6f}" if "s2" in r else ""
        exc = f"{r['dft_xc_energy']:.10f}" if "dft_xc_energy" in r else ""
        print(f"| {j['name']} | {r['reference']} {r['method']} | {r['basis']} | {r['nbf']} | "
              f"{'yes' if r['puream'] else 'no'} | {r['energy']:.10f} | "
              f"{r['nuclear_repulsion']:.10f} | {r['scf_iterations']} | {s2} | {exc} |")
    print()
    print("| job | run started | wall s | user s | sys s | CPU % | max RSS MiB | load before | load after | energy (Eh) | iters |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for j in JOBS:
        for run in refs.get(j["name"], {}).get("timing", []):
            print(f"| {j['name']} | {run['started']} | {run['wall_s']:.1f} | {run['user_s']:.1f} | "
                  f"{run['system_s']:.1f} | {run['cpu_percent']} | {run['max_rss_kib'] / 1024:.0f} | "
                  f"{run['loadavg_before'][0]:.2f} | {run['loadavg_after'][0]:.2f} | "
                  f"{run['energy']:.10f} | {run['scf_iterations']:.0f} |")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("write", "run", "collect", "table"):
        sys.exit(__doc__)
    {"write": lambda: write_inputs(), "run": lambda: run_jobs(sys.argv[2:]),
     "collect": lambda: collect(), "table": lambda: table()}[sys.argv[1]]()
