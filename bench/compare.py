#!/usr/bin/env python3
"""atropos against Psi4 1.3.2 and NWChem 7.0.2 on the same inputs (python3, standard library only).

For each case: writes the three inputs, runs atropos (default 1 rank x 2 threads), Psi4
(psi4 -n 2) and NWChem (mpirun -np 2 nwchem), checks that the energies agree, and reports wall
time, peak memory (per rank, from /usr/bin/time -v inside the MPI launcher), SCF iterations,
energy, the energy difference and the atropos/peer ratios. Results: bench/results/<case>.json
and bench/results/summary.md (rebuilt from every JSON file there). Details: docs/benchmarks.md.

    bench/compare.py --list
    bench/compare.py water-pbe-df
    bench/compare.py alkanes --fit --timeout 7200
    bench/compare.py --scaling dnbpa-pbe-df --layouts 1x1,2x1,1x2 --repeat 3
    bench/compare.py --report                  # tables again from bench/results/*.json

Exit code: 0 when every run finished and every judged energy agreed, 1 otherwise, 2 usage error.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from harness import cases as case_defs  # noqa: E402
from harness import geometry, inputs, report, runner  # noqa: E402

PEERS = ("psi4", "nwchem")
# atropos at different ranks x threads: the same grid and integrals, only the summation order
# differs (README: 1 and N ranks agree to 1e-10 Eh); converged to e_convergence 1e-8 both times.
LAYOUT_TOLERANCE = 1e-8


def _provenance(atropos):
    """Which source tree and binary made the atropos numbers (read-only git)."""
    def git(*argv):
        try:
            return subprocess.run(["git", "-C", REPO] + list(argv), capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    out = {"git_commit": git("rev-parse", "HEAD"), "git_tree_modified": bool(git("status", "--porcelain"))}
    if os.path.exists(atropos):
        out["atropos_binary"] = atropos
        out["atropos_binary_mtime"] = datetime.datetime.fromtimestamp(os.path.getmtime(atropos)).isoformat(
            timespec="seconds")
    return out


def _host_info():
    return {"hostname": platform.node(), "cpus": os.cpu_count(), "loadavg": list(os.getloadavg()),
            "time": datetime.datetime.now().isoformat(timespec="seconds")}


def _prepare(case, args):
    workdir = os.path.join(os.path.abspath(args.workdir), case.name)
    os.makedirs(workdir, exist_ok=True)
    xyz = geometry.molecule_file(case, REPO, workdir)
    atoms = geometry.read_xyz(xyz)
    return workdir, xyz, atoms


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def _override(case, args):
    if args.grid:
        radial, angular = (int(v) for v in args.grid.split(","))
        case = case_defs.dataclasses.replace(case, grid=(radial, angular))
    if args.grid_style:
        case = case_defs.dataclasses.replace(case, grid_style=args.grid_style)
    return case


def _say(text):
    print(text, flush=True)


def _describe(run):
    if run["status"] != "ok":
        return "%s: %s (%s)" % (run["label"], run["status"].upper(), run.get("error", ""))
    return "%s: E = %.10f Eh, %s iterations, %.1f s, peak RSS %s MB" % (
        run["label"], run["energy"], run.get("iterations", "?"), run["wall_s"],
        "%.0f" % run["peak_rss_mb"] if "peak_rss_mb" in run else "?")


def _atropos_runs(case, args, settings, workdir, xyz, layouts, inputs_record):
    runs = []
    for layout in layouts:
        name = "%s-atropos-%s" % (case.name, layout)
        toml = _write(os.path.join(workdir, name + ".toml"), inputs.atropos_toml(case, xyz, name, settings.psi4_memory_gb / layout.ranks))
        inputs_record[os.path.basename(toml)] = open(toml).read()
        if args.inputs_only:
            continue
        _say("  running atropos %s ..." % layout)
        runs.append(runner.run_atropos(case, settings, layout, workdir, toml))
        _say("    " + _describe(runs[-1]))
    return runs


def _autoaux_text(settings, atoms, extended):
    """The AutoAux basis atropos generates for these elements, as Gaussian94 text."""
    elements = sorted({symbol for symbol, _ in atoms})
    argv = [settings.atropos, "autoaux", case_defs.BASIS] + elements + (["--extended"] if extended else [])
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def _peer_runs(case, args, settings, workdir, atoms, inputs_record):
    runs = []
    for peer in args.peers:
        if peer not in case.peers:
            continue
        name = "%s-%s" % (case.name, peer)
        if peer == "psi4":
            autoaux = (_autoaux_text(settings, atoms, case.fit == "autoaux-extended")
                       if case.scf_type == "df" and case.fit in case_defs.AUTOAUX_SETS else None)
            path = _write(os.path.join(workdir, name + ".in"),
                          inputs.psi4_input(case, atoms, name, settings.psi4_memory_gb, autoaux))
            run = runner.run_psi4
        else:
            why = inputs.nwchem_unsupported(case)
            if why:
                runs.append({"program": "nwchem", "label": "nwchem", "status": "skipped", "error": why})
                continue
            path = _write(os.path.join(workdir, name + ".nw"),
                          inputs.nwchem_input(case, atoms, name, settings.nwchem_memory_mb))
            run = runner.run_nwchem
        inputs_record[os.path.basename(path)] = open(path).read()
        if args.inputs_only:
            continue
        _say("  running %s ..." % peer)
        runs.append(run(case, settings, workdir, path))
        _say("    " + _describe(runs[-1]))
    return runs


def _result_header(case, atoms, mode, args):
    return {"case": case.name, "mode": mode, "description": case.description, "molecule": case.molecule,
            "natoms": len(atoms), "charge": case.charge, "multiplicity": case.multiplicity,
            "method": case.method, "basis": case_defs.BASIS, "scf_type": case.scf_type, "fit": case.fit if case.scf_type == "df" else None, "task": case.task,
            "grid": list(case.grid), "grid_style": case.grid_style, "e_convergence": case.e_convergence, "d_convergence": case.d_convergence,
            "host_before": _host_info(), "provenance": _provenance(os.path.abspath(args.atropos))}


def run_comparison(case, args, settings):
    workdir, xyz, atoms = _prepare(case, args)
    _say("%s (%d atoms): %s; work directory %s" % (case.name, len(atoms), case.description, workdir))
    result = _result_header(case, atoms, "compare", args)
    result["inputs"] = {}
    runs = []
    if not args.peer_only:
        runs += _atropos_runs(case, args, settings, workdir, xyz, args.layouts, result["inputs"])
    if not args.atropos_only:
        runs += _peer_runs(case, args, settings, workdir, atoms, result["inputs"])
    if args.inputs_only:
        _say("  inputs written to %s" % workdir)
        return None
    result["runs"] = runs
    result["host_after"] = _host_info()
    _judge(case, result)
    return result


def _judge(case, result):
    """Comparisons of every run with the first atropos run (recomputed when results are loaded,
    so stored results are judged with the current tolerances)."""
    runs = result["runs"]
    atropos_runs = [r for r in runs if r["program"] == "atropos"]
    result["comparisons"] = []
    if not atropos_runs or result["mode"] != "compare":
        return
    reference = atropos_runs[0]
    for run in runs:
        if run["program"] != "atropos" and run["status"] != "skipped":
            result["comparisons"].append(report.compare(case, result["natoms"], reference, run))
    for run in atropos_runs[1:]:  # other layouts must give the same energy
        c = report.compare(case, result["natoms"], reference, run)
        if "energy_diff" in c:
            c["tolerance"], c["agree"] = LAYOUT_TOLERANCE, abs(c["energy_diff"]) <= LAYOUT_TOLERANCE
        result["comparisons"].append(c)


def run_scaling(case, args, settings):
    workdir, xyz, atoms = _prepare(case, args)
    _say("%s (%d atoms), strong scaling over %s; work directory %s"
         % (case.name, len(atoms), ",".join(str(l) for l in args.layouts), workdir))
    result = _result_header(case, atoms, "scaling", args)
    result["inputs"] = {}
    # Rounds over all layouts, interleaved so that a slow spell of a shared machine hits every
    # layout alike; each layout keeps its fastest run (noise only adds time) and lists them all.
    rounds = []
    for round_index in range(args.repeat):
        if args.repeat > 1:
            _say("  round %d of %d" % (round_index + 1, args.repeat))
        rounds.append(_atropos_runs(case, args, settings, workdir, xyz, args.layouts, result["inputs"]))
        if args.inputs_only:
            return None
    runs = [_fastest(tries) for tries in zip(*rounds)]
    report.add_speedups(runs)
    result["runs"] = runs
    result["host_after"] = _host_info()
    return result


def _fastest(tries):
    """The fastest finished run of one layout, with every run's wall time under "all_wall_s"."""
    finished = [r for r in tries if r["status"] == "ok"]
    if not finished:
        return tries[0]
    key = "program_wall_s" if all(r.get("program_wall_s") for r in finished) else "wall_s"
    best = dict(min(finished, key=lambda r: r[key]))
    best["all_wall_s"] = [r.get(key) for r in tries]
    return best


