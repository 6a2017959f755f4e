#pragma once
// Minimum-cost perfect assignment (Hungarian / Kuhn-Munkres, shortest augmenting paths with
// potentials, O(n^3)): used to pair up same-element atoms of two structures.

#include <Eigen/Core>
#include <vector>

namespace atropos {

// cost: n x n. Returns column[row] minimising the sum of cost(row, column[row]).
std::vector<int> solve_assignment(const Eigen::MatrixXd& cost);

// Pairs every point of `from` with a point of `to` of the same class (classes given as index
// lists, matched by position in the two lists and of equal sizes), minimising the total squared
// distance. Returns to-index per from-index. When each point's nearest partner is distinct the
// nearest partners are the optimum and the O(m^3) solve is skipped.
std::vector<int> match_points_within_classes(const Eigen::MatrixX3d& from,
                                             const std::vector<std::vector<int>>& from_classes,
                                             const Eigen::MatrixX3d& to,
                                             const std::vector<std::vector<int>>& to_classes);

}  // namespace atropos
