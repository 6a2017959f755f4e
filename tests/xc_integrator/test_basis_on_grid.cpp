// Basis functions on grid points: solid-harmonic coefficients, normalisation, shell extents,
// derivatives, and - the check that matters - agreement with libint2's conventions: the overlap
// matrix integrated numerically from our values equals libint2's overlap matrix
// (scf/one_electron_integrals.hpp), which fixes component order, signs and normalisation of
// every function (cross-centre overlaps are sensitive to signs and orientation).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

#include "basis/basis_library.hpp"
#include "common/error.hpp"
#include "geometry/xyz.hpp"
#include "scf/grid/lebedev.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/one_electron_integrals.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"
#include "scf/xc_integrator/shell_extent.hpp"
#include "scf/xc_integrator/shell_normalisation.hpp"
#include "scf/xc_integrator/solid_harmonics.hpp"

using namespace atropos;

namespace {

// H2O2 without symmetry (angstrom), so that no overlap vanishes by symmetry.
const char* kH2O2 =
    "4\n\nO  0.0000  0.7278  -0.0589\nO  0.0100 -0.7278  -0.0589\nH  0.8000  0.8600   0.4700\nH -0.7000 -0.9000  "
    "0.5000\n";

Molecule h2o2() { return parse_xyz(kH2O2, "inline H2O2").at(0).molecule; }

// Numerical overlap sum_p w_p phi_u(p) phi_v(p) on `grid`.
Eigen::MatrixXd numerical_overlap(const BasisSet& basis, const MolecularGrid& grid) {
  const BasisOnGrid bog(basis, 1e-14);
  const Eigen::MatrixXd phi = bog.values(grid.points);
  return phi.transpose() * grid.weights.asDiagonal() * phi;
}

// 100 radial x 590 angular points per atom, unpruned: the quadrature error of these Gaussian
// products is at most 7e-7 (measured; 2e-8 with 200 x 1454), far below what a wrong sign, order
// or normalisation of a function gives (> 1e-2).
GridSpec dense_spec() {
  GridSpec spec = explicit_grid_spec(100, 590);
  spec.weight_threshold = 0.0;
  return spec;
}

}  // namespace

// Helgaker, Jorgensen, Olsen, "Molecular Electronic-Structure Theory" (2000), Table 6.3 (real
// solid harmonics, Racah normalisation): l = 1 and l = 2 in the order m = -l..l.
TEST(SolidHarmonics, LowOrdersMatchTextbookTable) {
  const Eigen::MatrixXd p = solid_harmonic_coefficients(1);  // columns x, y, z
  Eigen::MatrixXd p_expected(3, 3);
  p_expected << 0, 1, 0,  // m = -1: y
      0, 0, 1,            // m = 0: z
      1, 0, 0;            // m = 1: x
  EXPECT_LT((p - p_expected).cwiseAbs().maxCoeff(), 1e-15);

  const double r3 = std::sqrt(3.0);
  const Eigen::MatrixXd d = solid_harmonic_coefficients(2);  // columns xx, xy, xz, yy, yz, zz
  Eigen::MatrixXd d_expected(5, 6);
  d_expected << 0, r3, 0, 0, 0, 0,  // m = -2: sqrt3 xy
      0, 0, 0, 0, r3, 0,            // m = -1: sqrt3 yz
      -0.5, 0, 0, -0.5, 0, 1,       // m = 0: z^2 - (x^2 + y^2)/2
      0, 0, r3, 0, 0, 0,            // m = 1: sqrt3 xz
      r3 / 2, 0, 0, -r3 / 2, 0, 0;  // m = 2: sqrt3/2 (x^2 - y^2)
  EXPECT_LT((d - d_expected).cwiseAbs().maxCoeff(), 1e-15);

  const auto c = cartesian_components(2);
  ASSERT_EQ(c.size(), 6u);
  EXPECT_EQ(c[1], (std::array<int, 3>{1, 1, 0}));
  EXPECT_EQ(c[4], (std::array<int, 3>{0, 1, 1}));
}

