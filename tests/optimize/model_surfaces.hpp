#pragma once
// Model potential-energy surfaces for the optimiser tests: sums of one-dimensional potentials of
// primitive internal coordinates (harmonic, Morse, cosine torsion, torsional double well), with
// analytic gradients through the primitives' B rows (which test_coordinates checks against finite
// differences). Their minima and saddle points are known in closed form.

#include <cmath>
#include <functional>
#include <utility>
#include <vector>

#include "drivers/energy_surface.hpp"
#include "drivers/optimize/primitive.hpp"

namespace atropos::testing {

// Value and first derivative of a one-dimensional potential.
using Potential = std::function<std::pair<double, double>(double)>;

inline Potential harmonic(double k, double q0, bool periodic = false) {
  return [=](double q) {
    const double d = periodic ? wrap_angle(q - q0) : q - q0;
    return std::make_pair(0.5 * k * d * d, k * d);
  };
}

// D (1 - exp(-a (r - re)))^2
inline Potential morse(double depth, double a, double re) {
  return [=](double r) {
    const double e = std::exp(-a * (r - re));
    return std::make_pair(depth * (1.0 - e) * (1.0 - e), 2.0 * depth * a * e * (1.0 - e));
  };
}

// k (1 - cos(phi - phi0)): minimum at phi0.
inline Potential cosine_torsion(double k, double phi0) {
  return [=](double phi) { return std::make_pair(k * (1.0 - std::cos(phi - phi0)), k * std::sin(phi - phi0)); };
}

// V0 (cos phi - cos phi0)^2: minima at +-phi0, maxima at 0 and pi (V0 (1 + cos phi0)^2 at pi).
inline Potential double_well(double v0, double phi0) {
  return [=](double phi) {
    const double d = std::cos(phi) - std::cos(phi0);
    return std::make_pair(v0 * d * d, -2.0 * v0 * d * std::sin(phi));
  };
}

class TermSurface : public EnergySurface {
 public:
  void add(const Primitive& p, Potential v) { terms_.emplace_back(p, std::move(v)); }

  SurfacePoint evaluate(const Molecule& molecule) override {
    ++evaluations;
    const Eigen::MatrixX3d x = molecule.positions();
    SurfacePoint point;
    point.gradient = Eigen::MatrixX3d::Zero(x.rows(), 3);
    Eigen::RowVectorXd row(3 * x.rows());
    for (const auto& [p, v] : terms_) {
      const auto [value, slope] = v(primitive_value(p, x));
      point.energy += value;
      row.setZero();
      primitive_derivative(p, x, row);
      for (Eigen::Index i = 0; i < x.rows(); ++i) point.gradient.row(i) += slope * row.segment<3>(3 * i);
    }
    return point;
  }

  int evaluations = 0;

 private:
  std::vector<std::pair<Primitive, Potential>> terms_;
};

// Central finite differences of the gradient: the Cartesian Hessian (3N x 3N), symmetrised.
inline Eigen::MatrixXd finite_difference_hessian(EnergySurface& surface, const Molecule& molecule, double h = 1e-4) {
  const Eigen::MatrixX3d x = molecule.positions();
  const Eigen::Index n3 = 3 * x.rows();
  Eigen::MatrixXd hessian(n3, n3);
  for (Eigen::Index c = 0; c < n3; ++c) {
    Eigen::MatrixX3d plus = x, minus = x;
    plus(c / 3, c % 3) += h;
    minus(c / 3, c % 3) -= h;
    const Eigen::MatrixX3d gp = surface.evaluate(molecule.with_positions(plus)).gradient;
    const Eigen::MatrixX3d gm = surface.evaluate(molecule.with_positions(minus)).gradient;
    for (Eigen::Index r = 0; r < n3; ++r) hessian(r, c) = (gp(r / 3, r % 3) - gm(r / 3, r % 3)) / (2.0 * h);
  }
  return 0.5 * (hessian + hessian.transpose());
}

}  // namespace atropos::testing
