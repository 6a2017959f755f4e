#pragma once
// A model EnergySurface for the vibration tests: a sum of pair potentials
//   V(r) = k/2 (r - r0)^2 + c (r - r0)^3
// over chosen atom pairs. Invariant under translations and rotations, anharmonic when c != 0, and
// with a closed-form gradient and Hessian to test the finite differences against.

#include <Eigen/Core>
#include <cmath>
#include <vector>

#include "drivers/energy_surface.hpp"

namespace atropos::testing {

struct PairTerm {
  int i, j;
  double k, r0, c = 0.0;
};

class PairPotentialSurface : public EnergySurface {
 public:
  explicit PairPotentialSurface(std::vector<PairTerm> terms) : terms_(std::move(terms)) {}

  SurfacePoint evaluate(const Molecule& molecule) override {
    ++evaluations;
    SurfacePoint point;
    point.gradient = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(molecule.size()), 3);
    for (const PairTerm& t : terms_) {
      const Eigen::Vector3d d = molecule[t.i].position - molecule[t.j].position;
      const double r = d.norm(), x = r - t.r0;
      point.energy += 0.5 * t.k * x * x + t.c * x * x * x;
      const Eigen::Vector3d force = (t.k * x + 3.0 * t.c * x * x) * d / r;  // dV/dr * dr/dr_i
      point.gradient.row(t.i) += force.transpose();
      point.gradient.row(t.j) -= force.transpose();
    }
    return point;
  }

  // Analytic Hessian (3N x 3N): for each pair, with u = d/r,
  // d2V/dr_i dr_i = V'' u u^T + (V'/r) (1 - u u^T), and minus that for dr_i dr_j.
  Eigen::MatrixXd hessian(const Molecule& molecule) const {
    const auto n = static_cast<Eigen::Index>(3 * molecule.size());
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(n, n);
    for (const PairTerm& t : terms_) {
      const Eigen::Vector3d d = molecule[t.i].position - molecule[t.j].position;
      const double r = d.norm(), x = r - t.r0;
      const double first = t.k * x + 3.0 * t.c * x * x, second = t.k + 6.0 * t.c * x;
      const Eigen::Vector3d u = d / r;
      const Eigen::Matrix3d block =
          second * u * u.transpose() + (first / r) * (Eigen::Matrix3d::Identity() - u * u.transpose());
      h.block<3, 3>(3 * t.i, 3 * t.i) += block;
      h.block<3, 3>(3 * t.j, 3 * t.j) += block;
      h.block<3, 3>(3 * t.i, 3 * t.j) -= block;
      h.block<3, 3>(3 * t.j, 3 * t.i) -= block;
    }
    return h;
  }

  int evaluations = 0;

 private:
  std::vector<PairTerm> terms_;
};

}  // namespace atropos::testing
