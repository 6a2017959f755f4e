// Hartree-Fock energies against Psi4 1.3.2 and NWChem 7.0.2 (exact integrals, e_convergence
// 1e-10, d_convergence 1e-8; inputs in tests/data/reference/). Tolerance 1e-8 Eh, as the issue
// asks; the peers agree with each other to 1.5e-10 Eh.
#include <gtest/gtest.h>

#include "basis/basis_library.hpp"
#include "geometry/mirror.hpp"
#include "reference_data.hpp"
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
