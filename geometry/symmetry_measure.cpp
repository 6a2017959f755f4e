#include "geometry/symmetry_measure.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <cmath>
#include <limits>
#include <map>

#include "geometry/hungarian.hpp"

namespace atropos {

namespace {

struct Shape {
  Eigen::MatrixX3d q;  // centred positions
  double norm = 0.0;   // sum |q_i|^2
  std::vector<std::vector<int>> elements;  // atom indices per element
  Eigen::Vector3d centroid;
};

Shape make_shape(const Molecule& m) {
  Shape s;
  s.q = m.positions();
  s.centroid = s.q.rows() ? Eigen::Vector3d(s.q.colwise().mean().transpose()) : Eigen::Vector3d::Zero();
  s.q.rowwise() -= s.centroid.transpose();
  s.norm = s.q.rowwise().squaredNorm().sum();
  std::map<int, std::vector<int>> by_element;
  for (std::size_t i = 0; i < m.size(); ++i) by_element[m[i].Z].push_back(static_cast<int>(i));
  for (auto& entry : by_element) s.elements.push_back(std::move(entry.second));
  return s;
}

// A symmetry of order n about/along unit vector u: mirror (n = 2) or rotation by 2 pi / n.
struct Family {
  int order;
  bool mirror;
  Eigen::Matrix3d matrix(const Eigen::Vector3d& u) const {
    if (mirror) return Eigen::Matrix3d::Identity() - 2.0 * u * u.transpose();
    return Eigen::AngleAxisd(2.0 * M_PI / order, u).toRotationMatrix();
  }
};

// Turns any permutation into one whose cycles have length `order` or 1 by cutting longer or
// shorter cycles into consecutive runs of `order` (leftovers become fixed points).
std::vector<int> valid_cycles(const std::vector<int>& perm, int order) {
  const std::size_t n = perm.size();
  std::vector<int> result(n);
  std::vector<char> seen(n, 0);
  for (std::size_t start = 0; start < n; ++start) {
    if (seen[start]) continue;
    std::vector<int> cycle;
    for (int i = static_cast<int>(start); !seen[i]; i = perm[i]) {
      seen[i] = 1;
      cycle.push_back(i);
    }
    std::size_t k = 0;
    for (; k + order <= cycle.size(); k += order)
      for (int j = 0; j < order; ++j) result[cycle[k + j]] = cycle[k + (j + 1) % order];
    for (; k < cycle.size(); ++k) result[cycle[k]] = cycle[k];
  }
  return result;
}

// P_i = (1/n) sum_k G^-k q_{perm^k(i)}: exactly symmetric when perm has valid cycles.
Eigen::MatrixX3d symmetrise(const Shape& s, const Family& family, const Eigen::Vector3d& u,
                            const std::vector<int>& perm) {
  const Eigen::Matrix3d g = family.matrix(u);
  Eigen::MatrixX3d p = Eigen::MatrixX3d::Zero(s.q.rows(), 3);
  for (Eigen::Index i = 0; i < s.q.rows(); ++i) {
    Eigen::Matrix3d g_inverse_power = Eigen::Matrix3d::Identity();
    int j = static_cast<int>(i);
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    for (int k = 0; k < family.order; ++k) {
      sum += g_inverse_power * s.q.row(j).transpose();
      g_inverse_power = g_inverse_power * g.transpose();
      j = perm[j];
    }
    p.row(i) = (sum / family.order).transpose();
  }
  return p;
}

double value(const Shape& s, const Family& family, const Eigen::Vector3d& u, const std::vector<int>& perm) {
  if (s.norm == 0.0) return 0.0;
  return 100.0 * (s.q - symmetrise(s, family, u, perm)).rowwise().squaredNorm().sum() / s.norm;
}

std::vector<int> best_pairing(const Shape& s, const Family& family, const Eigen::Vector3d& u) {
  const Eigen::MatrixX3d moved = s.q * family.matrix(u).transpose();
  return valid_cycles(match_points_within_classes(moved, s.elements, s.q, s.elements), family.order);
}

// The best direction for a fixed pairing.
Eigen::Vector3d best_direction(const Shape& s, const Family& family, Eigen::Vector3d u, const std::vector<int>& perm) {
  if (family.mirror) {
    // sum |q_i - sigma q_perm(i)|^2 = const + 4 u^T A u with A = sym(sum q_i q_perm(i)^T).
    Eigen::Matrix3d a = Eigen::Matrix3d::Zero();
    for (Eigen::Index i = 0; i < s.q.rows(); ++i) a += s.q.row(i).transpose() * s.q.row(perm[i]);
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(0.5 * (a + a.transpose()));
    return solver.eigenvectors().col(0);
  }
  // Rotations: pattern search on the sphere with a shrinking step (radians).
  double current = value(s, family, u, perm);
  for (double step = 0.2; step > 1e-7;) {
    Eigen::Vector3d e1 = u.unitOrthogonal(), e2 = u.cross(e1);
    bool improved = false;
    for (const Eigen::Vector3d& e : {e1, Eigen::Vector3d(-e1), e2, Eigen::Vector3d(-e2)}) {
      const Eigen::Vector3d trial = (u + step * e).normalized();
      const double v = value(s, family, trial, perm);
      if (v < current - 1e-14) {
        current = v;
        u = trial;
        improved = true;
        break;
      }
    }
    if (!improved) step *= 0.5;
  }
  return u;
}

SymmetryMeasure measure(const Molecule& molecule, const Family& family) {
  SymmetryMeasure result;
  result.direction = Eigen::Vector3d::UnitZ();
  result.nearest_symmetric = molecule;
  const Shape s = make_shape(molecule);
  if (molecule.size() < 2 || s.norm == 0.0) return result;

  // Starts: principal axes and the 13 cube directions (faces, edges, vertices) in the principal
  // frame, so the result does not depend on the orientation of the input.
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> principal(s.q.transpose() * s.q);
  const Eigen::Matrix3d frame = principal.eigenvectors();
  std::vector<Eigen::Vector3d> starts;
  for (int x = -1; x <= 1; ++x)
    for (int y = -1; y <= 1; ++y)
      for (int z = 0; z <= 1; ++z) {
        if (z == 0 && (y < 0 || (y == 0 && x <= 0))) continue;  // one of each +-pair
        starts.push_back((frame * Eigen::Vector3d(x, y, z)).normalized());
      }

  double best = std::numeric_limits<double>::infinity();
  std::vector<int> best_perm;
  for (Eigen::Vector3d u : starts) {
    std::vector<int> perm = best_pairing(s, family, u);
    double current = value(s, family, u, perm);
    for (int iteration = 0; iteration < 30; ++iteration) {
      u = best_direction(s, family, u, perm);  // never raises the value for this pairing
      std::vector<int> next = best_pairing(s, family, u);
      const double kept = value(s, family, u, perm), changed = value(s, family, u, next);
      if (changed < kept) perm = std::move(next);
      const double v = std::min(kept, changed);
      const bool converged = v >= current - 1e-12;
      current = std::min(current, v);
      if (converged) break;
    }
    if (current < best) {
      best = current;
      best_perm = perm;
      result.direction = u;
    }
  }
  result.value = best;
  Eigen::MatrixX3d p = symmetrise(s, family, result.direction, best_perm);
  p.rowwise() += s.centroid.transpose();
  result.nearest_symmetric = molecule.with_positions(p);
  return result;
}

}  // namespace

SymmetryMeasure measure_mirror_symmetry(const Molecule& molecule) { return measure(molecule, {2, true}); }

SymmetryMeasure measure_c3_symmetry(const Molecule& molecule) { return measure(molecule, {3, false}); }

}  // namespace atropos
