// Primitive internal coordinates and the redundant coordinate set: analytic B-matrix rows against
// central finite differences of the values, the IUPAC dihedral sign, the primitives generated for
// small molecules (bonds, bends, linear bends, dihedrals, out-of-plane, inter-fragment bonds), the
// rank of B, the generalized inverse, the Cartesian <-> internal Hessian relation with the
// second-derivative term, and the model Hessians.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cmath>

#include "drivers/optimize/coordinate_set.hpp"
#include "drivers/optimize/model_hessian.hpp"
#include "drivers/optimize/primitive.hpp"
#include "geometry/units.hpp"
#include "model_surfaces.hpp"
#include "reference_data.hpp"

using namespace atropos;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

Molecule from_angstrom(const std::vector<std::pair<int, Eigen::Vector3d>>& atoms) {
  std::vector<Atom> list;
  for (const auto& [z, r] : atoms) list.push_back({z, r * units::angstrom_in_bohr});
  return Molecule(list);
}

// A twisted, slightly irregular H2O2-like geometry plus a few extra atoms: every primitive kind
// can be placed on it away from singular arrangements.
Eigen::MatrixX3d irregular_positions() {
  Eigen::MatrixX3d x(6, 3);
  x << 0.10, -1.30, 0.05,  //
      -0.05, 1.42, -0.10,  //
      1.60, -1.75, 0.95,   //
      -1.35, 1.80, 1.20,   //
      0.40, 0.20, 2.60,    //
      -0.80, -0.30, -1.90;
  return x;
}

// Max |analytic - finite-difference| over the B row of `p` at `x`.
double b_row_error(const Primitive& p, const Eigen::MatrixX3d& x) {
  Eigen::RowVectorXd analytic = Eigen::RowVectorXd::Zero(3 * x.rows());
  primitive_derivative(p, x, analytic);
  const double h = 1e-6;
  double worst = 0.0;
  for (Eigen::Index c = 0; c < 3 * x.rows(); ++c) {
    Eigen::MatrixX3d plus = x, minus = x;
    plus(c / 3, c % 3) += h;
    minus(c / 3, c % 3) -= h;
    const double fd = primitive_difference(p, primitive_value(p, plus), primitive_value(p, minus)) / (2.0 * h);
    worst = std::max(worst, std::abs(fd - analytic(c)));
  }
  return worst;
}

}  // namespace

TEST(Primitives, BMatrixRowsMatchFiniteDifferences) {
  const Eigen::MatrixX3d x = irregular_positions();
  const std::vector<Primitive> prims = {
      Primitive::distance(0, 1),
      Primitive::distance(2, 5),
      Primitive::angle(2, 0, 1),
      Primitive::angle(4, 1, 5),
      Primitive::linear_bend(2, 0, 1, Eigen::Vector3d(0.0, 0.3, 1.0)),
      Primitive::linear_bend(2, 0, 1, Eigen::Vector3d(1.0, 0.0, -0.2)),
      Primitive::dihedral(2, 0, 1, 3),
      Primitive::dihedral(5, 0, 1, 4),
      Primitive::out_of_plane(0, 1, 2, 5),
      Primitive::cartesian(3, 0),
      Primitive::cartesian(4, 2),
  };
  for (const Primitive& p : prims) EXPECT_LT(b_row_error(p, x), 1e-8) << p.label();
}

TEST(Primitives, DihedralDerivativeAcrossThePiWrap) {
  // Trans-planar H2O2: the dihedral sits at +-pi, where the value jumps but the derivative must not.
  const Molecule trans = atropos::testing::reference_molecule("h2o2_trans");
  Eigen::MatrixX3d x = trans.positions();
  x(2, 2) += 0.01;  // just off planarity
  const Primitive d = Primitive::dihedral(2, 0, 1, 3);
  EXPECT_GT(std::abs(primitive_value(d, x)), 3.1);
  EXPECT_LT(b_row_error(d, x), 1e-8);
}

TEST(Primitives, DihedralSignIsIupac) {
  // h2o2_P is the P (plus) enantiomer: H-O-O-H +112.0 degrees by construction; its mirror -112.
  const Primitive d = Primitive::dihedral(2, 0, 1, 3);
  EXPECT_NEAR(primitive_value(d, atropos::testing::reference_molecule("h2o2_P").positions()) / kDeg, 112.0, 1e-6);
  EXPECT_NEAR(primitive_value(d, atropos::testing::reference_molecule("h2o2_M").positions()) / kDeg, -112.0, 1e-6);
  EXPECT_NEAR(std::abs(primitive_value(d, atropos::testing::reference_molecule("h2o2_trans").positions())) / kDeg, 180.0, 1e-6);
}

