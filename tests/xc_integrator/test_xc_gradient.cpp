// The XC nuclear gradient (scf/xc_integrator/xc_gradient.hpp) against central differences of
// E_xc at a fixed AO density matrix: with the grid response, basis and grid rebuilt at each
// displaced geometry (the exact derivative of what XcIntegrator computes); without it, the grid
// kept where it was built. Plus translational invariance, thread and rank independence, and input
// checks; and GauXC's gradient for one of its frozen-density references.
#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "basis/basis_library.hpp"
#include "geometry/xyz.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/one_electron_integrals.hpp"
#include "scf/sad_guess.hpp"
#include "scf/xc_integrator/xc_gradient.hpp"
#include "scf/xc_integrator/xc_integrator.hpp"
#include "tests/xc_integrator/gauxc_reference.hpp"

using namespace atropos;

namespace {

constexpr auto kUnpol = SpinPolarisation::Unpolarised;
constexpr auto kPol = SpinPolarisation::Polarised;
constexpr const char* kBasis = "def2-svp";

Molecule test_molecule(const std::string& name, int charge = 0, int multiplicity = 1) {
  Molecule m = read_xyz_molecule(std::string(ATROPOS_TEST_DATA) + "/molecules/" + name + ".xyz");
  m.set_charge_and_multiplicity(charge, multiplicity);
  return m;
}

// Occupied orbitals of the core Hamiltonian (T + V in the S metric): {D_alpha, D_beta}, with
// D_alpha != D_beta for an open shell. A fixed density; it need not be self-consistent.
std::vector<Eigen::MatrixXd> core_guess_spin_densities(const Molecule& m, const BasisSet& basis,
                                                       const Communicator& comm) {
  const Eigen::MatrixXd S = compute_overlap(basis, comm);
  const Eigen::MatrixXd H = compute_kinetic(basis, comm) + compute_nuclear_attraction(basis, m, comm);
  const Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> eig(H, S);
  const Eigen::MatrixXd& C = eig.eigenvectors();
  const Eigen::MatrixXd Ca = C.leftCols(m.alpha_count()), Cb = C.leftCols(m.beta_count());
  return {Ca * Ca.transpose(), Cb * Cb.transpose()};
}

// The densities a case uses: restricted {SAD total density}; unrestricted {D_alpha, D_beta} of
// the core guess.
std::vector<Eigen::MatrixXd> test_densities(const Molecule& m, bool polarised, const Communicator& comm) {
  const BasisSet basis = load_basis(kBasis, m);
  if (!polarised) return {compute_sad_density(m, basis)};
  return core_guess_spin_densities(m, basis, comm);
}

GridSpec coarse_grid(PartitionScheme partition = PartitionScheme::StratmannScuseriaFrisch) {
  GridSpec spec = grid_spec_for_level("coarse");
  spec.partition = partition;
  return spec;
}

// E_xc at `m` for the fixed density matrices D; the grid built at `m` or, when given, `fixed_grid`.
double xc_energy(const Molecule& m, const GridSpec& spec, const XcFunctional& f, const std::vector<Eigen::MatrixXd>& D,
                 const Communicator& comm, double basis_threshold, const MolecularGrid* fixed_grid = nullptr) {
  const BasisSet basis = load_basis(kBasis, m);
  const MolecularGrid grid = fixed_grid ? *fixed_grid : make_molecular_grid(m, spec, comm);
  XcIntegratorOptions options;
  options.basis_threshold = basis_threshold;
  return XcIntegrator(m, basis, grid, f, comm, options).compute(D).energy;
}

// Five-point central differences, step h (bohr), of every nuclear coordinate:
// g = [8 (E(h) - E(-h)) - (E(2h) - E(-2h))] / 12h. With h = 5e-5 the error is about 1e-9:
// rounding of E (~1e-13 Eh, the grid's batches change with the geometry) over h, and the
// truncation (the three-point formula with h = 1e-4 was off by up to 2e-8 for H2O2, 1e-8 for OH
// with tpss on a fixed grid: the steep core functions move against the nearest grid points).
Eigen::MatrixX3d fd_gradient(const Molecule& m, const GridSpec& spec, const XcFunctional& f,
                             const std::vector<Eigen::MatrixXd>& D, const Communicator& comm, double basis_threshold,
                             bool move_grid, double h = 5e-5) {
  const MolecularGrid reference_grid = make_molecular_grid(m, spec, comm);
  const MolecularGrid* grid = move_grid ? nullptr : &reference_grid;
  Eigen::MatrixX3d g(static_cast<Eigen::Index>(m.size()), 3);
  for (Eigen::Index a = 0; a < g.rows(); ++a)
    for (int k = 0; k < 3; ++k) {
      const auto energy = [&](double step) {
        Eigen::MatrixX3d r = m.positions();
        r(a, k) += step;
        return xc_energy(m.with_positions(r), spec, f, D, comm, basis_threshold, grid);
      };
      g(a, k) = (8.0 * (energy(h) - energy(-h)) - (energy(2 * h) - energy(-2 * h))) / (12 * h);
    }
  return g;
}

Eigen::MatrixX3d analytic_gradient(const Molecule& m, const GridSpec& spec, const XcFunctional& f,
                                   const std::vector<Eigen::MatrixXd>& D, const Communicator& comm,
                                   const XcGradientOptions& options) {
  const BasisSet basis = load_basis(kBasis, m);
  const MolecularGrid grid = make_molecular_grid(m, spec, comm);
  return compute_xc_gradient(m, basis, grid, spec, f, D, comm, options);
}

double max_abs(const Eigen::MatrixXd& m) { return m.cwiseAbs().maxCoeff(); }

struct Molecules {
  const char* name;
  int charge, multiplicity;
  bool polarised;
};
// Water restricted (SAD density); OH radical unrestricted (core guess, 5 alpha, 4 beta electrons).
const Molecules kCases[] = {{"water", 0, 1, false}, {"oh_radical", 0, 2, true}};

}  // namespace

