"""Benchmark cases: one molecule, one model, the same settings for every program.

Settings shared by all cases unless a case says otherwise: def2-SVP, SAD guess, restricted
reference, e_convergence 1e-8 Eh, d_convergence 1e-6, an explicit unpruned Lebedev grid.
"""

import dataclasses
import re

BASIS = "def2-svp"
JFIT = "def2-universal-jfit"   # atropos's name; Psi4 1.3.2 calls the same set def2-qzvpp-jfit
# Generated from def2-SVP by atropos (`atropos autoaux [--extended]`); Psi4 reads the same file.
AUTOAUX_SETS = ("autoaux", "autoaux-extended")
ALKANE_SERIES = (6, 12, 25, 50, 100)   # 20, 38, 77, 152, 302 atoms


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    molecule: str                 # repository-relative XYZ (Angstrom), or "alkane:N" (generated)
    method: str                   # atropos/Psi4 name: "pbe", "pbe0"
    scf_type: str                 # atropos: "df" (RI-J; exact K for hybrids) or "direct"
    description: str
    task: str = "energy"          # or "gradient"
    charge: int = 0
    multiplicity: int = 1
    grid: tuple = (99, 590)       # (radial, angular) points per atom, unpruned
    # atropos's grid for those sizes: "psi4" = Psi4 1.3.2's own (Treutler radial, Treutler-Becke
    # partition, its orientation and point cut: the same points and weights), "atropos" = ours
    # (Mura-Knowles + SSF, which NWChem is set to). --grid-style overrides it.
    grid_style: str = "psi4"
    e_convergence: float = 1e-8
    d_convergence: float = 1e-6
    peers: tuple = ("psi4", "nwchem")
    fit: str = JFIT               # RI-J fitting basis (df cases): JFIT or one of AUTOAUX_SETS
    # Peers whose model differs on purpose (energy difference reported, not judged), with why.
    not_comparable: tuple = ()    # ((peer, reason), ...)
    large: bool = False           # minutes or more on 2 cores: for a quiet machine

    def is_hybrid(self):
        return self.method in ("pbe0", "b3lyp")

    def not_comparable_reason(self, peer):
        return dict(self.not_comparable).get(peer)


_PSI4_K_FIT = ("psi4", "Psi4 scf_type df fits K too (def2-qzvpp-jkfit); atropos and NWChem keep exact K")


def _fixed_cases():
    dnbpa = "tests/data/molecules/dnbpa.xyz"
    water = "tests/data/molecules/water.xyz"
    cu14 = "tests/data/reference/molecules/cu14/cu14-model.xyz"
    return [
        Case("water-pbe-df", water, "pbe", "df", "H2O, PBE, RI-J: quick smoke test"),
        Case("water-pbe-direct", water, "pbe", "direct", "H2O, PBE, exact integrals: smoke test"),
        Case("water-pbe0", water, "pbe0", "direct", "H2O, PBE0, exact J and K: smoke test"),
        Case("water-pbe0-df", water, "pbe0", "df", "H2O, PBE0, RI-J + exact K: smoke test",
             not_comparable=(_PSI4_K_FIT,)),
        Case("water-pbe-df-gradient", water, "pbe", "df", "H2O, PBE, RI-J, analytic gradient: smoke test",
             task="gradient"),
        Case("dnbpa-pbe-df", dnbpa, "pbe", "df", "dinitrobiphenyl dicarboxylic acid (32 atoms), PBE, RI-J",
             large=True),
        Case("dnbpa-pbe-df-gradient", dnbpa, "pbe", "df", "dnbpa (32 atoms), PBE, RI-J, analytic gradient",
             task="gradient", large=True),
        Case("dnbpa-pbe-df-autoaux", dnbpa, "pbe", "df",
             "dnbpa (32 atoms), PBE, RI-J with autoaux-extended from def2-SVP (Psi4 reads the same basis file)",
             fit="autoaux-extended", peers=("psi4",), large=True),
        Case("dnbpa-pbe-df-autoaux-gradient", dnbpa, "pbe", "df",
             "dnbpa (32 atoms), PBE, RI-J with autoaux-extended, analytic gradient",
             task="gradient", fit="autoaux-extended", peers=("psi4",), large=True),
        Case("dnbpa-pbe-direct", dnbpa, "pbe", "direct", "dnbpa (32 atoms), PBE, exact integrals", large=True),
        Case("dnbpa-pbe0", dnbpa, "pbe0", "direct", "dnbpa (32 atoms), PBE0, exact J and K on every side",
             large=True),
        Case("dnbpa-pbe0-df", dnbpa, "pbe0", "df",
             "dnbpa (32 atoms), PBE0, RI-J + exact K (NWChem the same; Psi4 fits K too)",
             not_comparable=(_PSI4_K_FIT,), large=True),
        Case("cu14-model-pbe-df", cu14, "pbe", "df",
             "[Cu14(SMe)3(PH3)8H10]+ model (71 atoms, 889 functions), PBE, RI-J",
             charge=1, grid=(75, 302), large=True),
    ]


def alkane_case(n):
    atoms = 3 * n + 2
    return Case("alkane-%d-pbe-df" % n, "alkane:%d" % n, "pbe", "df",
                "C%dH%d all-trans (%d atoms), PBE, RI-J, grid (75, 302)" % (n, 2 * n + 2, atoms),
                grid=(75, 302), large=atoms > 40)


_ALKANE_NAME = re.compile(r"^alkane-(\d+)-pbe-df$")

# Names that stand for several cases.
GROUPS = {
    "smoke": ["water-pbe-df", "water-pbe-direct", "water-pbe0", "water-pbe0-df", "water-pbe-df-gradient"],
    "alkanes": ["alkane-%d-pbe-df" % n for n in ALKANE_SERIES],
    "dnbpa": ["dnbpa-pbe-df", "dnbpa-pbe-df-gradient", "dnbpa-pbe-df-autoaux", "dnbpa-pbe-df-autoaux-gradient",
              "dnbpa-pbe-direct", "dnbpa-pbe0", "dnbpa-pbe0-df"],
}


def listed_cases():
    return _fixed_cases() + [alkane_case(n) for n in ALKANE_SERIES]


def find_case(name):
    """The case called name (any alkane-N-pbe-df with N >= 2 works); KeyError otherwise."""
    for case in _fixed_cases():
        if case.name == name:
            return case
    match = _ALKANE_NAME.match(name)
    if match and int(match.group(1)) >= 2:
        return alkane_case(int(match.group(1)))
    raise KeyError(name)


def expand(names):
    """Case names with the groups expanded, in order, without repeats."""
    out = []
    for name in names:
        for n in GROUPS.get(name, [name]):
            if n not in out:
                out.append(n)
    return out
