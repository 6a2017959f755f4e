#include "scf/orbital_projection.hpp"

#include <Eigen/Dense>

#include "scf/one_electron_integrals.hpp"

namespace atropos {

Eigen::MatrixXd orthonormalise(const Eigen::MatrixXd& orbitals, const Eigen::MatrixXd& overlap) {
  if (orbitals.cols() == 0) return orbitals;
  const Eigen::MatrixXd metric = orbitals.transpose() * overlap * orbitals;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(metric);
  return orbitals * eig.operatorInverseSqrt();
}

Eigen::MatrixXd project_orbitals(const Eigen::MatrixXd& occupied, const BasisSet& old_basis, const BasisSet& new_basis,
                                 const Eigen::MatrixXd& new_overlap, const Communicator& comm) {
  const Eigen::MatrixXd mixed = compute_overlap(new_basis, old_basis, comm);
  const Eigen::MatrixXd projected = new_overlap.ldlt().solve(mixed * occupied);
  return orthonormalise(projected, new_overlap);
}

}  // namespace atropos