// With the grid response: the analytic gradient equals finite differences of E_xc with basis and
// grid moving with the atoms, on the coarse SSF grid (any grid: this is exact for the
// quadrature), and sums to zero over the atoms. Observed differences <= 2.4e-9 Eh/bohr, sums
// <= 1e-14; tolerances 1e-8 and 1e-10. Leaving out the grid response changes the gradient by
// 1e-4 to 2e-3 (the fixed-grid sums below).
class XcGradientGridResponse : public ::testing::TestWithParam<const char*> {};

TEST_P(XcGradientGridResponse, MatchesFiniteDifferencesOfMovingGrid) {
  const Communicator comm;
  for (const Molecules& c : kCases) {
    const Molecule m = test_molecule(c.name, c.charge, c.multiplicity);
    const XcFunctional f(GetParam(), c.polarised ? kPol : kUnpol);
    const auto D = test_densities(m, c.polarised, comm);
    const GridSpec spec = coarse_grid();
    const Eigen::MatrixX3d analytic = analytic_gradient(m, spec, f, D, comm, {});
    const Eigen::MatrixX3d numeric = fd_gradient(m, spec, f, D, comm, 1e-10, true);
    EXPECT_LT(max_abs(analytic - numeric), 1e-8) << GetParam() << " " << c.name << "\n"
                                                 << analytic << "\n\n"
                                                 << numeric;
    EXPECT_LT(analytic.colwise().sum().norm(), 1e-10) << GetParam() << " " << c.name;
    EXPECT_GT(max_abs(analytic), 1e-3) << "vacuous";
  }
}

// LDA, GGA, meta-GGA (tau), a hybrid (its DFT part).
INSTANTIATE_TEST_SUITE_P(Functionals, XcGradientGridResponse, ::testing::Values("svwn", "pbe", "tpss", "b3lyp"));

// Without the grid response: central differences with the grid fixed in space where it was
// built, only the basis moving. Basis threshold 1e-14 on both sides, so that functions switching
// on and off at the screening edge do not enter the differences. Observed <= 1.4e-9 Eh/bohr;
// tolerance 1e-8.
class XcGradientFixedGrid : public ::testing::TestWithParam<const char*> {};

