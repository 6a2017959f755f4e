#pragma once
// Starting orbitals from another calculation (a checkpoint): the occupied orbitals of an old
// basis are projected onto the new one, C' = S_nn^-1 S_no C, then made orthonormal in the new
// metric (Loewdin), which keeps the span of the occupied space as well as the basis allows.

#include <Eigen/Core>

#include "basis/basis_set.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// Occupied orbitals (columns) of `old_basis` projected into `new_basis`; `new_overlap` is
// S_nn. Both bases must sit on the same molecule geometry (the caller rebuilds the old basis
// on the current geometry when only the orbitals are reused).
Eigen::MatrixXd project_orbitals(const Eigen::MatrixXd& occupied, const BasisSet& old_basis, const BasisSet& new_basis,
                                 const Eigen::MatrixXd& new_overlap, const Communicator& comm);

// Loewdin-orthonormalises columns in the metric S: C (C^T S C)^(-1/2).
Eigen::MatrixXd orthonormalise(const Eigen::MatrixXd& orbitals, const Eigen::MatrixXd& overlap);

}  // namespace atropos
