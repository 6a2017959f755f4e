// Times one Coulomb build: density-fitted (DfCoulomb, direct and with cached 3-centre integrals)
// against the exact integral-direct DirectJk (J only), with a core-guess density.
// Usage: df_coulomb_bench MOLECULE.xyz [basis] [auxiliary basis] [repeats]
// Prints setup and per-build seconds, shell triplets/quartets, and 1/2 tr(D J) of each (Eh).
#include <fmt/format.h>

#include "basis/basis_library.hpp"
#include "common/stopwatch.hpp"
#include "geometry/xyz.hpp"
#include "scf/df_coulomb.hpp"
#include "scf/direct_jk.hpp"
#include "scf/scf_solver.hpp"

using namespace atropos;

namespace {

// Builds J `repeats` times, printing each; returns 1/2 tr(D J) of the total density.
double time_builds(const char* label, JkBuilder& jk, const Eigen::MatrixXd& alpha_density, int repeats,
                   const Communicator& comm) {
  std::vector<Eigen::MatrixXd> J;
  for (int r = 0; r < repeats; ++r) {
    const Stopwatch clock;
    jk.compute({alpha_density}, &J, nullptr);
    const double s = clock.seconds();
    const auto [computed, skipped] = jk.last_quartet_counts();
    if (comm.is_root())
      fmt::print("{:<14} build {}: {:8.3f} s  ({:.0f} computed, {:.0f} skipped)\n", label, r + 1, s, computed, skipped);
  }
  const Eigen::MatrixXd D = 2.0 * alpha_density;
  return 0.5 * D.cwiseProduct(2.0 * J[0]).sum();
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession mpi(&argc, &argv);
  if (argc < 2) {
    fmt::print(stderr, "usage: {} MOLECULE.xyz [basis] [auxiliary basis] [repeats]\n", argv[0]);
    return 1;
  }
  const Communicator comm;
  const Molecule molecule = read_xyz_molecule(argv[1]);
  const BasisSet basis = load_basis(argc > 2 ? argv[2] : "def2-svp", molecule);
  const BasisSet fit = load_basis(argc > 3 ? argv[3] : "def2-universal-jfit", molecule);
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 2;
  ScfSolver solver(molecule, basis, comm, ScfOptions{}, Reference::restricted);
  const Eigen::MatrixXd density = solver.core_guess().at(0);
  if (comm.is_root())
    fmt::print("{} atoms, {} functions, {} auxiliary functions ({}); {} rank(s)\n", molecule.size(),
               basis.function_count(), fit.function_count(), fit.name(), comm.size());

  Stopwatch clock;
  DfCoulomb df_direct(basis, fit, comm, DfCoulombOptions{1e-12, 1e-10, 0.0});
  double s = clock.seconds();
  if (comm.is_root())
    fmt::print("DfCoulomb setup (metric, Cholesky, pair bounds): {:.3f} s; {} significant pairs; min pivot ratio {:.2e}\n",
               s, df_direct.info().significant_pairs, df_direct.info().metric_min_pivot_ratio);
  const double e_direct = time_builds("RI-J direct", df_direct, density, repeats, comm);

  clock.restart();
  DfCoulomb df_cached(basis, fit, comm, DfCoulombOptions{1e-12, 1e-10, 4096.0});
  s = clock.seconds();
  if (comm.is_root())
    fmt::print("DfCoulomb setup, cache {:.1f} MiB planned for {} of {} tasks on rank 0: {:.3f} s\n",
               df_cached.info().cached_mib, df_cached.info().cached_tasks, df_cached.info().rank_tasks, s);
  const double e_cached = time_builds("RI-J cached", df_cached, density, repeats + 1, comm);

  clock.restart();
  DirectJk exact(basis, comm);
  s = clock.seconds();
  if (comm.is_root()) fmt::print("DirectJk setup (Schwarz, pairs): {:.3f} s\n", s);
  const double e_exact = time_builds("DirectJk J", exact, density, 1, comm);

  if (comm.is_root())
    fmt::print("1/2 tr(D J): exact {:.10f}, RI-J {:.10f} (cached {:.10f}); RI-J - exact {:.3e} Eh\n", e_exact,
               e_direct, e_cached, e_direct - e_exact);
  return 0;
}