TEST_P(XcGradientFixedGrid, MatchesFiniteDifferencesOfFixedGrid) {
  const Communicator comm;
  for (const Molecules& c : kCases) {
    const Molecule m = test_molecule(c.name, c.charge, c.multiplicity);
    const XcFunctional f(GetParam(), c.polarised ? kPol : kUnpol);
    const auto D = test_densities(m, c.polarised, comm);
    const GridSpec spec = coarse_grid();
    XcGradientOptions options;
    options.grid_response = false;
    options.basis_threshold = 1e-14;
    const Eigen::MatrixX3d analytic = analytic_gradient(m, spec, f, D, comm, options);
    const Eigen::MatrixX3d numeric = fd_gradient(m, spec, f, D, comm, 1e-14, false);
    EXPECT_LT(max_abs(analytic - numeric), 1e-8) << GetParam() << " " << c.name << "\n"
                                                 << analytic << "\n\n"
                                                 << numeric;
    EXPECT_GT(max_abs(analytic), 1e-3) << "vacuous";
  }
}

INSTANTIATE_TEST_SUITE_P(Functionals, XcGradientFixedGrid, ::testing::Values("svwn", "pbe", "tpss"));

// Becke's partition (with the atomic-size adjustment, O-H pairs) and H2O2 unrestricted with
// D_alpha != D_beta (a triplet core guess), grid response on. Observed <= 1.2e-9; tolerance 1e-8.
TEST(XcGradient, BeckePartitionAndH2O2MatchFiniteDifferences) {
  const Communicator comm;
  {
    const Molecule m = test_molecule("water");
    const XcFunctional f("pbe", kUnpol);
    const auto D = test_densities(m, false, comm);
    const GridSpec spec = coarse_grid(PartitionScheme::Becke);
    const Eigen::MatrixX3d analytic = analytic_gradient(m, spec, f, D, comm, {});
    const Eigen::MatrixX3d numeric = fd_gradient(m, spec, f, D, comm, 1e-10, true);
    EXPECT_LT(max_abs(analytic - numeric), 1e-8) << analytic << "\n\n" << numeric;
    EXPECT_LT(analytic.colwise().sum().norm(), 1e-10);
  }
  {
    const Molecule m = test_molecule("h2o2_P", 0, 3);
    const XcFunctional f("pbe", kPol);
    const auto D = test_densities(m, true, comm);
    const GridSpec spec = coarse_grid();
    const Eigen::MatrixX3d analytic = analytic_gradient(m, spec, f, D, comm, {});
    const Eigen::MatrixX3d numeric = fd_gradient(m, spec, f, D, comm, 1e-10, true);
    EXPECT_LT(max_abs(analytic - numeric), 1e-8) << analytic << "\n\n" << numeric;
    EXPECT_LT(analytic.colwise().sum().norm(), 1e-10);
  }
}

// Psi4's Treutler partition (Becke cells, a_ij from sqrt(R_i/R_j) of Psi4's radii; the same
// derivative code as Becke's), H2O2: the grid-response gradient equals finite differences,
// observed 1.9e-9 Eh/bohr; tolerance 1e-8 as above. With Psi4's orientation as well, the grids
// turn with the principal axes of the displaced molecule, which the gradient does not
// differentiate (orientation.hpp): the difference is that turn's effect on the quadrature,
// observed 2.1e-5 Eh/bohr on this coarse pruned grid and 2.4e-7 on an unpruned (99, 590) one;
// checked below 1e-4 (the gradient is still translation invariant, sum over atoms <= 1e-10).
TEST(XcGradient, TreutlerPartitionMatchesFiniteDifferences) {
  const Communicator comm;
  const Molecule m = test_molecule("h2o2_P");
  const XcFunctional f("pbe", kUnpol);
  const auto D = test_densities(m, false, comm);
  GridSpec spec = coarse_grid(PartitionScheme::BeckeTreutler);
  const Eigen::MatrixX3d analytic = analytic_gradient(m, spec, f, D, comm, {});
  const Eigen::MatrixX3d numeric = fd_gradient(m, spec, f, D, comm, 1e-10, true);
  EXPECT_LT(max_abs(analytic - numeric), 1e-8) << analytic << "\n\n" << numeric;
  EXPECT_LT(analytic.colwise().sum().norm(), 1e-10);
  spec.psi4_orientation = true;
  const Eigen::MatrixX3d turned = analytic_gradient(m, spec, f, D, comm, {});
  EXPECT_LT(max_abs(turned - fd_gradient(m, spec, f, D, comm, 1e-10, true)), 1e-4);
  EXPECT_LT(turned.colwise().sum().norm(), 1e-10);
}

