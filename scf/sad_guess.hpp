#pragma once
// Superposition of atomic densities (SAD): a spin-restricted, spherically averaged
// (fractionally occupied) Hartree-Fock calculation for each distinct element in the molecule's
// own basis, the atomic densities placed block-diagonally. Robust for metal clusters where the
// core-Hamiltonian guess is poor.

#include <Eigen/Core>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// Total (alpha + beta) density guess, nbf x nbf. Computed redundantly on every rank with
// MPI_COMM_SELF (the atoms are tiny), so every rank holds the same bits.
Eigen::MatrixXd compute_sad_density(const Molecule& molecule, const BasisSet& basis);

}  // namespace atropos