TEST(Primitives, SecondDerivativesMatchFiniteDifferencesOfValues) {
  const Eigen::MatrixX3d x = irregular_positions();
  for (const Primitive& p : {Primitive::distance(0, 3), Primitive::angle(2, 0, 1), Primitive::dihedral(2, 0, 1, 3),
                             Primitive::linear_bend(2, 0, 1, Eigen::Vector3d(0.0, 0.3, 1.0))}) {
    const Eigen::MatrixXd second = primitive_second_derivative(p, x);
    const double h = 1e-4;
    double worst = 0.0;
    for (int i = 0; i < 3 * p.atom_count(); ++i)
      for (int j = 0; j < 3 * p.atom_count(); ++j) {
        const int ai = p.atoms[i / 3], aj = p.atoms[j / 3];
        auto value = [&](double si, double sj) {
          Eigen::MatrixX3d y = x;
          y(ai, i % 3) += si;
          y(aj, j % 3) += sj;
          return primitive_value(p, y);
        };
        const double fd = (value(h, h) - value(h, -h) - value(-h, h) + value(-h, -h)) / (4.0 * h * h);
        worst = std::max(worst, std::abs(fd - second(i, j)));
      }
    EXPECT_LT(worst, 1e-6) << p.label();
  }
}

TEST(CoordinateSet, WaterAndHydrogenPeroxide) {
  const CoordinateSet water = CoordinateSet::redundant_internals(atropos::testing::reference_molecule("water"));
  ASSERT_EQ(water.size(), 3);  // two O-H, one bend
  EXPECT_EQ(water.primitives()[0].label(), "R(1,2)");
  EXPECT_EQ(water.primitives()[2].label(), "A(2,1,3)");

  const Molecule h2o2 = atropos::testing::reference_molecule("h2o2_P");
  const CoordinateSet set = CoordinateSet::redundant_internals(h2o2);
  std::vector<std::string> labels;
  for (const auto& p : set.primitives()) labels.push_back(p.label());
  EXPECT_EQ(labels, (std::vector<std::string>{"R(1,2)", "R(1,3)", "R(2,4)", "A(2,1,3)", "A(1,2,4)", "D(3,1,2,4)"}));
  EXPECT_EQ(b_rank(set.b_matrix(h2o2.positions())), 6);
  EXPECT_TRUE(set.notes().empty());
}

TEST(CoordinateSet, LinearMoleculeGetsLinearBends) {
  // CO2: O=C=O straight; the bend is replaced by two linear bends, rank 3N-5 = 4.
  const Molecule co2 = from_angstrom({{8, {0, 0, -1.16}}, {6, {0, 0, 0}}, {8, {0, 0, 1.16}}});
  const CoordinateSet set = CoordinateSet::redundant_internals(co2);
  int linear = 0;
  for (const auto& p : set.primitives()) linear += p.kind == Primitive::Kind::linear_bend;
  EXPECT_EQ(linear, 2);
  EXPECT_EQ(set.size(), 4);
  EXPECT_EQ(b_rank(set.b_matrix(co2.positions())), 4);
}

TEST(CoordinateSet, DihedralsThroughALinearChain) {
  // H3C-C#C-CH3 (dimethylacetylene): the methyl-methyl torsion needs a dihedral through the chain.
  const double cc = 1.46, ct = 1.21, ch = 1.09;
  std::vector<std::pair<int, Eigen::Vector3d>> atoms = {
      {6, {0, 0, -ct / 2 - cc}}, {6, {0, 0, -ct / 2}}, {6, {0, 0, ct / 2}}, {6, {0, 0, ct / 2 + cc}}};
  for (int end = 0; end < 2; ++end)
    for (int k = 0; k < 3; ++k) {
      const double phi = 2.0 * kPi * k / 3.0 + (end ? 0.4 : 0.0);
      const double sign = end ? 1.0 : -1.0;
      const Eigen::Vector3d c = atoms[end ? 3 : 0].second;
      atoms.push_back({1, c + Eigen::Vector3d(ch * 0.94 * std::cos(phi), ch * 0.94 * std::sin(phi), sign * ch * 0.34)});
    }
  const Molecule molecule = from_angstrom(atoms);
  const CoordinateSet set = CoordinateSet::redundant_internals(molecule);
  int through_chain = 0;
  for (const auto& p : set.primitives())
    if (p.kind == Primitive::Kind::dihedral && ((p.atoms[1] == 0 && p.atoms[2] == 3) || (p.atoms[1] == 3 && p.atoms[2] == 0)))
      ++through_chain;
  EXPECT_EQ(through_chain, 9);  // H-C1...C4-H for 3 x 3 hydrogen pairs
  EXPECT_EQ(b_rank(set.b_matrix(molecule.positions())), 3 * 10 - 6);
  for (const auto& note : set.notes()) EXPECT_EQ(note.find("Cartesian"), std::string::npos) << note;
}

