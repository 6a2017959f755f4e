#pragma once
// Optimal superposition of two point sets with the same atom order (Kabsch, Acta Cryst. A32,
// 922 (1976)): the proper rotation R and translation t minimising sum |R*moving_i + t - reference_i|^2.

#include <Eigen/Core>

namespace atropos {

struct Superposition {
  Eigen::Matrix3d rotation = Eigen::Matrix3d::Identity();  // det +1: never a reflection
  Eigen::Vector3d translation = Eigen::Vector3d::Zero();   // same length unit as the inputs
  double rmsd = 0.0;                                       // after superposition
};

// Both n x 3, same order. Unweighted.
Superposition kabsch(const Eigen::MatrixX3d& reference, const Eigen::MatrixX3d& moving);

// The moving points after applying the superposition.
Eigen::MatrixX3d apply(const Superposition& s, const Eigen::MatrixX3d& points);

// Root-mean-square distance without any fitting.
double rmsd_in_place(const Eigen::MatrixX3d& a, const Eigen::MatrixX3d& b);

Eigen::Vector3d centroid(const Eigen::MatrixX3d& points);

}  // namespace atropos
