#include "drivers/path/neb_forces.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace atropos {

namespace {

double dot(const Eigen::MatrixX3d& a, const Eigen::MatrixX3d& b) { return a.cwiseProduct(b).sum(); }

}  // namespace

double max_atom_norm(const Eigen::MatrixX3d& vectors) {
  return vectors.rows() == 0 ? 0.0 : vectors.rowwise().norm().maxCoeff();
}

Eigen::MatrixX3d improved_tangent(const std::vector<Eigen::MatrixX3d>& positions,
                                  const std::vector<double>& energies, int i) {
  const Eigen::MatrixX3d forward = positions[i + 1] - positions[i];
  const Eigen::MatrixX3d backward = positions[i] - positions[i - 1];
  const double e_prev = energies[i - 1], e = energies[i], e_next = energies[i + 1];
  Eigen::MatrixX3d tangent;
  if (e_next > e && e > e_prev) {
    tangent = forward;
  } else if (e_next < e && e < e_prev) {
    tangent = backward;
  } else {
    // Extremum (or flat): weight the side towards the higher neighbour more.
    const double d_next = std::abs(e_next - e), d_prev = std::abs(e_prev - e);
    const double d_max = std::max(d_next, d_prev), d_min = std::min(d_next, d_prev);
    tangent = e_next > e_prev ? Eigen::MatrixX3d(forward * d_max + backward * d_min)
                              : Eigen::MatrixX3d(forward * d_min + backward * d_max);
  }
  double norm = tangent.norm();
  if (norm == 0.0) {
    // Equal energies on both sides and equal weights: fall back to the plain bisector.
    tangent = forward / std::max(forward.norm(), 1e-300) + backward / std::max(backward.norm(), 1e-300);
    norm = tangent.norm();
  }
  if (norm == 0.0) throw std::invalid_argument("improved_tangent: image coincides with both neighbours");
  return tangent / norm;
}

Eigen::MatrixX3d remove_rigid_motion(const Eigen::MatrixX3d& positions, const Eigen::MatrixX3d& vectors) {
  const long n = positions.rows();
  const Eigen::RowVector3d centre = positions.colwise().mean();
  const Eigen::MatrixX3d r = positions.rowwise() - centre;
  // The six rigid modes, orthonormalised by modified Gram-Schmidt; a mode that depends on the
  // others (the rotation about a linear molecule's axis) is dropped.
  std::vector<Eigen::MatrixX3d> basis;
  for (int axis = 0; axis < 3; ++axis) {
    Eigen::MatrixX3d t = Eigen::MatrixX3d::Zero(n, 3);
    t.col(axis).setOnes();
    basis.push_back(t);
  }
  for (int axis = 0; axis < 3; ++axis) {
    Eigen::MatrixX3d rot(n, 3);
    const Eigen::Vector3d w = Eigen::Vector3d::Unit(axis);
    for (long a = 0; a < n; ++a) rot.row(a) = w.cross(Eigen::Vector3d(r.row(a).transpose())).transpose();
    basis.push_back(rot);
  }
  std::vector<Eigen::MatrixX3d> orthonormal;
  for (std::size_t k = 0; k < basis.size(); ++k) {
    Eigen::MatrixX3d v = basis[k];
    const double original = v.norm();
    for (const auto& u : orthonormal) v -= dot(u, v) * u;
    const double norm = v.norm();
    if (norm > 0.0 && norm > 1e-8 * original) orthonormal.push_back(v / norm);
  }
  Eigen::MatrixX3d out = vectors;
  for (const auto& u : orthonormal) out -= dot(u, out) * u;
  return out;
}

BandForces neb_forces(const std::vector<Eigen::MatrixX3d>& positions, const std::vector<double>& energies,
                      const std::vector<Eigen::MatrixX3d>& gradients, const NebForceOptions& options) {
  const int n = static_cast<int>(positions.size());
  if (n < 3 || static_cast<int>(energies.size()) != n || static_cast<int>(gradients.size()) != n)
    throw std::invalid_argument("neb_forces: band needs >= 3 images with energies and gradients");
  const long natom = positions.front().rows();
  BandForces out;
  out.forces.assign(n, Eigen::MatrixX3d::Zero(natom, 3));
  out.tangents.assign(n, Eigen::MatrixX3d::Zero(natom, 3));
  if (options.climbing) {
    out.climbing_image = 1;
    for (int i = 2; i < n - 1; ++i)
      if (energies[i] > energies[out.climbing_image]) out.climbing_image = i;
  }
  for (int i = 1; i < n - 1; ++i) {
    const Eigen::MatrixX3d t = improved_tangent(positions, energies, i);
    out.tangents[i] = t;
    const Eigen::MatrixX3d& g = gradients[i];
    const double g_parallel = dot(g, t);
    Eigen::MatrixX3d perpendicular = -(g - g_parallel * t);
    if (options.project_rigid_motion) perpendicular = remove_rigid_motion(positions[i], perpendicular);
    Eigen::MatrixX3d force;
    if (i == out.climbing_image) {
      force = -g + 2.0 * g_parallel * t;
      out.climbing_image_force = max_atom_norm(g);
    } else {
      const double stretch = (positions[i + 1] - positions[i]).norm() - (positions[i] - positions[i - 1]).norm();
      force = perpendicular + options.spring_constant * stretch * t;
      out.max_perpendicular_force = std::max(out.max_perpendicular_force, max_atom_norm(perpendicular));
    }
    if (options.project_rigid_motion) force = remove_rigid_motion(positions[i], force);
    out.forces[i] = force;
  }
  return out;
}

}  // namespace atropos
