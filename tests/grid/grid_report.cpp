// grid_report: point counts, build times and accuracy of the grid levels on model densities.
// Not a test (it asserts nothing); run by hand to document the levels (docs/grids.md):
//   build-grid/tests/grid/grid_report [molecule.xyz ...]
// Accuracy: integral of the model density (exact: electron count) and of rho^(4/3) (reference:
// ultrafine radial grid with the unpruned 1454-point Lebedev rule).
#include <cstdio>
#include <limits>
#include <string>

#include "common/stopwatch.hpp"
#include "geometry/xyz.hpp"
#include "model_density.hpp"
#include "scf/grid/molecular_grid.hpp"

using namespace atropos;

namespace {

void report(const std::string& path) {
  const Molecule m = read_xyz_molecule(path);
  std::printf("\n%s  (%s, %zu atoms, %d electrons)\n", path.c_str(), m.formula().c_str(), m.size(), m.electron_count());
  GridSpec reference_spec = grid_spec_for_level(GridLevel::UltraFine);
  reference_spec.prune = false;
  reference_spec.angular_points = 1454;
  const double reference43 = test::integrate_rho43(make_molecular_grid(m, reference_spec), m);
  std::printf("%-26s %10s %8s %8s %12s %12s\n", "grid", "points", "build/s", "batches", "err(rho)", "err(rho^4/3)");

  std::vector<std::pair<std::string, GridSpec>> specs;
  for (GridLevel level : {GridLevel::Coarse, GridLevel::Default, GridLevel::Fine, GridLevel::UltraFine})
    specs.emplace_back(grid_spec_for_level(level).name, grid_spec_for_level(level));
  GridSpec fine_becke = grid_spec_for_level(GridLevel::Fine);
  fine_becke.partition = PartitionScheme::Becke;
  specs.emplace_back("fine, becke partition", fine_becke);
  GridSpec fine_unpruned = grid_spec_for_level(GridLevel::Fine);
  fine_unpruned.prune = false;
  specs.emplace_back("fine, unpruned", fine_unpruned);
  // Psi4 1.3.2's grid (psi4_grid_spec) at (75, 302) and (99, 590), without the basis-extent cut
  // (no basis here; the cut drops points that carry no density).
  for (auto [nr, na] : {std::pair{75, 302}, std::pair{99, 590}})
    specs.emplace_back("psi4 (" + std::to_string(nr) + "," + std::to_string(na) + ")",
                       psi4_grid_spec(nr, na, std::numeric_limits<double>::infinity()));
  for (const auto& [name, spec] : specs) {
    const Stopwatch clock;
    const MolecularGrid grid = make_molecular_grid(m, spec);
    const double elapsed = clock.seconds();
    const double n = test::integrate_density(grid, m);
    const double e43 = test::integrate_rho43(grid, m);
    std::printf("%-26s %10zu %8.3f %8zu %12.2e %12.2e\n", name.c_str(), grid.size(), elapsed, grid.batches.size(),
                n - m.electron_count(), e43 - reference43);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    for (const char* name : {"water.xyz", "h2o2_P.xyz", "eicosane.xyz"}) report(test::data_path(name));
  } else {
    for (int i = 1; i < argc; ++i) report(argv[i]);
  }
  return 0;
}
