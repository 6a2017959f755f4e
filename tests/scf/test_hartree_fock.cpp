// Hartree-Fock energies against Psi4 1.3.2 and NWChem 7.0.2 (exact integrals, e_convergence
// 1e-10, d_convergence 1e-8; inputs in tests/data/reference/). Tolerance 1e-8 Eh, as the issue
// asks; the peers agree with each other to 1.5e-10 Eh.
#include <gtest/gtest.h>

#include <cctype>

#include "basis/basis_library.hpp"
#include "geometry/mirror.hpp"
#include "reference_data.hpp"
#include "scf/adiis.hpp"
#include "scf/direct_jk.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/sad_guess.hpp"
#include "scf/scf_solver.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

ScfResult run_hf(const Molecule& molecule, const std::string& basis_name, Reference reference, bool sad = true) {
  Communicator comm;
  const BasisSet basis = load_basis(basis_name, molecule);
  ScfOptions options;
  options.energy_threshold = 1e-10;
  options.gradient_threshold = 1e-8;
  ScfSolver solver(molecule, basis, comm, options, reference);
  DirectJk jk(basis, comm);
  HartreeFockModel model(jk);
  std::vector<Eigen::MatrixXd> guess;
  if (sad) guess.push_back(0.5 * compute_sad_density(molecule, basis));
  return solver.run(model, guess);
}

}  // namespace

TEST(HartreeFock, WaterDef2SvpMatchesPsi4AndNwchem) {
  const ScfResult r = run_hf(reference_molecule("water"), "def2-svp", Reference::restricted);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.total_energy, psi4_energy("water_rhf_pk_energy"), 1e-8);
  EXPECT_NEAR(r.total_energy, nwchem_energy("water_rhf_energy"), 1e-8);
  EXPECT_NEAR(r.nuclear_repulsion, 9.189533762639709, 1e-10);  // Psi4's nuclear repulsion
}

TEST(HartreeFock, H2O2EnantiomersMatchPsi4AndEachOther) {
  const ScfResult p = run_hf(reference_molecule("h2o2_P"), "def2-svp", Reference::restricted);
  const ScfResult m = run_hf(reference_molecule("h2o2_M"), "def2-svp", Reference::restricted);
  EXPECT_NEAR(p.total_energy, psi4_energy("h2o2_P_rhf_pk_energy"), 1e-8);
  EXPECT_NEAR(m.total_energy, psi4_energy("h2o2_M_rhf_pk_energy"), 1e-8);
  EXPECT_NEAR(p.total_energy, nwchem_energy("h2o2_P_rhf_energy"), 1e-8);
  EXPECT_NEAR(p.total_energy, m.total_energy, 1e-9);
  // Our own reflection of P (through a plane other than the one used for the file) too.
  const ScfResult reflected =
      run_hf(mirror_image(reference_molecule("h2o2_P"), Eigen::Vector3d(0.3, 0.5, -0.8)), "def2-svp", Reference::restricted);
  EXPECT_NEAR(reflected.total_energy, p.total_energy, 1e-9);
}

TEST(HartreeFock, UnrestrictedClosedShellEqualsRestricted) {
  const Molecule water = reference_molecule("water");
  const ScfResult r = run_hf(water, "def2-svp", Reference::restricted);
  const ScfResult u = run_hf(water, "def2-svp", Reference::unrestricted, /*sad=*/false);
  EXPECT_NEAR(u.total_energy, r.total_energy, 1e-9);
}

// RHF in other basis sets and UHF on open shells, against Psi4 1.3.2 numbers made for this
// project (tests/data/psi4/*.in, scf_type pk, e_convergence 1e-10, d_convergence 1e-8).
struct Psi4Case {
  const char* job;
  const char* molecule;
  const char* basis;
  int charge;
  int multiplicity;
};

class HartreeFockVsPsi4 : public ::testing::TestWithParam<Psi4Case> {};

TEST_P(HartreeFockVsPsi4, EnergyWithin1e8) {
  const Psi4Case& c = GetParam();
  const nlohmann::json ref = psi4_job(c.job);
  const Molecule molecule = project_molecule(c.molecule, c.charge, c.multiplicity);
  const Reference reference = c.multiplicity == 1 ? Reference::restricted : Reference::unrestricted;
  const ScfResult r = run_hf(molecule, c.basis, reference);
  EXPECT_EQ(static_cast<int>(load_basis(c.basis, molecule).function_count()), ref.at("nbf").get<int>());
  EXPECT_NEAR(r.total_energy, ref.at("energy").get<double>(), 1e-8) << c.job;
}

