#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "common/error.hpp"
#include "geometry/xyz.hpp"
#include "model_density.hpp"
#include "scf/grid/partition.hpp"

using namespace atropos;

namespace {

// SSF without any screening: P_k = prod_{j != k} s(mu_kj), w_A = P_A / sum_k P_k.
double brute_force_ssf(const Molecule& m, int atom, const Eigen::Vector3d& p) {
  std::vector<double> cell(m.size(), 1.0);
  double total = 0.0;
  for (std::size_t k = 0; k < m.size(); ++k) {
    for (std::size_t j = 0; j < m.size(); ++j) {
      if (j == k) continue;
      const double mu = ((p - m[k].position).norm() - (p - m[j].position).norm()) / (m[k].position - m[j].position).norm();
      cell[k] *= ssf_cell_function(mu);
    }
    total += cell[k];
  }
  return cell[static_cast<std::size_t>(atom)] / total;
}

std::vector<Eigen::Vector3d> random_points_near(const Molecule& m, int count, double spread, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, spread);
  std::uniform_int_distribution<std::size_t> pick(0, m.size() - 1);
  std::vector<Eigen::Vector3d> points;
  for (int i = 0; i < count; ++i)
    points.push_back(m[pick(rng)].position + Eigen::Vector3d(gauss(rng), gauss(rng), gauss(rng)));
  return points;
}

}  // namespace

TEST(Partition, CellFunctionsHaveTheirDefiningProperties) {
  EXPECT_EQ(ssf_cell_function(-0.64), 1.0);
  EXPECT_EQ(ssf_cell_function(-0.9), 1.0);
  EXPECT_EQ(ssf_cell_function(0.64), 0.0);
  EXPECT_EQ(ssf_cell_function(0.9), 0.0);
  EXPECT_DOUBLE_EQ(ssf_cell_function(0.0), 0.5);
  EXPECT_DOUBLE_EQ(becke_cell_function(-1.0), 1.0);
  EXPECT_DOUBLE_EQ(becke_cell_function(1.0), 0.0);
  EXPECT_DOUBLE_EQ(becke_cell_function(0.0), 0.5);
  for (double mu : {0.05, 0.2, 0.5, 0.63, 0.8}) {
    EXPECT_NEAR(ssf_cell_function(mu) + ssf_cell_function(-mu), 1.0, 1e-15);
    EXPECT_NEAR(becke_cell_function(mu) + becke_cell_function(-mu), 1.0, 1e-15);
  }
  // Continuous at |mu| = a: the polynomial reaches 0 and 1 there.
  EXPECT_NEAR(ssf_cell_function(0.64 - 1e-9), 0.0, 1e-12);
  EXPECT_NEAR(ssf_cell_function(-0.64 + 1e-9), 1.0, 1e-12);
}

TEST(Partition, WeightsArePositiveAndSumToOne) {
  const Molecule m = read_xyz_molecule(test::data_path("h2o2_P.xyz"));
  for (PartitionScheme scheme : {PartitionScheme::Becke, PartitionScheme::StratmannScuseriaFrisch,
                                 PartitionScheme::BeckeTreutler, PartitionScheme::BeckePsi4}) {
    const AtomicPartition partition(m, scheme);
    AtomicPartition::Workspace work;
    for (const Eigen::Vector3d& p : random_points_near(m, 500, 2.0, 7)) {
      double total = 0.0;
      for (std::size_t a = 0; a < m.size(); ++a) {
        const double w = partition.weight(static_cast<int>(a), p, work);
        EXPECT_GE(w, 0.0);
        EXPECT_LE(w, 1.0);
        total += w;
      }
      EXPECT_NEAR(total, 1.0, 1e-14) << to_string(scheme);
    }
  }
}

