// Density-fitted Coulomb (DfCoulomb, RI-J). Checks, with their sources and tolerances:
//  - exact fitting: one-centre products of Gaussians are Gaussians on the same centre, so an
//    auxiliary basis holding every product of the occupied pairs fits the density exactly and
//    J_DF equals DirectJk's exact J (to rounding, 1e-10);
//  - H2O2/def2-SVP with def2-universal-jfit and -jkfit: the error of 1/2 tr(D J) against
//    DirectJk is small for the converged RHF density (< 3e-4 Eh) and of the sign robust fitting
//    promises (E_J,DF <= E_J,exact) for that and the core-guess density;
//  - linear in D, exactly symmetric, the same on 1 rank and on 2 (1e-12), cached = recomputed
//    (same bits), near-singular metric handled by the pseudo-inverse, K refused;
//  - full PBE/def2-SVP SCF with DfCoulomb against Psi4 1.3.2's scf_type df energies
//    (tests/data/reference/psi4/*_pbe_df_energy.json, and one own run documented in
//    docs/density_fitting.md).
#include <gtest/gtest.h>

#include <random>

#include "basis/basis_library.hpp"
#include "common/error.hpp"
#include "geometry/xyz.hpp"
#include "reference_data.hpp"
#include "scf/df_coulomb.hpp"
#include "scf/direct_jk.hpp"
#include "scf/grid/grid_spec.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/kohn_sham_model.hpp"
#include "scf/sad_guess.hpp"
#include "scf/scf_solver.hpp"

using namespace atropos;
namespace ref = atropos::testing;

namespace {

Eigen::MatrixXd random_symmetric(Eigen::Index n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) m(i, j) = m(j, i) = u(rng);
  return m;
}

Eigen::MatrixXd coulomb(JkBuilder& jk, const Eigen::MatrixXd& density) {
  std::vector<Eigen::MatrixXd> J;
  jk.compute({density}, &J, nullptr);
  return J.at(0);
}

// 1/2 tr(D J[D]) (Eh) for a total density D.
double coulomb_energy(JkBuilder& jk, const Eigen::MatrixXd& density) {
  return 0.5 * density.cwiseProduct(coulomb(jk, density)).sum();
}

Shell shell(int l, std::vector<double> exponents, std::vector<double> coefficients, const Eigen::Vector3d& centre,
            int atom) {
  Shell s;
  s.l = l;
  s.pure = true;
  s.exponents = std::move(exponents);
  s.coefficients = std::move(coefficients);
  s.center = centre;
  s.atom = atom;
  return s;
}

// Two atoms; orbital shells whose products with the s shells of the same atom are again single
// Gaussians there (exponents add): the auxiliary basis below holds exactly those products.
struct ProductBases {
  BasisSet orbital, auxiliary;
  std::vector<bool> is_s;  // per orbital function: from an s shell
  std::vector<int> atom;   // per orbital function
};

ProductBases product_bases() {
  const Eigen::Vector3d a(0.0, 0.0, 0.0), b(0.3, -0.4, 2.5);  // bohr
  std::vector<Shell> orbital{shell(0, {1.3, 0.4}, {0.6, 0.5}, a, 0), shell(0, {0.25}, {1.0}, a, 0),
                             shell(1, {0.8}, {1.0}, a, 0),           shell(2, {1.1}, {1.0}, a, 0),
                             shell(0, {0.9}, {1.0}, b, 1),           shell(1, {0.5}, {1.0}, b, 1)};
  std::vector<Shell> aux;
  // Atom a: s*s products (1.3, 0.4, 0.25 pairwise sums), s*p (+0.8), s*d (+1.1).
  for (double e : {2.6, 1.7, 0.8, 1.55, 0.65, 0.5}) aux.push_back(shell(0, {e}, {1.0}, a, 0));
  for (double e : {2.1, 1.2, 1.05}) aux.push_back(shell(1, {e}, {1.0}, a, 0));
  for (double e : {2.4, 1.5, 1.35}) aux.push_back(shell(2, {e}, {1.0}, a, 0));
  // Atom b: s*s, s*p.
  aux.push_back(shell(0, {1.8}, {1.0}, b, 1));
  aux.push_back(shell(1, {1.4}, {1.0}, b, 1));
  ProductBases p{BasisSet("products", orbital), BasisSet("products-fit", aux), {}, {}};
  for (const Shell& s : orbital)
    for (int f = 0; f < s.size(); ++f) {
      p.is_s.push_back(s.l == 0);
      p.atom.push_back(s.atom);
    }
  return p;
}

