#include "drivers/optimize/model_hessian.hpp"

#include <Eigen/Geometry>
#include <cmath>
#include <vector>

namespace atropos {

namespace {

// Lindh et al. (1995), Table 1: k constants and the alpha / r_ref (bohr) tables by period row.
constexpr double kBond = 0.45, kBend = 0.15, kTorsion = 0.005;
constexpr double kAlpha[3][3] = {{1.0000, 0.3949, 0.3949}, {0.3949, 0.2800, 0.2800}, {0.3949, 0.2800, 0.2800}};
constexpr double kRref[3][3] = {{1.35, 2.10, 2.53}, {2.10, 2.87, 3.40}, {2.53, 3.40, 3.40}};
// Not Lindh's: guesses for coordinates his model has no term for.
constexpr double kOutOfPlane = 0.05, kCartesian = 0.05;
constexpr double kSmallTerm = 1e-6;  // Eh/bohr^2 (or Eh/rad^2): terms below are left out

int period_row(int Z) { return Z <= 2 ? 0 : (Z <= 10 ? 1 : 2); }

}  // namespace

double lindh_rho(int Za, int Zb, double r) {
  const int a = period_row(Za), b = period_row(Zb);
  return std::exp(kAlpha[a][b] * (kRref[a][b] * kRref[a][b] - r * r));
}

Eigen::MatrixXd model_hessian(const CoordinateSet& coordinates, const Molecule& molecule) {
  if (coordinates.is_cartesian()) return lindh_cartesian_hessian(molecule);
  const Eigen::MatrixX3d x = molecule.positions();
  const auto rho = [&](int i, int j) { return lindh_rho(molecule[i].Z, molecule[j].Z, (x.row(i) - x.row(j)).norm()); };
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(coordinates.size(), coordinates.size());
  for (int i = 0; i < coordinates.size(); ++i) {
    const Primitive& p = coordinates.primitives()[i];
    const auto& at = p.atoms;
    double k = 0.0;
    switch (p.kind) {
      case Primitive::Kind::distance: k = kBond * rho(at[0], at[1]); break;
      case Primitive::Kind::angle:
      case Primitive::Kind::linear_bend: k = kBend * rho(at[0], at[1]) * rho(at[1], at[2]); break;
      case Primitive::Kind::dihedral: k = kTorsion * rho(at[0], at[1]) * rho(at[1], at[2]) * rho(at[2], at[3]); break;
      case Primitive::Kind::out_of_plane: k = kOutOfPlane * rho(at[0], at[1]) * rho(at[0], at[2]) * rho(at[0], at[3]); break;
      case Primitive::Kind::cartesian: k = kCartesian; break;
    }
    // Long inter-fragment contacts give tiny rho: keep a floor so the model stays positive definite.
    h(i, i) = std::max(k, kSmallTerm);
  }
  return h;
}

Eigen::MatrixXd lindh_cartesian_hessian(const Molecule& molecule) {
  const int n = static_cast<int>(molecule.size());
  const Eigen::MatrixX3d x = molecule.positions();
  Eigen::MatrixXd rho(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      rho(i, j) = i == j ? 0.0 : lindh_rho(molecule[i].Z, molecule[j].Z, (x.row(i) - x.row(j)).norm());
  // Partners worth a bend or torsion term: rho above the smallest useful size.
  std::vector<std::vector<int>> partners(n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (i != j && rho(i, j) > 1e-4) partners[i].push_back(j);

  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(3 * n, 3 * n);
  Eigen::RowVectorXd row(3 * n);
  const auto add_term = [&](const Primitive& p, double k) {
    row.setZero();
    try {
      primitive_derivative(p, x, row);
    } catch (const std::runtime_error&) {
      return;  // ill-defined at this geometry (collinear atoms): no term
    }
    for (int a = 0; a < p.atom_count(); ++a)
      for (int b = 0; b < p.atom_count(); ++b)
        h.block<3, 3>(3 * p.atoms[a], 3 * p.atoms[b]) +=
            k * row.segment<3>(3 * p.atoms[a]).transpose() * row.segment<3>(3 * p.atoms[b]);
  };
  const auto bend_ok = [&](int a, int b, int c) {
    const Eigen::Vector3d u = (x.row(a) - x.row(b)).transpose().normalized();
    const Eigen::Vector3d v = (x.row(c) - x.row(b)).transpose().normalized();
    return u.cross(v).norm() > 0.05;  // ~3 degrees from linear
  };
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j)
      if (kBond * rho(i, j) > kSmallTerm) add_term(Primitive::distance(i, j), kBond * rho(i, j));
  for (int j = 0; j < n; ++j)
    for (int i : partners[j])
      for (int k : partners[j])
        if (i < k && kBend * rho(i, j) * rho(j, k) > kSmallTerm && bend_ok(i, j, k))
          add_term(Primitive::angle(i, j, k), kBend * rho(i, j) * rho(j, k));
  for (int j = 0; j < n; ++j)
    for (int k : partners[j]) {
      if (k <= j) continue;  // each central pair once
      for (int i : partners[j]) {
        if (i == k || !bend_ok(i, j, k)) continue;
        for (int l : partners[k]) {
          if (l == j || l == i || !bend_ok(j, k, l)) continue;
          const double force = kTorsion * rho(i, j) * rho(j, k) * rho(k, l);
          if (force > kSmallTerm) add_term(Primitive::dihedral(i, j, k, l), force);
        }
      }
    }
  return 0.5 * (h + h.transpose());
}

}  // namespace atropos
