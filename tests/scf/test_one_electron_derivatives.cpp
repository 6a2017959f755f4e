// One-electron derivative contractions (scf/one_electron_derivatives) against central finite
// differences of the libint2 value integrals (scf/one_electron_integrals): moving one atom's basis
// functions and/or its nuclear charge by +-h, +-2h. The same binary runs under mpirun -np 2.
#include <gtest/gtest.h>
#include <omp.h>

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <ostream>
#include <random>

#include "basis/basis_library.hpp"
#include "geometry/xyz.hpp"
#include "scf/one_electron_derivatives.hpp"
#include "scf/one_electron_integrals.hpp"
#include "tests/reference_data.hpp"

using namespace atropos;

namespace {

// CuH at r = 1.4626 A (close to the experimental r_e, Huber & Herzberg 1979), along (1, 2, 2)/3 and
// off the origin so that no Cartesian component vanishes by symmetry.
const char* kCuH =
    "2\nCuH\n"
    "Cu  0.100000  -0.200000  0.050000\n"
    "H   0.587533   0.775067  1.025067\n";

Molecule test_molecule(const std::string& name) {
  if (name == "cuh") return parse_xyz(kCuH, "CuH").front().molecule;
  return atropos::testing::reference_molecule(name);
}

Eigen::MatrixXd random_symmetric(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.5, 0.5);
  Eigen::MatrixXd m(n, n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) m(i, j) = m(j, i) = u(rng);
  return m;
}

BasisSet move_basis_atom(const BasisSet& basis, int atom, int k, double delta) {
  std::vector<Shell> shells = basis.shells();
  for (Shell& s : shells)
    if (s.atom == atom) s.center[k] += delta;
  return BasisSet(basis.name(), std::move(shells));
}

Molecule move_atom(const Molecule& molecule, int atom, int k, double delta) {
  Eigen::MatrixX3d x = molecule.positions();
  x(atom, k) += delta;
  return molecule.with_positions(x);
}

// Four-point central difference: error O(h^4), so h = 1e-4 bohr leaves only rounding (~1e-12).
constexpr double kStep = 1e-4;
double central_difference(const std::function<double(double)>& f) {
  return (8.0 * (f(kStep) - f(-kStep)) - (f(2 * kStep) - f(-2 * kStep))) / (12.0 * kStep);
}

double contract(const Eigen::MatrixXd& D, const Eigen::MatrixXd& M) { return D.cwiseProduct(M).sum(); }

// max |a - b| relative to the largest |b| element.
double relative_difference(const Eigen::MatrixX3d& a, const Eigen::MatrixX3d& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(b.cwiseAbs().maxCoeff(), 1e-300);
}

struct Case {
  std::string molecule;
  std::string basis;
  std::optional<bool> pure;  // override of the basis file's convention
  std::string label;
  bool add_g = false;  // one spherical g shell on the first atom, one Cartesian g shell on the last
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.label; }

// The library's sets with g functions cannot be read for every element yet, and this checks the
// l = 4 code paths and mixed spherical/Cartesian shells (exponents chosen by hand).
BasisSet with_g_shells(const BasisSet& basis, const Molecule& molecule) {
  std::vector<Shell> shells = basis.shells();
  const auto last = static_cast<int>(molecule.size()) - 1;
  Shell g_first{4, true, {1.5}, {1.0}, molecule[0].position, 0};
  Shell g_last{4, false, {0.8}, {1.0}, molecule[static_cast<std::size_t>(last)].position, last};
  auto end_of_first = std::find_if(shells.begin(), shells.end(), [](const Shell& s) { return s.atom != 0; });
  shells.insert(end_of_first, g_first);
  shells.push_back(g_last);
  return BasisSet(basis.name() + "+g", std::move(shells));
}

class FiniteDifference : public ::testing::TestWithParam<Case> {};

