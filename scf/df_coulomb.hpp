#pragma once
// Density-fitted Coulomb matrices (RI-J) with robust Coulomb-metric fitting:
//
//   d_P  = sum_mn (P|mn) D_mn          3-centre integrals, auxiliary function P
//   c    = V^-1 d,  V_PQ = (P|Q)       2-centre Coulomb metric of the auxiliary basis
//   J_mn = sum_P (mn|P) c_P
//
// The fitted density minimises the Coulomb self-energy of the fitting error, so 1/2 tr(D J_DF)
// is a lower bound of the exact 1/2 tr(D J) (robust fitting; docs/density_fitting.md).
//
// V and its factorisation are made once, in the constructor (Cholesky; eigen-decomposition
// pseudo-inverse when V is near singular). The 3-centre integrals are integral-direct: each call
// recomputes them in two passes (d, then J), unless they are kept in memory: a task's block is
// cached on the first call when it fits under `cache_memory_mib` (per rank), and later calls
// only contract. Screening: the orbital shell pair (mn) meets auxiliary shell P only when
// Q_mn Q_P >= screening_threshold, with the Schwarz bounds Q_mn = max|(mn|mn)|^1/2 and
// Q_P = max|(P|P)|^1/2. Tasks (significant orbital shell pairs) are dealt round-robin over
// ranks, then over the threads of a rank; per call one sum over ranks of d (n_aux numbers per
// density), then one of J. Thread partial sums are added in thread order (reproducible).
//
// J only: asking for K throws std::invalid_argument (RI-K is not available).

#include <memory>

#include "basis/basis_set.hpp"
#include "parallel/communicator.hpp"
#include "scf/jk_builder.hpp"

namespace atropos {

struct DfCoulombOptions {
  // (P|mn) blocks whose bound Q_mn Q_P (Eh) is below this are skipped (like Psi4's ints_tolerance).
  double screening_threshold = 1e-12;
  // V is treated as near singular when its Cholesky factor fails or has a pivot L_ii^2 below
  // metric_threshold * max_j L_jj^2; then eigenvalues below metric_threshold * lambda_max are
  // dropped (pseudo-inverse). Psi4's eigenvalue threshold for fitting metrics,
  // DF_FITTING_CONDITION, also defaults to 1e-10.
  double metric_threshold = 1e-10;
  // Per-rank memory (MiB) for keeping the screened 3-centre integrals between calls; 0 = always
  // recompute. Tasks are cached in order until the next one would not fit.
  double cache_memory_mib = 1024.0;
};

// What the constructor found; for logs and tests.
struct DfCoulombInfo {
  std::size_t auxiliary_functions = 0;
  std::size_t significant_pairs = 0;      // orbital shell pairs kept (all ranks)
  bool metric_pseudo_inverse = false;     // true when the Cholesky path was rejected
  std::size_t metric_rank = 0;            // auxiliary functions kept by the pseudo-inverse (else all)
  double metric_min_pivot_ratio = 0.0;    // min L_ii^2 / max L_jj^2 of the Cholesky attempt (0 if it failed)
  double integrals_mib = 0.0;             // this rank's screened 3-centre integrals, all of them
  double cached_mib = 0.0;                // this rank's cached integrals once filled (planned before)
  std::size_t cached_tasks = 0;           // of this rank's tasks
  std::size_t rank_tasks = 0;             // tasks of this rank
};

class DfCoulomb : public JkBuilder {
 public:
  // The basis sets are copied (converted to libint2 shells); both must sit on the same molecule
  // (not checked: shells carry only centres). Throws InputError for an empty basis or an option
  // out of range. Collective: every rank of `comm` must construct it.
  DfCoulomb(const BasisSet& orbital, const BasisSet& auxiliary, const Communicator& comm, DfCoulombOptions options = {});
  ~DfCoulomb() override;

  // J[D] for each density (symmetrised on entry: J depends only on D + D^T); `exchange` must be
  // nullptr (std::invalid_argument otherwise). Collective; every rank gets the same J.
  void compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
               std::vector<Eigen::MatrixXd>* exchange) override;

  // 3-centre shell triplets (P|mn) computed / skipped by screening in the last call (all ranks;
  // a call served from the cache computes none).
  std::pair<double, double> last_quartet_counts() const override { return last_counts_; }

  // dE_J/dR (natoms x 3, Eh/bohr) of the fitted Coulomb energy E_J = 1/2 d^T V^-1 d of the total
  // density P (alpha + beta), i.e. 1/2 tr(P J_DF[P]), with the same fit and screening as compute():
  //   dE_J/dR = c^T d(P|mn)/dR P_mn - 1/2 c^T dV/dR c,   c = V^-1 d,
  // from libint2's first-derivative 3- and 2-centre integrals. Exact for the Cholesky fit; with
  // the pseudo-inverse fit (near-singular metric) the derivative of the dropped eigenvectors is
  // neglected. Collective; every rank gets the same bits.
  Eigen::MatrixX3d coulomb_gradient(const Eigen::MatrixXd& total_density, std::size_t natoms);

  const DfCoulombInfo& info() const { return info_; }

  // Highest angular momentum coulomb_gradient() handles (libint2's first-derivative ERIs).
  static int max_gradient_l();

 private:
  struct Impl;  // libint2 objects stay out of this header
  std::unique_ptr<Impl> impl_;
  DfCoulombInfo info_;
  std::pair<double, double> last_counts_{0.0, 0.0};
};

}  // namespace atropos
