#include "geometry/kabsch.hpp"

#include <Eigen/LU>
#include <Eigen/SVD>
#include <cmath>
#include <stdexcept>

namespace atropos {

Eigen::Vector3d centroid(const Eigen::MatrixX3d& points) {
  if (points.rows() == 0) return Eigen::Vector3d::Zero();
  return points.colwise().mean().transpose();
}

Superposition kabsch(const Eigen::MatrixX3d& reference, const Eigen::MatrixX3d& moving) {
  if (reference.rows() != moving.rows())
    throw std::invalid_argument("kabsch: point sets differ in size");
  Superposition s;
  if (reference.rows() == 0) return s;
  const Eigen::Vector3d cr = centroid(reference), cm = centroid(moving);
  const Eigen::MatrixX3d p = moving.rowwise() - cm.transpose();
  const Eigen::MatrixX3d q = reference.rowwise() - cr.transpose();
  const Eigen::Matrix3d h = p.transpose() * q;  // covariance, moving -> reference
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(h, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d d = Eigen::Matrix3d::Identity();
  // Flip the weakest direction when the best orthogonal map would be a reflection.
  d(2, 2) = (svd.matrixV() * svd.matrixU().transpose()).determinant() < 0.0 ? -1.0 : 1.0;
  s.rotation = svd.matrixV() * d * svd.matrixU().transpose();
  s.translation = cr - s.rotation * cm;
  s.rmsd = rmsd_in_place(reference, apply(s, moving));
  return s;
}

Eigen::MatrixX3d apply(const Superposition& s, const Eigen::MatrixX3d& points) {
  Eigen::MatrixX3d moved = points * s.rotation.transpose();
  moved.rowwise() += s.translation.transpose();
  return moved;
}

double rmsd_in_place(const Eigen::MatrixX3d& a, const Eigen::MatrixX3d& b) {
  if (a.rows() == 0) return 0.0;
  return std::sqrt((a - b).rowwise().squaredNorm().sum() / static_cast<double>(a.rows()));
}

}  // namespace atropos
