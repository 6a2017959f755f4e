#pragma once
// Isotope masses for vibrational analysis and thermochemistry.
//
// Harmonic frequencies are computed for one isotopologue, conventionally the one made of each
// element's most abundant isotope (what Psi4, Gaussian, ORCA and NWChem use by default), not
// with standard atomic weights. Elements without a stable isotope (Tc, Pm, Po, At, Rn) take the
// isotope Psi4/QCElemental take: 98Tc, 145Pm, 209Po, 210At, 222Rn.

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

// Mass in u (unified atomic mass units, m(12C)/12) of the most abundant isotope of element Z,
// 1 <= Z <= 86 (kMaxAtomicNumber); std::out_of_range otherwise.
double most_abundant_isotope_mass(int Z);

// Its mass number A (1 for H, 16 for O, 35 for Cl).
int most_abundant_isotope_mass_number(int Z);

// Masses (u) of the molecule's atoms in order, most abundant isotopes.
Eigen::VectorXd most_abundant_isotope_masses(const Molecule& molecule);

}  // namespace atropos
