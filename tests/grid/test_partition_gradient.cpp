// Nuclear derivatives of the partition weights (AtomicPartition::weight_gradient) against central
// differences of AtomicPartition::weight on displaced molecules, Becke and SSF; and the atomic
// weights the molecular grid keeps for them.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "geometry/xyz.hpp"
#include "model_density.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/grid/partition.hpp"

using namespace atropos;

namespace {

Molecule displaced(const Molecule& m, int atom, int k, double h) {
  Eigen::MatrixX3d r = m.positions();
  r(atom, k) += h;
  return m.with_positions(r);
}

// Points of atom G's grid: around G at distances up to a few bohr, so that many lie where the
// cells overlap (the partition varies) and some deep inside G's own cell.
std::vector<Eigen::Vector3d> points_around(const Molecule& m, int atom, int count, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.6);
  std::vector<Eigen::Vector3d> points;
  for (int i = 0; i < count; ++i)
    points.push_back(m[static_cast<std::size_t>(atom)].position + Eigen::Vector3d(gauss(rng), gauss(rng), gauss(rng)));
  return points;
}

struct Check {
  double max_error = 0.0;     // largest |analytic - numeric|
  double max_gradient = 0.0;  // largest |analytic|, so that the check is not vacuous
  int listed_zero_misses = 0; // atoms left out of the list whose numeric derivative is not ~0
};

// Every atom B's derivative for points of G: B != G at fixed point, B = G with the point moving.
Check check_weight_gradient(const Molecule& m, PartitionScheme scheme, int points_per_atom, double h) {
  const AtomicPartition partition(m, scheme);
  AtomicPartition::Workspace work, fd_work;
  std::vector<WeightDerivative> derivatives;
  Check check;
  const auto natoms = static_cast<int>(m.size());
  // Displaced partitions, built once per atom and direction.
  std::vector<std::array<std::pair<AtomicPartition, AtomicPartition>, 3>> moved;
  for (int b = 0; b < natoms; ++b)
    moved.push_back({std::make_pair(AtomicPartition(displaced(m, b, 0, h), scheme),
                                    AtomicPartition(displaced(m, b, 0, -h), scheme)),
                     std::make_pair(AtomicPartition(displaced(m, b, 1, h), scheme),
                                    AtomicPartition(displaced(m, b, 1, -h), scheme)),
                     std::make_pair(AtomicPartition(displaced(m, b, 2, h), scheme),
                                    AtomicPartition(displaced(m, b, 2, -h), scheme))});
  for (int g = 0; g < natoms; ++g)
    for (const Eigen::Vector3d& p : points_around(m, g, points_per_atom, 17u + static_cast<unsigned>(g))) {
      const double w = partition.weight_gradient(g, p, work, derivatives);
      EXPECT_NEAR(w, partition.weight(g, p, fd_work), 1e-15);
      Eigen::Matrix3Xd analytic = Eigen::Matrix3Xd::Zero(3, natoms);
      std::set<int> listed;
      for (const WeightDerivative& d : derivatives) {
        analytic.col(d.atom) = d.gradient;
        listed.insert(d.atom);
      }
      if (!derivatives.empty()) {
        EXPECT_EQ(derivatives.back().atom, g);
      }
      EXPECT_LT(analytic.rowwise().sum().norm(), 1e-13);  // translational invariance
      for (int b = 0; b < natoms; ++b)
        for (int k = 0; k < 3; ++k) {
          Eigen::Vector3d p_plus = p, p_minus = p;
          if (b == g) {  // the point moves with its atom
            p_plus[k] += h;
            p_minus[k] -= h;
          }
          const auto& pair = moved[static_cast<std::size_t>(b)][static_cast<std::size_t>(k)];
          const double numeric =
              (pair.first.weight(g, p_plus, fd_work) - pair.second.weight(g, p_minus, fd_work)) / (2 * h);
          check.max_error = std::max(check.max_error, std::abs(analytic(k, b) - numeric));
          check.max_gradient = std::max(check.max_gradient, std::abs(analytic(k, b)));
          if (!listed.count(b) && std::abs(numeric) > 1e-9) ++check.listed_zero_misses;
        }
    }
  return check;
}

}  // namespace

