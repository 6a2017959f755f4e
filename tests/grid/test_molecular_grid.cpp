#include <gtest/gtest.h>

#include "common/error.hpp"
#include "geometry/mirror.hpp"
#include "geometry/xyz.hpp"
#include "model_density.hpp"
#include "parallel/communicator.hpp"
#include "scf/grid/molecular_grid.hpp"

using namespace atropos;
using test::data_path;
using test::integrate_density;
using test::integrate_rho43;

namespace {

void expect_well_formed(const MolecularGrid& grid, const Molecule& m, int max_batch) {
  ASSERT_EQ(grid.points.cols(), static_cast<Eigen::Index>(grid.size()));
  ASSERT_EQ(grid.atom_of_point.size(), grid.size());
  std::size_t next = 0;
  for (const GridBatch& b : grid.batches) {
    ASSERT_EQ(b.begin, next);
    EXPECT_LE(b.size(), static_cast<std::size_t>(max_batch));
    bool one_atom = true;
    for (std::size_t i = b.begin; i < b.end; ++i) {
      EXPECT_LT(grid.atom_of_point[i], static_cast<int>(m.size()));
      one_atom = one_atom && grid.atom_of_point[i] == grid.atom_of_point[b.begin];
      if (b.atom >= 0) EXPECT_EQ(grid.atom_of_point[i], b.atom);
      EXPECT_LE((grid.points.col(static_cast<Eigen::Index>(i)) - b.centre).norm(), b.radius * (1 + 1e-15));
    }
    // atom names the one atom all points came from, -1 when they came from several
    EXPECT_EQ(b.atom, one_atom ? grid.atom_of_point[b.begin] : -1);
    next = b.end;
  }
  EXPECT_EQ(next, grid.size());
}

}  // namespace

// Exact electron count to 1e-6 on the fine grid (model density: model_density.hpp).
TEST(MolecularGrid, FineGridIntegratesModelDensitiesOfWaterAndH2O2) {
  for (const char* name : {"water.xyz", "h2o2_P.xyz"}) {
    const Molecule m = read_xyz_molecule(data_path(name));
    for (PartitionScheme partition : {PartitionScheme::StratmannScuseriaFrisch, PartitionScheme::Becke}) {
      GridSpec spec = grid_spec_for_level(GridLevel::Fine);
      spec.partition = partition;
      const MolecularGrid grid = make_molecular_grid(m, spec);
      expect_well_formed(grid, m, spec.max_batch_points);
      EXPECT_NEAR(integrate_density(grid, m), m.electron_count(), 1e-6) << name << " " << to_string(partition);
      EXPECT_GT(grid.weights.minCoeff(), 0.0);
    }
  }
}

TEST(MolecularGrid, EveryLevelAndRadialSchemeIntegratesTheDensity) {
  const Molecule m = read_xyz_molecule(data_path("water.xyz"));
  // Tolerances: what each level is meant for (coarse: screening runs; default: production SCF).
  const std::pair<GridLevel, double> levels[] = {
      {GridLevel::Coarse, 1e-4}, {GridLevel::Default, 1e-5}, {GridLevel::Fine, 1e-6}, {GridLevel::UltraFine, 1e-7}};
  for (const auto& [level, tolerance] : levels)
    for (RadialScheme radial : {RadialScheme::MuraKnowles, RadialScheme::TreutlerAhlrichs, RadialScheme::Becke}) {
      GridSpec spec = grid_spec_for_level(level);
      spec.radial_scheme = radial;
      const MolecularGrid grid = make_molecular_grid(m, spec);
      EXPECT_NEAR(integrate_density(grid, m), 10.0, tolerance) << spec.name << " " << to_string(radial);
      EXPECT_GT(grid.weights.minCoeff(), 0.0) << spec.name;
    }
}

// Pruning must not cost accuracy: the pruned fine grid is as good as the unpruned one on an
// LDA-exchange-like integrand, to well below the grid error of Psi4's (75, 302).
TEST(MolecularGrid, PruningKeepsTheAccuracyOfTheFullGrid) {
  const Molecule m = read_xyz_molecule(data_path("h2o2_P.xyz"));
  GridSpec reference_spec = grid_spec_for_level(GridLevel::UltraFine);
  reference_spec.prune = false;
  reference_spec.angular_points = 1454;
  const double reference = integrate_rho43(make_molecular_grid(m, reference_spec), m);

  GridSpec pruned = grid_spec_for_level(GridLevel::Fine);
  GridSpec unpruned = pruned;
  unpruned.prune = false;
  const MolecularGrid grid_pruned = make_molecular_grid(m, pruned);
  const MolecularGrid grid_unpruned = make_molecular_grid(m, unpruned);
  EXPECT_LT(grid_pruned.size(), grid_unpruned.size() * 3 / 4);
  const double error_pruned = std::abs(integrate_rho43(grid_pruned, m) - reference);
  const double error_unpruned = std::abs(integrate_rho43(grid_unpruned, m) - reference);
  EXPECT_LT(error_pruned, 1e-6);
  EXPECT_LT(error_pruned, 3.0 * error_unpruned + 1e-9);
}