// The polarised functional with D_alpha = D_beta = D/2 gives the unpolarised gradient (observed
// <= 1.3e-15).
TEST(XcGradient, RestrictedEqualsUnrestrictedWithEqualSpins) {
  const Communicator comm;
  const Molecule m = test_molecule("water");
  const BasisSet basis = load_basis(kBasis, m);
  const GridSpec spec = coarse_grid();
  const MolecularGrid grid = make_molecular_grid(m, spec, comm);
  const Eigen::MatrixXd D = compute_sad_density(m, basis);
  for (const char* name : {"svwn", "pbe", "tpss"}) {
    const Eigen::MatrixX3d r = compute_xc_gradient(m, basis, grid, spec, XcFunctional(name, kUnpol), {D}, comm);
    const Eigen::MatrixX3d u =
        compute_xc_gradient(m, basis, grid, spec, XcFunctional(name, kPol), {0.5 * D, 0.5 * D}, comm);
    EXPECT_LT(max_abs(r - u), 1e-9) << name;
  }
}

// 1, 2, 3 OpenMP threads agree to rounding (the batches are dealt differently; observed 5e-15).
TEST(XcGradient, IndependentOfThreadCount) {
  const Communicator comm;
  const Molecule m = test_molecule("h2o2_P");
  const BasisSet basis = load_basis(kBasis, m);
  const GridSpec spec = grid_spec_for_level("default");
  const MolecularGrid grid = make_molecular_grid(m, spec, comm);
  const std::vector<Eigen::MatrixXd> D = {compute_sad_density(m, basis)};
  const XcFunctional f("tpss", kUnpol);
  const int saved = omp_get_max_threads();
  std::vector<Eigen::MatrixX3d> g;
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    g.push_back(compute_xc_gradient(m, basis, grid, spec, f, D, comm));
  }
  omp_set_num_threads(saved);
  for (std::size_t i = 1; i < g.size(); ++i) EXPECT_LT(max_abs(g[i] - g[0]), 1e-12);
}

// Under mpirun -np 2: two ranks give what one rank alone (MPI_COMM_SELF) gives, to 1e-10,
// restricted and unrestricted, with and without the grid response (observed <= 2e-15); every
// rank the same bits.
TEST(XcGradient, IndependentOfRankCount) {
  const Communicator world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one MPI rank (the ctest variant _mpi2 runs it)";
  const Communicator self(MPI_COMM_SELF);
  const Molecule m = test_molecule("h2o2_P");
  const BasisSet basis = load_basis(kBasis, m);
  const GridSpec spec = grid_spec_for_level("default");
  const MolecularGrid grid = make_molecular_grid(m, spec, world);
  const Eigen::MatrixXd D = compute_sad_density(m, basis);
  for (SpinPolarisation spin : {kUnpol, kPol})
    for (bool response : {true, false}) {
      const XcFunctional f("tpss", spin);
      std::vector<Eigen::MatrixXd> Ds = {D};
      if (spin == kPol) Ds = {0.7 * D, 0.3 * D};
      XcGradientOptions options;
      options.grid_response = response;
      const Eigen::MatrixX3d split = compute_xc_gradient(m, basis, grid, spec, f, Ds, world, options);
      const Eigen::MatrixX3d alone = compute_xc_gradient(m, basis, grid, spec, f, Ds, self, options);
      EXPECT_LT(max_abs(split - alone), 1e-10);
      Eigen::MatrixXd root = split;
      world.broadcast(root);
      EXPECT_EQ(max_abs(root - split), 0.0);
    }
}

