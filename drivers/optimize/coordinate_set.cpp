#include "drivers/optimize/coordinate_set.hpp"

#include <Eigen/Geometry>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;

double bend_degrees(const Eigen::MatrixX3d& x, int a, int b, int c) {
  const Eigen::Vector3d u = (x.row(a) - x.row(b)).transpose();
  const Eigen::Vector3d v = (x.row(c) - x.row(b)).transpose();
  return std::atan2(u.cross(v).norm(), u.dot(v)) * 180.0 / kPi;
}

// A unit vector perpendicular to `axis`, from the Cartesian axis least parallel to it.
Eigen::Vector3d perpendicular(const Eigen::Vector3d& axis) {
  Eigen::Index smallest = 0;
  axis.cwiseAbs().minCoeff(&smallest);
  Eigen::Vector3d e = Eigen::Vector3d::Zero();
  e(smallest) = 1.0;
  return (e - axis * axis.dot(e)).normalized();
}

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(int n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int root(int i) { return parent[i] == i ? i : parent[i] = root(parent[i]); }
  void join(int a, int b) { parent[root(a)] = root(b); }
};

void add_unique(std::vector<Primitive>& list, const Primitive& p) {
  for (const Primitive& q : list)
    if (q.same_as(p)) return;
  list.push_back(p);
}

}  // namespace

Eigen::MatrixXd b_pseudo_inverse(const Eigen::MatrixXd& b, double threshold) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(b.transpose() * b);
  const Eigen::VectorXd& w = eig.eigenvalues();
  Eigen::VectorXd inverse = Eigen::VectorXd::Zero(w.size());
  for (Eigen::Index i = 0; i < w.size(); ++i)
    if (w(i) > threshold) inverse(i) = 1.0 / w(i);
  return eig.eigenvectors() * inverse.asDiagonal() * eig.eigenvectors().transpose() * b.transpose();
}

int b_rank(const Eigen::MatrixXd& b, double threshold) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(b.transpose() * b, Eigen::EigenvaluesOnly);
  return static_cast<int>((eig.eigenvalues().array() > threshold).count());
}

bool is_linear_molecule(const Eigen::MatrixX3d& x) {
  if (x.rows() < 3) return true;
  const Eigen::RowVector3d centre = x.colwise().mean();
  const Eigen::MatrixX3d d = x.rowwise() - centre;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig(d.transpose() * d, Eigen::EigenvaluesOnly);
  return eig.eigenvalues()(1) < 1e-6;  // spread perpendicular to the main axis, bohr^2
}

CoordinateSet::CoordinateSet(System system, std::size_t natoms, std::vector<Primitive> primitives)
    : system_(system), natoms_(natoms), primitives_(std::move(primitives)) {
  for (const Primitive& p : primitives_)
    for (int i = 0; i < p.atom_count(); ++i)
      if (p.atoms[i] < 0 || p.atoms[i] >= static_cast<int>(natoms_))
        throw std::invalid_argument("CoordinateSet: primitive " + p.label() + " names an atom outside the molecule");
}

CoordinateSet CoordinateSet::cartesian(std::size_t natoms) {
  std::vector<Primitive> primitives;
  for (std::size_t i = 0; i < natoms; ++i)
    for (int xyz = 0; xyz < 3; ++xyz) primitives.push_back(Primitive::cartesian(static_cast<int>(i), xyz));
  return CoordinateSet(System::cartesian, natoms, std::move(primitives));
}

