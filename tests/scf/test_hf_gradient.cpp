// Analytic Hartree-Fock nuclear gradients (scf/hf_gradient, scf/two_electron_gradient):
// - RHF/def2-SVP of water and H2O2 (P) against the analytic gradients of Psi4 1.3.2 (scf_type pk)
//   and NWChem 7.0.2 (tests/data/reference/results.json, inputs beside it), 1e-6 Eh/bohr as the
//   issue asks; the two programs agree with each other to 8e-9 (they converged to d 1e-8).
// - Central finite differences of our own SCF energies (step 1e-3 bohr, e_convergence 1e-11,
//   d_convergence 1e-9), 1e-6 Eh/bohr: RHF H2O2, UHF doublet H2O+ and triplet CH2.
// - The J and K derivative contractions (1/r and erf(omega r)/r) against finite differences of
//   J/K energies at a fixed density matrix, 1e-7 Eh/bohr.
// - Exact properties: mirror images, sums over atoms, ranks/threads, UHF = RHF for closed shells.
#include <gtest/gtest.h>
#include <omp.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include "basis/basis_library.hpp"
#include "common/error.hpp"
#include "geometry/mirror.hpp"
#include "reference_data.hpp"
#include "scf/direct_jk.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/hf_gradient.hpp"
#include "scf/one_electron_derivatives.hpp"
#include "scf/sad_guess.hpp"
#include "scf/scf_solver.hpp"
#include "scf/two_electron_gradient.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

// The convergence the issue asks for finite-difference comparisons.
ScfOptions tight_options() {
  ScfOptions options;
  options.energy_threshold = 1e-11;
  options.gradient_threshold = 1e-9;
  return options;
}

// SCF from the SAD guess, or from `guess` densities (a nearby converged result: displaced
// geometries then converge in a few iterations and to the same state).
ScfResult run_scf(const Molecule& molecule, const BasisSet& basis, Reference reference, const Communicator& comm,
                  std::vector<Eigen::MatrixXd> guess = {}, double exchange_fraction = 1.0) {
  ScfSolver solver(molecule, basis, comm, tight_options(), reference);
  DirectJk jk(basis, comm);
  HartreeFockModel model(jk, exchange_fraction);
  if (guess.empty()) guess.push_back(0.5 * compute_sad_density(molecule, basis));
  ScfResult result = solver.run(model, guess);
  EXPECT_TRUE(result.converged);
  return result;
}

Reference reference_for(const Molecule& molecule) {
  return molecule.multiplicity() == 1 ? Reference::restricted : Reference::unrestricted;
}

Eigen::MatrixX3d json_gradient(const nlohmann::json& job) {
  const auto& rows = job.at("gradient");
  Eigen::MatrixX3d g(static_cast<Eigen::Index>(rows.size()), 3);
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (int k = 0; k < 3; ++k) g(static_cast<Eigen::Index>(i), k) = rows[i][static_cast<std::size_t>(k)].get<double>();
  return g;
}

double max_abs(const Eigen::MatrixX3d& m) { return m.cwiseAbs().maxCoeff(); }

// Prints a deviation on rank 0, so that the test log documents the accuracy reached.
void report(const std::string& what, double value) {
  if (Communicator().is_root()) std::cout << "  " << what << ": " << value << "\n";
}

