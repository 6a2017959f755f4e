#include "geometry/point_group.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "geometry/spatial_hash.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

constexpr double kParallel = 0.9986;      // |cos| above: same direction (3 degrees)
constexpr double kPerpendicular = 0.0523; // |cos| below: perpendicular (within 3 degrees)
constexpr int kMaxAxisOrder = 12;
constexpr std::size_t kCandidateBudget = 1500;

using Op = SymmetryOperation;

class Frame {
 public:
  Frame(const Molecule& m, double tol) : tol_(tol), hash_(centred(m, centroid_), tol) {
    for (const auto& atom : m.atoms()) Z_.push_back(atom.Z);
  }
  const Eigen::Vector3d& centroid() const { return centroid_; }
  const std::vector<Eigen::Vector3d>& r() const { return hash_.points(); }
  const std::vector<int>& Z() const { return Z_; }
  double tol() const { return tol_; }

  // The atom permutation realised by `op`, if every atom lands within tol of a same-element atom.
  std::optional<std::vector<int>> permutation(const Eigen::Matrix3d& op) const {
    const std::size_t n = Z_.size();
    std::vector<int> perm(n, -1);
    std::vector<char> used(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const int j = hash_.nearest_within(op * r()[i], tol_, [&](int k) { return Z_[k] == Z_[i] && !used[k]; });
      if (j < 0) return std::nullopt;
      used[j] = 1;
      perm[i] = j;
    }
    return perm;
  }

 private:
  static std::vector<Eigen::Vector3d> centred(const Molecule& m, Eigen::Vector3d& c) {
    c.setZero();
    for (const auto& atom : m.atoms()) c += atom.position;
    if (m.size()) c /= double(m.size());
    std::vector<Eigen::Vector3d> r;
    for (const auto& atom : m.atoms()) r.push_back(atom.position - c);
    return r;
  }
  double tol_;
  Eigen::Vector3d centroid_;
  SpatialHash hash_;
  std::vector<int> Z_;
};

Eigen::Matrix3d rotation(const Eigen::Vector3d& axis, int n) {
  return Eigen::AngleAxisd(2.0 * M_PI / n, axis).toRotationMatrix();
}
Eigen::Matrix3d reflection(const Eigen::Vector3d& normal) {
  return Eigen::Matrix3d::Identity() - 2.0 * normal * normal.transpose();
}

// Unit directions without duplicates (up to sign).
class Directions {
 public:
  void add(const Eigen::Vector3d& v) {
    const double norm = v.norm();
    if (norm < 1e-8) return;
    const Eigen::Vector3d u = v / norm;
    for (const auto& d : list_)
      if (std::abs(d.dot(u)) > 0.99999) return;
    list_.push_back(u);
  }
  const std::vector<Eigen::Vector3d>& list() const { return list_; }
  std::size_t size() const { return list_.size(); }

 private:
  std::vector<Eigen::Vector3d> list_;
};

// Groups of atoms that may be symmetry-equivalent: same element, equal distance from the
// centroid and equal mean distance to all atoms (both invariant under every symmetry operation).
std::vector<std::vector<int>> possible_equivalence_classes(const Frame& f) {
  const std::size_t n = f.Z().size();
  std::vector<double> radius(n), mean_distance(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    radius[i] = f.r()[i].norm();
    for (std::size_t j = 0; j < n; ++j) mean_distance[i] += (f.r()[i] - f.r()[j]).norm();
    mean_distance[i] /= double(n);
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return f.Z()[a] != f.Z()[b] ? f.Z()[a] < f.Z()[b] : radius[a] < radius[b];
  });
  std::vector<std::vector<int>> by_radius;
  for (std::size_t k = 0; k < n; ++k) {
    const int i = order[k];
    if (k == 0 || f.Z()[i] != f.Z()[order[k - 1]] || radius[i] - radius[order[k - 1]] > f.tol())
      by_radius.emplace_back();
    by_radius.back().push_back(i);
  }
  std::vector<std::vector<int>> classes;
  for (auto& group : by_radius) {
    std::sort(group.begin(), group.end(), [&](int a, int b) { return mean_distance[a] < mean_distance[b]; });
    for (std::size_t k = 0; k < group.size(); ++k) {
      if (k == 0 || mean_distance[group[k]] - mean_distance[group[k - 1]] > 2.0 * f.tol()) classes.emplace_back();
      classes.back().push_back(group[k]);
    }
  }
  std::stable_sort(classes.begin(), classes.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  return classes;
}

