// Psi4 1.3.2's grid (psi4_grid_spec; docs/grids.md, "Psi4's grid") against Psi4 itself: point
// counts, sums over the points and orientation matrices of tests/data/psi4/grid/grid_summary.json
// (made by grid_summary.py there with the installed Psi4 1.3.2), and the grid's invariance under
// rotations of the molecule.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <fstream>
#include <nlohmann/json.hpp>

#include "basis/basis_extent.hpp"
#include "basis/basis_library.hpp"
#include "geometry/xyz.hpp"
#include "model_density.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/grid/orientation.hpp"

using namespace atropos;
using test::integrate_density;
using test::integrate_rho43;

namespace {

const nlohmann::json& psi4_grids() {
  static const nlohmann::json data = [] {
    std::ifstream in(std::string(ATROPOS_TEST_DATA) + "/psi4/grid/grid_summary.json");
    return nlohmann::json::parse(in);
  }();
  return data;
}

// The spec Psi4 builds for a case of grid_summary.json, basis extent included.
GridSpec spec_for(const nlohmann::json& c, const Molecule& m) {
  const double extent = basis_extent(load_basis(c.at("basis").get<std::string>(), m), 1e-12);
  return psi4_grid_spec(c.at("dft_radial_points").get<int>(), c.at("dft_spherical_points").get<int>(), extent,
                        parse_radial_scheme(c.at("dft_radial_scheme").get<std::string>()),
                        parse_partition_scheme(c.at("dft_nuclear_scheme").get<std::string>()));
}

Eigen::Matrix3d as_matrix(const nlohmann::json& rows) {
  Eigen::Matrix3d q;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) q(i, j) = rows.at(i).at(j).get<double>();
  return q;
}

// The molecule turned by a fixed rotation about a skew axis and moved.
Molecule turned(const Molecule& m) {
  const Eigen::Matrix3d r = Eigen::AngleAxisd(0.7, Eigen::Vector3d(0.3, -0.5, 0.8).normalized()).toRotationMatrix();
  Eigen::MatrixX3d x = m.positions() * r.transpose();
  x.rowwise() += Eigen::RowVector3d(0.4, -1.1, 2.3);
  return m.with_positions(x);
}

}  // namespace

// Psi4's "Total Points = 170805" for the water (O 0 0 0; H 0 +-0.757 0.587 A) at
// (99, 590), def2-SVP: 3 x 99 x 590 = 175230 points less those more than 14.521 bohr (the
// extent of hydrogen's diffuse s function at 1e-12) from every nucleus.
TEST(Psi4Grid, WaterKeepsPsi4sPointCount) {
  const Molecule m = read_xyz_molecule(test::data_path("water_psi4.xyz"));
  const double extent = basis_extent(load_basis("def2-svp", m), 1e-12);
  EXPECT_NEAR(extent, 14.52099859714508, 1e-12);  // Psi4's BasisExtents maxR
  const MolecularGrid grid = make_molecular_grid(m, psi4_grid_spec(99, 590, extent));
  EXPECT_EQ(grid.size(), 170805u);
  EXPECT_NEAR(integrate_density(grid, m), 10.0, 1e-8);
}

// Every case of grid_summary.json (Treutler/Becke/Mura radial, Treutler/Becke/Stratmann nuclear
// schemes; asymmetric, symmetric and spherical tops, a linear molecule, an atom): the same
// number of points, and sums over them equal to 1e-12 relative. Observed: 2e-16 to 1e-13 (the
// sums run in other orders); the weights agree to 1e-13 bohr^3 point by point (checked by hand
// against Psi4's points, also for dnbpa's 1832895). Where Psi4's frame is not a symmetry of the
// grid (H2O2, NH3 along x), leaving the orientation out moves sum w rho^(4/3) by 8e-8 to 1.3e-5.
TEST(Psi4Grid, CountsAndSumsMatchPsi4) {
  for (const auto& [name, c] : psi4_grids().at("cases").items()) {
    const Molecule m = read_xyz_molecule(test::data_path(c.at("molecule").get<std::string>()));
    const GridSpec spec = spec_for(c, m);
    EXPECT_NEAR(spec.max_distance, c.at("basis_extent").get<double>(), 1e-12) << name;
    const MolecularGrid grid = make_molecular_grid(m, spec);
    EXPECT_EQ(grid.size(), c.at("total_points").get<std::size_t>()) << name;
    const auto relative = [](double x, double reference) { return std::abs(x - reference) / std::abs(reference); };
    EXPECT_LT(relative(grid.weights.sum(), c.at("sum_w").get<double>()), 1e-12) << name;
    EXPECT_LT(relative(integrate_density(grid, m), c.at("sum_w_rho").get<double>()), 1e-12) << name;
    EXPECT_LT(relative(integrate_rho43(grid, m), c.at("sum_w_rho43").get<double>()), 1e-12) << name;
  }
}

