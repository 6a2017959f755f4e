#!/usr/bin/env python3
"""Summary of the atropisomer showcase (scripts/demo) from its three results JSON files.

    python3 scripts/atropisomer_summary.py RUN_DIRECTORY
"""
import json
import os
import sys

HARTREE_IN_KCAL_MOL = 627.5094740631  # CODATA 2018


def load(directory, stem):
    with open(os.path.join(directory, stem + ".results.json")) as f:
        return json.load(f)


def main(directory):
    minimum = load(directory, "1_enantiomers")
    band = load(directory, "2_band")
    ts = load(directory, "3_transition_state")
    mirror = minimum["mirror"]
    neb = band["neb"]
    imaginary = ts["ts"]["imaginary_frequencies_cm1"]
    barrier = (ts["ts"]["energy"] - minimum["energy"]) * HARTREE_IN_KCAL_MOL
    lines = [
        "",
        "H2O2 atropisomers, {} / {}".format(minimum["method"].upper(), minimum["basis"]),
        "  P enantiomer, relaxed in {} steps:   E = {:.10f} Eh".format(minimum["steps"], minimum["energy"]),
        "  M enantiomer (its mirror image):      E = {:.10f} Eh   (M - P = {:.1e} Eh: enantiomers are degenerate)".format(
            mirror["energy"], mirror["energy_difference"]),
        "  Band P -> M, {} images: barrier {:.3f} kcal/mol forward, {:.3f} kcal/mol reverse (highest image {})".format(
            len(neb["energies_kcal_mol"]), neb["barrier_forward_kcal_mol"], neb["barrier_reverse_kcal_mol"],
            neb["highest_image"]),
        "  Transition state (refined):           E = {:.10f} Eh, {:.3f} kcal/mol above P".format(ts["ts"]["energy"], barrier),
        "  Imaginary frequencies at the TS: {} ({} cm^-1): {}".format(
            len(imaginary), ", ".join("{:.1f}i".format(abs(x)) for x in imaginary),
            "a first-order saddle point, the H-O-O-H torsion" if len(imaginary) == 1 else "NOT a first-order saddle point"),
        "  Profile plot: 2_band_profile.png; TS normal modes: 3_transition_state.molden",
        "",
    ]
    print("\n".join(lines))
    return 0 if len(imaginary) == 1 and abs(mirror["energy_difference"]) < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