TEST(PartitionGradient, CellFunctionDerivativesMatchFiniteDifferences) {
  const double h = 1e-6;
  for (double x : {-0.9, -0.63, -0.5, -0.2, 0.0, 0.1, 0.33, 0.6, 0.639, 0.95}) {
    EXPECT_NEAR(ssf_cell_function_derivative(x), (ssf_cell_function(x + h) - ssf_cell_function(x - h)) / (2 * h), 1e-8)
        << x;
    EXPECT_NEAR(becke_cell_function_derivative(x), (becke_cell_function(x + h) - becke_cell_function(x - h)) / (2 * h),
                1e-8)
        << x;
  }
  EXPECT_EQ(ssf_cell_function_derivative(0.64), 0.0);
  EXPECT_EQ(ssf_cell_function_derivative(-0.7), 0.0);
  EXPECT_NEAR(becke_cell_function_derivative(1.0), 0.0, 1e-15);
}

// H2O2 (O and H: the size adjustments of Becke, Treutler and Psi4's Becke are active for O-H
// pairs): 40 points per atom, every atom's derivative against central differences (h = 1e-5
// bohr). Observed errors <= 2e-10 (the differences' truncation and rounding); tolerance 1e-8
// against derivatives of order 1 (a wrong sign or a missing term is > 1e-2).
TEST(PartitionGradient, MatchesFiniteDifferencesForH2O2) {
  const Molecule m = read_xyz_molecule(test::data_path("h2o2_P.xyz"));
  for (PartitionScheme scheme : {PartitionScheme::Becke, PartitionScheme::StratmannScuseriaFrisch,
                                 PartitionScheme::BeckeTreutler, PartitionScheme::BeckePsi4}) {
    const Check c = check_weight_gradient(m, scheme, 40, 1e-5);
    EXPECT_LT(c.max_error, 1e-8) << to_string(scheme);
    EXPECT_GT(c.max_gradient, 0.1) << to_string(scheme);
    EXPECT_EQ(c.listed_zero_misses, 0) << to_string(scheme);
  }
}

// Eicosane (62 atoms): SSF's screening decides which cells and factors are visited; an atom it
// leaves out must have a zero derivative, and the listed ones must be right (observed 2e-10).
TEST(PartitionGradient, ScreenedSsfMatchesFiniteDifferencesForEicosane) {
  const Molecule m = read_xyz_molecule(test::data_path("eicosane.xyz"));
  const Check c = check_weight_gradient(m, PartitionScheme::StratmannScuseriaFrisch, 3, 1e-5);
  EXPECT_LT(c.max_error, 1e-8);
  EXPECT_GT(c.max_gradient, 0.1);
  EXPECT_EQ(c.listed_zero_misses, 0);
}

// The grid keeps each point's unpartitioned weight: weights = atomic_weights * w_atom(point).
TEST(PartitionGradient, GridKeepsAtomicWeights) {
  const Molecule m = read_xyz_molecule(test::data_path("h2o2_P.xyz"));
  for (PartitionScheme scheme : {PartitionScheme::Becke, PartitionScheme::StratmannScuseriaFrisch,
                                 PartitionScheme::BeckeTreutler}) {
    GridSpec spec = grid_spec_for_level(GridLevel::Coarse);
    spec.partition = scheme;
    const MolecularGrid grid = make_molecular_grid(m, spec);
    ASSERT_EQ(static_cast<std::size_t>(grid.atomic_weights.size()), grid.size());
    const AtomicPartition partition(m, scheme);
    AtomicPartition::Workspace work;
    for (std::size_t i = 0; i < grid.size(); i += 7) {
      const auto k = static_cast<Eigen::Index>(i);
      EXPECT_EQ(grid.weights(k), grid.atomic_weights(k) * partition.weight(grid.atom_of_point[i], grid.points.col(k), work));
    }
  }
}
