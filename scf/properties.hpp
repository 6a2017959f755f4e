#pragma once
// One-electron properties of an SCF density.

#include <Eigen/Core>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// Mulliken charges q_A = Z_A - sum_{mu on A} (P S)_mu,mu for the total density P.
Eigen::VectorXd mulliken_charges(const Molecule& molecule, const BasisSet& basis, const Eigen::MatrixXd& total_density,
                                 const Eigen::MatrixXd& overlap);

// Dipole moment about the origin in e*bohr (nuclear minus electronic).
Eigen::Vector3d dipole_moment(const Molecule& molecule, const BasisSet& basis, const Eigen::MatrixXd& total_density,
                              const Communicator& comm);

}  // namespace atropos