struct Axis {
  Eigen::Vector3d direction;
  int order;
};

std::string label_for(const std::vector<Axis>& axes, const std::vector<Op>& mirrors, bool inversion,
                      const std::vector<Op>& impropers) {
  if (axes.empty()) return !mirrors.empty() ? "Cs" : inversion ? "Ci" : "C1";
  int high_axes = 0;
  bool five = false, four = false;
  for (const auto& a : axes) {
    high_axes += a.order >= 3;
    five |= a.order == 5;
    four |= a.order == 4;
  }
  if (high_axes >= 2) {  // cubic groups
    if (five) return inversion ? "Ih" : "I";
    if (four) return inversion ? "Oh" : "O";
    if (inversion) return "Th";
    return mirrors.empty() ? "T" : "Td";
  }
  // Main axis: highest order; among equals prefer one carrying an S2n (the S4 axis of D2d).
  auto has_improper = [&](const Axis& a) {
    for (const auto& s : impropers)
      if (std::abs(s.axis.dot(a.direction)) > kParallel) return true;
    return false;
  };
  const Axis* main = &axes[0];
  for (const auto& a : axes)
    if (a.order > main->order || (a.order == main->order && has_improper(a) && !has_improper(*main))) main = &a;
  const int n = main->order;
  int perpendicular_c2 = 0;
  for (const auto& a : axes)
    if (&a != main && a.order == 2 && std::abs(a.direction.dot(main->direction)) < kPerpendicular) ++perpendicular_c2;
  bool sigma_h = false;
  int sigma_v = 0;
  for (const auto& m : mirrors) {
    const double c = std::abs(m.axis.dot(main->direction));
    sigma_h |= c > kParallel;
    sigma_v += c < kPerpendicular;
  }
  const std::string order = std::to_string(n);
  if (perpendicular_c2 > 0) return "D" + order + (sigma_h ? "h" : sigma_v > 0 ? "d" : "");
  if (sigma_h) return "C" + order + "h";
  if (sigma_v > 0) return "C" + order + "v";
  if (has_improper(*main)) return "S" + std::to_string(2 * n);
  return "C" + order;
}

}  // namespace

