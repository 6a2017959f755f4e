#pragma once
// The SCF iterations: F_s = H + G_s[D], DIIS, diagonalisation, occupation, until both the
// energy change and the orbital gradient are below threshold.
//
// Replicated on every rank: H, S, D, F (nbf^2). Split over ranks: whatever the FockModel and the
// integral routines split (shell quartets, grid batches). Every rank runs the same iterations
// on bit-identical data (reductions broadcast rank 0's sum).

#include <Eigen/Core>
#include <vector>

#include "basis/basis_set.hpp"
#include "common/log.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "scf/fock_model.hpp"
#include "scf/scf_options.hpp"
#include "scf/scf_result.hpp"

namespace atropos {

class Diis;
class Adiis;

class ScfSolver {
 public:
  ScfSolver(const Molecule& molecule, const BasisSet& basis, const Communicator& comm, ScfOptions options,
            Reference reference, Log log = Log::silent());

  // Electron counts per spin; default from the molecule's charge and multiplicity. Fractional
  // counts are allowed with fractional_degenerate_occupations (spherical atoms).
  void set_electron_counts(double alpha, double beta);

  // Convergence settings of the next run() (the integrals and orthogonaliser are kept).
  void set_options(const ScfOptions& options) { options_ = options; }
  const ScfOptions& options() const { return options_; }

  const Eigen::MatrixXd& overlap() const { return overlap_; }
  const Eigen::MatrixXd& core_hamiltonian() const { return core_hamiltonian_; }

  // Starting densities: one matrix (restricted, or used for both spins) or two (alpha, beta).
  ScfResult run(FockModel& model, std::vector<Eigen::MatrixXd> guess_densities) {
    return iterate(model, std::move(guess_densities), nullptr);
  }

  // Goes on from a previous run (ScfOptions::keep_subspace) of a slightly different model, the
  // same molecule on a smaller grid: starts from its last densities D_n and keeps its DIIS/ADIIS
  // subspace, every Fock matrix shifted by F_new(D_n) - F_old(D_n), the change of model at D_n,
  // which to first order is the same at every density of the subspace. Restarting DIIS instead
  // costs an undamped step from a density that is already close.
  ScfResult continue_from(FockModel& model, const ScfResult& previous);

  // Densities from diagonalising the core Hamiltonian.
  std::vector<Eigen::MatrixXd> core_guess() const;

 private:
  struct Orbitals {
    Eigen::MatrixXd coefficients;
    Eigen::VectorXd energies;
    Eigen::VectorXd occupations;
  };
  ScfResult iterate(FockModel& model, std::vector<Eigen::MatrixXd> densities, const std::vector<ScfSubspaceEntry>* carried);
  // X^T (F D S - S D F) X per spin: the orbital gradient in the orthonormal basis.
  std::vector<Eigen::MatrixXd> orbital_gradient(const std::vector<Eigen::MatrixXd>& focks,
                                                const std::vector<Eigen::MatrixXd>& densities) const;
  Orbitals diagonalise(const Eigen::MatrixXd& fock, double electrons, double level_shift,
                       const Eigen::MatrixXd* density) const;
  Eigen::VectorXd occupy(const Eigen::VectorXd& energies, double electrons) const;
  // DIIS, ADIIS or their blend by the size of the orbital gradient; both keep the same history,
  // which leaves out the first iteration when the guess density is not idempotent (scf_solver.cpp).
  std::vector<Eigen::MatrixXd> extrapolate(Diis& diis, Adiis& adiis, const std::vector<Eigen::MatrixXd>& fock,
                                           const std::vector<Eigen::MatrixXd>& error,
                                           const std::vector<Eigen::MatrixXd>& densities, double spin_factor,
                                           double gradient_max, bool non_idempotent_guess) const;

  Molecule molecule_;
  const BasisSet& basis_;
  Communicator comm_;
  ScfOptions options_;
  Reference reference_;
  Log log_;
  double alpha_electrons_ = 0.0;
  double beta_electrons_ = 0.0;
  Eigen::MatrixXd overlap_;
  Eigen::MatrixXd core_hamiltonian_;
  Eigen::MatrixXd orthogonaliser_;  // X with X^T S X = 1 (canonical; nbf x nmo)
};

}  // namespace atropos