// Psi4-like explicit grid: same radial count everywhere, no pruning.
TEST(MolecularGrid, ExplicitGridLikePsi4) {
  const GridSpec spec = explicit_grid_spec(75, 302);
  EXPECT_FALSE(spec.prune);
  const Molecule water = read_xyz_molecule(data_path("water.xyz"));
  const MolecularGrid grid = make_molecular_grid(water, spec);
  EXPECT_LE(grid.size(), 3u * 75u * 302u);
  EXPECT_GT(grid.size(), 3u * 75u * 302u / 2);
  EXPECT_NEAR(integrate_density(grid, water), 10.0, 1e-5);
}

TEST(MolecularGrid, BadSpecsAreInputErrors) {
  try {
    explicit_grid_spec(75, 300, "input.toml [dft] grid");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("allowed"), std::string::npos) << what;
    EXPECT_NE(what.find("590"), std::string::npos) << what;
    EXPECT_NE(what.find("input.toml [dft] grid"), std::string::npos) << what;
  }
  EXPECT_THROW(explicit_grid_spec(0, 302), InputError);
  EXPECT_THROW(grid_spec_for_level("superfine", "[dft] grid"), InputError);
  EXPECT_EQ(grid_spec_for_level("UltraFine").name, "ultrafine");
  EXPECT_THROW(make_molecular_grid(Molecule(), grid_spec_for_level(GridLevel::Coarse)), InputError);
}

// The enantiomers' grids are mirror images (Lebedev grids are symmetric under x -> -x), so the
// integrals agree to rounding; the same for a reflection made by geometry/mirror.
TEST(MolecularGrid, MirrorImagesGiveTheSameIntegrals) {
  const Molecule p = read_xyz_molecule(data_path("h2o2_P.xyz"));
  const Molecule mirror_m = read_xyz_molecule(data_path("h2o2_M.xyz"));
  const GridSpec spec = grid_spec_for_level(GridLevel::Fine);
  const MolecularGrid grid_p = make_molecular_grid(p, spec);
  for (const Molecule& image : {mirror_m, mirror_image(p)}) {
    const MolecularGrid grid_m = make_molecular_grid(image, spec);
    EXPECT_EQ(grid_m.size(), grid_p.size());
    EXPECT_NEAR(integrate_density(grid_m, image), integrate_density(grid_p, p), 1e-12);
    EXPECT_NEAR(integrate_rho43(grid_m, image), integrate_rho43(grid_p, p), 1e-12);
    EXPECT_NEAR(grid_m.weights.sum(), grid_p.weights.sum(), 1e-9 * grid_p.weights.sum());
  }
}

// Built on all ranks of the world communicator (2 under the MPI test), the grid is bit-identical
// to the serial one; each rank integrating its own batches and summing gives the serial integral.
TEST(MolecularGrid, IdenticalOnOneAndSeveralRanks) {
  const Communicator world;
  const Molecule m = read_xyz_molecule(data_path("h2o2_P.xyz"));
  const GridSpec spec = grid_spec_for_level(GridLevel::Default);
  const MolecularGrid serial = make_molecular_grid(m, spec);
  const MolecularGrid parallel = make_molecular_grid(m, spec, world);
  ASSERT_EQ(parallel.size(), serial.size());
  EXPECT_TRUE((parallel.points.array() == serial.points.array()).all());
  EXPECT_TRUE((parallel.weights.array() == serial.weights.array()).all());
  EXPECT_EQ(parallel.atom_of_point, serial.atom_of_point);
  ASSERT_EQ(parallel.batches.size(), serial.batches.size());
  for (std::size_t b = 0; b < serial.batches.size(); ++b) {
    EXPECT_EQ(parallel.batches[b].begin, serial.batches[b].begin);
    EXPECT_EQ(parallel.batches[b].end, serial.batches[b].end);
  }

  double mine = 0.0;
  for (std::size_t b : batches_for_rank(parallel, world.rank(), world.size()))
    for (std::size_t i = parallel.batches[b].begin; i < parallel.batches[b].end; ++i)
      mine += parallel.weights(static_cast<Eigen::Index>(i)) *
              test::model_density(m, parallel.points.col(static_cast<Eigen::Index>(i)));
  EXPECT_NEAR(world.sum(mine), integrate_density(serial, m), 1e-12);
}
