"""Reading XYZ files and converting to bohr for the peer programs' inputs."""

import os
import sys

# CODATA 2018, the factor atropos uses (geometry/units.hpp). Peers get the geometry in bohr
# converted with it, so their own Angstrom factors (Psi4 1.3.2: CODATA 2014) play no role.
BOHR_IN_ANGSTROM = 0.529177210903


def read_xyz(path):
    """[(symbol, [x, y, z] in Angstrom)] of the first frame."""
    with open(path) as f:
        lines = f.read().splitlines()
    count = int(lines[0].split()[0])
    atoms = []
    for line in lines[2:2 + count]:
        fields = line.split()
        symbol = fields[0].capitalize()
        atoms.append((symbol, [float(v) for v in fields[1:4]]))
    if len(atoms) != count:
        raise ValueError("%s: header says %d atoms, found %d" % (path, count, len(atoms)))
    return atoms


def bohr_lines(atoms, indent="  "):
    scale = 1.0 / BOHR_IN_ANGSTROM
    return "\n".join("%s%-2s %22.14f %22.14f %22.14f" % (indent, s, x * scale, y * scale, z * scale)
                     for s, (x, y, z) in atoms)


def molecule_file(case, repo, workdir):
    """Absolute path of the case's XYZ file; generated alkanes are written into workdir."""
    if case.molecule.startswith("alkane:"):
        sys.path.insert(0, os.path.join(repo, "bench"))
        import make_alkane  # bench/make_alkane.py
        n = int(case.molecule.split(":")[1])
        path = os.path.join(workdir, "alkane-%d.xyz" % n)
        with open(path, "w") as f:
            f.write(make_alkane.alkane_xyz(n))
        return path
    return os.path.join(repo, case.molecule)
