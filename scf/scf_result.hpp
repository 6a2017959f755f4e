#pragma once
// Everything a converged (or stopped) SCF produced. Spin-resolved arrays hold one entry for a
// restricted reference and two (alpha, beta) for an unrestricted one.

#include <Eigen/Core>
#include <vector>

#include "scf/scf_options.hpp"

namespace atropos {

struct ScfIteration {
  int iteration = 0;
  double energy = 0.0;
  double energy_change = 0.0;
  double gradient_rms = 0.0;
  double seconds = 0.0;
};

// One iteration's Fock matrices and the densities they were built from (per spin), as the
// DIIS/ADIIS subspace holds them.
struct ScfSubspaceEntry {
  std::vector<Eigen::MatrixXd> focks;
  std::vector<Eigen::MatrixXd> densities;
};

struct ScfResult {
  Reference reference = Reference::restricted;
  bool converged = false;
  int iterations = 0;
  int initial_grid_iterations = 0;  // Kohn-Sham: iterations on the initial grid before these (single_point.hpp)

  // Energies in Eh; total = nuclear_repulsion + one_electron + two_electron.
  double total_energy = 0.0;
  double nuclear_repulsion = 0.0;
  double one_electron = 0.0;
  double two_electron = 0.0;
  double coulomb = 0.0;
  double exchange = 0.0;
  double xc = 0.0;

  double alpha_electrons = 0.0;
  double beta_electrons = 0.0;

  std::vector<Eigen::MatrixXd> orbitals;          // nbf x nmo per spin
  std::vector<Eigen::VectorXd> orbital_energies;  // nmo per spin
  std::vector<Eigen::VectorXd> occupations;       // nmo per spin (0..1)
  std::vector<Eigen::MatrixXd> densities;         // nbf x nbf per spin, AO basis
  std::vector<Eigen::MatrixXd> focks;             // nbf x nbf per spin
  std::vector<ScfIteration> history;
  // With ScfOptions::keep_subspace: the last diis_max_vectors (Fock, density) pairs, oldest
  // first, the last one being (focks, densities); ScfSolver::continue_from goes on from them.
  std::vector<ScfSubspaceEntry> subspace;

  const Eigen::MatrixXd& density(int spin) const { return densities[densities.size() == 1 ? 0 : spin]; }
  const Eigen::MatrixXd& orbital_coefficients(int spin) const { return orbitals[orbitals.size() == 1 ? 0 : spin]; }
  const Eigen::VectorXd& energies(int spin) const { return orbital_energies[orbital_energies.size() == 1 ? 0 : spin]; }
  const Eigen::VectorXd& occupation(int spin) const { return occupations[occupations.size() == 1 ? 0 : spin]; }
  Eigen::MatrixXd total_density() const { return density(0) + density(1); }
};

}  // namespace atropos
