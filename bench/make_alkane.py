#!/usr/bin/env python3
"""All-trans linear alkane C_nH_(2n+2) as an XYZ file (Angstrom), for timing series.

Idealised geometry, not optimised: C-C 1.54 A, C-H 1.09 A, every angle tetrahedral
(arccos(-1/3) = 109.4712 deg). The carbon zigzag lies in the xy plane along x; every carbon is a
perfect tetrahedron, terminal methyls staggered (their in-plane H sits where the next carbon of the
zigzag would be).

    python3 bench/make_alkane.py 25                  # writes alkane-25.xyz (77 atoms)
    python3 bench/make_alkane.py 25 -o /tmp/c25.xyz
"""

import argparse
import math
import sys

CC_ANGSTROM = 1.54
CH_ANGSTROM = 1.09
TETRAHEDRAL_RAD = math.acos(-1.0 / 3.0)


def _sub(a, b):
    return [a[i] - b[i] for i in range(3)]


def _add(a, b):
    return [a[i] + b[i] for i in range(3)]


def _scale(a, s):
    return [x * s for x in a]


def _unit(a):
    n = math.sqrt(sum(x * x for x in a))
    return [x / n for x in a]


def _carbon(i):
    """Position of carbon i (any integer, also the virtual ones before 0 and after n-1)."""
    step_x = CC_ANGSTROM * math.sin(TETRAHEDRAL_RAD / 2.0)
    step_y = CC_ANGSTROM * math.cos(TETRAHEDRAL_RAD / 2.0)
    return [i * step_x, step_y if i % 2 else 0.0, 0.0]


def _out_of_plane_hydrogens(centre, left, right):
    """The two H of a CH2 whose carbon neighbours are left and right (tetrahedral)."""
    u_left = _unit(_sub(left, centre))
    u_right = _unit(_sub(right, centre))
    bisector = _unit(_scale(_add(u_left, u_right), -1.0))  # in plane, away from both carbons
    normal = [0.0, 0.0, 1.0]  # the zigzag plane is xy
    half = TETRAHEDRAL_RAD / 2.0
    hydrogens = []
    for sign in (1.0, -1.0):
        direction = _add(_scale(bisector, math.cos(half)), _scale(normal, sign * math.sin(half)))
        hydrogens.append(_add(centre, _scale(direction, CH_ANGSTROM)))
    return hydrogens


def alkane_atoms(n):
    """[(symbol, [x, y, z] in Angstrom)] of C_nH_(2n+2), carbons first."""
    if n < 2:
        raise ValueError("alkane needs n >= 2 carbons (methane is not a zigzag), got %d" % n)
    carbons = [_carbon(i) for i in range(n)]
    atoms = [("C", c) for c in carbons]
    for i in range(n):
        left, right = _carbon(i - 1), _carbon(i + 1)  # virtual neighbours at the chain ends
        atoms += [("H", h) for h in _out_of_plane_hydrogens(carbons[i], left, right)]
        for end, virtual in ((0, left), (n - 1, right)):
            if i == end:  # methyl: the third H points where the next carbon would be
                direction = _unit(_sub(virtual, carbons[i]))
                atoms.append(("H", _add(carbons[i], _scale(direction, CH_ANGSTROM))))
    return atoms


def alkane_xyz(n):
    atoms = alkane_atoms(n)
    lines = [str(len(atoms)),
             "C%dH%d all-trans, C-C %.2f A, C-H %.2f A, tetrahedral angles (bench/make_alkane.py, Angstrom)"
             % (n, 2 * n + 2, CC_ANGSTROM, CH_ANGSTROM)]
    lines += ["%-2s %18.12f %18.12f %18.12f" % (s, x, y, z) for s, (x, y, z) in atoms]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of carbon atoms (>= 2)")
    parser.add_argument("-o", "--output", help="output file (default alkane-N.xyz; '-' for stdout)")
    args = parser.parse_args(argv)
    text = alkane_xyz(args.n)
    path = args.output or "alkane-%d.xyz" % args.n
    if path == "-":
        sys.stdout.write(text)
    else:
        with open(path, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