TEST(CoordinateSet, PlanarCentreGetsOutOfPlane) {
  // Formaldehyde: no dihedral exists; the pyramidalisation is the out-of-plane coordinate.
  const Molecule h2co = from_angstrom({{6, {0, 0, 0}}, {8, {0, 0, 1.21}}, {1, {0, 0.94, -0.54}}, {1, {0, -0.94, -0.54}}});
  const CoordinateSet set = CoordinateSet::redundant_internals(h2co);
  int oop = 0;
  for (const auto& p : set.primitives()) oop += p.kind == Primitive::Kind::out_of_plane;
  EXPECT_EQ(oop, 1);
  EXPECT_EQ(b_rank(set.b_matrix(h2co.positions())), 6);
  EXPECT_TRUE(set.notes().empty());
}

TEST(CoordinateSet, FragmentsAreJoined) {
  // Two waters 3 Angstrom apart: one inter-fragment bond makes the graph connected, B has rank 3N-6.
  Molecule water = atropos::testing::reference_molecule("water");
  std::vector<Atom> atoms = water.atoms();
  for (Atom a : water.atoms()) {
    a.position += Eigen::Vector3d(3.0, 0.5, 0.2) * units::angstrom_in_bohr;
    atoms.push_back(a);
  }
  const Molecule dimer(atoms);
  const CoordinateSet set = CoordinateSet::redundant_internals(dimer);
  ASSERT_FALSE(set.notes().empty());
  EXPECT_NE(set.notes()[0].find("1 inter-fragment bond"), std::string::npos);
  EXPECT_EQ(b_rank(set.b_matrix(dimer.positions())), 12);
}

TEST(CoordinateSet, IncompleteInternalsFallBackToCartesians) {
  // Acetylene with a helium atom beside its middle, joined to C2 by an inter-fragment bond: C2 has
  // three neighbours, so its near-linear C-C-C... bend is dropped and nothing describes the
  // bending of the chain perpendicular to the He direction. Cartesians of all atoms are added.
  const Molecule molecule = from_angstrom({{1, {0, 0, -1.66}}, {6, {0, 0, -0.60}}, {6, {0, 0, 0.60}}, {1, {0, 0, 1.66}},
                                           {2, {3.0, 0, 0.60}}});
  const CoordinateSet set = CoordinateSet::redundant_internals(molecule);
  ASSERT_EQ(set.notes().size(), 3u);
  EXPECT_NE(set.notes()[2].find("Cartesian coordinates of all atoms added"), std::string::npos) << set.notes()[2];
  EXPECT_EQ(b_rank(set.b_matrix(molecule.positions())), 3 * 5);  // Cartesians span rigid motions too
}

TEST(CoordinateSet, RequiredPrimitivesAreAdded) {
  const Molecule h2o2 = atropos::testing::reference_molecule("h2o2_P");
  const CoordinateSet set = CoordinateSet::redundant_internals(h2o2, {}, {Primitive::distance(2, 3), Primitive::dihedral(3, 1, 0, 2)});
  EXPECT_EQ(set.size(), 7);  // H...H added; the reversed dihedral is the existing one
  EXPECT_GE(set.find(Primitive::distance(3, 2)), 0);
}

