#pragma once
// Normal modes as a Molden file (https://www.theochem.ru.nl/molden/molden_format.html), readable
// by Molden, Jmol and Avogadro for animating the vibrations:
//
//   [Molden Format]
//   [Title]            one line
//   [Atoms] AU         symbol, number, Z, x y z (bohr): the geometry for viewers that read only this
//   [FREQ]             one wavenumber (cm^-1) per vibration; imaginary modes as negative numbers
//   [FR-COORD]         symbol x y z (bohr)
//   [FR-NORM-COORD]    "vibration k", then per atom dx dy dz: the Cartesian normal mode scaled to
//                      unit length (HarmonicAnalysis::modes_cartesian), as Psi4 and ORCA write it
//
// Only vibrations are written (no translations or rotations), lowest first.

#include <ostream>
#include <string>

#include "drivers/vibration/harmonic_analysis.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

void write_molden_frequencies(std::ostream& out, const Molecule& molecule, const HarmonicAnalysis& analysis,
                              const std::string& title = "atropos harmonic frequencies");

// To a file; InputError when it cannot be written.
void write_molden_frequencies(const std::string& path, const Molecule& molecule, const HarmonicAnalysis& analysis,
                              const std::string& title = "atropos harmonic frequencies");

}  // namespace atropos
