#pragma once
// Primitive internal coordinates of the optimiser: their values, first derivatives with respect to
// the Cartesian positions (one row of the Wilson B matrix) and second derivatives.
//
// Kinds and units (positions in bohr):
//   distance      |r_a - r_b|, bohr
//   angle         a-b-c bend at b, radians in [0, pi]; ill-defined near pi (use linear_bend there)
//   linear_bend   for a (near-)linear a-b-c: the component of u_ba + u_bc (unit vectors from b)
//                 along a fixed unit vector `axis` perpendicular to a-c; ~ (pi - angle) projected
//                 onto `axis`, dimensionless (radians to first order). Two of them, with
//                 perpendicular axes, replace one ill-defined bend.
//   dihedral      a-b-c-d torsion, radians in (-pi, pi], IUPAC sign (positive = clockwise looking
//                 from b to c); periodic
//   out_of_plane  improper torsion of the centre a with its neighbours b, c, d: the dihedral
//                 angle of the ordered atoms (a, b, c, d), ~0 for a planar centre; radians, periodic
//   cartesian     one Cartesian component (`component` 0, 1, 2 = x, y, z) of atom a, bohr
//
// Periodic kinds (dihedral, out_of_plane) take differences wrapped into (-pi, pi].

#include <Eigen/Core>
#include <array>
#include <string>

namespace atropos {

struct Primitive {
  enum class Kind { distance, angle, linear_bend, dihedral, out_of_plane, cartesian };
  Kind kind = Kind::distance;
  std::array<int, 4> atoms{{-1, -1, -1, -1}};  // 0-based; unused entries -1
  int component = 0;                           // cartesian: 0, 1, 2
  Eigen::Vector3d axis = Eigen::Vector3d::Zero();  // linear_bend: fixed reference direction

  static Primitive distance(int a, int b);
  static Primitive angle(int a, int b, int c);
  static Primitive linear_bend(int a, int b, int c, const Eigen::Vector3d& axis);
  static Primitive dihedral(int a, int b, int c, int d);
  static Primitive out_of_plane(int centre, int b, int c, int d);
  static Primitive cartesian(int atom, int component);

  int atom_count() const;  // 1..4
  bool periodic() const { return kind == Kind::dihedral || kind == Kind::out_of_plane; }
  // Same kind and atoms (reversed order counts as the same for distance/angle/dihedral); the
  // linear-bend axis and the Cartesian component must match too.
  bool same_as(const Primitive& other) const;
  // "R(O1,O2)", "A(H3,O1,O2)", "L(O1,C2,O3)", "D(H3,O1,O2,H4)", "O(C1;H2,H3,O4)", "X(C1)" (1-based).
  std::string label() const;
};

// Value at the positions (natom x 3, bohr).
double primitive_value(const Primitive& p, const Eigen::MatrixX3d& positions);

// A row of the B matrix (a row of a column-major matrix has a stride).
using BRow = Eigen::Ref<Eigen::RowVectorXd, 0, Eigen::InnerStride<>>;

// First derivatives: adds d value / d x to `row` (length 3 natom, atom-major x, y, z); the
// entries of atoms outside the primitive are left untouched (callers pass a zeroed row).
void primitive_derivative(const Primitive& p, const Eigen::MatrixX3d& positions, BRow row);

// Second derivatives with respect to the Cartesian coordinates of the primitive's own atoms, as a
// (3k x 3k) matrix for its k atoms (in the order of `atoms`), by central differences of the
// analytic first derivatives (step 1e-5 bohr: error ~1e-10 relative).
Eigen::MatrixXd primitive_second_derivative(const Primitive& p, const Eigen::MatrixX3d& positions);

// a - b, wrapped into (-pi, pi] for periodic kinds.
double primitive_difference(const Primitive& p, double a, double b);

// Wraps an angle into (-pi, pi].
double wrap_angle(double angle);

}  // namespace atropos