PointGroup detect_point_group(const Molecule& molecule, double tolerance_angstrom) {
  const double tol = tolerance_angstrom * units::angstrom_in_bohr;
  PointGroup group;
  if (molecule.size() == 0) {
    group.label = "C1";
    return group;
  }
  const Frame f(molecule, tol);
  group.centroid = f.centroid();
  const std::size_t n = molecule.size();

  auto try_op = [&](Op::Kind kind, int order, const Eigen::Vector3d& axis, const Eigen::Matrix3d& matrix) {
    auto perm = f.permutation(matrix);
    if (!perm) return false;
    group.operations.push_back(Op{kind, order, axis, matrix, std::move(*perm)});
    return true;
  };
  const bool inversion = try_op(Op::Kind::inversion, 2, Eigen::Vector3d::Zero(), -Eigen::Matrix3d::Identity());

  Eigen::Matrix3d second_moment = Eigen::Matrix3d::Zero();
  for (const auto& r : f.r()) second_moment += r * r.transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> principal(second_moment);

  // Linear (or a single atom): every atom within tol of the line of the largest moment.
  const Eigen::Vector3d line = principal.eigenvectors().col(2);
  bool linear = true;
  for (const auto& r : f.r()) linear &= (r - r.dot(line) * line).norm() <= tol;
  if (linear) {
    if (n == 1) {
      group.label = "Kh";
      group.chiral = false;
      return group;
    }
    group.label = inversion ? "D*h" : "C*v";
    group.chiral = false;
    return group;
  }

  // Candidate rotation axes and mirror normals.
  Directions axes_to_try, normals_to_try;
  for (int k = 0; k < 3; ++k) {
    axes_to_try.add(principal.eigenvectors().col(k));
    normals_to_try.add(principal.eigenvectors().col(k));
  }
  const auto classes = possible_equivalence_classes(f);
  std::size_t largest_class = 1;
  for (const auto& c : classes) largest_class = std::max(largest_class, c.size());
  // Smallest classes first: they give the fewest, most telling candidates; the budget bounds the
  // work for large clusters where the first classes already hold every symmetry element.
  for (const auto& c : classes) {
    if (axes_to_try.size() + normals_to_try.size() > kCandidateBudget) break;
    for (std::size_t x = 0; x < c.size(); ++x) {
      const Eigen::Vector3d& ri = f.r()[c[x]];
      if (ri.norm() > tol) axes_to_try.add(ri);
      for (std::size_t y = x + 1; y < c.size(); ++y) {
        const Eigen::Vector3d& rj = f.r()[c[y]];
        const Eigen::Vector3d mid = 0.5 * (ri + rj);
        if (mid.norm() > tol) axes_to_try.add(mid);
        axes_to_try.add(ri.cross(rj));
        normals_to_try.add(ri - rj);
        if (c.size() > 60) continue;  // equilateral triples only for small classes
        for (std::size_t z = y + 1; z < c.size(); ++z) {
          const Eigen::Vector3d& rk = f.r()[c[z]];
          const double dij = (ri - rj).norm(), dik = (ri - rk).norm(), djk = (rj - rk).norm();
          if (std::abs(dij - dik) < 2 * tol || std::abs(dij - djk) < 2 * tol || std::abs(dik - djk) < 2 * tol)
            axes_to_try.add((rj - ri).cross(rk - ri));
        }
      }
    }
  }

  std::vector<Axis> axes;
  const int max_order = std::min<int>(kMaxAxisOrder, static_cast<int>(largest_class));
  for (const auto& u : axes_to_try.list()) {
    bool known = false;
    for (const auto& a : axes) known |= std::abs(a.direction.dot(u)) > kParallel;
    if (known) continue;
    for (int order = max_order; order >= 2; --order)
      if (try_op(Op::Kind::rotation, order, u, rotation(u, order))) {
        axes.push_back({u, order});
        normals_to_try.add(u);
        break;
      }
  }
  std::vector<Op> mirrors, impropers;
  for (const auto& u : normals_to_try.list()) {
    bool known = false;
    for (const auto& m : mirrors) known |= std::abs(m.axis.dot(u)) > kParallel;
    if (!known && try_op(Op::Kind::reflection, 2, u, reflection(u))) mirrors.push_back(group.operations.back());
  }
  for (const auto& a : axes)
    if (try_op(Op::Kind::improper_rotation, 2 * a.order, a.direction,
               reflection(a.direction) * rotation(a.direction, 2 * a.order)))
      impropers.push_back(group.operations.back());
  group.label = label_for(axes, mirrors, inversion, impropers);
  group.chiral = !inversion && mirrors.empty() && impropers.empty();
  return group;
}

std::vector<int> equivalent_atoms(const PointGroup& group, std::size_t natoms, bool proper_only) {
  std::vector<int> parent(natoms);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& op : group.operations) {
    if (proper_only && !op.proper()) continue;
    if (op.permutation.size() != natoms) continue;
    for (std::size_t i = 0; i < natoms; ++i) parent[find(static_cast<int>(i))] = find(op.permutation[i]);
  }
  std::vector<int> orbit(natoms);
  for (std::size_t i = 0; i < natoms; ++i) orbit[i] = find(static_cast<int>(i));
  return orbit;
}

}  // namespace atropos
