#include "drivers/optimize/primitive.hpp"

#include <Eigen/Geometry>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>


namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;

Eigen::Vector3d position(const Eigen::MatrixX3d& x, int atom) { return x.row(atom).transpose(); }

void add_block(BRow row, int atom, const Eigen::Vector3d& d) {
  row.segment<3>(3 * atom) += d.transpose();
}

struct Bend {
  Eigen::Vector3d eu, ev;
  double lu, lv;
};

Bend bend_vectors(const Eigen::MatrixX3d& x, int a, int b, int c) {
  const Eigen::Vector3d u = position(x, a) - position(x, b);
  const Eigen::Vector3d v = position(x, c) - position(x, b);
  Bend bend{u.normalized(), v.normalized(), u.norm(), v.norm()};
  if (bend.lu < 1e-12 || bend.lv < 1e-12)
    throw std::runtime_error("bend coordinate with coinciding atoms");
  return bend;
}

double dihedral_value(const Eigen::Vector3d& ra, const Eigen::Vector3d& rb, const Eigen::Vector3d& rc,
                      const Eigen::Vector3d& rd) {
  const Eigen::Vector3d b1 = rb - ra, b2 = rc - rb, b3 = rd - rc;
  const Eigen::Vector3d n1 = b1.cross(b2), n2 = b2.cross(b3);
  return std::atan2(b2.norm() * b1.dot(n2), n1.dot(n2));
}

// Blondel & Karplus, J. Comput. Chem. 17, 1132 (1996): singularity-free torsion derivatives.
void dihedral_derivative(const Eigen::MatrixX3d& x, int a, int b, int c, int d, BRow row) {
  const Eigen::Vector3d F = position(x, a) - position(x, b);
  const Eigen::Vector3d G = position(x, b) - position(x, c);
  const Eigen::Vector3d H = position(x, d) - position(x, c);
  const Eigen::Vector3d A = F.cross(G), B = H.cross(G);
  const double a2 = A.squaredNorm(), b2 = B.squaredNorm(), g = G.norm();
  if (a2 < 1e-20 || b2 < 1e-20 || g < 1e-12) throw std::runtime_error("dihedral with collinear atoms");
  const Eigen::Vector3d da = -g / a2 * A;
  const Eigen::Vector3d dd = g / b2 * B;
  const Eigen::Vector3d fa = F.dot(G) / (a2 * g) * A;
  const Eigen::Vector3d hb = H.dot(G) / (b2 * g) * B;
  // Their angle (cos = A.B / |A||B|, sin = (B x A).G / |A||B||G|) is the same as dihedral_value's.
  add_block(row, a, da);
  add_block(row, b, -da + fa - hb);
  add_block(row, c, -dd - fa + hb);
  add_block(row, d, dd);
}

}  // namespace

double wrap_angle(double angle) {
  double wrapped = std::remainder(angle, 2.0 * kPi);  // [-pi, pi]
  if (wrapped <= -kPi) wrapped += 2.0 * kPi;
  return wrapped;
}

Primitive Primitive::distance(int a, int b) {
  Primitive p;
  p.kind = Kind::distance;
  p.atoms = {{a, b, -1, -1}};
  return p;
}
Primitive Primitive::angle(int a, int b, int c) {
  Primitive p;
  p.kind = Kind::angle;
  p.atoms = {{a, b, c, -1}};
  return p;
}
Primitive Primitive::linear_bend(int a, int b, int c, const Eigen::Vector3d& axis) {
  Primitive p;
  p.kind = Kind::linear_bend;
  p.atoms = {{a, b, c, -1}};
  p.axis = axis.normalized();
  return p;
}
Primitive Primitive::dihedral(int a, int b, int c, int d) {
  Primitive p;
  p.kind = Kind::dihedral;
  p.atoms = {{a, b, c, d}};
  return p;
}
Primitive Primitive::out_of_plane(int centre, int b, int c, int d) {
  Primitive p;
  p.kind = Kind::out_of_plane;
  p.atoms = {{centre, b, c, d}};
  return p;
}
Primitive Primitive::cartesian(int atom, int component) {
  Primitive p;
  p.kind = Kind::cartesian;
  p.atoms = {{atom, -1, -1, -1}};
  p.component = component;
  return p;
}

int Primitive::atom_count() const {
  switch (kind) {
    case Kind::distance: return 2;
    case Kind::angle:
    case Kind::linear_bend: return 3;
    case Kind::dihedral:
    case Kind::out_of_plane: return 4;
    case Kind::cartesian: return 1;
  }
  return 0;
}

bool Primitive::same_as(const Primitive& other) const {
  if (kind != other.kind) return false;
  const int n = atom_count();
  const bool forward = std::equal(atoms.begin(), atoms.begin() + n, other.atoms.begin());
  bool reversed = false;
  if (kind == Kind::distance || kind == Kind::angle || kind == Kind::dihedral || kind == Kind::linear_bend)
    reversed = std::equal(atoms.begin(), atoms.begin() + n, other.atoms.rbegin() + (4 - n));
  switch (kind) {
    case Kind::cartesian: return forward && component == other.component;
    case Kind::linear_bend: return (forward || reversed) && std::abs(std::abs(axis.dot(other.axis)) - 1.0) < 1e-8;
    case Kind::out_of_plane: return forward;
    default: return forward || reversed;
  }
}