def _load_results(results_dir, names=None):
    out = []
    for path in sorted(glob.glob(os.path.join(results_dir, "*.json"))):
        with open(path) as f:
            data = json.load(f)
        if not (isinstance(data, dict) and "runs" in data and (names is None or data["case"] in names)):
            continue
        try:
            # Results stored before grid styles existed used atropos's own grid.
            case = case_defs.dataclasses.replace(case_defs.find_case(data["case"]), grid=tuple(data["grid"]),
                                                 grid_style=data.get("grid_style", "atropos"))
        except KeyError:
            case = None  # a case no longer defined: keep its stored comparisons
        if case is not None:
            _judge(case, data)
        out.append(data)
    return out


def _tables(results):
    lines = []
    compared = [r for r in results if r["mode"] == "compare"]
    scaled = [r for r in results if r["mode"] == "scaling"]
    if compared:
        lines += ["### atropos against Psi4 1.3.2 and NWChem 7.0.2", ""] + report.COMPARISON_HEADER
        for r in compared:
            lines += report.comparison_rows(r)
        lines.append("")
    if scaled:
        lines += ["### atropos strong scaling", ""] + report.SCALING_HEADER
        for r in scaled:
            lines += report.scaling_rows(r)
        lines.append("")
    return lines


def _summary(results_dir):
    results = _load_results(results_dir)
    lines = ["# Benchmark results", "",
             "Written by bench/compare.py from the JSON files in this directory (one per case; "
             "the host, load average, commands and inputs are in them). Wall = elapsed time of the "
             "whole command (program start-up included); peak RSS = the largest rank "
             "(/usr/bin/time -v inside the MPI launcher).", ""]
    lines += _tables(results)
    alkanes = [r for r in results if r["mode"] == "compare" and r["case"].startswith("alkane-")]
    if alkanes:
        fit_lines, _ = report.fit_table(sorted(alkanes, key=lambda r: r["natoms"]))
        lines += ["### Cost exponent over the alkane series (all alkane results here)", ""] + fit_lines + [""]
    return "\n".join(lines) + "\n"