// A density whose only non-zero elements pair functions on the same atom, at least one of
// them from an s shell: its charge distribution lies in the span of the auxiliary basis.
Eigen::MatrixXd product_density(const ProductBases& p, unsigned seed) {
  Eigen::MatrixXd D = random_symmetric(static_cast<Eigen::Index>(p.is_s.size()), seed);
  for (Eigen::Index i = 0; i < D.rows(); ++i)
    for (Eigen::Index j = 0; j < D.cols(); ++j)
      if (p.atom[i] != p.atom[j] || (!p.is_s[i] && !p.is_s[j])) D(i, j) = 0.0;
  return D;
}

Molecule h2o2() { return ref::reference_molecule("h2o2_P"); }

}  // namespace

TEST(DfCoulomb, ExactWhenTheAuxiliaryBasisSpansTheDensity) {
  const ProductBases p = product_bases();
  Communicator comm;
  DfCoulomb df(p.orbital, p.auxiliary, comm, DfCoulombOptions{1e-14});
  DirectJk exact(p.orbital, comm, DirectJkOptions{1e-14, 0.0});
  EXPECT_FALSE(df.info().metric_pseudo_inverse);
  for (unsigned seed : {1u, 2u}) {
    const Eigen::MatrixXd D = product_density(p, seed);
    const Eigen::MatrixXd J_df = coulomb(df, D), J_exact = coulomb(exact, D);
    EXPECT_LT((J_df - J_exact).cwiseAbs().maxCoeff(), 1e-10) << "seed " << seed;
  }
  // Remove one needed product (the s*d one with exponent 2.4): the fit is no longer exact and
  // the Coulomb energy drops below the exact one (robust fitting).
  std::vector<Shell> fewer = p.auxiliary.shells();
  fewer.erase(fewer.begin() + 9);
  DfCoulomb incomplete(p.orbital, BasisSet("fewer", fewer), comm);
  const Eigen::MatrixXd D = product_density(p, 1);
  const double e_exact = coulomb_energy(exact, D), e_df = coulomb_energy(incomplete, D);
  EXPECT_LT(e_df, e_exact - 1e-8);
}

// Energy-like errors 1/2 tr(D J_DF) - 1/2 tr(D J_exact), for the converged RHF density and for
// the (much poorer, more compact) core-guess density. Measured: RHF density, jfit -2.14e-4,
// jkfit -6.81e-5 Eh; core guess, jfit -3.63e-3, jkfit -1.47e-4 Eh.
TEST(DfCoulomb, SmallLowerBoundErrorForH2O2) {
  const Molecule molecule = h2o2();
  const BasisSet basis = load_basis("def2-svp", molecule);
  Communicator comm;
  ScfSolver solver(molecule, basis, comm, ScfOptions{}, Reference::restricted);
  DirectJk exact(basis, comm);
  HartreeFockModel hf(exact);
  const ScfResult scf = solver.run(hf, {0.5 * compute_sad_density(molecule, basis)});
  ASSERT_TRUE(scf.converged);
  const Eigen::MatrixXd D_scf = 2.0 * scf.densities.at(0);      // total densities, 18 electrons
  const Eigen::MatrixXd D_core = 2.0 * solver.core_guess().at(0);
  for (const std::string fit : {"def2-universal-jfit", "def2-universal-jkfit"}) {
    DfCoulomb df(basis, load_basis(fit, molecule), comm);
    for (const bool converged : {true, false}) {
      const Eigen::MatrixXd& D = converged ? D_scf : D_core;
      const double e_exact = coulomb_energy(exact, D), e_df = coulomb_energy(df, D);
      const double error = e_df - e_exact;
      if (comm.is_root())
        std::printf("[          ] H2O2 def2-SVP/%s, %s density: E_J exact %.10f, DF %.10f, DF - exact %.3e Eh\n",
                    fit.c_str(), converged ? "RHF" : "core-guess", e_exact, e_df, error);
      EXPECT_LE(e_df, e_exact) << fit;  // robust Coulomb-metric fitting is variational
      EXPECT_GT(std::abs(error), 1e-9) << fit;  // not accidentally the exact builder
      if (converged) EXPECT_LT(std::abs(error), 3e-4) << fit;
    }
  }
}

