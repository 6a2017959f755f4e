#include "scf/grid/orientation.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <cmath>
#include <limits>
#include <vector>

namespace atropos {

namespace {

using Eigen::Matrix3d;
using Eigen::Vector3d;

// Psi4's comparisons (OrientationMgr, EPSILON = 1e-10). Its "less" is a < b + eps, so it holds
// for near-ties too.
constexpr double kEps = 1e-10;
bool near(double a, double b) { return std::fabs(a - b) < kEps; }
bool less_or_near(double a, double b) { return a < b + kEps; }
bool near_zero(const Vector3d& v) { return near(v.x(), 0.0) && near(v.y(), 0.0) && near(v.z(), 0.0); }
bool near(const Vector3d& v, const Vector3d& w) {
  return std::fabs(v.x() - w.x()) < kEps && std::fabs(v.y() - w.y()) < kEps && std::fabs(v.z() - w.z()) < kEps;
}

struct Site {
  Vector3d position;  // relative to the centre of charge (bohr)
  int Z;
};
using Sites = std::vector<Site>;

Matrix3d rows(const Vector3d& a, const Vector3d& b, const Vector3d& c) {
  Matrix3d m;
  m.row(0) = a;
  m.row(1) = b;
  m.row(2) = c;
  return m;
}

struct Eigensystem {
  Vector3d values;   // ascending
  Matrix3d vectors;  // columns
};

// Psi4's diagonalize: entries below 1e-14 cleared first. For a diagonal tensor dsyev returns
// the unit vectors, ordered by its selection sort (dsteqr: the smallest remaining value, first
// occurrence, swapped into place), which is not a stable sort for ties.
Eigensystem diagonalise(Matrix3d m) {
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (std::fabs(m(i, j)) < 1e-14) m(i, j) = 0.0;
  Eigensystem e;
  if (m(0, 1) == 0.0 && m(0, 2) == 0.0 && m(1, 2) == 0.0) {
    e.values = m.diagonal();
    e.vectors.setIdentity();
    for (int i = 0; i < 2; ++i) {
      int k = i;
      for (int j = i + 1; j < 3; ++j)
        if (e.values[j] < e.values[k]) k = j;
      if (k != i) {
        std::swap(e.values[i], e.values[k]);
        e.vectors.col(i).swap(e.vectors.col(k));
      }
    }
    return e;
  }
  const Eigen::SelfAdjointEigenSolver<Matrix3d> solver(m);
  e.values = solver.eigenvalues();
  e.vectors = solver.eigenvectors();
  return e;
}

// Rotation by `angle` about `axis` (Rodrigues; Psi4's buildRotationMatrix).
Matrix3d rotation_about(const Vector3d& axis, double angle) {
  return Eigen::AngleAxisd(angle, axis.normalized()).toRotationMatrix();
}

bool atom_at(const Sites& sites, const Vector3d& position, int Z) {
  for (const Site& s : sites)
    if (s.Z == Z && near(position, s.position)) return true;
  return false;
}

// Is a rotation by 2 pi / n about `axis` a symmetry of the nuclei? (Psi4's TestAxis)
bool is_symmetry_axis(const Sites& sites, const Vector3d& axis, int n) {
  if (near_zero(axis)) return false;
  const Matrix3d r = rotation_about(axis, 2.0 * M_PI / n);
  for (const Site& s : sites)
    if (!atom_at(sites, r * s.position, s.Z)) return false;
  return true;
}

// Psi4's RotMatrixFromOneAxis: rows x, y, z with z along `axis`. Its "unit vector perpendicular"
// is not normalised (so neither is the x row); kept, being Psi4's grid.
Matrix3d frame_from_axis(const Vector3d& axis) {
  const Vector3d z = axis.normalized();
  Vector3d w = z;
  if (near(w.x(), 0.0) || near(w.x(), w.y()))
    w.x() += 1.0;
  else
    w.y() += 1.0;
  const Vector3d y = w - w.dot(z) * z;
  return rows(y.cross(z), y, z);
}

// Psi4's RotMatrixFromTwoAxes: rows a, b, a x b, normalised.
Matrix3d frame_from_two_axes(const Vector3d& a, const Vector3d& b) {
  return rows(a.normalized(), b.normalized(), a.cross(b).normalized());
}

// Psi4's symmetricTopMatrix: with the molecule turned by q (z = the unique axis), the last atom
// off the z axis whose squared distance to it is below the best so far + 1e-10 (Psi4's tie
// breaks on z and Z never apply, its "less" already holding for ties) sets an angle theta; the
// result is [[c, -s, 0], [s, c, 0], [0, 0, 1]] q with c, s of theta.
Matrix3d symmetric_top_frame(const Sites& sites, const Matrix3d& q) {
  double best = std::numeric_limits<double>::infinity();
  double angle = 0.0;
  for (const Site& s : sites) {
    const Vector3d p = q * s.position;
    const double xy = p.x() * p.x() + p.y() * p.y();
    if (std::fabs(xy) < kEps * kEps) continue;  // on the axis
    if (less_or_near(xy, best)) {
      best = xy;
      angle = std::atan2(p.y(), p.x());
    }
  }
  const double c = std::cos(angle), s = std::sin(angle);
  Matrix3d turn;
  turn << c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0;
  return turn * q;
}

// The normal of the plane through three equivalent atoms (same Z, same distance from the centre),
// for each such triple k < j < i in Psi4's order; `visit` returns true to stop.
template <typename Visit>
bool for_each_triple_normal(const Sites& sites, Visit visit) {
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const double d = sites[i].position.norm();
    for (std::size_t j = 0; j < i; ++j) {
      if (sites[i].Z != sites[j].Z || !near(d, sites[j].position.norm())) continue;
      for (std::size_t k = 0; k < j; ++k) {
        if (sites[i].Z != sites[k].Z || !near(d, sites[k].position.norm())) continue;
        const Vector3d& a = sites[i].position;
        if (visit(Vector3d((sites[j].position - a).cross(sites[k].position - a)))) return true;
      }
    }
  }
  return false;
}

// Psi4's sphericalTopMatrix and its three searches.
Matrix3d spherical_top_frame(const Sites& sites) {
  Matrix3d q;
  // Icosahedral: a C5 axis through an atom or a triple's centre, then as a symmetric top.
  const auto c5 = [&](const Vector3d& axis) {
    if (!is_symmetry_axis(sites, axis, 5)) return false;
    q = symmetric_top_frame(sites, frame_from_axis(axis));
    return true;
  };
  for (const Site& s : sites)
    if (c5(s.position)) return q;
  if (for_each_triple_normal(sites, c5)) return q;

  // Octahedral: two perpendicular C4 axes, through atoms or triples.
  bool found_first = false;
  Vector3d first;
  const auto c4 = [&](const Vector3d& axis) {
    if (found_first && !near(first.dot(axis), 0.0)) return false;
    if (!is_symmetry_axis(sites, axis, 4)) return false;
    if (found_first) {
      q = frame_from_two_axes(first, axis);
      return true;
    }
    found_first = true;
    first = axis;
    return false;
  };
  for (const Site& s : sites)
    if (c4(s.position)) return q;
  if (for_each_triple_normal(sites, c4)) return q;

  // Tetrahedral: two perpendicular C2 axes through midpoints of equivalent pairs.
  found_first = false;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const double d = sites[i].position.norm();
    for (std::size_t j = 0; j < i; ++j) {
      if (sites[i].Z != sites[j].Z || !near(d, sites[j].position.norm())) continue;
      const Vector3d axis = sites[j].position + sites[i].position;
      if (found_first && !near(first.dot(axis), 0.0)) continue;
      if (!is_symmetry_axis(sites, axis, 2)) continue;
      if (found_first) return frame_from_two_axes(first, axis);
      found_first = true;
      first = axis;
    }
  }
  return Matrix3d::Identity();  // Psi4: "spherical mystery"
}

}  // namespace