def _parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cases", nargs="*", help="case names or groups (smoke, alkanes, dnbpa); see --list")
    p.add_argument("--list", action="store_true", help="list the cases and groups, run nothing")
    p.add_argument("--atropos-only", action="store_true", help="run atropos only (no peers)")
    p.add_argument("--peer-only", action="store_true", help="run the peers only (no atropos)")
    p.add_argument("--peers", default="psi4,nwchem", help="peers to run, comma-separated (default psi4,nwchem)")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds per program run (default 3600)")
    p.add_argument("--layouts", default=None,
                   help="atropos RANKSxTHREADS list; compare mode default 1x2 (first = the one compared), "
                        "scaling mode default 1x1,2x1,1x2")
    p.add_argument("--scaling", action="store_true", help="strong scaling of atropos over --layouts instead")
    p.add_argument("--repeat", type=int, default=1,
                   help="scaling mode: rounds over the layouts; each keeps its fastest run (default 1)")
    p.add_argument("--fit", action="store_true", help="fit the cost exponent over the alkane cases selected")
    p.add_argument("--grid", help="override the cases' grid: RADIAL,ANGULAR (e.g. 75,302)")
    p.add_argument("--grid-style", choices=("psi4", "atropos"),
                   help="atropos's grid: psi4 (Psi4 1.3.2's own, the default) or atropos (Mura-Knowles + SSF)")
    p.add_argument("--atropos", default=os.path.join(REPO, "build", "atropos"), help="atropos executable")
    p.add_argument("--launcher", default=runner.DEFAULT_LAUNCHER,
                   help="MPI launcher template with {ranks}, {threads}, {ppn} (default %(default)r)")
    p.add_argument("--nodes", type=int, default=int(os.environ.get("SLURM_NNODES", "1")),
                   help="nodes, for {ppn} = ranks per node (default $SLURM_NNODES or 1)")
    p.add_argument("--nice", type=int, default=10, help="nice level of every run (default 10)")
    p.add_argument("--psi4-threads", type=int, default=2)
    p.add_argument("--psi4-memory-gb", type=float, default=4.0)
    p.add_argument("--nwchem-ranks", type=int, default=2)
    p.add_argument("--nwchem-memory-mb", type=int, default=2000, help="NWChem memory per rank")
    p.add_argument("--workdir", default="/tmp/atropos-bench", help="where the runs happen (default %(default)s)")
    p.add_argument("--results", default=os.path.join(HERE, "results"), help="JSON/Markdown directory")
    p.add_argument("--inputs-only", action="store_true", help="write the inputs, run nothing")
    p.add_argument("--report", action="store_true", help="print the tables from the stored JSON, run nothing")
    args = p.parse_args(argv)
    if args.atropos_only and args.peer_only:
        p.error("--atropos-only and --peer-only exclude each other")
    args.peers = [x for x in args.peers.split(",") if x]
    for peer in args.peers:
        if peer not in PEERS:
            p.error("unknown peer %r (known: %s)" % (peer, ", ".join(PEERS)))
    default_layouts = "1x1,2x1,1x2" if args.scaling else "1x2"
    try:
        args.layouts = [runner.Layout.parse(x) for x in (args.layouts or default_layouts).split(",")]
    except ValueError as e:
        p.error(str(e))
    if args.scaling and args.peer_only:
        p.error("--scaling runs atropos only")
    if args.repeat < 1 or (args.repeat > 1 and not args.scaling):
        p.error("--repeat takes a count >= 1 and goes with --scaling")
    return p, args