// On the unit sphere: integral S_lm S_lm' = delta_mm' 4 pi / (2l + 1) = integral x^(2l) (exact
// with a Lebedev rule of degree >= 2l), and sum_m S_lm^2 = r^(2l) (addition theorem).
TEST(SolidHarmonics, RacahNormalisedAndOrthogonal) {
  const AngularGrid& sphere = lebedev_grid(1454);  // degree 65
  for (int l = 0; l <= 8; ++l) {
    const Eigen::MatrixXd T = solid_harmonic_coefficients(l);
    const auto comps = cartesian_components(l);
    Eigen::MatrixXd S(sphere.points.cols(), 2 * l + 1);
    for (Eigen::Index i = 0; i < sphere.points.cols(); ++i) {
      Eigen::VectorXd mono(static_cast<Eigen::Index>(comps.size()));
      for (std::size_t c = 0; c < comps.size(); ++c)
        mono[static_cast<Eigen::Index>(c)] = std::pow(sphere.points(0, i), comps[c][0]) *
                                             std::pow(sphere.points(1, i), comps[c][1]) *
                                             std::pow(sphere.points(2, i), comps[c][2]);
      S.row(i) = (T * mono).transpose();
      EXPECT_NEAR(S.row(i).squaredNorm(), 1.0, 1e-12) << "l=" << l;
    }
    const Eigen::MatrixXd G = S.transpose() * sphere.weights.asDiagonal() * S;
    const Eigen::MatrixXd expected = Eigen::MatrixXd::Identity(2 * l + 1, 2 * l + 1) * (4.0 * M_PI / (2 * l + 1));
    EXPECT_LT((G - expected).cwiseAbs().maxCoeff(), 1e-12) << "l=" << l;
  }
}

// libint2's convention: unit norm of x^l exp(-a r^2) contracted. One primitive of d type with
// a = 0.8: N^2 = (4a)^2 (2a/pi)^(3/2) / 3!!.
TEST(ShellNormalisation, PrimitiveAndContraction) {
  const double a = 0.8;
  EXPECT_NEAR(primitive_normalisation(a, 2), std::sqrt(std::pow(4 * a, 2) * std::pow(2 * a / M_PI, 1.5) / 3.0), 1e-14);
  Shell s;
  s.l = 1;
  s.exponents = {3.0, 0.5};
  s.coefficients = {0.4, 0.7};
  const auto c = normalised_contraction(s);
  // <x exp|x exp> summed over the contraction: sum c_p c_q (1/2 / (a_p + a_q)) (pi / (a_p + a_q))^1.5
  double norm = 0.0;
  for (int p = 0; p < 2; ++p)
    for (int q = 0; q < 2; ++q) {
      const double g = s.exponents[p] + s.exponents[q];
      norm += c[p] * c[q] * 0.5 / g * std::pow(M_PI / g, 1.5);
    }
  EXPECT_NEAR(norm, 1.0, 1e-14);
  s.exponents = {-1.0, 0.5};
  EXPECT_THROW(normalised_contraction(s), InputError);
}

// At the extent the envelope equals the threshold; beyond it every function is below it.
TEST(ShellExtent, BoundsEveryFunctionBeyondIt) {
  const Molecule mol = h2o2();
  const BasisSet basis = load_basis("def2-tzvp", mol);
  const double threshold = 1e-10;
  const BasisOnGrid bog(basis, threshold);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  for (std::size_t s = 0; s < basis.shell_count(); ++s) {
    const Shell& shell = basis[s];
    const auto c = normalised_contraction(shell);
    const double R = bog.extent(s);
    double envelope = 0.0;
    for (std::size_t p = 0; p < c.size(); ++p) envelope += std::abs(c[p]) * std::exp(-shell.exponents[p] * R * R);
    EXPECT_NEAR(envelope * std::pow(R, shell.l) / threshold, 1.0, 1e-8) << "shell " << s;
    // Points just beyond the extent, in random directions: all functions of the shell are small.
    BasisSet single("one", {shell});
    const BasisOnGrid one(single, 1e-30);  // no screening while evaluating
    Eigen::Matrix3Xd pts(3, 50);
    for (int i = 0; i < 50; ++i) {
      Eigen::Vector3d d(u(rng), u(rng), u(rng));
      pts.col(i) = shell.center + d.normalized() * R * (1.0 + 1e-3 * i);
    }
    EXPECT_LE(one.values(pts).cwiseAbs().maxCoeff(), threshold) << "shell " << s << " l=" << shell.l;
  }
  // A tighter threshold reaches further.
  EXPECT_GT(BasisOnGrid(basis, 1e-14).extent(0), bog.extent(0));
}

