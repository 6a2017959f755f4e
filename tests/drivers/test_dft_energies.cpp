// Kohn-Sham energies against Psi4 1.3.2 (exact integrals, (99, 590) Treutler grid,
// e_convergence 1e-10; inputs in tests/data/reference/psi4 and tests/data/psi4). Our grid:
// `fine` (docs/grids.md). Tolerance 2e-6 Eh on total energies and 0.01 kcal/mol on relative
// energies, as the Kohn-Sham issue asks; Psi4 and NWChem agree to 7e-8 Eh.
#include <gtest/gtest.h>

#include <cctype>

#include "drivers/single_point.hpp"
#include "geometry/mirror.hpp"
#include "geometry/units.hpp"
#include "reference_data.hpp"

using namespace atropos;
namespace ref = atropos::testing;

namespace {

SinglePointResult run_dft(const Molecule& molecule, const std::string& method, const std::string& grid = "fine",
                          const Communicator& comm = Communicator()) {
  Job job;
  job.molecule = molecule;
  job.method = method;
  job.basis = "def2-svp";
  job.grid_level = grid;
  job.scf_type = "direct";  // exact integrals, as Psi4's scf_type pk references
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-8;
  job.checkpoint.clear();
  return run_single_point(job, comm, Log::silent());
}

struct DftCase {
  const char* molecule;  // tests/data/molecules/<name>.xyz
  int multiplicity;
  const char* method;
  const char* psi4_job;  // tests/data/psi4/<job>.json
};

class KohnShamVsPsi4 : public ::testing::TestWithParam<DftCase> {};

// "<molecule>_<method>" with non-alphanumerics as '_', for the parametrised test names.
std::string case_name(const ::testing::TestParamInfo<DftCase>& info) {
  std::string name = std::string(info.param.molecule) + "_" + info.param.method;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

}  // namespace

TEST_P(KohnShamVsPsi4, TotalEnergyWithin2e6) {
  const DftCase& c = GetParam();
  const SinglePointResult r = run_dft(ref::project_molecule(c.molecule, 0, c.multiplicity), c.method);
  EXPECT_TRUE(r.scf.converged);
  EXPECT_NEAR(r.scf.total_energy, ref::psi4_job(c.psi4_job).at("energy").get<double>(), 2e-6) << c.psi4_job;
  const double electrons = r.scf.alpha_electrons + r.scf.beta_electrons;
  EXPECT_NEAR(r.integrated_electrons, electrons, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Psi4, KohnShamVsPsi4,
    ::testing::Values(DftCase{"water", 1, "pbe", "water_pbe_def2svp_pk_energy"},
                      DftCase{"water", 1, "b3lyp", "water_b3lyp_def2svp_pk_energy"},
                      DftCase{"h2o2_P", 1, "pbe0", "h2o2_P_pbe0_def2svp_pk_energy"},
                      DftCase{"h2o2_P", 1, "tpss", "h2o2_P_tpss_def2svp_pk_energy"},
                      DftCase{"h2o2_P", 1, "wb97x", "h2o2_P_wb97x_def2svp_pk_energy"},
                      DftCase{"oh_radical", 2, "pbe", "oh_pbe_def2svp_pk_energy"},
                      DftCase{"oh_radical", 2, "b3lyp", "oh_b3lyp_def2svp_pk_energy"},
                      DftCase{"o2", 3, "pbe", "o2_pbe_def2svp_pk_energy"}),
    case_name);

// Psi4's own grid (dft_grid_style = "psi4", grid = [99, 590]; docs/grids.md, "Psi4's grid"):
// the same points and weights as Psi4 1.3.2's (to 1e-13 bohr^3, tests/grid/test_psi4_grid.cpp),
// so the energies agree far below the 2e-6 Eh of a different grid. Observed <= 1e-12 Eh for all
// seven (GGA, hybrids, meta-GGA, range-separated hybrid; UKS O2). Tolerance 1e-9 Eh:
// both programs stop at energy changes below 1e-10 Eh, and what else differs (XC screening
// thresholds, the order of the sums) stays below 1e-11 Eh. Not the OH radical: its degenerate pi
// hole settles with rounding (see RankCountIndependence), 7e-10 Eh off here.
class KohnShamOnPsi4Grid : public ::testing::TestWithParam<DftCase> {};

TEST_P(KohnShamOnPsi4Grid, TotalEnergyWithin1e9) {
  const DftCase& c = GetParam();
  Job job;
  job.molecule = ref::project_molecule(c.molecule, 0, c.multiplicity);
  job.method = c.method;
  job.basis = "def2-svp";
  job.grid_radial_points = 99;
  job.grid_angular_points = 590;
  job.grid_style = "psi4";
  job.scf_type = "direct";
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-8;
  job.checkpoint.clear();
  const SinglePointResult r = run_single_point(job, Communicator(), Log::silent());
  EXPECT_TRUE(r.scf.converged);
  EXPECT_NEAR(r.scf.total_energy, ref::psi4_job(c.psi4_job).at("energy").get<double>(), 1e-9) << c.psi4_job;
}

INSTANTIATE_TEST_SUITE_P(
    Psi4, KohnShamOnPsi4Grid,
    ::testing::Values(DftCase{"h2o2_P", 1, "pbe", "h2o2_P_pbe_def2svp_pk_energy"},
                      DftCase{"h2o2_P", 1, "pbe0", "h2o2_P_pbe0_def2svp_pk_energy"},
                      DftCase{"water", 1, "pbe", "water_pbe_def2svp_pk_energy"},
                      DftCase{"water", 1, "b3lyp", "water_b3lyp_def2svp_pk_energy"},
                      DftCase{"water", 1, "tpss", "water_tpss_def2svp_pk_energy"},
                      DftCase{"water", 1, "wb97x", "water_wb97x_def2svp_pk_energy"},
                      DftCase{"o2", 3, "pbe", "o2_pbe_def2svp_pk_energy"}),
    case_name);

// Converging on the small initial grid first (initial_grid = "auto": "coarse") and finishing on
// the requested one gives the requested grid's SCF solution: the same energy as starting there,
// within what the thresholds leave (1e-10 Eh; tolerance 1e-9), with fewer iterations on the
// requested grid. Restricted (H2O2 PBE) and unrestricted (O2 triplet PBE), Psi4's (99, 590) grid.
TEST(KohnSham, InitialGridLeavesTheEnergyUnchanged) {
  struct Case {
    Molecule molecule;
    const char* method;
  };
  const Case cases[] = {{ref::reference_molecule("h2o2_P"), "pbe"}, {ref::project_molecule("o2", 0, 3), "pbe"}};
  for (const Case& c : cases) {
    Job job;
    job.molecule = c.molecule;
    job.method = c.method;
    job.grid_radial_points = 99;
    job.grid_angular_points = 590;
    job.grid_style = "psi4";
    job.scf_type = "direct";
    job.scf.energy_threshold = 1e-10;
    job.scf.gradient_threshold = 1e-8;
    job.checkpoint.clear();
    job.initial_grid = "none";
    const ScfResult direct = run_single_point(job, Communicator(), Log::silent()).scf;
    job.initial_grid = "auto";
    const ScfResult staged = run_single_point(job, Communicator(), Log::silent()).scf;
    ASSERT_TRUE(direct.converged && staged.converged) << c.method;
    EXPECT_EQ(direct.initial_grid_iterations, 0);
    EXPECT_GT(staged.initial_grid_iterations, 0);
    EXPECT_LT(staged.iterations, direct.iterations);
    EXPECT_NEAR(staged.total_energy, direct.total_energy, 1e-9);
  }
}

// H2O2 torsion barriers (trans and cis relative to the skew P minimum), PBE and B3LYP, against
// Psi4's and NWChem's (tests/data/reference/tables.md), within 0.01 kcal/mol; and the
// enantiomers P and M equal within 1e-9 Eh.
TEST(KohnSham, H2O2TorsionBarriersAndEnantiomers) {
  for (const std::string method : {"pbe", "b3lyp"}) {
    const double p = run_dft(ref::reference_molecule("h2o2_P"), method).scf.total_energy;
    const double m = run_dft(ref::reference_molecule("h2o2_M"), method).scf.total_energy;
    const double trans = run_dft(ref::reference_molecule("h2o2_trans"), method).scf.total_energy;
    const double cis = run_dft(ref::reference_molecule("h2o2_cis"), method).scf.total_energy;
    EXPECT_NEAR(m, p, 1e-9) << method;
    EXPECT_NEAR(p, ref::psi4_energy("h2o2_P_" + method + "_pk_energy"), 2e-6) << method;
    EXPECT_NEAR(p, ref::nwchem_energy("h2o2_P_" + method + "_energy"), 2e-6) << method;
    const double kcal = units::hartree_in_kcal_mol;
    const auto barrier = [&](const std::string& conformer) {
      return (ref::psi4_energy("h2o2_" + conformer + "_" + method + "_pk_energy") -
              ref::psi4_energy("h2o2_P_" + method + "_pk_energy")) *
             kcal;
    };
    EXPECT_NEAR((trans - p) * kcal, barrier("trans"), 0.01) << method;
    EXPECT_NEAR((cis - p) * kcal, barrier("cis"), 0.01) << method;
  }
  // A mirror through a plane that is not a coordinate plane: the grid is not symmetric under it,
  // so the energies agree to the grid error only (checked at 1e-6 Eh).
  const double p = run_dft(ref::reference_molecule("h2o2_P"), "pbe").scf.total_energy;
  const double tilted = run_dft(mirror_image(ref::reference_molecule("h2o2_P"), Eigen::Vector3d(0.3, 0.5, -0.8)), "pbe")
                            .scf.total_energy;
  EXPECT_NEAR(tilted, p, 1e-6);
}

TEST(KohnSham, GridConvergenceFineToUltrafine) {
  for (const std::string method : {"pbe", "b3lyp"}) {
    const Molecule h2o2 = ref::reference_molecule("h2o2_P");
    const double fine = run_dft(h2o2, method, "fine").scf.total_energy;
    const double ultrafine = run_dft(h2o2, method, "ultrafine").scf.total_energy;
    EXPECT_LT(std::abs(fine - ultrafine), 1e-6) << method;
  }
}

// Under mpirun -np 2 and 3: the world against one rank alone, 1e-10 Eh, restricted (H2O2 PBE) and
// unrestricted (H2O+ doublet B3LYP). Not the OH radical: its beta hole sits in a degenerate pi pair,
// and on a finite grid (which is not cylindrically symmetric) the energy changes by up to the grid
// error (1e-6 Eh on `default`) with the orientation of the hole, which rounding in the summation
// order (ranks, threads) picks. That is a property of the grid, not a decomposition bug.
TEST(KohnSham, RankCountIndependence) {
  struct Case {
    Molecule molecule;
    const char* method;
  };
  const Case cases[] = {{ref::reference_molecule("h2o2_P"), "pbe"}, {ref::project_molecule("water", 1, 2), "b3lyp"}};
  for (const Case& c : cases) {
    const double world = run_dft(c.molecule, c.method, "default", Communicator(MPI_COMM_WORLD)).scf.total_energy;
    const double alone = run_dft(c.molecule, c.method, "default", Communicator(MPI_COMM_SELF)).scf.total_energy;
    EXPECT_NEAR(world, alone, 1e-10) << c.method;
  }
}

// scf_type df (RI-J with def2-universal-jkfit, Psi4's default fitting set for def2-SVP): the
// shift from exact Coulomb must match Psi4 1.3.2's DF - PK shift (tests/data/reference/psi4/
// h2o2_P_pbe_{df,pk}_energy.json); the grid error cancels in the difference. Tolerance 1e-8 Eh.
TEST(KohnSham, DensityFittedCoulombShiftMatchesPsi4) {
  Job job;
  job.molecule = ref::reference_molecule("h2o2_P");
  job.method = "pbe";
  job.grid_level = "fine";
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-8;
  job.checkpoint.clear();
  job.scf_type = "direct";
  const double exact = run_single_point(job, Communicator(), Log::silent()).scf.total_energy;
  job.scf_type = "df";
  job.df_basis = "def2-universal-jkfit";
  const double fitted = run_single_point(job, Communicator(), Log::silent()).scf.total_energy;
  const double psi4_shift = ref::psi4_energy("h2o2_P_pbe_df_energy") - ref::psi4_energy("h2o2_P_pbe_pk_energy");
  EXPECT_NEAR(fitted - exact, psi4_shift, 1e-8);
  EXPECT_NEAR(fitted, ref::psi4_energy("h2o2_P_pbe_df_energy"), 2e-6);
}