CoordinateSet CoordinateSet::redundant_internals(const Molecule& molecule, const InternalCoordinateOptions& options,
                                                 const std::vector<Primitive>& required) {
  const int n = static_cast<int>(molecule.size());
  const Eigen::MatrixX3d x = molecule.positions();
  const double linear = options.linear_threshold_degrees;
  CoordinateSet set;
  set.system_ = System::redundant_internal;
  set.natoms_ = molecule.size();

  // Bond graph from scaled covalent radii, then fragments joined by their closest pair.
  std::vector<std::vector<int>> neighbours(n);
  std::vector<std::pair<int, int>> bonds;
  UnionFind components(n);
  const auto add_bond = [&](int i, int j) {
    bonds.emplace_back(std::min(i, j), std::max(i, j));
    neighbours[i].push_back(j);
    neighbours[j].push_back(i);
    components.join(i, j);
  };
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double limit = options.bond_scale * units::angstrom_in_bohr *
                           (covalent_radius_angstrom(molecule[i].Z) + covalent_radius_angstrom(molecule[j].Z));
      if ((x.row(i) - x.row(j)).norm() < limit) add_bond(i, j);
    }
  int joined = 0;
  while (true) {
    double best = std::numeric_limits<double>::infinity();
    int bi = -1, bj = -1;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) {
        if (components.root(i) == components.root(j)) continue;
        const double r = (x.row(i) - x.row(j)).norm();
        if (r < best) best = r, bi = i, bj = j;
      }
    if (bi < 0) break;
    add_bond(bi, bj);
    ++joined;
  }
  if (joined > 0) set.notes_.push_back(fmt::format("{} inter-fragment bond(s) added to connect the bond graph", joined));
  for (auto& list : neighbours) std::sort(list.begin(), list.end());
  std::sort(bonds.begin(), bonds.end());

  std::vector<Primitive> prims;
  for (const auto& [i, j] : bonds) prims.push_back(Primitive::distance(i, j));

  // Bends and linear bends.
  int linear_pairs = 0;
  for (int b = 0; b < n; ++b) {
    const auto& nb = neighbours[b];
    for (std::size_t ia = 0; ia < nb.size(); ++ia)
      for (std::size_t ic = ia + 1; ic < nb.size(); ++ic) {
        const int a = nb[ia], c = nb[ic];
        if (bend_degrees(x, a, b, c) < linear) {
          prims.push_back(Primitive::angle(a, b, c));
        } else if (nb.size() == 2) {
          const Eigen::Vector3d axis = (x.row(c) - x.row(a)).transpose().normalized();
          const Eigen::Vector3d first = perpendicular(axis);
          prims.push_back(Primitive::linear_bend(a, b, c, first));
          prims.push_back(Primitive::linear_bend(a, b, c, axis.cross(first).normalized()));
          ++linear_pairs;
        }
      }
  }
  if (linear_pairs > 0) set.notes_.push_back(fmt::format("{} near-linear bend(s) as linear-bend pairs", linear_pairs));

  // Out-of-plane coordinates at near-planar three-coordinate centres.
  if (options.out_of_plane) {
    for (int a = 0; a < n; ++a) {
      const auto& nb = neighbours[a];
      if (nb.size() != 3) continue;
      const double t01 = bend_degrees(x, nb[0], a, nb[1]), t02 = bend_degrees(x, nb[0], a, nb[2]);
      const double t12 = bend_degrees(x, nb[1], a, nb[2]);
      // Near-planar, and no two neighbours in line with the centre (the improper torsion would be
      // undefined there).
      if (t01 + t02 + t12 > 345.0 && std::max({t01, t02, t12}) < linear)
        prims.push_back(Primitive::out_of_plane(a, nb[0], nb[1], nb[2]));
    }
  }

  // Dihedrals around each bond, the bond's ends walked outwards through linear centres.
  const auto chain_end = [&](int start, int towards) {
    int prev = towards, cur = start;
    for (int guard = 0; guard < n; ++guard) {
      if (neighbours[cur].size() != 2) break;
      const int other = neighbours[cur][0] == prev ? neighbours[cur][1] : neighbours[cur][0];
      if (bend_degrees(x, prev, cur, other) < linear) break;
      prev = cur;
      cur = other;
    }
    return std::make_pair(cur, prev);
  };
  std::vector<Primitive> dihedrals;
  for (const auto& [i, j] : bonds) {
    const auto [b, b_inner] = chain_end(i, j);
    const auto [c, c_inner] = chain_end(j, i);
    if (b == c) continue;
    for (int a : neighbours[b]) {
      if (a == b_inner || a == c || bend_degrees(x, a, b, b_inner) >= linear) continue;
      for (int d : neighbours[c]) {
        if (d == c_inner || d == b || d == a || bend_degrees(x, c_inner, c, d) >= linear) continue;
        if (bend_degrees(x, a, b, c) >= linear || bend_degrees(x, b, c, d) >= linear) continue;
        add_unique(dihedrals, Primitive::dihedral(a, b, c, d));
      }
    }
  }
  prims.insert(prims.end(), dihedrals.begin(), dihedrals.end());
  set.primitives_ = std::move(prims);

  // Completeness: the internals must span 3N-6 (3N-5 for a linear molecule) directions.
  if (n >= 2) {
    const int expected = is_linear_molecule(x) ? 3 * n - 5 : 3 * n - 6;
    const int rank = set.primitives_.empty() ? 0 : b_rank(set.b_matrix(x));
    if (rank < expected) {
      for (int i = 0; i < n; ++i)
        for (int xyz = 0; xyz < 3; ++xyz) set.primitives_.push_back(Primitive::cartesian(i, xyz));
      set.notes_.push_back(fmt::format(
          "internal coordinates span {} of {} degrees of freedom: Cartesian coordinates of all atoms added", rank, expected));
    }
  } else {
    for (int xyz = 0; xyz < 3; ++xyz) set.primitives_.push_back(Primitive::cartesian(0, xyz));
  }
  for (const Primitive& p : required) {
    if (set.find(p) < 0) set.primitives_.push_back(p);
  }
  return set;
}