// Pure s, p, d, f (def2-TZVP), Cartesian d (6-31G*), and l = 4, 5 shells of both kinds.
TEST(BasisOnGrid, OverlapMatchesLibint) {
  const Communicator comm;
  const Molecule mol = h2o2();
  const MolecularGrid grid = make_molecular_grid(mol, dense_spec(), comm);

  std::vector<BasisSet> bases = {load_basis("def2-tzvp", mol), load_basis("6-31gs", mol)};
  for (bool pure : {true, false}) {
    std::vector<Shell> shells;
    for (int atom = 0; atom < 2; ++atom)
      for (int l = 4; l <= 5; ++l) {
        Shell s;
        s.l = l;
        s.pure = pure;
        s.exponents = {2.5, 0.9};
        s.coefficients = {0.6, 0.5};
        s.center = mol[static_cast<std::size_t>(atom)].position;
        s.atom = atom;
        shells.push_back(s);
      }
    bases.emplace_back(pure ? "g,h pure" : "g,h cartesian", shells);
  }
  for (const BasisSet& basis : bases) {
    const Eigen::MatrixXd S = compute_overlap(basis, comm);
    const Eigen::MatrixXd S_grid = numerical_overlap(basis, grid);
    EXPECT_LT((S - S_grid).cwiseAbs().maxCoeff(), 2e-6) << basis.name();
    // Cross-centre elements are not all tiny: the check is not vacuous.
    EXPECT_GT(S.cwiseAbs().maxCoeff(), 0.5);
  }
}

// Derivatives against central differences of the values (h = 1e-5 bohr; error ~h^2 f''').
TEST(BasisOnGrid, GradientsMatchFiniteDifferences) {
  const Molecule mol = h2o2();
  for (const char* name : {"def2-tzvp", "6-31gs"}) {
    const BasisSet basis = load_basis(name, mol);
    const BasisOnGrid bog(basis, 1e-14);
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> u(-2.5, 2.5);
    Eigen::Matrix3Xd pts(3, 40);
    for (int i = 0; i < 40; ++i) pts.col(i) = Eigen::Vector3d(u(rng), u(rng), u(rng));
    const auto g = bog.gradients(pts);
    const double h = 1e-5;
    for (int k = 0; k < 3; ++k) {
      Eigen::Matrix3Xd plus = pts, minus = pts;
      plus.row(k).array() += h;
      minus.row(k).array() -= h;
      const Eigen::MatrixXd fd = (bog.values(plus) - bog.values(minus)) / (2 * h);
      const double scale = std::max(1.0, g[static_cast<std::size_t>(k)].cwiseAbs().maxCoeff());
      EXPECT_LT((fd - g[static_cast<std::size_t>(k)]).cwiseAbs().maxCoeff(), 1e-7 * scale) << name << " k=" << k;
    }
  }
}