TEST(XcGradient, HartreeFockGivesZeroAndBadInputThrows) {
  const Communicator comm;
  const Molecule m = test_molecule("water");
  const BasisSet basis = load_basis(kBasis, m);
  const GridSpec spec = coarse_grid();
  const MolecularGrid grid = make_molecular_grid(m, spec, comm);
  const Eigen::MatrixXd D = compute_sad_density(m, basis);
  EXPECT_EQ(max_abs(compute_xc_gradient(m, basis, grid, spec, XcFunctional("hf", kUnpol), {D}, comm)), 0.0);
  const XcFunctional pbe("pbe", kUnpol), pbe_pol("pbe", kPol);
  EXPECT_THROW(compute_xc_gradient(m, basis, grid, spec, pbe, {D, D}, comm), std::invalid_argument);
  EXPECT_THROW(compute_xc_gradient(m, basis, grid, spec, pbe_pol, {D}, comm), std::invalid_argument);
  EXPECT_THROW(compute_xc_gradient(m, basis, grid, spec, pbe, {Eigen::MatrixXd::Zero(3, 3)}, comm),
               std::invalid_argument);
  MolecularGrid bare = grid;
  bare.atomic_weights.resize(0);
  EXPECT_THROW(compute_xc_gradient(m, basis, bare, spec, pbe, {D}, comm), std::invalid_argument);
  XcGradientOptions fixed;
  fixed.grid_response = false;
  EXPECT_NO_THROW(compute_xc_gradient(m, basis, bare, spec, pbe, {D}, comm, fixed));
  const Molecule shifted = m.with_positions((m.positions().array() + 0.1).matrix());
  EXPECT_THROW(compute_xc_gradient(shifted, basis, grid, spec, pbe, {D}, comm), std::invalid_argument);
}

// GauXC's EXC_GRAD for benzene PBE0/cc-pVDZ (tests/data/xc_integrator/README.md; the DFT part of
// PBE0, restricted, GauXC's ultrafine grid; by GauXC's own later convention an EXC_GRAD without
// the "includes_weight_derivatives" attribute is the basis-function term alone). Our gradient on
// the `fine` grid agrees to 4.5e-6 (fixed grid) and 3.1e-6 (grid response) Eh/bohr. All our grids
// (99 x 590 like GauXC's, fine, ultrafine, 150 x 974) differ from GauXC's numbers by 3e-6 to 5e-6
// while agreeing among themselves to 3e-7 without the grid response (`xc_report
// gauxc-gradient`, docs/xc_quadrature.md): a difference in the references' grid we could not
// pin down, far below what a convention error gives (> 1e-2). Tolerance 1e-5.
TEST(XcGradient, AgreesWithGauxcForBenzenePbe0) {
  const Communicator comm;
  const auto ref = atropos::testing::read_gauxc_reference(std::string(ATROPOS_TEST_DATA) +
                                                          "/xc_integrator/benzene_pbe0_cc-pvdz_ufg_ssf.hdf5");
  ASSERT_EQ(ref.exc_gradient.rows(), static_cast<Eigen::Index>(ref.molecule.size()));
  const GridSpec spec = grid_spec_for_level("fine");
  const MolecularGrid grid = make_molecular_grid(ref.molecule, spec, comm);
  const XcFunctional f("pbe0", kUnpol);
  for (bool response : {false, true}) {
    XcGradientOptions options;
    options.grid_response = response;
    const Eigen::MatrixX3d g =
        compute_xc_gradient(ref.molecule, ref.basis, grid, spec, f, {2.0 * ref.densities[0]}, comm, options);
    EXPECT_LT(max_abs(g - ref.exc_gradient), 1e-5) << "grid response " << response;
  }
  EXPECT_GT(max_abs(ref.exc_gradient), 0.1);
}
