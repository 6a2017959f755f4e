#include "scf/scf_solver.hpp"

#include <Eigen/Dense>
#include <deque>
#include <cmath>

#include "common/error.hpp"
#include "common/stopwatch.hpp"
#include "scf/adiis.hpp"
#include "scf/diis.hpp"
#include "scf/linalg/symmetric_eigen.hpp"
#include "scf/one_electron_integrals.hpp"

namespace atropos {

namespace {

// Canonical orthogonalisation: X = U s^(-1/2) over overlap eigenvalues above the threshold, so
// near-linear dependencies (diffuse sets, large clusters) are projected out, not amplified.
Eigen::MatrixXd make_orthogonaliser(const Eigen::MatrixXd& S, double threshold) {
  const SymmetricEigen eig = symmetric_eigen(S);
  const Eigen::VectorXd& s = eig.values;
  Eigen::Index first = 0;
  while (first < s.size() && s(first) < threshold) ++first;
  if (first == s.size()) throw ComputationError("overlap matrix has no eigenvalue above the linear-dependency threshold");
  const Eigen::Index nmo = s.size() - first;
  return eig.vectors.rightCols(nmo) * s.tail(nmo).cwiseSqrt().cwiseInverse().asDiagonal();
}

}  // namespace

ScfSolver::ScfSolver(const Molecule& molecule, const BasisSet& basis, const Communicator& comm, ScfOptions options,
                     Reference reference, Log log)
    : molecule_(molecule), basis_(basis), comm_(comm), options_(options), reference_(reference), log_(log) {
  alpha_electrons_ = molecule.alpha_count();
  beta_electrons_ = molecule.beta_count();
  overlap_ = compute_overlap(basis, comm);
  core_hamiltonian_ = compute_kinetic(basis, comm) + compute_nuclear_attraction(basis, molecule, comm);
  orthogonaliser_ = make_orthogonaliser(overlap_, options_.linear_dependency_threshold);
  const Eigen::Index dropped = overlap_.rows() - orthogonaliser_.cols();
  if (dropped > 0)
    log_.print("  {} near-linearly-dependent combinations removed (overlap eigenvalue < {:.0e})\n", dropped,
               options_.linear_dependency_threshold);
}

void ScfSolver::set_electron_counts(double alpha, double beta) {
  alpha_electrons_ = alpha;
  beta_electrons_ = beta;
}

Eigen::VectorXd ScfSolver::occupy(const Eigen::VectorXd& energies, double electrons) const {
  const Eigen::Index nmo = energies.size();
  if (electrons > static_cast<double>(nmo) + 1e-12)
    throw InputError("more electrons of one spin than orbitals in the basis set");
  Eigen::VectorXd occupations = Eigen::VectorXd::Zero(nmo);
  if (!options_.fractional_degenerate_occupations) {
    const long n = std::lround(electrons);
    if (std::abs(electrons - n) > 1e-12) throw ComputationError("fractional electron count needs fractional occupations");
    occupations.head(n).setOnes();
    return occupations;
  }
  // Fill whole degenerate groups while they fit; share the remainder evenly within the next.
  double left = electrons;
  for (Eigen::Index i = 0; i < nmo && left > 1e-12;) {
    Eigen::Index j = i + 1;
    while (j < nmo && energies(j) - energies(i) < 1e-4) ++j;
    const double group = static_cast<double>(j - i);
    const double each = std::min(1.0, left / group);
    occupations.segment(i, j - i).setConstant(each);
    left -= each * group;
    i = j;
  }
  return occupations;
}

ScfSolver::Orbitals ScfSolver::diagonalise(const Eigen::MatrixXd& fock, double electrons, double level_shift,
                                           const Eigen::MatrixXd* density) const {
  const Eigen::MatrixXd& X = orthogonaliser_;
  Eigen::MatrixXd F = X.transpose() * fock * X;
  if (level_shift != 0.0 && density != nullptr) {
    // Raise the virtual space: F' + shift (1 - P_occ), P_occ = X^T S D S X in the orthonormal basis.
    const Eigen::MatrixXd occupied = X.transpose() * overlap_ * (*density) * overlap_ * X;
    F += level_shift * (Eigen::MatrixXd::Identity(F.rows(), F.cols()) - occupied);
  }
  const SymmetricEigen eig = symmetric_eigen(F);
  Orbitals orbitals;
  orbitals.coefficients = X * eig.vectors;
  orbitals.energies = eig.values;
  orbitals.occupations = occupy(orbitals.energies, electrons);
  return orbitals;
}

std::vector<Eigen::MatrixXd> ScfSolver::core_guess() const {
  std::vector<Eigen::MatrixXd> densities;
  const int nspin = reference_ == Reference::restricted ? 1 : 2;
  for (int s = 0; s < nspin; ++s) {
    const Orbitals o = diagonalise(core_hamiltonian_, s == 0 ? alpha_electrons_ : beta_electrons_, 0.0, nullptr);
    densities.push_back(o.coefficients * o.occupations.asDiagonal() * o.coefficients.transpose());
  }
  return densities;
}

std::vector<Eigen::MatrixXd> ScfSolver::extrapolate(Diis& diis, Adiis& adiis, const std::vector<Eigen::MatrixXd>& fock,
                                                  const std::vector<Eigen::MatrixXd>& error,
                                                  const std::vector<Eigen::MatrixXd>& densities, double spin_factor,
                                                  double gradient_max, bool non_idempotent_guess) const {
  // The first density is the guess, which need not be idempotent (SAD is not): its energy is not
  // a variational bound and can lie far below that of every idempotent density (29 Eh for the
  // Cu14 model cluster). ADIIS, which picks the lowest model energy, would then choose the guess's
  // Fock matrix forever, reproducing the same density each iteration. So the histories (DIIS and
  // ADIIS share one, for the blend) start at iteration 2 after such a guess, and the guess's Fock
  // is used as it is.
  if (non_idempotent_guess) return fock;
  diis.push(fock, error);
  if (!options_.adiis) return diis.combine(diis.coefficients());
  adiis.push(densities, fock);
  const Eigen::VectorXd c_adiis = adiis.coefficients(spin_factor);
  if (gradient_max >= options_.adiis_start) return adiis.combine(c_adiis);
  const Eigen::VectorXd c_diis = diis.coefficients();
  if (gradient_max <= options_.diis_start) return diis.combine(c_diis);
  const double w = (gradient_max - options_.diis_start) / (options_.adiis_start - options_.diis_start);
  return diis.combine(w * c_adiis + (1.0 - w) * c_diis);
}

std::vector<Eigen::MatrixXd> ScfSolver::orbital_gradient(const std::vector<Eigen::MatrixXd>& focks,
                                                         const std::vector<Eigen::MatrixXd>& densities) const {
  std::vector<Eigen::MatrixXd> error(focks.size());
  for (std::size_t s = 0; s < focks.size(); ++s) {
    const Eigen::MatrixXd fds = focks[s] * densities[s] * overlap_;
    error[s] = orthogonaliser_.transpose() * (fds - fds.transpose()) * orthogonaliser_;
  }
  return error;
}

ScfResult ScfSolver::continue_from(FockModel& model, const ScfResult& previous) {
  if (previous.subspace.empty()) throw std::invalid_argument("ScfSolver::continue_from: the previous run kept no subspace");
  return iterate(model, previous.densities, &previous.subspace);
}

ScfResult ScfSolver::iterate(FockModel& model, std::vector<Eigen::MatrixXd> densities,
                             const std::vector<ScfSubspaceEntry>* carried) {
  const Stopwatch clock;
  const bool restricted = reference_ == Reference::restricted;
  const std::size_t nspin = restricted ? 1 : 2;
  if (restricted && std::abs(alpha_electrons_ - beta_electrons_) > 1e-12)
    throw InputError("a restricted reference needs equal alpha and beta electron counts; use an unrestricted one");
  if (densities.empty()) densities = core_guess();
  if (densities.size() == 1 && nspin == 2) densities.push_back(densities[0]);
  if (densities.size() != nspin) throw std::invalid_argument("ScfSolver::run: wrong number of guess densities");
  const double electrons[2] = {alpha_electrons_, beta_electrons_};
  const double spin_factor = restricted ? 2.0 : 1.0;

  ScfResult result;
  result.reference = reference_;
  result.nuclear_repulsion = molecule_.nuclear_repulsion_energy();
  result.alpha_electrons = alpha_electrons_;
  result.beta_electrons = beta_electrons_;

  // A guess from a previous SCF (orbitals of a nearby geometry or of a smaller grid) is
  // idempotent, D S D = D per spin, and its Fock matrix can join the DIIS history at once;
  // leaving it out costs an undamped Roothaan step, which sends conjugated molecules uphill.
  bool idempotent_guess = true;
  for (const Eigen::MatrixXd& D : densities)
    idempotent_guess = idempotent_guess && (D * overlap_ * D - D).cwiseAbs().maxCoeff() < 1e-8;

  model.reset();
  Diis diis(options_.diis_max_vectors);
  Adiis adiis(options_.diis_max_vectors);
  double previous_energy = 0.0;
  std::vector<Orbitals> orbitals(nspin);
  log_.print("  {:>4} {:>20} {:>12} {:>12} {:>8}\n", "iter", "energy (Eh)", "delta E", "rms grad", "time (s)");

  std::deque<ScfSubspaceEntry> kept;  // what DIIS holds, for result.subspace
  const auto keep = [&](const std::vector<Eigen::MatrixXd>& f, const std::vector<Eigen::MatrixXd>& d) {
    if (!options_.keep_subspace) return;
    kept.push_back({f, d});
    if (static_cast<int>(kept.size()) > options_.diis_max_vectors) kept.pop_front();
  };

  for (int iteration = 1; iteration <= options_.max_iterations; ++iteration) {
    const TwoElectronTerms terms = model.compute(densities);
    std::vector<Eigen::MatrixXd> fock(nspin);
    double one_electron = 0.0, gradient_sq = 0.0, gradient_max = 0.0;
    for (std::size_t s = 0; s < nspin; ++s) {
      fock[s] = core_hamiltonian_ + terms.fock[s];
      one_electron += spin_factor * densities[s].cwiseProduct(core_hamiltonian_).sum();
    }
    const std::vector<Eigen::MatrixXd> error = orbital_gradient(fock, densities);
    if (iteration == 1 && carried != nullptr && options_.diis) {
      // The previous model's subspace, shifted onto this model (continue_from); its last entry
      // is the previous Fock at these very densities, replaced by this iteration's own.
      const ScfSubspaceEntry& last = carried->back();
      if (last.focks.size() != nspin) throw std::invalid_argument("ScfSolver::continue_from: spin blocks differ");
      for (std::size_t i = 0; i + 1 < carried->size(); ++i) {
        std::vector<Eigen::MatrixXd> shifted = (*carried)[i].focks;
        for (std::size_t s = 0; s < nspin; ++s) shifted[s] += fock[s] - last.focks[s];
        diis.push(shifted, orbital_gradient(shifted, (*carried)[i].densities));
        adiis.push((*carried)[i].densities, shifted);
        keep(shifted, (*carried)[i].densities);
      }
    }
    for (std::size_t s = 0; s < nspin; ++s) {
      gradient_sq += error[s].squaredNorm();
      gradient_max = std::max(gradient_max, error[s].cwiseAbs().maxCoeff());
    }
    const double energy = result.nuclear_repulsion + one_electron + terms.energy();
    const double gradient_rms = std::sqrt(gradient_sq / (static_cast<double>(nspin) * error[0].size()));
    if (!std::isfinite(energy) || !std::isfinite(gradient_rms))
      throw ComputationError("SCF produced a non-finite energy or orbital gradient at iteration " + std::to_string(iteration));
    const double change = iteration == 1 ? energy : energy - previous_energy;
    previous_energy = energy;
    const double elapsed = clock.seconds();
    result.history.push_back({iteration, energy, change, gradient_rms, elapsed});
    log_.print("  {:>4} {:>20.12f} {:>12.3e} {:>12.3e} {:>8.2f}\n", iteration, energy, change, gradient_rms, elapsed);

    if (gradient_rms < options_.incremental_fock_until_gradient) model.require_exact_builds();
    const bool converged =
        iteration > 1 && std::abs(change) < options_.energy_threshold && gradient_rms < options_.gradient_threshold;
    if (converged || iteration == options_.max_iterations) {
      result.converged = converged;
      result.iterations = iteration;
      result.total_energy = energy;
      result.one_electron = one_electron;
      result.two_electron = terms.energy();
      result.coulomb = terms.coulomb_energy;
      result.exchange = terms.exchange_energy;
      result.xc = terms.xc_energy;
      // Canonical orbitals of the final (un-extrapolated, unshifted) Fock matrices.
      for (std::size_t s = 0; s < nspin; ++s) {
        const Orbitals o = diagonalise(fock[s], electrons[s], 0.0, nullptr);
        result.orbitals.push_back(o.coefficients);
        result.orbital_energies.push_back(o.energies);
        result.occupations.push_back(o.occupations);
      }
      result.densities = densities;
      result.focks = fock;
      keep(fock, densities);
      result.subspace.assign(kept.begin(), kept.end());
      break;
    }

    if (options_.diis) {
      const bool skip_guess = iteration == 1 && !idempotent_guess;
      if (!skip_guess) keep(fock, densities);
      fock = extrapolate(diis, adiis, fock, error, densities, spin_factor, gradient_max, skip_guess);
    }
    for (std::size_t s = 0; s < nspin; ++s) {
      const double shift = gradient_rms > options_.level_shift_cutoff ? options_.level_shift : 0.0;
      orbitals[s] = diagonalise(fock[s], electrons[s], shift, &densities[s]);
      const Orbitals& o = orbitals[s];
      Eigen::MatrixXd updated = o.coefficients * o.occupations.asDiagonal() * o.coefficients.transpose();
      if (options_.damping > 0.0) updated = (1.0 - options_.damping) * updated + options_.damping * densities[s];
      densities[s] = std::move(updated);
    }
  }

  if (!result.converged) {
    const auto& last = result.history.back();
    const std::string message = fmt::format(
        "SCF did not converge in {} iterations (last energy change {:.2e} Eh, orbital gradient {:.2e}; thresholds "
        "{:.1e} and {:.1e}). Try more iterations (maxiter), level shifting (level_shift = 0.3), damping, or a "
        "better guess (guess = \"sad\" or a checkpoint).",
        result.iterations, last.energy_change, last.gradient_rms, options_.energy_threshold, options_.gradient_threshold);
    if (!options_.allow_unconverged) throw ComputationError(message);
    log_.print("  WARNING: {}\n", message);
  }
  return result;
}

}  // namespace atropos