// Second derivatives against central differences of the first (h = 1e-5 bohr), for pure s-f
// (def2-TZVP), Cartesian d (6-31G*) and hand-made l = 4 shells of both kinds; the mixed ones
// both ways (d/dx of d/dy and d/dy of d/dx). evaluate_second's values and first derivatives are
// bit-identical to evaluate()'s.
TEST(BasisOnGrid, SecondDerivativesMatchFiniteDifferences) {
  const Molecule mol = h2o2();
  std::vector<BasisSet> bases = {load_basis("def2-tzvp", mol), load_basis("6-31gs", mol)};
  for (bool pure : {true, false}) {
    Shell s;
    s.l = 4;
    s.pure = pure;
    s.exponents = {2.5, 0.9};
    s.coefficients = {0.6, 0.5};
    s.center = mol[1].position;
    s.atom = 1;
    bases.emplace_back(pure ? "g pure" : "g cartesian", std::vector<Shell>{s});
  }
  constexpr int kPair[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};  // xx, xy, xz, yy, yz, zz
  for (const BasisSet& basis : bases) {
    const BasisOnGrid bog(basis, 1e-14);
    std::mt19937 rng(13);
    std::uniform_real_distribution<double> u(-2.5, 2.5);
    Eigen::Matrix3Xd pts(3, 40);
    for (int i = 0; i < 40; ++i) pts.col(i) = Eigen::Vector3d(u(rng), u(rng), u(rng));
    const auto hess = bog.hessians(pts);
    const double h = 1e-5;
    for (int k = 0; k < 3; ++k) {
      Eigen::Matrix3Xd plus = pts, minus = pts;
      plus.row(k).array() += h;
      minus.row(k).array() -= h;
      const auto gp = bog.gradients(plus), gm = bog.gradients(minus);
      for (int j = 0; j < 3; ++j) {
        const Eigen::MatrixXd fd = (gp[static_cast<std::size_t>(j)] - gm[static_cast<std::size_t>(j)]) / (2 * h);
        const Eigen::MatrixXd& analytic = hess[static_cast<std::size_t>(kPair[k][j])];
        const double scale = std::max(1.0, analytic.cwiseAbs().maxCoeff());
        EXPECT_LT((fd - analytic).cwiseAbs().maxCoeff(), 1e-7 * scale) << basis.name() << " k=" << k << " j=" << j;
        EXPECT_GT(analytic.cwiseAbs().maxCoeff(), 1e-2) << "vacuous";
      }
    }
    // Same values and gradients as evaluate().
    std::vector<int> all(basis.shell_count());
    for (std::size_t s = 0; s < all.size(); ++s) all[s] = static_cast<int>(s);
    const Eigen::Index n = pts.cols(), nbf = static_cast<Eigen::Index>(basis.function_count());
    Eigen::MatrixXd stacked(10 * n, nbf);
    std::array<double*, 10> blocks{};
    for (int b = 0; b < 10; ++b) blocks[static_cast<std::size_t>(b)] = stacked.data() + b * n;
    bog.evaluate_second(pts, all, blocks, 10 * n);
    const auto g = bog.gradients(pts);
    EXPECT_EQ((stacked.topRows(n) - bog.values(pts)).cwiseAbs().maxCoeff(), 0.0) << basis.name();
    for (int k = 0; k < 3; ++k)
      EXPECT_EQ((stacked.middleRows((k + 1) * n, n) - g[static_cast<std::size_t>(k)]).cwiseAbs().maxCoeff(), 0.0);
    for (int b = 0; b < 6; ++b)
      EXPECT_EQ((stacked.middleRows((b + 4) * n, n) - hess[static_cast<std::size_t>(b)]).cwiseAbs().maxCoeff(), 0.0);
  }
}

// Screening a batch keeps exactly the shells whose extent reaches its sphere, and the values of
// the kept functions equal those of the unscreened evaluation.
TEST(BasisOnGrid, BatchScreeningKeepsTheReachingShells) {
  const Molecule mol = read_xyz_molecule(std::string(ATROPOS_TEST_DATA) + "/reference/molecules/eicosane.xyz");
  const BasisSet basis = load_basis("def2-svp", mol);
  const BasisOnGrid bog(basis, 1e-10);
  const MolecularGrid grid = make_molecular_grid(mol, grid_spec_for_level("coarse"));
  std::vector<int> shells, functions;
  std::size_t kept = 0, total = 0;
  for (std::size_t b = 0; b < grid.batches.size(); b += 37) {
    const GridBatch& batch = grid.batches[b];
    bog.significant_shells(batch.centre, batch.radius, shells);
    bog.functions_of(shells, functions);
    kept += shells.size();
    total += basis.shell_count();
    const auto pts =
        grid.points.middleCols(static_cast<Eigen::Index>(batch.begin), static_cast<Eigen::Index>(batch.size()));
    Eigen::MatrixXd sub(pts.cols(), static_cast<Eigen::Index>(functions.size()));
    bog.evaluate(pts, shells, sub.data(), sub.rows());
    const Eigen::MatrixXd all = BasisOnGrid(basis, 1e-30).values(pts);
    Eigen::MatrixXd dropped = all;
    for (std::size_t j = 0; j < functions.size(); ++j) {
      EXPECT_LT((sub.col(static_cast<Eigen::Index>(j)) - all.col(functions[j])).cwiseAbs().maxCoeff(), 1e-10);
      dropped.col(functions[j]).setZero();
    }
    EXPECT_LT(dropped.cwiseAbs().maxCoeff(), 1e-10) << "batch " << b;
  }
  // In a 62-atom chain most shells are far from any one batch.
  EXPECT_LT(static_cast<double>(kept), 0.5 * static_cast<double>(total));
}