// The screened SSF (neighbour cutoffs, early exits) must equal the plain O(N^2) formula.
TEST(Partition, ScreenedSsfEqualsBruteForce) {
  const Molecule m = read_xyz_molecule(test::data_path("eicosane.xyz"));
  const AtomicPartition partition(m, PartitionScheme::StratmannScuseriaFrisch);
  AtomicPartition::Workspace work;
  int nontrivial = 0;
  for (const Eigen::Vector3d& p : random_points_near(m, 400, 1.5, 11))
    for (int a = 0; a < static_cast<int>(m.size()); a += 3) {
      const double reference = brute_force_ssf(m, a, p);
      EXPECT_NEAR(partition.weight(a, p, work), reference, 1e-14);
      nontrivial += reference > 1e-6 && reference < 1.0 - 1e-6;
    }
  EXPECT_GT(nontrivial, 50);  // the points do probe the cell boundaries
}

// Becke's size adjustment moves the boundary between unlike atoms towards the smaller one.
TEST(Partition, BeckeSizeAdjustmentFavoursTheLargerAtom) {
  const Molecule oh({{8, {0.0, 0.0, 0.0}}, {1, {0.0, 0.0, 1.8}}});
  const AtomicPartition partition(oh, PartitionScheme::Becke);
  AtomicPartition::Workspace work;
  const Eigen::Vector3d midpoint(0.0, 0.0, 0.9);
  EXPECT_GT(partition.weight(0, midpoint, work), 0.5);  // R(O) = 0.60 A > R(H) = 0.35 A
  const Molecule hh({{1, {0.0, 0.0, 0.0}}, {1, {0.0, 0.0, 1.4}}});
  const AtomicPartition equal(hh, PartitionScheme::Becke);
  EXPECT_NEAR(equal.weight(0, Eigen::Vector3d(0.3, -0.2, 0.7), work), 0.5, 1e-15);
}

// Psi4's adjustments (radii 1.342 bohr for O, 1.001 for H): Treutler's chi = sqrt(R_O/R_H) moves
// the O-H boundary less than Becke's chi = R_O/R_H, and both towards H. For two atoms
// w_O = s(nu_OH), and at the midpoint (mu = 0) nu_OH = a_OH.
TEST(Partition, TreutlerAdjustmentIsTheMilderOne) {
  const Molecule oh({{8, {0.0, 0.0, 0.0}}, {1, {0.0, 0.0, 1.8}}});
  const AtomicPartition treutler(oh, PartitionScheme::BeckeTreutler), becke(oh, PartitionScheme::BeckePsi4);
  AtomicPartition::Workspace work;
  const Eigen::Vector3d midpoint(0.0, 0.0, 0.9);
  const auto expected = [](double chi) {
    return becke_cell_function((1.0 - chi * chi) / (4.0 * chi));  // Becke's a_OH, |a| < 1/2 here
  };
  EXPECT_NEAR(treutler.weight(0, midpoint, work), expected(std::sqrt(1.342 / 1.001)), 1e-15);
  EXPECT_NEAR(becke.weight(0, midpoint, work), expected(1.342 / 1.001), 1e-15);
  EXPECT_GT(becke.weight(0, midpoint, work), treutler.weight(0, midpoint, work));
  EXPECT_GT(treutler.weight(0, midpoint, work), 0.5);
}

TEST(Partition, SchemeNames) {
  EXPECT_EQ(parse_partition_scheme("SSF"), PartitionScheme::StratmannScuseriaFrisch);
  EXPECT_EQ(parse_partition_scheme("stratmann"), PartitionScheme::StratmannScuseriaFrisch);
  EXPECT_EQ(parse_partition_scheme("becke"), PartitionScheme::Becke);
  EXPECT_EQ(parse_partition_scheme("Treutler"), PartitionScheme::BeckeTreutler);
  EXPECT_EQ(parse_partition_scheme("becke-psi4"), PartitionScheme::BeckePsi4);
  EXPECT_EQ(psi4_partition_scheme(PartitionScheme::Becke), PartitionScheme::BeckePsi4);
  for (PartitionScheme scheme : {PartitionScheme::Becke, PartitionScheme::StratmannScuseriaFrisch,
                                 PartitionScheme::BeckeTreutler, PartitionScheme::BeckePsi4})
    EXPECT_EQ(parse_partition_scheme(to_string(scheme)), scheme);
  EXPECT_THROW(parse_partition_scheme("voronoi", "[grid] partition"), InputError);
}
