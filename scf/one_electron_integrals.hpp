#pragma once
// One-electron integral matrices over a basis (replicated on every rank; shell pairs are split
// over ranks and threads, then summed).

#include <Eigen/Core>
#include <array>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

Eigen::MatrixXd compute_overlap(const BasisSet& basis, const Communicator& comm);
// <a|b> between two different bases (rows: `bra`, columns: `ket`), e.g. to project orbitals.
Eigen::MatrixXd compute_overlap(const BasisSet& bra, const BasisSet& ket, const Communicator& comm);
Eigen::MatrixXd compute_kinetic(const BasisSet& basis, const Communicator& comm);
// Attraction to the nuclei of `molecule` (negative definite).
Eigen::MatrixXd compute_nuclear_attraction(const BasisSet& basis, const Molecule& molecule, const Communicator& comm);
// <a| r_k - origin_k |b> for k = x, y, z (electron position; multiply by -1 for the dipole).
std::array<Eigen::MatrixXd, 3> compute_dipole_integrals(const BasisSet& basis, const Eigen::Vector3d& origin,
                                                        const Communicator& comm);

}  // namespace atropos