TEST_P(FiniteDifference, AllContractionsMatchCentralDifferencesOfLibint2Values) {
  const Case& c = GetParam();
  const Communicator comm;
  const Molecule molecule = test_molecule(c.molecule);
  const BasisSet loaded = load_basis(c.basis, molecule, c.pure);
  const BasisSet basis = c.add_g ? with_g_shells(loaded, molecule) : loaded;
  const std::size_t n = basis.function_count();
  const auto natom = static_cast<int>(molecule.size());
  const Eigen::MatrixXd W = random_symmetric(n, 11), P = random_symmetric(n, 12);

  // Extra point charges (integers so that a Molecule can carry them into compute_nuclear_attraction).
  std::vector<Atom> external{{3, Eigen::Vector3d(2.0, -1.5, 1.0)}, {1, Eigen::Vector3d(-2.5, 0.5, -1.8)}};
  std::vector<PointCharge> charges;
  for (const Atom& a : molecule.atoms()) charges.push_back({static_cast<double>(a.Z), a.position});
  for (const Atom& a : external) charges.push_back({static_cast<double>(a.Z), a.position});
  std::vector<Atom> all_atoms = molecule.atoms();
  all_atoms.insert(all_atoms.end(), external.begin(), external.end());
  const Molecule charge_set(all_atoms);

  const Eigen::MatrixX3d dS = contract_overlap_derivative(basis, W, comm);
  const Eigen::MatrixX3d dT = contract_kinetic_derivative(basis, P, comm);
  const Eigen::MatrixX3d dV = contract_nuclear_derivative(basis, molecule, P, comm);
  const PointChargeDerivative dQ = contract_point_charge_derivative(basis, charges, P, comm);
  ASSERT_EQ(dS.rows(), natom);
  ASSERT_EQ(dV.rows(), natom);
  ASSERT_EQ(dQ.basis_centres.rows(), natom);
  ASSERT_EQ(dQ.charges.rows(), static_cast<Eigen::Index>(charges.size()));

  Eigen::MatrixX3d fdS(natom, 3), fdT(natom, 3), fdV(natom, 3), fdQ_basis(natom, 3);
  Eigen::MatrixX3d fdQ_charges(static_cast<Eigen::Index>(charges.size()), 3);
  for (int a = 0; a < natom; ++a)
    for (int k = 0; k < 3; ++k) {
      fdS(a, k) = central_difference([&](double h) { return contract(W, compute_overlap(move_basis_atom(basis, a, k, h), comm)); });
      fdT(a, k) = central_difference([&](double h) { return contract(P, compute_kinetic(move_basis_atom(basis, a, k, h), comm)); });
      fdV(a, k) = central_difference([&](double h) {
        return contract(P, compute_nuclear_attraction(move_basis_atom(basis, a, k, h), move_atom(molecule, a, k, h), comm));
      });
      fdQ_basis(a, k) = central_difference(
          [&](double h) { return contract(P, compute_nuclear_attraction(move_basis_atom(basis, a, k, h), charge_set, comm)); });
    }
  for (int q = 0; q < static_cast<int>(charges.size()); ++q)
    for (int k = 0; k < 3; ++k)
      fdQ_charges(q, k) = central_difference(
          [&](double h) { return contract(P, compute_nuclear_attraction(basis, move_atom(charge_set, q, k, h), comm)); });

  const double tolerance = 1e-8;
  EXPECT_LT(relative_difference(dS, fdS), tolerance) << c.label << " overlap\n" << dS << "\nvs\n" << fdS;
  EXPECT_LT(relative_difference(dT, fdT), tolerance) << c.label << " kinetic\n" << dT << "\nvs\n" << fdT;
  EXPECT_LT(relative_difference(dV, fdV), tolerance) << c.label << " nuclear\n" << dV << "\nvs\n" << fdV;
  EXPECT_LT(relative_difference(dQ.basis_centres, fdQ_basis), tolerance) << c.label << " basis centres\n"
                                                                         << dQ.basis_centres << "\nvs\n" << fdQ_basis;
  EXPECT_LT(relative_difference(dQ.charges, fdQ_charges), tolerance) << c.label << " charges\n"
                                                                     << dQ.charges << "\nvs\n" << fdQ_charges;
  if (comm.is_root())
    std::printf("%-22s rel. diff vs FD: S %.1e  T %.1e  V %.1e  V(basis) %.1e  V(charges) %.1e\n", c.label.c_str(),
                relative_difference(dS, fdS), relative_difference(dT, fdT), relative_difference(dV, fdV),
                relative_difference(dQ.basis_centres, fdQ_basis), relative_difference(dQ.charges, fdQ_charges));

  // Translational invariance: moving everything together changes nothing.
  EXPECT_LT(dS.colwise().sum().cwiseAbs().maxCoeff(), 1e-10) << c.label;
  EXPECT_LT(dT.colwise().sum().cwiseAbs().maxCoeff(), 1e-10) << c.label;
  EXPECT_LT(dV.colwise().sum().cwiseAbs().maxCoeff(), 1e-10) << c.label;
  EXPECT_LT((dQ.basis_centres.colwise().sum() + dQ.charges.colwise().sum()).cwiseAbs().maxCoeff(), 1e-10) << c.label;
}