std::string Primitive::label() const {
  // Atoms 1-based without element symbols: the coordinate set does not know the elements.
  const auto n = [&](int i) { return std::to_string(atoms[i] + 1); };
  switch (kind) {
    case Kind::distance: return fmt::format("R({},{})", n(0), n(1));
    case Kind::angle: return fmt::format("A({},{},{})", n(0), n(1), n(2));
    case Kind::linear_bend: return fmt::format("L({},{},{})", n(0), n(1), n(2));
    case Kind::dihedral: return fmt::format("D({},{},{},{})", n(0), n(1), n(2), n(3));
    case Kind::out_of_plane: return fmt::format("O({};{},{},{})", n(0), n(1), n(2), n(3));
    case Kind::cartesian: return fmt::format("{}({})", "XYZ"[component], n(0));
  }
  return "?";
}

double primitive_value(const Primitive& p, const Eigen::MatrixX3d& x) {
  const auto& at = p.atoms;
  switch (p.kind) {
    case Primitive::Kind::distance: return (position(x, at[0]) - position(x, at[1])).norm();
    case Primitive::Kind::angle: {
      const Bend bend = bend_vectors(x, at[0], at[1], at[2]);
      return std::atan2(bend.eu.cross(bend.ev).norm(), bend.eu.dot(bend.ev));
    }
    case Primitive::Kind::linear_bend: {
      const Bend bend = bend_vectors(x, at[0], at[1], at[2]);
      return (bend.eu + bend.ev).dot(p.axis);
    }
    case Primitive::Kind::dihedral:
    case Primitive::Kind::out_of_plane:
      return dihedral_value(position(x, at[0]), position(x, at[1]), position(x, at[2]), position(x, at[3]));
    case Primitive::Kind::cartesian: return x(at[0], p.component);
  }
  return 0.0;
}

void primitive_derivative(const Primitive& p, const Eigen::MatrixX3d& x, BRow row) {
  const auto& at = p.atoms;
  switch (p.kind) {
    case Primitive::Kind::distance: {
      const Eigen::Vector3d u = (position(x, at[0]) - position(x, at[1])).normalized();
      add_block(row, at[0], u);
      add_block(row, at[1], -u);
      return;
    }
    case Primitive::Kind::angle: {
      const Bend bend = bend_vectors(x, at[0], at[1], at[2]);
      const double cos_t = bend.eu.dot(bend.ev);
      const double sin_t = bend.eu.cross(bend.ev).norm();
      if (sin_t < 1e-10) throw std::runtime_error("bend derivative at a linear arrangement");
      const Eigen::Vector3d da = (cos_t * bend.eu - bend.ev) / (bend.lu * sin_t);
      const Eigen::Vector3d dc = (cos_t * bend.ev - bend.eu) / (bend.lv * sin_t);
      add_block(row, at[0], da);
      add_block(row, at[2], dc);
      add_block(row, at[1], -(da + dc));
      return;
    }
    case Primitive::Kind::linear_bend: {
      const Bend bend = bend_vectors(x, at[0], at[1], at[2]);
      const Eigen::Vector3d da = (p.axis - bend.eu * bend.eu.dot(p.axis)) / bend.lu;
      const Eigen::Vector3d dc = (p.axis - bend.ev * bend.ev.dot(p.axis)) / bend.lv;
      add_block(row, at[0], da);
      add_block(row, at[2], dc);
      add_block(row, at[1], -(da + dc));
      return;
    }
    case Primitive::Kind::dihedral:
    case Primitive::Kind::out_of_plane: dihedral_derivative(x, at[0], at[1], at[2], at[3], row); return;
    case Primitive::Kind::cartesian: row(3 * at[0] + p.component) += 1.0; return;
  }
}

Eigen::MatrixXd primitive_second_derivative(const Primitive& p, const Eigen::MatrixX3d& x) {
  const int k = p.atom_count();
  const double h = 1e-5;
  Eigen::MatrixXd second = Eigen::MatrixXd::Zero(3 * k, 3 * k);
  if (p.kind == Primitive::Kind::cartesian) return second;
  Eigen::MatrixX3d displaced = x;
  Eigen::RowVectorXd plus(3 * x.rows()), minus(3 * x.rows());
  for (int i = 0; i < k; ++i) {
    for (int xyz = 0; xyz < 3; ++xyz) {
      const int atom = p.atoms[i];
      plus.setZero();
      minus.setZero();
      displaced(atom, xyz) = x(atom, xyz) + h;
      primitive_derivative(p, displaced, plus);
      displaced(atom, xyz) = x(atom, xyz) - h;
      primitive_derivative(p, displaced, minus);
      displaced(atom, xyz) = x(atom, xyz);
      for (int j = 0; j < k; ++j)
        second.block<1, 3>(3 * i + xyz, 3 * j) =
            (plus.segment<3>(3 * p.atoms[j]) - minus.segment<3>(3 * p.atoms[j])) / (2.0 * h);
    }
  }
  return 0.5 * (second + second.transpose());
}

double primitive_difference(const Primitive& p, double a, double b) {
  return p.periodic() ? wrap_angle(a - b) : a - b;
}

}  // namespace atropos