TEST(DfCoulomb, LinearSymmetricAndIndependentOfRanks) {
  const Molecule molecule = h2o2();
  const BasisSet basis = load_basis("def2-svp", molecule);
  const BasisSet fit = load_basis("def2-universal-jfit", molecule);
  const Communicator world;
  const Communicator alone = world.split(world.rank());
  DfCoulomb df(basis, fit, world);
  DfCoulomb df_alone(basis, fit, alone);
  const auto n = static_cast<Eigen::Index>(basis.function_count());
  const Eigen::MatrixXd D1 = random_symmetric(n, 3), D2 = random_symmetric(n, 4);
  std::vector<Eigen::MatrixXd> J, J_alone, J_sum;
  df.compute({D1, D2}, &J, nullptr);
  df_alone.compute({D1, D2}, &J_alone, nullptr);
  df.compute({0.7 * D1 - 1.3 * D2}, &J_sum, nullptr);
  const double scale = J[0].cwiseAbs().maxCoeff();
  EXPECT_GT(scale, 1e-3);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ((J[k] - J[k].transpose()).cwiseAbs().maxCoeff(), 0.0);  // exact by construction
    EXPECT_LT((J[k] - J_alone[k]).cwiseAbs().maxCoeff(), 1e-12 * scale) << "ranks " << world.size();
  }
  EXPECT_LT((J_sum[0] - (0.7 * J[0] - 1.3 * J[1])).cwiseAbs().maxCoeff(), 1e-12 * scale);

  // A non-symmetric density acts through its symmetric part.
  const Eigen::MatrixXd skew = random_symmetric(n, 5).triangularView<Eigen::StrictlyUpper>();
  std::vector<Eigen::MatrixXd> J_skew;
  df.compute({D1 + skew - skew.transpose()}, &J_skew, nullptr);
  EXPECT_LT((J_skew[0] - J[0]).cwiseAbs().maxCoeff(), 1e-12 * scale);
}

