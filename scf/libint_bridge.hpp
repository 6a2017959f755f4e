#pragma once
// Private to scf/*.cpp: the only header that pulls in libint2 (heavy to compile). Converts
// atropos shells to libint2 shells and owns the one-time library initialisation.

#include <libint2.hpp>

#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"

namespace atropos::libint {

// libint2::initialize() once per process (thread-safe); libint2 needs it before any Engine.
void ensure_initialized();

// Shells with libint2's normalisation of the contracted functions (unit norm for spherical
// shells and for the x^l component of Cartesian shells, as in Psi4).
std::vector<libint2::Shell> to_libint(const BasisSet& basis);

// Point charges (Z, position) of the nuclei, as the nuclear-attraction engine wants them.
std::vector<std::pair<double, std::array<double, 3>>> point_charges(const Molecule& molecule);

}  // namespace atropos::libint