// Q and Psi4's Q differ by a symmetry of the Lebedev rules at most: Q^T Q_psi4 is a signed
// permutation matrix (to rounding).
TEST(Psi4Grid, OrientationIsPsi4sUpToTheOctahedralGroup) {
  for (const auto& [name, c] : psi4_grids().at("cases").items()) {
    const Molecule m = read_xyz_molecule(test::data_path(c.at("molecule").get<std::string>()));
    const Eigen::Matrix3d q = psi4_grid_orientation(m);
    const Eigen::Matrix3d p = q.transpose() * as_matrix(c.at("orientation"));
    for (int i = 0; i < 3; ++i) {
      int ones = 0;
      for (int j = 0; j < 3; ++j) {
        const double x = std::abs(p(i, j));
        EXPECT_TRUE(x < 1e-12 || std::abs(x - 1.0) < 1e-12) << name << "\n" << p;
        ones += x > 0.5;
      }
      EXPECT_EQ(ones, 1) << name;
    }
  }
}

// The Psi4 grid turns with an asymmetric molecule: the model-density integrals of a turned and
// moved copy equal the original's to 1e-12 relative (observed 5e-15), while the plain explicit
// grid, fixed to the coordinate axes, changes by far more (observed 1.5e-7 and 2e-7 for rho^(4/3)).
TEST(Psi4Grid, RotatedMoleculeIntegratesIdentically) {
  for (const char* name : {"water.xyz", "h2o2_P.xyz"}) {
    const Molecule m = read_xyz_molecule(test::data_path(name));
    const Molecule t = turned(m);
    const GridSpec psi4 = psi4_grid_spec(75, 302, 14.521);
    const MolecularGrid a = make_molecular_grid(m, psi4), b = make_molecular_grid(t, psi4);
    EXPECT_EQ(a.size(), b.size()) << name;
    EXPECT_NEAR(integrate_rho43(b, t) / integrate_rho43(a, m), 1.0, 1e-12) << name;
    EXPECT_NEAR(integrate_density(b, t) / integrate_density(a, m), 1.0, 1e-12) << name;

    const GridSpec fixed = explicit_grid_spec(75, 302);
    const double change = integrate_rho43(make_molecular_grid(t, fixed), t) / integrate_rho43(make_molecular_grid(m, fixed), m);
    EXPECT_GT(std::abs(change - 1.0), 1e-9) << name;
  }
}

// Three distinct moments: Q is a rotation or a rotation-reflection made of the principal axes.
TEST(Psi4Grid, AsymmetricTopOrientationIsOrthogonal) {
  const Molecule m = read_xyz_molecule(test::data_path("h2o2_P.xyz"));
  const Eigen::Matrix3d q = psi4_grid_orientation(m);
  EXPECT_LT((q.transpose() * q - Eigen::Matrix3d::Identity()).norm(), 1e-14);
}

// A Psi4 grid is an explicit grid with other options: the plain explicit grid is unchanged by
// their existence (no orientation, no distance cut, tiny weights dropped as before).
TEST(Psi4Grid, ExplicitGridKeepsItsDefaults) {
  const GridSpec spec = explicit_grid_spec(99, 590);
  EXPECT_EQ(spec.radial_scheme, RadialScheme::MuraKnowles);
  EXPECT_EQ(spec.partition, PartitionScheme::StratmannScuseriaFrisch);
  EXPECT_FALSE(spec.psi4_orientation);
  EXPECT_TRUE(std::isinf(spec.max_distance));
  EXPECT_EQ(spec.weight_threshold, 1e-15);
  const GridSpec psi4 = psi4_grid_spec(99, 590, 14.5);
  EXPECT_EQ(psi4.radial_scheme, RadialScheme::Psi4Treutler);
  EXPECT_EQ(psi4.partition, PartitionScheme::BeckeTreutler);
  EXPECT_EQ(psi4_grid_spec(99, 590, 14.5, RadialScheme::Becke, PartitionScheme::Becke).partition,
            PartitionScheme::BeckePsi4);
}
