"""Numbers out of each program's output, and peak memory out of /usr/bin/time -v reports.

Every parser returns a dict with the keys it found: energy (Eh), iterations, nbf, version,
program_wall_s (the program's own timing), gradient ([[x, y, z], ...] Eh/bohr), error.
"""

import json
import re

_FLOAT = r"[-+]?\d+\.\d*(?:[eEdD][-+]?\d+)?"


def _last(pattern, text, cast=str):
    found = re.findall(pattern, text, re.MULTILINE)
    return cast(found[-1]) if found else None


def atropos_output(text):
    out = {}
    out["version"] = _last(r"^atropos (\S+) -- input", text)
    out["energy"] = _last(r"^\s*Total energy\s+(%s) Eh" % _FLOAT, text, float)
    iterations = re.findall(r"^\s*SCF (converged|NOT converged) in (\d+) iterations", text, re.MULTILINE)
    if iterations:
        out["converged"] = iterations[-1][0] == "converged"
        out["iterations"] = int(iterations[-1][1])
    out["nbf"] = _last(r"^\s*Method \S+ / \S+ \((\d+) functions", text, int)
    out["program_wall_s"] = _last(r"^\s*Wall time (%s) s" % _FLOAT, text, float)
    out["grid_points"] = _last(r"^\s*Grid \S+: (\d+) points", text, int)
    out["parallel"] = _last(r"^\s*Parallel: (.*)$", text)
    gradient_at = text.rfind("Analytic gradient")
    if gradient_at >= 0:
        rows = re.findall(r"^\s*\d+ [A-Z][a-z]?\s+(%s)\s+(%s)\s+(%s)\s*$" % (_FLOAT, _FLOAT, _FLOAT),
                          text[gradient_at:].split("max |g|")[0], re.MULTILINE)
        out["gradient"] = [[float(v) for v in row] for row in rows]
        out["gradient_wall_s"] = _last(r"^\s*Gradient wall time (%s) s" % _FLOAT, text, float)
    out["error"] = _last(r"^atropos: (.*)$", text)
    return {k: v for k, v in out.items() if v is not None}


def psi4_output(text):
    """The RESULT_JSON line that the generated input prints (the input echo holds the code line
    too, so only a line that parses as JSON counts)."""
    out = {}
    for line in text.splitlines():
        if line.startswith("RESULT_JSON {"):
            try:
                result = json.loads(line[len("RESULT_JSON "):])
            except ValueError:
                continue
            out = {"energy": result["energy"], "iterations": result["scf_iterations"], "nbf": result["nbf"],
                   "version": result["version"], "program_wall_s": result["wall_s_driver"]}
            if "gradient" in result:
                out["gradient"] = result["gradient"]
    if "energy" not in out:
        error = _last(r"^\s*(?:PsiException|Traceback|.*Error:)(.*)$", text)
        if error:
            out["error"] = error.strip()
    return out


def nwchem_output(text):
    out = {}
    out["version"] = _last(r"Northwest Computational Chemistry Package \(NWChem\) (\S+)", text)
    out["energy"] = _last(r"^\s*Total DFT energy =\s+(%s)" % _FLOAT, text, float)
    energy = _last(r"^NWRESULT_ENERGY (%s)" % _FLOAT, text, float)
    if energy is not None:
        out["energy"] = energy
    # Iteration lines of the last SCF: " d= 0,ls=0.0,diis     7    -76.27..."
    last_scf = text.split("convergence    iter")[-1] if "convergence    iter" in text else ""
    iterations = re.findall(r"^ d=\s*\d+,ls=\S+\s+(\d+)\s", last_scf, re.MULTILINE)
    if iterations:
        out["iterations"] = int(iterations[-1])
    out["nbf"] = _last(r"^\s*AO basis - number of functions:\s+(\d+)", text, int)
    out["program_wall_s"] = _last(r"^\s*Total times\s+cpu:\s+\S+s\s+wall:\s+(%s)s" % _FLOAT, text, float)
    rows = re.findall(r"^NWRESULT_GRADIENT\s+(%s)\s+(%s)\s+(%s)\s*$" % (_FLOAT, _FLOAT, _FLOAT), text, re.MULTILINE)
    if rows:
        out["gradient"] = [[float(v) for v in row] for row in rows]
    if out.get("energy") is None:
        out["error"] = _last(r"^\s*(.*error.*)$", text)
    return {k: v for k, v in out.items() if v is not None}


def time_report(text):
    """Peak RSS (MB), wall, user and system seconds, CPU percent from one /usr/bin/time -v report."""
    out = {}
    rss_kb = _last(r"Maximum resident set size \(kbytes\): (\d+)", text, int)
    if rss_kb is not None:
        out["peak_rss_mb"] = rss_kb / 1024.0
    out["user_s"] = _last(r"User time \(seconds\): (%s)" % _FLOAT, text, float)
    out["system_s"] = _last(r"System time \(seconds\): (%s)" % _FLOAT, text, float)
    out["cpu_percent"] = _last(r"Percent of CPU this job got: (\d+)%", text, int)
    out["exit_status"] = _last(r"Exit status: (\d+)", text, int)
    return {k: v for k, v in out.items() if v is not None}