// Translational invariance, term by term: each term alone sums to zero over the atoms.
void expect_terms_sum_to_zero(const ScfGradientTerms& t, double tolerance) {
  EXPECT_LT(t.nuclear_repulsion.colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT((t.kinetic).colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT((t.overlap).colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT(t.nuclear_attraction.colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT(t.coulomb.colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT(t.exchange.colwise().sum().cwiseAbs().maxCoeff(), tolerance);
  EXPECT_LT(t.total().colwise().sum().cwiseAbs().maxCoeff(), tolerance);
}

// Central differences (step h bohr) of the converged SCF energy, every coordinate.
Eigen::MatrixX3d finite_difference_gradient(const Molecule& molecule, const std::string& basis_name,
                                            const ScfResult& start, double h = 1e-3, double exchange_fraction = 1.0) {
  const Communicator comm;
  Eigen::MatrixX3d g = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(molecule.size()), 3);
  for (Eigen::Index atom = 0; atom < g.rows(); ++atom)
    for (int k = 0; k < 3; ++k) {
      double energy[2];
      for (int side = 0; side < 2; ++side) {
        Eigen::MatrixX3d positions = molecule.positions();
        positions(atom, k) += side == 0 ? h : -h;
        const Molecule moved = molecule.with_positions(positions);
        const BasisSet basis = load_basis(basis_name, moved);
        energy[side] =
            run_scf(moved, basis, reference_for(molecule), comm, start.densities, exchange_fraction).total_energy;
      }
      g(atom, k) = (energy[0] - energy[1]) / (2.0 * h);
    }
  return g;
}

// A molecule moved off its symmetric geometry (fixed offsets in bohr), so that no gradient
// component is zero by symmetry.
Molecule distorted(const Molecule& molecule) {
  const double offsets[3][3] = {{0.02, -0.03, 0.01}, {-0.04, 0.05, 0.03}, {0.06, 0.02, -0.05}};
  Eigen::MatrixX3d positions = molecule.positions();
  for (Eigen::Index a = 0; a < positions.rows() && a < 3; ++a)
    for (int k = 0; k < 3; ++k) positions(a, k) += offsets[a][k];
  return molecule.with_positions(positions);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Peer programs

TEST(HfGradient, RhfDef2SvpMatchesPsi4AndNwchem) {
  const Communicator comm;
  for (const std::string name : {"water", "h2o2_P"}) {
    const Molecule molecule = reference_molecule(name);
    const BasisSet basis = load_basis("def2-svp", molecule);
    const ScfResult result = run_scf(molecule, basis, Reference::restricted, comm);
    const ScfGradientTerms terms = compute_hf_gradient_terms(molecule, basis, result, comm);
    const Eigen::MatrixX3d g = terms.total();
    const Eigen::MatrixX3d psi4 = json_gradient(shared_results().at("psi4").at(name + "_rhf_pk_gradient"));
    const Eigen::MatrixX3d nwchem = json_gradient(shared_results().at("nwchem").at(name + "_rhf_gradient"));
    ASSERT_EQ(g.rows(), psi4.rows());
    const double d_psi4 = max_abs(g - psi4), d_nwchem = max_abs(g - nwchem);
    EXPECT_LT(d_psi4, 1e-6) << name;
    EXPECT_LT(d_nwchem, 1e-6) << name;
    if (comm.is_root())
      std::cout << "  " << name << ": max |atropos - Psi4| = " << d_psi4 << ", |atropos - NWChem| = " << d_nwchem
                << ", |Psi4 - NWChem| = " << max_abs(psi4 - nwchem) << " Eh/bohr\n";
    expect_terms_sum_to_zero(terms, 1e-8);
  }
}

// ---------------------------------------------------------------------------------------------
// Finite differences of our own SCF energies

TEST(HfGradient, RhfH2O2MatchesFiniteDifferences) {
  const Communicator comm;
  const Molecule molecule = reference_molecule("h2o2_P");
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::restricted, comm);
  const Eigen::MatrixX3d analytic = compute_hf_gradient(molecule, basis, result, comm);
  const Eigen::MatrixX3d numeric = finite_difference_gradient(molecule, "def2-svp", result);
  EXPECT_LT(max_abs(analytic - numeric), 1e-6) << "analytic\n" << analytic << "\nnumeric\n" << numeric;
  report("RHF H2O2 max |analytic - FD| (Eh/bohr)", max_abs(analytic - numeric));
}

TEST(HfGradient, UhfDoubletWaterCationMatchesFiniteDifferences) {
  const Communicator comm;
  const Molecule molecule = distorted(project_molecule("water", 1, 2));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::unrestricted, comm);
  const ScfGradientTerms terms = compute_hf_gradient_terms(molecule, basis, result, comm);
  const Eigen::MatrixX3d numeric = finite_difference_gradient(molecule, "def2-svp", result);
  EXPECT_LT(max_abs(terms.total() - numeric), 1e-6) << "analytic\n" << terms.total() << "\nnumeric\n" << numeric;
  report("UHF H2O+ max |analytic - FD| (Eh/bohr)", max_abs(terms.total() - numeric));
  EXPECT_GT(terms.total().cwiseAbs().minCoeff(), 1e-4);  // the distortion left no zero by symmetry
  expect_terms_sum_to_zero(terms, 1e-8);
}

TEST(HfGradient, UhfTripletCh2MatchesFiniteDifferences) {
  const Communicator comm;
  const Molecule molecule = distorted(project_molecule("ch2_triplet", 0, 3));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::unrestricted, comm);
  const ScfGradientTerms terms = compute_hf_gradient_terms(molecule, basis, result, comm);
  const Eigen::MatrixX3d numeric = finite_difference_gradient(molecule, "def2-svp", result);
  EXPECT_LT(max_abs(terms.total() - numeric), 1e-6) << "analytic\n" << terms.total() << "\nnumeric\n" << numeric;
  report("UHF CH2 max |analytic - FD| (Eh/bohr)", max_abs(terms.total() - numeric));
  expect_terms_sum_to_zero(terms, 1e-8);
}

// An SCF with J - 0.5 K (the exact-exchange part of a global hybrid, without its XC term):
// checks that the exchange fraction reaches the gradient.
TEST(HfGradient, HalfExchangeMatchesFiniteDifferences) {
  const Communicator comm;
  const Molecule molecule = distorted(reference_molecule("water"));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::restricted, comm, {}, 0.5);
  const Eigen::MatrixX3d analytic = compute_hf_gradient(molecule, basis, result, comm, 0.5);
  const Eigen::MatrixX3d numeric = finite_difference_gradient(molecule, "def2-svp", result, 1e-3, 0.5);
  EXPECT_LT(max_abs(analytic - numeric), 1e-6) << "analytic\n" << analytic << "\nnumeric\n" << numeric;
  report("RHF with 0.5 K, water max |analytic - FD| (Eh/bohr)", max_abs(analytic - numeric));
}

// The two-electron contraction alone: E_2(R) = c_J/2 tr(P J[P]) - c_K/2 sum_s tr(D_s K[D_s]) with
// the AO density matrices held fixed while the basis functions move with the atoms. Distinct
// alpha and beta densities (triplet CH2), both operators. 4-point central differences, h = 1e-3
// bohr (error O(h^4) ~ 1e-11); DirectJk screening at 1e-14 so that it adds no noise.
TEST(TwoElectronGradient, MatchesFiniteDifferencesAtFixedDensity) {
  const Communicator comm;
  const Molecule molecule = distorted(project_molecule("ch2_triplet", 0, 3));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::unrestricted, comm);
  const std::vector<Eigen::MatrixXd>& D = result.densities;
  const Eigen::MatrixXd P = D[0] + D[1];
  const double cj = 1.0, ck = 0.7;

  for (const double omega : {0.0, 0.4}) {
    TwoElectronGradientOptions options;
    options.omega = omega;
    const TwoElectronGradient analytic = contract_two_electron_derivative(basis, P, cj, D, ck, comm, options);
    auto energies = [&](const Molecule& moved) {
      const BasisSet moved_basis = load_basis("def2-svp", moved);
      DirectJk jk(moved_basis, comm, DirectJkOptions{1e-14, omega});
      std::vector<Eigen::MatrixXd> J, K;
      jk.compute({P}, &J, nullptr);
      jk.compute(D, nullptr, &K);
      const double ej = 0.5 * cj * P.cwiseProduct(J[0]).sum();
      const double ek = -0.5 * ck * (D[0].cwiseProduct(K[0]).sum() + D[1].cwiseProduct(K[1]).sum());
      return std::pair<double, double>{ej, ek};
    };
    const double h = 1e-3, weights[4] = {1.0 / 12, -8.0 / 12, 8.0 / 12, -1.0 / 12}, steps[4] = {-2, -1, 1, 2};
    Eigen::MatrixX3d fd_j = Eigen::MatrixX3d::Zero(3, 3), fd_k = Eigen::MatrixX3d::Zero(3, 3);
    for (Eigen::Index atom = 0; atom < 3; ++atom)
      for (int k = 0; k < 3; ++k)
        for (int i = 0; i < 4; ++i) {
          Eigen::MatrixX3d positions = molecule.positions();
          positions(atom, k) += steps[i] * h;
          const auto [ej, ek] = energies(molecule.with_positions(positions));
          fd_j(atom, k) += weights[i] * ej / h;
          fd_k(atom, k) += weights[i] * ek / h;
        }
    EXPECT_LT(max_abs(analytic.coulomb - fd_j), 1e-7) << "omega " << omega << "\n" << analytic.coulomb << "\n" << fd_j;
    EXPECT_LT(max_abs(analytic.exchange - fd_k), 1e-7) << "omega " << omega << "\n"
                                                       << analytic.exchange << "\n"
                                                       << fd_k;
    EXPECT_GT(max_abs(analytic.exchange), 1e-3);  // not trivially zero
    report("omega " + std::to_string(omega) + ": max |dE_J analytic - FD|", max_abs(analytic.coulomb - fd_j));
    report("omega " + std::to_string(omega) + ": max |dE_K analytic - FD|", max_abs(analytic.exchange - fd_k));
    // Coulomb-only and exchange-only calls give the same parts.
    const TwoElectronGradient j_only = contract_two_electron_derivative(basis, P, cj, {}, 0.0, comm, options);
    const TwoElectronGradient k_only = contract_two_electron_derivative(basis, P, 0.0, D, ck, comm, options);
    EXPECT_LT(max_abs(j_only.coulomb - analytic.coulomb), 1e-12);
    EXPECT_LT(max_abs(k_only.exchange - analytic.exchange), 1e-12);
    EXPECT_EQ(max_abs(j_only.exchange), 0.0);
    EXPECT_EQ(max_abs(k_only.coulomb), 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// Exact properties

// The gradient of the mirror image is the reflected gradient (an arbitrary plane).
TEST(HfGradient, MirrorImageGivesReflectedGradient) {
  const Communicator comm;
  const Eigen::Vector3d normal(0.3, 0.5, -0.8);
  const Molecule p = reference_molecule("h2o2_P");
  const Molecule m = mirror_image(p, normal);
  const BasisSet basis_p = load_basis("def2-svp", p), basis_m = load_basis("def2-svp", m);
  const Eigen::MatrixX3d gp = compute_hf_gradient(p, basis_p, run_scf(p, basis_p, Reference::restricted, comm), comm);
  const Eigen::MatrixX3d gm = compute_hf_gradient(m, basis_m, run_scf(m, basis_m, Reference::restricted, comm), comm);
  EXPECT_LT(max_abs(gm - reflect_vectors(gp, normal)), 1e-9);
  report("mirror image max |g(mirror) - reflected g|", max_abs(gm - reflect_vectors(gp, normal)));
  EXPECT_GT(max_abs(gm - gp), 1e-3);  // the reflection does change the vectors
}

// A closed shell through the unrestricted code path gives the restricted gradient (spin factors).
TEST(HfGradient, UnrestrictedClosedShellEqualsRestricted) {
  const Communicator comm;
  const Molecule molecule = distorted(reference_molecule("water"));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult r = run_scf(molecule, basis, Reference::restricted, comm);
  const ScfResult u = run_scf(molecule, basis, Reference::unrestricted, comm);
  EXPECT_LT(max_abs(compute_hf_gradient(molecule, basis, u, comm) - compute_hf_gradient(molecule, basis, r, comm)),
            1e-8);
}

// One SCF result; its gradient on every rank of the world communicator (2 under mpirun -np 2),
// on one rank alone, and with one OpenMP thread: the issue asks for 1e-10.
TEST(HfGradient, RankAndThreadCountIndependence) {
  const Communicator self(MPI_COMM_SELF), world(MPI_COMM_WORLD);
  const Molecule molecule = distorted(project_molecule("ch2_triplet", 0, 3));
  const BasisSet basis = load_basis("def2-svp", molecule);
  const ScfResult result = run_scf(molecule, basis, Reference::unrestricted, self);
  const Eigen::MatrixX3d alone = compute_hf_gradient(molecule, basis, result, self);
  const Eigen::MatrixX3d everyone = compute_hf_gradient(molecule, basis, result, world);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const Eigen::MatrixX3d one_thread = compute_hf_gradient(molecule, basis, result, world);
  omp_set_num_threads(threads);
  EXPECT_LT(max_abs(everyone - alone), 1e-10);
  EXPECT_LT(max_abs(one_thread - alone), 1e-10);
}

// Screening at the default threshold changes the contraction by far less than the gradient's
// accuracy, and does skip quartets: two waters 8 bohr apart (one shifted copy), converged RHF.
TEST(TwoElectronGradient, ScreeningDoesNotChangeTheResult) {
  const Communicator comm;
  const Molecule water = distorted(reference_molecule("water"));
  std::vector<Atom> atoms = water.atoms();
  for (const Atom& atom : water.atoms()) atoms.push_back({atom.Z, atom.position + Eigen::Vector3d(1.0, 2.0, 7.7)});
  const Molecule dimer(atoms);
  const BasisSet basis = load_basis("def2-svp", dimer);
  const Eigen::MatrixXd P = total_density(run_scf(dimer, basis, Reference::restricted, comm));
  TwoElectronGradientOptions exact;
  exact.screening_threshold = 0.0;
  const TwoElectronGradient screened = contract_two_electron_derivative(basis, P, 1.0, {0.5 * P}, 2.0, comm);
  const TwoElectronGradient all = contract_two_electron_derivative(basis, P, 1.0, {0.5 * P}, 2.0, comm, exact);
  EXPECT_GT(screened.quartets_skipped, all.quartets_skipped);
  // Each skipped quartet is below 1e-12 Eh by its value-integral bound; ~2e4 of them add up to a
  // few 1e-10 Eh/bohr here (measured 3.2e-10), a hundredth of the agreement with Psi4/NWChem.
  EXPECT_LT(max_abs(screened.coulomb - all.coulomb), 1e-9);
  EXPECT_LT(max_abs(screened.exchange - all.exchange), 1e-9);
  if (comm.is_root())
    std::cout << "  quartets computed: " << all.quartets_computed << " unscreened, " << screened.quartets_computed
              << " screened\n";
  report("screening: max |change| (Eh/bohr)",
         std::max(max_abs(screened.coulomb - all.coulomb), max_abs(screened.exchange - all.exchange)));
}

TEST(HfGradient, RejectsUnconvergedResultsAndForeignBases) {
  const Communicator comm;
  const Molecule molecule = reference_molecule("water");
  const BasisSet basis = load_basis("def2-svp", molecule);
  ScfResult result = run_scf(molecule, basis, Reference::restricted, comm);
  // A basis built for another geometry.
  Eigen::MatrixX3d moved = molecule.positions();
  moved(0, 0) += 0.1;
  EXPECT_THROW(compute_hf_gradient(molecule, load_basis("def2-svp", molecule.with_positions(moved)), result, comm),
               std::invalid_argument);
  // A basis of another size.
  EXPECT_THROW(compute_hf_gradient(molecule, load_basis("sto-3g", molecule), result, comm), std::invalid_argument);
  result.converged = false;
  EXPECT_THROW(compute_hf_gradient(molecule, basis, result, comm), ComputationError);
}

// Timing (not run by default): one converged RHF/def2-SVP SCF of dnbpa (376 functions) from the
// SAD guess, then one gradient. Run with --gtest_also_run_disabled_tests
// --gtest_filter='*DnbpaTiming*'; prints wall and CPU seconds (CPU of all threads of this process).
TEST(HfGradient, DISABLED_DnbpaTiming) {
  const Communicator comm;
  const Molecule molecule = project_molecule("dnbpa");
  const BasisSet basis = load_basis("def2-svp", molecule);
  auto now = [] { return std::chrono::steady_clock::now(); };
  auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  ScfOptions options;  // Psi4-like defaults for a production energy: e 1e-8, d 1e-6
  ScfSolver solver(molecule, basis, comm, options, Reference::restricted);
  DirectJk jk(basis, comm);
  HartreeFockModel model(jk);
  auto w0 = now();
  double c0 = cpu();
  const ScfResult result = solver.run(model, {0.5 * compute_sad_density(molecule, basis)});
  const double scf_wall = std::chrono::duration<double>(now() - w0).count(), scf_cpu = cpu() - c0;

  const Eigen::MatrixXd P = total_density(result), W = energy_weighted_density(result);
  struct Part {
    const char* name;
    double wall, cpu;
  };
  std::vector<Part> parts;
  auto timed = [&](const char* name, const auto& work) {
    const auto w = now();
    const double c = cpu();
    work();
    parts.push_back({name, std::chrono::duration<double>(now() - w).count(), cpu() - c});
  };
  timed("overlap", [&] { contract_overlap_derivative(basis, W, comm); });
  timed("kinetic", [&] { contract_kinetic_derivative(basis, P, comm); });
  timed("nuclear attraction", [&] { contract_nuclear_derivative(basis, molecule, P, comm); });
  TwoElectronGradient two;
  timed("J + K", [&] { two = contract_two_electron_derivative(basis, P, 1.0, {0.5 * P}, 2.0, comm); });
  timed("J only", [&] { contract_two_electron_derivative(basis, P, 1.0, {}, 0.0, comm); });
  Eigen::MatrixX3d g;
  timed("whole gradient", [&] { g = compute_hf_gradient(molecule, basis, result, comm); });
  if (comm.is_root()) {
    std::cout << "  dnbpa RHF/def2-SVP, " << basis.function_count() << " functions, " << comm.size() << " rank(s) x "
              << omp_get_max_threads() << " thread(s)\n  SCF: " << result.iterations << " iterations, " << scf_wall
              << " s wall, " << scf_cpu << " s CPU\n";
    for (const Part& p : parts) std::cout << "  " << p.name << ": " << p.wall << " s wall, " << p.cpu << " s CPU\n";
    std::cout << "  two-electron quartets computed " << two.quartets_computed << ", skipped " << two.quartets_skipped
              << "\n  max |gradient| " << max_abs(g) << ", |sum over atoms| " << g.colwise().sum().norm() << "\n";
  }
}

// Cost and screening error on dnbpa (not run by default): the J+K gradient contraction at the
// default threshold and at 1e-14, and one J+K build of value integrals (DirectJk), all with the
// core-guess density (a full, not atom-blocked, density; no SCF needed).
TEST(TwoElectronGradient, DISABLED_DnbpaScreeningAndCost) {
  const Communicator comm;
  const Molecule molecule = project_molecule("dnbpa");
  const BasisSet basis = load_basis("def2-svp", molecule);
  ScfSolver solver(molecule, basis, comm, ScfOptions{}, Reference::restricted);
  const Eigen::MatrixXd D = solver.core_guess()[0];
  auto timed = [&](const char* name, const auto& work) {
    const auto w = std::chrono::steady_clock::now();
    const std::clock_t c = std::clock();
    work();
    if (comm.is_root())
      std::cout << "  " << name << ": " << std::chrono::duration<double>(std::chrono::steady_clock::now() - w).count()
                << " s wall, " << static_cast<double>(std::clock() - c) / CLOCKS_PER_SEC << " s CPU\n";
  };
  DirectJk jk(basis, comm);
  timed("value J+K build (DirectJk)", [&] {
    std::vector<Eigen::MatrixXd> J, K;
    jk.compute({D}, &J, &K);
  });
  TwoElectronGradient loose, tight;
  timed("J+K gradient, threshold 1e-12",
        [&] { loose = contract_two_electron_derivative(basis, 2.0 * D, 1.0, {D}, 2.0, comm); });
  TwoElectronGradientOptions options;
  options.screening_threshold = 1e-14;
  timed("J+K gradient, threshold 1e-14",
        [&] { tight = contract_two_electron_derivative(basis, 2.0 * D, 1.0, {D}, 2.0, comm, options); });
  if (comm.is_root())
    std::cout << "  quartets computed " << loose.quartets_computed << " / " << tight.quartets_computed
              << "; max |change| J " << max_abs(loose.coulomb - tight.coulomb) << ", K "
              << max_abs(loose.exchange - tight.exchange) << " Eh/bohr\n";
}