INSTANTIATE_TEST_SUITE_P(
    Psi4, HartreeFockVsPsi4,
    ::testing::Values(Psi4Case{"h2o2_P_rhf_ccpvdz_pk_energy", "h2o2_P", "cc-pvdz", 0, 1},
                      Psi4Case{"h2o2_P_rhf_631gs_pk_energy", "h2o2_P", "6-31g*", 0, 1},
                      Psi4Case{"h2o2_P_rhf_sto3g_pk_energy", "h2o2_P", "sto-3g", 0, 1},
                      Psi4Case{"h2o2_P_rhf_def2tzvp_pk_energy", "h2o2_P", "def2-tzvp", 0, 1},
                      Psi4Case{"h2o2_P_rhf_def2svpd_pk_energy", "h2o2_P", "def2-svpd", 0, 1},
                      Psi4Case{"o2_uhf_def2svp_pk_energy", "o2", "def2-svp", 0, 3},
                      Psi4Case{"o2_uhf_ccpvdz_pk_energy", "o2", "cc-pvdz", 0, 3},
                      Psi4Case{"ch2_uhf_def2svp_pk_energy", "ch2_triplet", "def2-svp", 0, 3},
                      Psi4Case{"h2o_cation_uhf_def2svp_pk_energy", "water", "def2-svp", 1, 2},
                      Psi4Case{"h2o_cation_uhf_ccpvdz_pk_energy", "water", "cc-pvdz", 1, 2}),
    [](const ::testing::TestParamInfo<Psi4Case>& info) {
      std::string name = info.param.job;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

// The same SCF on every rank of the world communicator and on one rank alone: under
// mpirun -np 2 this compares 2 ranks with 1 (issue: agree to 1e-10 Eh).
TEST(HartreeFock, RankCountIndependence) {
  const Molecule molecule = reference_molecule("h2o2_P");
  const BasisSet basis = load_basis("def2-svp", molecule);
  auto energy_on = [&](const Communicator& comm) {
    ScfOptions options;
    options.energy_threshold = 1e-11;
    options.gradient_threshold = 1e-9;
    ScfSolver solver(molecule, basis, comm, options, Reference::unrestricted);
    DirectJk jk(basis, comm);
    HartreeFockModel model(jk);
    return solver.run(model, {0.5 * compute_sad_density(molecule, basis)}).total_energy;
  };
  const double world = energy_on(Communicator(MPI_COMM_WORLD));
  const double alone = energy_on(Communicator(MPI_COMM_SELF));
  EXPECT_NEAR(world, alone, 1e-10);
}

TEST(Adiis, SimplexMinimiserFindsInteriorAndBoundaryMinima) {
  // Convex: minimum of |c - t|^2 = c.c - 2 t.c + const at the projection of t onto the simplex.
  Eigen::VectorXd t(3);
  t << 0.2, 0.5, 0.3;  // already on the simplex
  Eigen::VectorXd c = minimise_on_simplex(-t, Eigen::MatrixXd::Identity(3, 3));
  EXPECT_LT((c - t).norm(), 1e-12);
  t << 1.5, -0.5, 0.0;  // projection is the vertex (1, 0, 0)
  c = minimise_on_simplex(-t, Eigen::MatrixXd::Identity(3, 3));
  EXPECT_LT((c - Eigen::Vector3d(1, 0, 0)).norm(), 1e-12);
  // Concave: the minimum is at a vertex, the one with the lowest value.
  Eigen::VectorXd b(3);
  b << 0.0, -0.1, 0.05;
  c = minimise_on_simplex(b, -Eigen::MatrixXd::Identity(3, 3));
  EXPECT_LT((c - Eigen::Vector3d(0, 1, 0)).norm(), 1e-12);
}

TEST(HartreeFock, AdiisAndPlainDiisReachTheSameEnergy) {
  const Molecule molecule = project_molecule("o2", 0, 3);
  const BasisSet basis = load_basis("def2-svp", molecule);
  Communicator comm;
  double energies[2];
  for (int adiis = 0; adiis < 2; ++adiis) {
    ScfOptions options;
    options.energy_threshold = 1e-10;
    options.gradient_threshold = 1e-8;
    options.adiis = adiis == 1;
    ScfSolver solver(molecule, basis, comm, options, Reference::unrestricted);
    DirectJk jk(basis, comm);
    HartreeFockModel model(jk);
    energies[adiis] = solver.run(model, {}).total_energy;  // core guess: far from convergence
  }
  EXPECT_NEAR(energies[0], energies[1], 1e-9);
  EXPECT_NEAR(energies[1], psi4_job("o2_uhf_def2svp_pk_energy").at("energy").get<double>(), 1e-8);
}
