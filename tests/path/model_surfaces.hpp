#pragma once
// Model potential-energy surfaces with saddle points known exactly, for testing the band.
//
// TorsionModel: H-O-O-H with harmonic bonds and angles at their values in a reference geometry and
// a torsion term V(phi) = c1 cos(phi) + c2 cos(2 phi) with c1 = -4 c2 cos(phi0), whose minima are
// +-phi0 (the reference dihedral) and whose maxima are the planar trans (phi = 180) and cis
// (phi = 0) structures. The reference geometry and its mirror image are exact minima with the same
// energy; trans planar with bonds and angles at their reference values is an exact first-order
// saddle point of energy V(180) = -c1 + c2: a symmetric double well, exact barrier
// V(180) - V(phi0). Invariant under rotation, translation and reflection (V depends on cos phi).
//
// MullerBrown: the Mueller-Brown surface (K. Mueller, L. D. Brown, Theor. Chim. Acta 53, 75
// (1979)) scaled by 1e-3 Eh for one atom in the xy plane (coordinates taken as bohr), plus a
// harmonic 0.5 z^2 term. Asymmetric: three minima, two saddles. Not rotation invariant (turn the
// NEB's rigid-motion projection off).

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <Eigen/LU>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "drivers/energy_surface.hpp"

namespace atropos::testing {

inline double dihedral_cosine(const Eigen::MatrixX3d& r, int i, int j, int k, int l) {
  const Eigen::Vector3d b1 = r.row(j) - r.row(i), b2 = r.row(k) - r.row(j), b3 = r.row(l) - r.row(k);
  const Eigen::Vector3d m = b1.cross(b2), n = b2.cross(b3);
  return m.dot(n) / (m.norm() * n.norm());
}

inline double bond_angle(const Eigen::MatrixX3d& r, int i, int j, int k) {
  const Eigen::Vector3d u = r.row(i) - r.row(j), v = r.row(k) - r.row(j);
  return std::acos(std::clamp(u.dot(v) / (u.norm() * v.norm()), -1.0, 1.0));
}

class TorsionModel : public EnergySurface {
 public:
  // Atom order O1 O2 H1 H2 (H1 on O1, H2 on O2), as in tests/data/reference/molecules/h2o2_P.xyz.
  explicit TorsionModel(const Molecule& reference, double c2 = 0.002, double k_bond = 0.3, double k_angle = 0.1)
      : c2_(c2), k_bond_(k_bond), k_angle_(k_angle) {
    const Eigen::MatrixX3d r = reference.positions();
    r_oo_ = (r.row(0) - r.row(1)).norm();
    r_oh1_ = (r.row(2) - r.row(0)).norm();
    r_oh2_ = (r.row(3) - r.row(1)).norm();
    angle1_ = bond_angle(r, 2, 0, 1);
    angle2_ = bond_angle(r, 0, 1, 3);
    c1_ = -4.0 * c2_ * dihedral_cosine(r, 2, 0, 1, 3);
  }

  double torsion(double cos_phi) const { return c1_ * cos_phi + c2_ * (2.0 * cos_phi * cos_phi - 1.0); }
  double minimum_energy() const { return -c1_ * c1_ / (8.0 * c2_) - c2_; }  // V at cos phi = -c1/(4 c2)
  double trans_energy() const { return torsion(-1.0); }
  double cis_energy() const { return torsion(1.0); }

  SurfacePoint evaluate(const Molecule& molecule) override {
    ++evaluations;
    const Eigen::MatrixX3d r = molecule.positions();
    SurfacePoint p;
    p.gradient = Eigen::MatrixX3d::Zero(4, 3);
    bond(r, 0, 1, r_oo_, p);
    bond(r, 0, 2, r_oh1_, p);
    bond(r, 1, 3, r_oh2_, p);
    angle(r, 2, 0, 1, angle1_, p);
    angle(r, 0, 1, 3, angle2_, p);
    dihedral(r, 2, 0, 1, 3, p);
    return p;
  }

  int evaluations = 0;