def _list():
    print("cases (large = minutes or more on 2 cores: run them on a quiet machine):")
    for case in case_defs.listed_cases():
        peers = ", ".join(case.peers)
        print("  %-24s %-5s grid %d/%d, peers %s: %s" % (case.name, "large" if case.large else "", case.grid[0],
                                                        case.grid[1], peers, case.description))
    print("  alkane-N-pbe-df          any N >= 2 (C_N H_2N+2, 3N+2 atoms)")
    print("groups:")
    for name, members in case_defs.GROUPS.items():
        print("  %-10s %s" % (name, " ".join(members)))


def main(argv=None):
    parser, args = _parse_args(argv)
    if args.list:
        _list()
        return 0
    try:
        names = case_defs.expand(args.cases)
        selected = [_override(case_defs.find_case(n), args) for n in names]
    except KeyError as e:
        parser.error("unknown case %s (see --list)" % e)
    os.makedirs(args.results, exist_ok=True)
    if args.report:
        results = _load_results(args.results, names or None)
        if not names:
            with open(os.path.join(args.results, "summary.md"), "w") as f:
                f.write(_summary(args.results))
        print("\n".join(_tables(results)))
        if args.fit:
            alkanes = sorted([r for r in results if r["mode"] == "compare" and r["case"].startswith("alkane-")],
                             key=lambda r: r["natoms"])
            print("\n".join(report.fit_table(alkanes)[0]))
        return 0
    if not selected:
        parser.error("name at least one case (see --list)")
    if not args.peer_only and not os.access(args.atropos, os.X_OK):
        parser.error("atropos executable not found: %s" % args.atropos)
    settings = runner.Settings(repo=REPO, atropos=os.path.abspath(args.atropos), timeout_s=args.timeout,
                               nice=args.nice, launcher=args.launcher, nodes=args.nodes,
                               psi4_threads=args.psi4_threads, psi4_memory_gb=args.psi4_memory_gb,
                               nwchem_ranks=args.nwchem_ranks, nwchem_memory_mb=args.nwchem_memory_mb)
    results, all_good = [], True
    for case in selected:
        result = (run_scaling if args.scaling else run_comparison)(case, args, settings)
        if result is None:
            continue
        suffix = "-scaling" if args.scaling else ""
        with open(os.path.join(args.results, case.name + suffix + ".json"), "w") as f:
            json.dump(result, f, indent=1)
        results.append(result)
        all_good &= all(r["status"] in ("ok", "skipped") for r in result["runs"])
        all_good &= all(c.get("agree") is not False for c in result.get("comparisons", []))
        drift = [r for r in result["runs"] if abs(r.get("energy_vs_first", 0.0)) > LAYOUT_TOLERANCE]
        for r in drift:
            _say("  %s: energy differs from the first layout by %.1e Eh (more than %.0e)"
                 % (r["label"], r["energy_vs_first"], LAYOUT_TOLERANCE))
        all_good &= not drift
    if not results:
        return 0
    with open(os.path.join(args.results, "summary.md"), "w") as f:
        f.write(_summary(args.results))
    print()
    print("\n".join(_tables(results)))
    if args.fit:
        alkanes = sorted([r for r in results if r["case"].startswith("alkane-") and r["mode"] == "compare"],
                         key=lambda r: r["natoms"])
        lines, fits = report.fit_table(alkanes)
        print("Cost exponent over the alkane cases run:\n" + "\n".join(lines))
        with open(os.path.join(args.results, "alkane-fit.json"), "w") as f:
            json.dump({"cases": [r["case"] for r in alkanes], "fits": fits}, f, indent=1)
    print("\nresults: %s (summary.md and one JSON per case)" % args.results)
    return 0 if all_good else 1


if __name__ == "__main__":
    sys.exit(main())
