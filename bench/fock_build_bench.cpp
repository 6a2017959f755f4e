// Times one full J+K build (DirectJk) for a molecule and basis with a core-guess density.
// Usage: fock_build_bench MOLECULE.xyz [basis] [repeats]. Prints quartet counts and seconds.
#include <fmt/format.h>

#include "basis/basis_library.hpp"
#include "common/stopwatch.hpp"
#include "geometry/xyz.hpp"
#include "scf/direct_jk.hpp"
#include "scf/scf_solver.hpp"

using namespace atropos;

int main(int argc, char** argv) {
  MpiSession mpi(&argc, &argv);
  if (argc < 2) {
    fmt::print(stderr, "usage: {} MOLECULE.xyz [basis] [repeats]\n", argv[0]);
    return 1;
  }
  const Communicator comm;
  const Molecule molecule = read_xyz_molecule(argv[1]);
  const BasisSet basis = load_basis(argc > 2 ? argv[2] : "def2-svp", molecule);
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 1;
  ScfSolver solver(molecule, basis, comm, ScfOptions{}, Reference::restricted);
  const auto densities = solver.core_guess();

  const Stopwatch setup;
  DirectJk jk(basis, comm);
  const double setup_seconds = setup.seconds();
  if (comm.is_root())
    fmt::print("{} functions, {} shells; setup (Schwarz, pairs) {:.3f} s\n", basis.function_count(), basis.shell_count(),
               setup_seconds);
  for (int r = 0; r < repeats; ++r) {
    for (int mode = 0; mode < 2; ++mode) {
      std::vector<Eigen::MatrixXd> J, K;
      const Stopwatch build;
      jk.compute(densities, &J, mode == 0 ? &K : nullptr);
      const double build_seconds = build.seconds();
      const auto [computed, skipped] = jk.last_quartet_counts();
      if (comm.is_root())
        fmt::print("{}: {:.3f} s, {:.0f} quartets computed, {:.0f} skipped\n", mode == 0 ? "J+K" : "J  ",
                   build_seconds, computed, skipped);
    }
  }
  return 0;
}