TEST(DfCoulomb, CachedIntegralsGiveTheSameJ) {
  const Molecule molecule = h2o2();
  const BasisSet basis = load_basis("def2-svp", molecule);
  const BasisSet fit = load_basis("def2-universal-jfit", molecule);
  Communicator comm;
  const Eigen::MatrixXd D = random_symmetric(static_cast<Eigen::Index>(basis.function_count()), 6);

  DfCoulomb direct(basis, fit, comm, DfCoulombOptions{1e-12, 1e-10, 0.0});
  EXPECT_EQ(direct.info().cached_tasks, 0u);
  const Eigen::MatrixXd J_direct = coulomb(direct, D);
  const double computed_direct = direct.last_quartet_counts().first;
  EXPECT_GT(computed_direct, 0.0);

  DfCoulomb cached(basis, fit, comm);  // default 1 GiB: everything fits
  EXPECT_EQ(cached.info().cached_tasks, cached.info().rank_tasks);
  EXPECT_GT(cached.info().cached_mib, 0.0);
  EXPECT_NEAR(cached.info().cached_mib, cached.info().integrals_mib, 1e-12);  // all of them
  EXPECT_EQ(direct.info().integrals_mib, cached.info().integrals_mib);
  const Eigen::MatrixXd J_first = coulomb(cached, D);
  EXPECT_EQ(cached.last_quartet_counts().first, 0.5 * computed_direct);  // filled once, in pass 1
  const Eigen::MatrixXd J_second = coulomb(cached, D);
  EXPECT_EQ(cached.last_quartet_counts().first, 0.0);  // served from memory
  // The same integrals contracted in the same order: equal bits.
  EXPECT_EQ((J_first - J_direct).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_EQ((J_second - J_direct).cwiseAbs().maxCoeff(), 0.0);

  // A limit that holds about half of the blocks: part cached, part recomputed.
  DfCoulomb partial(basis, fit, comm, DfCoulombOptions{1e-12, 1e-10, 0.5 * cached.info().cached_mib});
  EXPECT_GT(partial.info().cached_tasks, 0u);
  EXPECT_LT(partial.info().cached_tasks, partial.info().rank_tasks);
  coulomb(partial, D);
  const Eigen::MatrixXd J_partial = coulomb(partial, D);
  EXPECT_GT(partial.last_quartet_counts().first, 0.0);
  EXPECT_LT(partial.last_quartet_counts().first, computed_direct);
  EXPECT_EQ((J_partial - J_direct).cwiseAbs().maxCoeff(), 0.0);
}

TEST(DfCoulomb, NearSingularMetricUsesThePseudoInverse) {
  // Every auxiliary shell of the first oxygen twice: V is exactly singular, the fitting space
  // (hence J) unchanged.
  const Molecule molecule = h2o2();
  const BasisSet basis = load_basis("def2-svp", molecule);
  const BasisSet fit = load_basis("def2-universal-jfit", molecule);
  std::vector<Shell> doubled;
  const auto [first, last] = fit.shells_of_atom(0);
  for (std::size_t s = first; s < last; ++s) doubled.push_back(fit[s]);
  doubled.insert(doubled.end(), fit.shells().begin(), fit.shells().end());
  Communicator comm;
  DfCoulomb df(basis, fit, comm);
  DfCoulomb df_doubled(basis, BasisSet("doubled", doubled), comm);
  EXPECT_FALSE(df.info().metric_pseudo_inverse);
  EXPECT_EQ(df.info().metric_rank, fit.function_count());
  EXPECT_TRUE(df_doubled.info().metric_pseudo_inverse);
  EXPECT_EQ(df_doubled.info().metric_rank, fit.function_count());
  const Eigen::MatrixXd D = random_symmetric(static_cast<Eigen::Index>(basis.function_count()), 7);
  const Eigen::MatrixXd J = coulomb(df, D);
  EXPECT_LT((coulomb(df_doubled, D) - J).cwiseAbs().maxCoeff(), 1e-8 * J.cwiseAbs().maxCoeff());
}

TEST(DfCoulomb, RefusesExchangeAndBadInput) {
  const Molecule molecule = h2o2();
  const BasisSet basis = load_basis("def2-svp", molecule);
  const BasisSet fit = load_basis("def2-universal-jfit", molecule);
  Communicator comm;
  DfCoulomb df(basis, fit, comm);
  const auto n = static_cast<Eigen::Index>(basis.function_count());
  std::vector<Eigen::MatrixXd> J, K;
  try {
    df.compute({Eigen::MatrixXd::Identity(n, n)}, &J, &K);
    ADD_FAILURE() << "K was not refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("RI-K"), std::string::npos) << e.what();
  }
  EXPECT_THROW(df.compute({Eigen::MatrixXd::Identity(n - 1, n - 1)}, &J, nullptr), std::invalid_argument);
  EXPECT_THROW(DfCoulomb(basis, BasisSet("empty", {}), comm), InputError);
  EXPECT_THROW(DfCoulomb(basis, fit, comm, DfCoulombOptions{1e-12, 0.0, 1.0}), InputError);
}

namespace {

// Restricted PBE/def2-SVP SCF with the given Coulomb builder, our `fine` grid, SAD guess,
// converged as tightly as the Psi4 references (e_convergence 1e-10, d_convergence 1e-8).
double pbe_energy(const Molecule& molecule, const BasisSet& basis, JkBuilder& coulomb_builder) {
  const Communicator comm;
  const XcFunctional functional("pbe", SpinPolarisation::Unpolarised, "method");
  const MolecularGrid grid = make_molecular_grid(molecule, grid_spec_for_level("fine"), comm);
  const XcIntegrator xc(molecule, basis, grid, functional, comm);
  KohnShamModel model(coulomb_builder, nullptr, xc);
  ScfOptions options;
  options.energy_threshold = 1e-10;
  options.gradient_threshold = 1e-8;
  ScfSolver solver(molecule, basis, comm, options, Reference::restricted);
  const ScfResult result = solver.run(model, {0.5 * compute_sad_density(molecule, basis)});
  EXPECT_TRUE(result.converged);
  return result.total_energy;
}

}  // namespace

// Psi4 1.3.2, RKS PBE/def2-SVP, scf_type df. Psi4's default Coulomb fitting basis for def2-SVP
// is def2-svp-jkfit, whose H-Ar entries are def2-universal-JKFIT's (tests/data/reference/README.md;
// checked against psi4-data's files): reference energies tests/data/reference/psi4/
// <name>_pbe_{df,pk}_energy.json. Our grid (`fine`) is not Psi4's (99, 590), so total energies
// agree only to the grid's accuracy (measured 3.4e-7 and 1.5e-7 Eh; tolerance 1e-6 Eh, the
// issue's target); the density-fitting shift E(DF) - E(exact), in which the grid error cancels,
// agrees to 3e-11 Eh (tolerance 1e-9 Eh).
// def2-universal-JFIT: Psi4 1.3.2 run for this test (input in docs/density_fitting.md: H2O2 P,
// PBE, default (75, 302) grid, df_basis_scf def2-svp-jfit = def2-universal-jfit), DF - PK =
// -151.2694988054 - (-151.2693191895) Eh; tolerance 1e-8 Eh (the grids differ).
TEST(DfCoulomb, PbeScfMatchesPsi4DensityFitting) {
  struct Case {
    std::string molecule, fit;
    double psi4_df_minus_pk;
    bool total_energy_known;  // Psi4 DF total on the (99, 590) grid in the reference set
  };
  const double h2o2_jfit_shift = -151.2694988054 - (-151.2693191895);
  const std::vector<Case> cases{
      {"water", "def2-universal-jkfit", ref::psi4_energy("water_pbe_df_energy") - ref::psi4_energy("water_pbe_pk_energy"), true},
      {"h2o2_P", "def2-universal-jkfit",
       ref::psi4_energy("h2o2_P_pbe_df_energy") - ref::psi4_energy("h2o2_P_pbe_pk_energy"), true},
      {"h2o2_P", "def2-universal-jfit", h2o2_jfit_shift, false}};
  std::string exact_for;
  double e_exact = 0.0;
  for (const Case& c : cases) {
    const Molecule molecule = ref::reference_molecule(c.molecule);
    const BasisSet basis = load_basis("def2-svp", molecule);
    const Communicator comm;
    if (exact_for != c.molecule) {
      DirectJk exact(basis, comm);
      e_exact = pbe_energy(molecule, basis, exact);
      exact_for = c.molecule;
    }
    DfCoulomb df(basis, load_basis(c.fit, molecule), comm);
    const double e_df = pbe_energy(molecule, basis, df);
    const double shift = e_df - e_exact;
    if (comm.is_root())
      std::printf("[          ] %s PBE/%s: DF %.10f, DF - exact %.6e (Psi4 %.6e, diff %.2e)\n", c.molecule.c_str(),
                  c.fit.c_str(), e_df, shift, c.psi4_df_minus_pk, shift - c.psi4_df_minus_pk);
    EXPECT_NEAR(shift, c.psi4_df_minus_pk, c.total_energy_known ? 1e-9 : 1e-8) << c.molecule << " " << c.fit;
    if (c.total_energy_known) {
      const double psi4_df = ref::psi4_energy(c.molecule + "_pbe_df_energy");
      if (comm.is_root())
        std::printf("[          ]   Psi4 DF total %.10f, ours - Psi4 %.2e\n", psi4_df, e_df - psi4_df);
      EXPECT_NEAR(e_df, psi4_df, 1e-6) << c.molecule;
    }
  }
}

// The issue-6 accuracy target, RI-J error below 5e-6 Eh per atom against exact Coulomb, on H2O2
// (PBE/def2-SVP, converged SCF energies). Measured: def2-universal-jfit (120 functions) -1.80e-4
// Eh (equal to Psi4's DF shift above), AutoAux as published (262) -9.3e-5 Eh, both over the
// target; autoaux-extended (350) -1.6e-5 Eh = 3.9e-6 Eh/atom. Every fit lies below the exact
// energy (robust fitting is variational, so the SCF minimum is too), and a larger set is closer.
TEST(DfCoulomb, ExtendedAutoAuxMeetsThePerAtomAccuracyTarget) {
  const Molecule molecule = ref::reference_molecule("h2o2_P");
  const BasisSet basis = load_basis("def2-svp", molecule);
  const Communicator comm;
  DirectJk exact(basis, comm);
  const double e_exact = pbe_energy(molecule, basis, exact);
  const double per_atom = 1.0 / static_cast<double>(molecule.size());
  std::vector<double> errors;
  for (const std::string fit : {"def2-universal-jfit", "autoaux", "autoaux-extended"}) {
    const BasisSet aux = load_auxiliary_basis(fit, molecule, basis, DfCoulomb::max_gradient_l());
    DfCoulomb df(basis, aux, comm);
    errors.push_back(pbe_energy(molecule, basis, df) - e_exact);
    if (comm.is_root())
      std::printf("[          ] H2O2 PBE/def2-SVP, %s (%zu functions): E(DF) - E(exact) %.3e Eh, %.2e Eh/atom\n",
                  fit.c_str(), aux.function_count(), errors.back(), errors.back() * per_atom);
    EXPECT_LT(errors.back(), 0.0) << fit;
  }
  EXPECT_GT(std::abs(errors[0]) * per_atom, 5e-6);  // why AutoAux is there
  EXPECT_LT(std::abs(errors[1]), 0.6 * std::abs(errors[0]));
  EXPECT_LT(std::abs(errors[2]), 0.25 * std::abs(errors[1]));
  EXPECT_LT(std::abs(errors[2]) * per_atom, 5e-6);
}

// The analytic gradient of E_J = 1/2 tr(P J_DF[P]) at a fixed AO density P (orbital and
// auxiliary shells moving with their atoms) against central differences (step 1e-4 bohr, error
// ~h^2 ~ 1e-9), for a density without special structure (the core guess of H2O2); translational
// invariance (the sum over atoms vanishes) and the rank count (1e-10).
TEST(DfCoulomb, GradientMatchesFiniteDifferences) {
  const Molecule molecule = h2o2();
  const Communicator world;
  const Communicator alone = world.split(world.rank());
  const BasisSet basis = load_basis("def2-svp", molecule);
  ScfSolver solver(molecule, basis, alone, ScfOptions{}, Reference::restricted);
  const Eigen::MatrixXd P = 2.0 * solver.core_guess().at(0);
  // def2-universal-jfit, and the generated extended AutoAux set (g functions on O: the highest l
  // the gradient takes), which follows the displaced atoms as the library set does.
  for (const std::string fit : {"def2-universal-jfit", "autoaux-extended"}) {
    const auto fit_on = [&](const Molecule& m, const BasisSet& orbital) {
      return load_auxiliary_basis(fit, m, orbital, DfCoulomb::max_gradient_l());
    };
    const auto energy_at = [&](const Molecule& m) {
      const BasisSet orbital = load_basis("def2-svp", m);
      DfCoulomb df(orbital, fit_on(m, orbital), alone);
      return coulomb_energy(df, P);
    };
    DfCoulomb df(basis, fit_on(molecule, basis), world);
    ASSERT_FALSE(df.info().metric_pseudo_inverse) << fit;  // the gradient is exact only for the Cholesky fit
    const Eigen::MatrixX3d analytic = df.coulomb_gradient(P, molecule.size());
    DfCoulomb df_alone(basis, fit_on(molecule, basis), alone);
    EXPECT_LT((df_alone.coulomb_gradient(P, molecule.size()) - analytic).cwiseAbs().maxCoeff(), 1e-10) << fit;
    EXPECT_LT(analytic.colwise().sum().cwiseAbs().maxCoeff(), 1e-9) << fit;
    EXPECT_GT(analytic.cwiseAbs().maxCoeff(), 1e-2) << fit;  // not trivially zero
    const double h = 1e-4;
    double worst = 0.0;
    for (std::size_t atom = 0; atom < molecule.size(); ++atom)
      for (int xyz = 0; xyz < 3; ++xyz) {
        Eigen::MatrixX3d plus = molecule.positions(), minus = plus;
        plus(static_cast<Eigen::Index>(atom), xyz) += h;
        minus(static_cast<Eigen::Index>(atom), xyz) -= h;
        const double fd = (energy_at(molecule.with_positions(plus)) - energy_at(molecule.with_positions(minus))) / (2 * h);
        EXPECT_NEAR(analytic(static_cast<Eigen::Index>(atom), xyz), fd, 1e-7) << fit << " atom " << atom << " xyz " << xyz;
        worst = std::max(worst, std::abs(analytic(static_cast<Eigen::Index>(atom), xyz) - fd));
      }
    if (world.is_root())
      std::printf("[          ] RI-J gradient (%s) vs central differences: max |difference| %.2e Eh/bohr\n", fit.c_str(),
                  worst);
  }
}