int CoordinateSet::find(const Primitive& p) const {
  for (std::size_t i = 0; i < primitives_.size(); ++i)
    if (primitives_[i].same_as(p)) return static_cast<int>(i);
  return -1;
}

Eigen::VectorXd CoordinateSet::values(const Eigen::MatrixX3d& x) const {
  Eigen::VectorXd q(size());
  for (int i = 0; i < size(); ++i) q(i) = primitive_value(primitives_[i], x);
  return q;
}

Eigen::MatrixXd CoordinateSet::b_matrix(const Eigen::MatrixX3d& x) const {
  if (is_cartesian()) return Eigen::MatrixXd::Identity(size(), 3 * natoms_);
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(size(), 3 * natoms_);
  for (int i = 0; i < size(); ++i) primitive_derivative(primitives_[i], x, b.row(i));
  return b;
}

Eigen::VectorXd CoordinateSet::difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const {
  Eigen::VectorXd d(size());
  for (int i = 0; i < size(); ++i) d(i) = primitive_difference(primitives_[i], a(i), b(i));
  return d;
}

Eigen::MatrixXd CoordinateSet::second_derivative_term(const Eigen::MatrixX3d& x, const Eigen::VectorXd& g) const {
  Eigen::MatrixXd k = Eigen::MatrixXd::Zero(3 * natoms_, 3 * natoms_);
  if (is_cartesian()) return k;
  for (int i = 0; i < size(); ++i) {
    const Primitive& p = primitives_[i];
    if (p.kind == Primitive::Kind::cartesian || g(i) == 0.0) continue;
    const Eigen::MatrixXd second = primitive_second_derivative(p, x);
    const int m = p.atom_count();
    for (int a = 0; a < m; ++a)
      for (int b = 0; b < m; ++b)
        k.block<3, 3>(3 * p.atoms[a], 3 * p.atoms[b]) += g(i) * second.block<3, 3>(3 * a, 3 * b);
  }
  return k;
}

std::string CoordinateSet::breakdown(const Eigen::MatrixX3d& x, double linear) const {
  if (is_cartesian()) return "";
  for (const Primitive& p : primitives_) {
    const auto& at = p.atoms;
    for (int i = 0; i < p.atom_count(); ++i)
      for (int j = i + 1; j < p.atom_count(); ++j)
        if ((x.row(at[i]) - x.row(at[j])).norm() < 1e-3) return p.label() + ": coinciding atoms";
    if (p.kind == Primitive::Kind::angle && bend_degrees(x, at[0], at[1], at[2]) > linear)
      return fmt::format("{} is {:.1f} degrees, beyond the linear threshold", p.label(), bend_degrees(x, at[0], at[1], at[2]));
    if (p.kind == Primitive::Kind::dihedral || p.kind == Primitive::Kind::out_of_plane) {
      const double first = bend_degrees(x, at[0], at[1], at[2]);
      const double second = bend_degrees(x, at[1], at[2], at[3]);
      if (std::max(first, second) > linear || std::min(first, second) < 180.0 - linear)
        return fmt::format("{} has a collinear end ({:.1f}, {:.1f} degrees)", p.label(), first, second);
    }
  }
  return "";
}

}  // namespace atropos