 private:
  void bond(const Eigen::MatrixX3d& r, int i, int j, double r0, SurfacePoint& p) const {
    const Eigen::RowVector3d v = r.row(i) - r.row(j);
    const double d = v.norm();
    p.energy += k_bond_ * (d - r0) * (d - r0);
    const Eigen::RowVector3d g = 2.0 * k_bond_ * (d - r0) / d * v;
    p.gradient.row(i) += g;
    p.gradient.row(j) -= g;
  }
  void angle(const Eigen::MatrixX3d& r, int i, int j, int k, double theta0, SurfacePoint& p) const {
    const Eigen::Vector3d u = r.row(i) - r.row(j), v = r.row(k) - r.row(j);
    const double nu = u.norm(), nv = v.norm(), c = u.dot(v) / (nu * nv);
    const double theta = std::acos(c);
    p.energy += k_angle_ * (theta - theta0) * (theta - theta0);
    const double de_dc = 2.0 * k_angle_ * (theta - theta0) * (-1.0 / std::sqrt(1.0 - c * c));
    const Eigen::Vector3d dc_du = v / (nu * nv) - c * u / (nu * nu);
    const Eigen::Vector3d dc_dv = u / (nu * nv) - c * v / (nv * nv);
    p.gradient.row(i) += de_dc * dc_du.transpose();
    p.gradient.row(k) += de_dc * dc_dv.transpose();
    p.gradient.row(j) -= de_dc * (dc_du + dc_dv).transpose();
  }
  void dihedral(const Eigen::MatrixX3d& r, int i, int j, int k, int l, SurfacePoint& p) const {
    const Eigen::Vector3d b1 = r.row(j) - r.row(i), b2 = r.row(k) - r.row(j), b3 = r.row(l) - r.row(k);
    const Eigen::Vector3d m = b1.cross(b2), n = b2.cross(b3);
    const double nm = m.norm(), nn = n.norm(), c = m.dot(n) / (nm * nn);
    p.energy += torsion(c);
    const double de_dc = c1_ + 4.0 * c2_ * c;
    const Eigen::Vector3d dc_dm = n / (nm * nn) - c * m / (nm * nm);
    const Eigen::Vector3d dc_dn = m / (nm * nn) - c * n / (nn * nn);
    // u.(b1 x b2): d/db1 = b2 x u, d/db2 = u x b1; w.(b2 x b3): d/db2 = b3 x w, d/db3 = w x b2.
    const Eigen::Vector3d g1 = de_dc * b2.cross(dc_dm);
    const Eigen::Vector3d g2 = de_dc * (dc_dm.cross(b1) + b3.cross(dc_dn));
    const Eigen::Vector3d g3 = de_dc * dc_dn.cross(b2);
    p.gradient.row(i) -= g1.transpose();
    p.gradient.row(j) += (g1 - g2).transpose();
    p.gradient.row(k) += (g2 - g3).transpose();
    p.gradient.row(l) += g3.transpose();
  }

  double c1_ = 0.0, c2_, k_bond_, k_angle_;
  double r_oo_ = 0.0, r_oh1_ = 0.0, r_oh2_ = 0.0, angle1_ = 0.0, angle2_ = 0.0;
};

class MullerBrown : public EnergySurface {
 public:
  static constexpr double kScale = 1e-3;  // Eh per Mueller-Brown unit

  // Value, gradient and Hessian in the plane (Mueller-Brown units, scaled).
  static double value(const Eigen::Vector2d& q, Eigen::Vector2d* gradient = nullptr, Eigen::Matrix2d* hessian = nullptr) {
    static constexpr std::array<double, 4> A{-200, -100, -170, 15}, a{-1, -1, -6.5, 0.7}, b{0, 0, 11, 0.6},
        c{-10, -10, -6.5, 0.7}, x0{1, 0, -0.5, -1}, y0{0, 0.5, 1.5, 1};
    double e = 0.0;
    Eigen::Vector2d g = Eigen::Vector2d::Zero();
    Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
    for (int k = 0; k < 4; ++k) {
      const double dx = q.x() - x0[k], dy = q.y() - y0[k];
      const double t = A[k] * std::exp(a[k] * dx * dx + b[k] * dx * dy + c[k] * dy * dy);
      const double ex = 2 * a[k] * dx + b[k] * dy, ey = b[k] * dx + 2 * c[k] * dy;
      e += t;
      g += t * Eigen::Vector2d(ex, ey);
      h(0, 0) += t * (ex * ex + 2 * a[k]);
      h(1, 1) += t * (ey * ey + 2 * c[k]);
      h(0, 1) += t * (ex * ey + b[k]);
    }
    h(1, 0) = h(0, 1);
    if (gradient) *gradient = kScale * g;
    if (hessian) *hessian = kScale * h;
    return kScale * e;
  }

  // Newton iteration to the stationary point near `guess` (minimum or saddle alike).
  static Eigen::Vector2d stationary_point(Eigen::Vector2d q) {
    for (int it = 0; it < 100; ++it) {
      Eigen::Vector2d g;
      Eigen::Matrix2d h;
      value(q, &g, &h);
      const Eigen::Vector2d step = h.lu().solve(g);
      q -= step;
      if (step.norm() < 1e-15) break;
    }
    return q;
  }

  SurfacePoint evaluate(const Molecule& molecule) override {
    ++evaluations;
    const Eigen::Vector3d r = molecule[0].position;
    Eigen::Vector2d g;
    SurfacePoint p;
    p.energy = value(r.head<2>(), &g) + 0.5 * r.z() * r.z();
    p.gradient = Eigen::MatrixX3d(1, 3);
    p.gradient << g.x(), g.y(), r.z();
    return p;
  }

  int evaluations = 0;
};

}  // namespace atropos::testing