INSTANTIATE_TEST_SUITE_P(
    Bases, FiniteDifference,
    ::testing::Values(Case{"h2o2_P", "def2-SVP", std::nullopt, "H2O2 def2-SVP"},
                      Case{"h2o2_P", "cc-pVDZ", std::nullopt, "H2O2 cc-pVDZ"},
                      Case{"h2o2_P", "6-31G*", std::nullopt, "H2O2 6-31G* (cart d)"},
                      Case{"h2o2_P", "def2-TZVP", std::nullopt, "H2O2 def2-TZVP"},
                      Case{"h2o2_P", "def2-TZVP", false, "H2O2 def2-TZVP cart"},
                      Case{"cuh", "def2-SVP", std::nullopt, "CuH def2-SVP"},
                      Case{"cuh", "def2-SVP", std::nullopt, "CuH def2-SVP + g", true}),
    [](const ::testing::TestParamInfo<Case>& param) {
      std::string name = param.param.label;
      for (char& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

// Every rank and thread split gives the same numbers as one rank with one thread.
TEST(OneElectronDerivatives, RankAndThreadSplitDoesNotChangeResults) {
  const Communicator world;
  const Molecule molecule = test_molecule("cuh");
  const BasisSet basis = load_basis("def2-TZVP", molecule);
  const Eigen::MatrixXd P = random_symmetric(basis.function_count(), 5);

  const Eigen::MatrixX3d S = contract_overlap_derivative(basis, P, world);
  const Eigen::MatrixX3d T = contract_kinetic_derivative(basis, P, world);
  const Eigen::MatrixX3d V = contract_nuclear_derivative(basis, molecule, P, world);

  const Communicator alone = world.split(world.rank());
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const Eigen::MatrixX3d S1 = contract_overlap_derivative(basis, P, alone);
  const Eigen::MatrixX3d T1 = contract_kinetic_derivative(basis, P, alone);
  const Eigen::MatrixX3d V1 = contract_nuclear_derivative(basis, molecule, P, alone);
  omp_set_num_threads(threads);
  MPI_Comm handle = alone.handle();
  MPI_Comm_free(&handle);

  EXPECT_LT(relative_difference(S, S1), 1e-12);
  EXPECT_LT(relative_difference(T, T1), 1e-12);
  EXPECT_LT(relative_difference(V, V1), 1e-12);
  if (world.is_root())
    std::printf("%d ranks x %d threads vs 1 x 1, rel. diff: S %.1e  T %.1e  V %.1e\n", world.size(), threads,
                relative_difference(S, S1), relative_difference(T, T1), relative_difference(V, V1));
}

// Only the symmetric part of the density counts (the integral matrices are symmetric).
TEST(OneElectronDerivatives, AntisymmetricPartOfTheDensityDoesNotContribute) {
  const Communicator comm;
  const Molecule molecule = atropos::testing::reference_molecule("h2o2_P");
  const BasisSet basis = load_basis("def2-SVP", molecule);
  const std::size_t n = basis.function_count();
  const Eigen::MatrixXd P = random_symmetric(n, 7);
  Eigen::MatrixXd A = random_symmetric(n, 8);
  A = A.triangularView<Eigen::StrictlyUpper>();
  const Eigen::MatrixXd skew = A - A.transpose();
  EXPECT_LT((contract_overlap_derivative(basis, P + skew, comm) - contract_overlap_derivative(basis, P, comm)).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((contract_nuclear_derivative(basis, molecule, P + skew, comm) -
             contract_nuclear_derivative(basis, molecule, P, comm)).cwiseAbs().maxCoeff(), 1e-11);
}

TEST(OneElectronDerivatives, RejectsMismatchedInput) {
  const Communicator comm;
  const Molecule molecule = atropos::testing::reference_molecule("h2o2_P");
  const BasisSet basis = load_basis("def2-SVP", molecule);
  const std::size_t n = basis.function_count();
  EXPECT_THROW(contract_overlap_derivative(basis, Eigen::MatrixXd::Zero(n, n - 1), comm), std::invalid_argument);
  EXPECT_THROW(contract_kinetic_derivative(basis, Eigen::MatrixXd::Zero(n + 1, n + 1), comm), std::invalid_argument);
  // A basis placed on another geometry cannot be merged with this molecule's nuclei.
  const BasisSet moved = load_basis("def2-SVP", move_atom(molecule, 2, 0, 0.1));
  EXPECT_THROW(contract_nuclear_derivative(moved, molecule, Eigen::MatrixXd::Zero(n, n), comm), std::invalid_argument);
}

// dnbpa (C14H8N2O8, 32 atoms) in def2-SVP (376 functions): timings of each contraction next to
// the value integrals, and translational invariance on a molecule with many distant pairs.
TEST(OneElectronDerivatives, DnbpaTimingAndTranslationalInvariance) {
  const Communicator comm;
  const Molecule molecule = atropos::testing::project_molecule("dnbpa");
  const BasisSet basis = load_basis("def2-SVP", molecule);
  ASSERT_EQ(basis.function_count(), 376u);
  const Eigen::MatrixXd P = random_symmetric(basis.function_count(), 3);
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); };

  auto t0 = clock::now();
  const Eigen::MatrixX3d dS = contract_overlap_derivative(basis, P, comm);
  const double t_dS = seconds(t0);
  t0 = clock::now();
  const Eigen::MatrixX3d dT = contract_kinetic_derivative(basis, P, comm);
  const double t_dT = seconds(t0);
  t0 = clock::now();
  const Eigen::MatrixX3d dV = contract_nuclear_derivative(basis, molecule, P, comm);
  const double t_dV = seconds(t0);
  t0 = clock::now();
  const Eigen::MatrixXd V = compute_nuclear_attraction(basis, molecule, comm);
  const double t_V = seconds(t0);
  if (comm.is_root())
    std::printf("dnbpa def2-SVP (%zu functions, %d ranks x %d threads): dS %.3f s, dT %.3f s, dV %.3f s "
                "(libint2 V values %.3f s)\n",
                basis.function_count(), comm.size(), omp_get_max_threads(), t_dS, t_dT, t_dV, t_V);

  EXPECT_LT(dS.colwise().sum().cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_LT(dT.colwise().sum().cwiseAbs().maxCoeff(), 1e-10);
  EXPECT_LT(dV.colwise().sum().cwiseAbs().maxCoeff(), 1e-10);
  if (comm.is_root())
    std::printf("dnbpa sum over atoms: S %.1e  T %.1e  V %.1e (largest element %.1f)\n",
                dS.colwise().sum().cwiseAbs().maxCoeff(), dT.colwise().sum().cwiseAbs().maxCoeff(),
                dV.colwise().sum().cwiseAbs().maxCoeff(), dV.cwiseAbs().maxCoeff());
  EXPECT_GT(dV.cwiseAbs().maxCoeff(), 1.0);  // a real, non-vanishing gradient
}

}  // namespace
