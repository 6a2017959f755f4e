#include "scf/sad_guess.hpp"

#include <map>

#include "scf/direct_jk.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/scf_solver.hpp"

namespace atropos {

namespace {

// Density of one neutral atom of element Z in the shells of `atom` of the molecular basis.
Eigen::MatrixXd atomic_density(int Z, const BasisSet& basis, int atom) {
  const auto [begin, end] = basis.shells_of_atom(atom);
  std::vector<Shell> shells(basis.shells().begin() + begin, basis.shells().begin() + end);
  for (Shell& shell : shells) {
    shell.center.setZero();
    shell.atom = 0;
  }
  const BasisSet atom_basis(basis.name(), std::move(shells));
  const Molecule single({Atom{Z, Eigen::Vector3d::Zero()}}, 0, Z % 2 == 0 ? 1 : 2);

  const Communicator self(MPI_COMM_SELF);
  ScfOptions options;
  options.fractional_degenerate_occupations = true;
  options.energy_threshold = 1e-7;
  options.gradient_threshold = 1e-5;
  options.max_iterations = 60;
  options.allow_unconverged = true;  // a guess need not be converged
  options.incremental_fock = false;
  ScfSolver solver(single, atom_basis, self, options, Reference::restricted);
  // Half the electrons in each spin: the spin-averaged atom.
  solver.set_electron_counts(0.5 * Z, 0.5 * Z);
  DirectJk jk(atom_basis, self);
  HartreeFockModel model(jk);
  const ScfResult result = solver.run(model, {});
  return 2.0 * result.densities[0];
}

}  // namespace

Eigen::MatrixXd compute_sad_density(const Molecule& molecule, const BasisSet& basis) {
  const std::size_t nbf = basis.function_count();
  Eigen::MatrixXd density = Eigen::MatrixXd::Zero(nbf, nbf);
  // One atomic calculation per (element, basis block); the block is the same for every atom of
  // an element unless the user assigned different sets per atom.
  std::map<int, Eigen::MatrixXd> cache;
  for (std::size_t a = 0; a < molecule.size(); ++a) {
    const int Z = molecule[a].Z;
    const auto [begin, end] = basis.shells_of_atom(static_cast<int>(a));
    if (begin == end) continue;
    auto it = cache.find(Z);
    if (it == cache.end()) it = cache.emplace(Z, atomic_density(Z, basis, static_cast<int>(a))).first;
    const std::size_t first = basis.shell_offsets()[begin];
    density.block(first, first, it->second.rows(), it->second.cols()) = it->second;
  }
  return density;
}

}  // namespace atropos