Eigen::Matrix3d psi4_grid_orientation(const Molecule& molecule) {
  // Centre and second moment of the nuclear charges, summed as Psi4 sums them.
  int total = 0;
  Vector3d centre = Vector3d::Zero();
  Matrix3d moment = Matrix3d::Zero();
  for (const Atom& a : molecule.atoms()) {
    const double q = a.Z;
    const Vector3d& r = a.position;
    total += a.Z;
    centre += r * q;
    for (int i = 0; i < 3; ++i)
      for (int j = i; j < 3; ++j) moment(i, j) += r[i] * r[j] * q;
  }
  centre /= total;
  for (int i = 0; i < 3; ++i)
    for (int j = i; j < 3; ++j) {
      moment(i, j) -= total * centre[i] * centre[j];
      moment(j, i) = moment(i, j);
    }
  const Eigensystem e = diagonalise(moment);
  const Vector3d& l = e.values;
  if (near(l[0], 0.0) && near(l[1], 0.0) && near(l[2], 0.0)) return Matrix3d::Identity();  // one atom
  if (near(l[0], 0.0) && near(l[1], 0.0)) return e.vectors;                               // linear
  Sites sites;
  for (const Atom& a : molecule.atoms()) sites.push_back({a.position - centre, a.Z});
  if (near(l[0], l[1]) && near(l[1], l[2])) return spherical_top_frame(sites);
  if (near(l[0], l[1]) || near(l[1], l[2])) {
    Matrix3d q = e.vectors;
    // Psi4's cycleXtoZ when the unique moment is the smallest: rows (y, z, x).
    if (!near(l[0], l[1])) q = rows(Vector3d(q.row(1)), Vector3d(q.row(2)), Vector3d(q.row(0)));
    return symmetric_top_frame(sites, q);
  }
  return e.vectors;  // asymmetric top
}

}  // namespace atropos
