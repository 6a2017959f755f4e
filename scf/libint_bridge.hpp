#pragma once
// Private to scf/*.cpp: the only header that pulls in libint2 (heavy to compile). Converts
// atropos shells to libint2 shells and owns the one-time library initialisation.

#include <libint2.hpp>

#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos::libint {

// libint2::initialize() once per process (thread-safe); libint2 needs it before any Engine.
void ensure_initialized();

// Shells with libint2's normalisation of the contracted functions (unit norm for spherical
// shells and for the x^l component of Cartesian shells, as in Psi4).
std::vector<libint2::Shell> to_libint(const BasisSet& basis);

// Point charges (Z, position) of the nuclei, as the nuclear-attraction engine wants them.
std::vector<std::pair<double, std::array<double, 3>>> point_charges(const Molecule& molecule);

// Schwarz bounds Q_ab = max |(ab|ab)|^(1/2) over the functions of shells a, b (nshell x nshell),
// with the Coulomb operator or, for omega > 0, erf(omega r)/r. Shell pairs are split over
// (rank, thread) and summed, so every rank holds the same matrix.
Eigen::MatrixXd schwarz_bounds(const std::vector<libint2::Shell>& shells, double omega, int max_nprim, int max_l,
                               const Communicator& comm);

// Largest |D| in each shell block, over all densities (nshell x nshell): the density factor of
// density-weighted screening.
Eigen::MatrixXd shell_block_norms(const std::vector<Eigen::MatrixXd>& densities, const std::vector<libint2::Shell>& shells,
                                  const std::vector<std::size_t>& offsets);

}  // namespace atropos::libint
