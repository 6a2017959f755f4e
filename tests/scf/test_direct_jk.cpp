// DirectJk against J and K contracted from the full ERI tensor (computed here directly with
// libint2, no screening, no symmetry): an exact check of the screening, the 8-fold symmetry
// bookkeeping and the rank/thread split (the binary also runs under mpirun -np 2).
#include <gtest/gtest.h>

#include <random>

#include "basis/basis_library.hpp"
#include "geometry/xyz.hpp"
#include "scf/direct_jk.hpp"
#include "scf/libint_bridge.hpp"
#include "scf/one_electron_integrals.hpp"

using namespace atropos;

namespace {

const char* kH2O2 =
    "O  0.0000  0.7278  -0.0589\nO  0.0000 -0.7278  -0.0589\nH  0.8000  0.8600   0.4700\nH -0.7000 -0.9000  0.5000\n";

std::vector<double> full_eri(const BasisSet& basis, double omega) {
  const auto shells = libint::to_libint(basis);
  const std::size_t n = basis.function_count();
  std::vector<double> eri(n * n * n * n);
  libint2::Engine engine(omega > 0 ? libint2::Operator::erf_coulomb : libint2::Operator::coulomb, basis.max_primitives(),
                         basis.max_l(), 0);
  if (omega > 0) engine.set_params(omega);
  engine.set_precision(0.0);
  const auto& off = basis.shell_offsets();
  for (std::size_t a = 0; a < shells.size(); ++a)
    for (std::size_t b = 0; b < shells.size(); ++b)
      for (std::size_t c = 0; c < shells.size(); ++c)
        for (std::size_t d = 0; d < shells.size(); ++d) {
          const auto& buf = engine.compute(shells[a], shells[b], shells[c], shells[d]);
          std::size_t k = 0;
          for (std::size_t i = 0; i < shells[a].size(); ++i)
            for (std::size_t j = 0; j < shells[b].size(); ++j)
              for (std::size_t l = 0; l < shells[c].size(); ++l)
                for (std::size_t m = 0; m < shells[d].size(); ++m, ++k)
                  eri[(((off[a] + i) * n + off[b] + j) * n + off[c] + l) * n + off[d] + m] = buf[0] ? buf[0][k] : 0.0;
        }
  return eri;
}

Eigen::MatrixXd random_symmetric(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  Eigen::MatrixXd m(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) m(i, j) = m(j, i) = u(rng);
  return m;
}

void check_against_full_tensor(const std::string& basis_name, double omega) {
  const Molecule molecule = parse_xyz(kH2O2, "h2o2").front().molecule;
  const BasisSet basis = load_basis(basis_name, molecule);
  const std::size_t n = basis.function_count();
  const auto eri = full_eri(basis, omega);
  const std::vector<Eigen::MatrixXd> densities{random_symmetric(n, 1), random_symmetric(n, 2)};

  Communicator comm;
  DirectJk jk(basis, comm, DirectJkOptions{1e-14, omega});
  std::vector<Eigen::MatrixXd> J, K;
  jk.compute(densities, &J, &K);
  ASSERT_EQ(J.size(), 2u);
  for (std::size_t d = 0; d < densities.size(); ++d) {
    Eigen::MatrixXd J_ref = Eigen::MatrixXd::Zero(n, n), K_ref = Eigen::MatrixXd::Zero(n, n);
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        for (std::size_t c = 0; c < n; ++c)
          for (std::size_t e = 0; e < n; ++e) {
            J_ref(a, b) += eri[((a * n + b) * n + c) * n + e] * densities[d](c, e);
            K_ref(a, b) += eri[((a * n + c) * n + b) * n + e] * densities[d](c, e);
          }
    EXPECT_LT((J[d] - J_ref).cwiseAbs().maxCoeff(), 1e-11) << basis_name << " density " << d;
    EXPECT_LT((K[d] - K_ref).cwiseAbs().maxCoeff(), 1e-11) << basis_name << " density " << d;
  }
  // J only must give the same J.
  std::vector<Eigen::MatrixXd> J_only;
  jk.compute(densities, &J_only, nullptr);
  EXPECT_LT((J_only[0] - J[0]).cwiseAbs().maxCoeff(), 1e-13);
}

}  // namespace

TEST(DirectJk, MatchesFullTensorSpherical) { check_against_full_tensor("def2-svp", 0.0); }
TEST(DirectJk, MatchesFullTensorCartesian) { check_against_full_tensor("6-31g*", 0.0); }
TEST(DirectJk, MatchesFullTensorErfAttenuated) { check_against_full_tensor("def2-svp", 0.3); }

TEST(OneElectronIntegrals, OverlapIsNormalisedAndSymmetric) {
  const Molecule molecule = parse_xyz(kH2O2, "h2o2").front().molecule;
  Communicator comm;
  const BasisSet basis = load_basis("def2-svp", molecule);
  const Eigen::MatrixXd S = compute_overlap(basis, comm);
  for (Eigen::Index i = 0; i < S.rows(); ++i) EXPECT_NEAR(S(i, i), 1.0, 1e-12);
  EXPECT_LT((S - S.transpose()).cwiseAbs().maxCoeff(), 1e-15);
  // Mixed-basis overlap with the same basis on both sides is the overlap.
  const BasisSet copy = load_basis("def2-svp", molecule);
  EXPECT_LT((compute_overlap(basis, copy, comm) - S).cwiseAbs().maxCoeff(), 1e-15);
  const Eigen::MatrixXd T = compute_kinetic(basis, comm);
  const Eigen::MatrixXd V = compute_nuclear_attraction(basis, molecule, comm);
  EXPECT_GT(T.diagonal().minCoeff(), 0.0);
  EXPECT_LT(V.diagonal().maxCoeff(), 0.0);
}