TEST(CoordinateSet, GeneralizedInverseAndProjector) {
  // Redundant set (the extra H...H distance): P = B B+ is a projector of rank 3N-6 and B+ B
  // projects onto the internal motions (no translation or rotation).
  const Molecule h2o2 = atropos::testing::reference_molecule("h2o2_P");
  const CoordinateSet set = CoordinateSet::redundant_internals(h2o2, {}, {Primitive::distance(2, 3)});
  const Eigen::MatrixXd b = set.b_matrix(h2o2.positions());
  const Eigen::MatrixXd b_inverse = b_pseudo_inverse(b);
  const Eigen::MatrixXd p = b * b_inverse;
  EXPECT_LT((p * p - p).norm(), 1e-10);
  EXPECT_NEAR(p.trace(), 6.0, 1e-10);
  EXPECT_LT((b * b_inverse * b - b).norm(), 1e-10);
  Eigen::VectorXd translation = Eigen::VectorXd::Zero(12);
  for (int i = 0; i < 4; ++i) translation(3 * i + 1) = 1.0;
  EXPECT_LT((b_inverse * b * translation).norm(), 1e-10);
}

TEST(CoordinateSet, CartesianHessianFromInternalOne) {
  // Surface E = sum_i V_i(q_i) over the non-redundant H2O2 set, away from its minimum: its
  // Cartesian Hessian is B^T diag(V'') B + sum_i V'_i d2q_i/dx2 (the second-derivative term).
  const Molecule h2o2 = atropos::testing::reference_molecule("h2o2_P");
  const CoordinateSet set = CoordinateSet::redundant_internals(h2o2);
  atropos::testing::TermSurface surface;
  const Eigen::VectorXd q = set.values(h2o2.positions());
  Eigen::VectorXd k(6), shift(6);
  k << 0.4, 0.5, 0.5, 0.16, 0.16, 0.02;
  shift << 0.1, -0.05, 0.08, 0.1, -0.1, 0.3;
  for (int i = 0; i < 6; ++i)
    surface.add(set.primitives()[i], atropos::testing::harmonic(k(i), q(i) + shift(i), set.primitives()[i].periodic()));
  const Eigen::MatrixXd fd = atropos::testing::finite_difference_hessian(surface, h2o2);
  const Eigen::MatrixXd b = set.b_matrix(h2o2.positions());
  const Eigen::VectorXd g_q = -(k.array() * shift.array()).matrix();
  // The gradient in internals from the Cartesian one through the generalized inverse.
  Eigen::VectorXd g_x(12);
  const Eigen::MatrixX3d g = surface.evaluate(h2o2).gradient;
  for (int i = 0; i < 4; ++i) g_x.segment<3>(3 * i) = g.row(i).transpose();
  EXPECT_LT((b_pseudo_inverse(b).transpose() * g_x - g_q).norm(), 1e-10);
  const Eigen::MatrixXd analytic = b.transpose() * k.asDiagonal() * b + set.second_derivative_term(h2o2.positions(), g_q);
  EXPECT_LT((analytic - fd).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(ModelHessian, LindhValues) {
  // rho = exp(alpha (r_ref^2 - r^2)) is 1 at the reference distance (Lindh et al. 1995 Table).
  EXPECT_DOUBLE_EQ(lindh_rho(1, 1, 1.35), 1.0);
  EXPECT_DOUBLE_EQ(lindh_rho(6, 6, 2.87), 1.0);
  EXPECT_DOUBLE_EQ(lindh_rho(8, 1, 2.10), 1.0);
  EXPECT_DOUBLE_EQ(lindh_rho(17, 6, 3.40), 1.0);
  EXPECT_NEAR(lindh_rho(6, 6, 3.0), std::exp(0.28 * (2.87 * 2.87 - 9.0)), 1e-15);
  const Molecule water = atropos::testing::reference_molecule("water");
  const CoordinateSet set = CoordinateSet::redundant_internals(water);
  const Eigen::MatrixXd h = model_hessian(set, water);
  const double r = primitive_value(Primitive::distance(0, 1), water.positions());
  EXPECT_NEAR(h(0, 0), 0.45 * lindh_rho(8, 1, r), 1e-14);
  EXPECT_NEAR(h(2, 2), 0.15 * lindh_rho(8, 1, r) * lindh_rho(8, 1, r), 1e-14);
  EXPECT_EQ(h.rows(), 3);
}

TEST(ModelHessian, CartesianLindhIsRotationInvariantAndPositive) {
  const Molecule h2o2 = atropos::testing::reference_molecule("h2o2_P");
  const Eigen::MatrixXd h = lindh_cartesian_hessian(h2o2);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(h);
  // Six zero modes (translations, rotations), six positive.
  EXPECT_LT(eig.eigenvalues().head(6).cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_GT(eig.eigenvalues()(6), 1e-4);
}
