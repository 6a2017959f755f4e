#include "geometry/mirror.hpp"

#include <stdexcept>

namespace atropos {

namespace {

Eigen::Vector3d centroid(const Molecule& molecule) {
  Eigen::Vector3d c = Eigen::Vector3d::Zero();
  for (const auto& atom : molecule.atoms()) c += atom.position;
  return molecule.size() ? Eigen::Vector3d(c / double(molecule.size())) : c;
}

Eigen::Matrix3d householder(const Eigen::Vector3d& normal) {
  if (normal.norm() == 0.0) throw std::invalid_argument("mirror plane normal must be non-zero");
  const Eigen::Vector3d n = normal.normalized();
  return Eigen::Matrix3d::Identity() - 2.0 * n * n.transpose();
}

}  // namespace

Molecule mirror_image(const Molecule& molecule, const Eigen::Vector3d& normal) {
  const Eigen::Matrix3d reflection = householder(normal);
  const Eigen::Vector3d c = centroid(molecule);
  Eigen::MatrixX3d xyz = molecule.positions();
  for (Eigen::Index i = 0; i < xyz.rows(); ++i)
    xyz.row(i) = (c + reflection * (xyz.row(i).transpose() - c)).transpose();
  return molecule.with_positions(xyz);
}

Molecule inversion_image(const Molecule& molecule) {
  const Eigen::Vector3d c = centroid(molecule);
  Eigen::MatrixX3d xyz = molecule.positions();
  for (Eigen::Index i = 0; i < xyz.rows(); ++i) xyz.row(i) = (2.0 * c - xyz.row(i).transpose()).transpose();
  return molecule.with_positions(xyz);
}

Eigen::MatrixX3d reflect_vectors(const Eigen::MatrixX3d& vectors, const Eigen::Vector3d& normal) {
  return vectors * householder(normal).transpose();
}

}  // namespace atropos
