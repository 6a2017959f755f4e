#include "scf/df_coulomb.hpp"

#include <omp.h>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <numeric>
#include <stdexcept>

#include "common/error.hpp"
#include "scf/libint_bridge.hpp"

namespace atropos {

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMajorMap = Eigen::Map<const RowMajorMatrix>;

constexpr std::size_t kNotCached = std::numeric_limits<std::size_t>::max();
// Highest angular momentum of libint2's first-derivative 4-centre ERIs in Debian's build.
constexpr int kMaxDerivativeL = LIBINT2_MAX_AM_eri1;

// One significant orbital shell pair (s1 >= s2) and the auxiliary shells it meets: the first
// `aux_shells` of the auxiliary basis sorted by decreasing Q_P (a prefix, because the screening
// test Q_mn Q_P >= threshold is monotonic in Q_P), i.e. the first `aux_functions` fitting functions.
struct PairTask {
  int s1 = 0, s2 = 0;
  std::size_t aux_shells = 0;
  std::size_t aux_functions = 0;
};

}  // namespace

struct DfCoulomb::Impl {
  Communicator comm;
  DfCoulombOptions options;

  std::vector<libint2::Shell> obs;  // orbital shells
  std::vector<std::size_t> obs_offsets;
  std::vector<int> obs_atom;        // atom of each orbital shell (gradients)
  std::size_t nbf = 0;

  // Auxiliary shells in order of decreasing Q_P; d and c live in this order internally.
  std::vector<libint2::Shell> aux;
  std::vector<std::size_t> aux_offsets;
  std::vector<int> aux_atom;                // atom of each (sorted) auxiliary shell
  std::vector<double> aux_bound;            // Q_P, descending
  std::vector<libint2::ShellPair> aux_unit_pairs;  // (P, unit) shell-pair data for compute2
  std::size_t naux = 0;

  int max_nprim = 0, max_l = 0;
  double engine_precision = 0.0;

  // This rank's tasks (global task t belongs to rank t % size), their ket shell-pair data.
  std::vector<PairTask> tasks;
  std::vector<libint2::ShellPair> task_pairs;
  std::size_t all_pairs = 0;  // orbital shell pairs s1 >= s2, all ranks
  double significant_triplets = 0.0;  // sum over all ranks' tasks of aux_shells

  // Metric: Cholesky factor, or W with V^+ = W W^T (columns u_k / sqrt(lambda_k)).
  Eigen::LLT<Eigen::MatrixXd> cholesky;
  Eigen::MatrixXd pseudo_inverse_factor;
  bool use_pseudo_inverse = false;

  // Cache of (P|mn) blocks: for local task i, rows = its aux functions, columns = mn (row-major).
  std::vector<std::size_t> cache_offset;  // kNotCached or offset into cache
  std::vector<double> cache;
  std::size_t cache_doubles = 0;
  bool cache_filled = false;

  std::size_t block_doubles(const PairTask& t) const {
    return t.aux_functions * static_cast<std::size_t>(obs[t.s1].size() * obs[t.s2].size());
  }

  libint2::Engine three_centre_engine() const {
    libint2::Engine engine(libint2::Operator::coulomb, max_nprim, max_l, 0);
    engine.set(libint2::BraKet::xs_xx);
    engine.set_precision(engine_precision);
    return engine;
  }

  // (P|mn) for the task's auxiliary shells into `out` (aux_functions x n_m n_n, row-major).
  void compute_block(libint2::Engine& engine, std::size_t task, double* out) const {
    const PairTask& t = tasks[task];
    const libint2::Shell& m = obs[t.s1];
    const libint2::Shell& n = obs[t.s2];
    const std::size_t nmn = m.size() * n.size();
    for (std::size_t p = 0; p < t.aux_shells; ++p) {
      const auto& buf = engine.compute2<libint2::Operator::coulomb, libint2::BraKet::xs_xx, 0>(
          aux[p], libint2::Shell::unit(), m, n, &aux_unit_pairs[p], &task_pairs[task]);
      double* rows = out + aux_offsets[p] * nmn;
      const std::size_t count = aux[p].size() * nmn;
      if (buf[0] == nullptr)
        std::fill(rows, rows + count, 0.0);
      else
        std::copy(buf[0], buf[0] + count, rows);
    }
  }

  // Q_mn = max |(mn|mn)|^1/2 over the functions of orbital shells m, n (all ranks get all).
  Eigen::MatrixXd orbital_pair_bounds() const { return libint::schwarz_bounds(obs, 0.0, max_nprim, max_l, comm); }

  // V_PQ = (P|Q) over the auxiliary shells in the order given (all ranks get all of it).
  Eigen::MatrixXd coulomb_metric(const std::vector<libint2::Shell>& shells, const std::vector<std::size_t>& offsets,
                                 std::size_t n) const {
    Eigen::MatrixXd v = Eigen::MatrixXd::Zero(n, n);
    int nprim = 0, lmax = 0;
    for (const auto& s : shells) {
      nprim = std::max(nprim, static_cast<int>(s.nprim()));
      lmax = std::max(lmax, s.contr[0].l);
    }
    const int nthread = omp_get_max_threads();
    const long nworker = static_cast<long>(comm.size()) * nthread;
#pragma omp parallel num_threads(nthread)
    {
      libint2::Engine engine(libint2::Operator::coulomb, nprim, lmax, 0);
      engine.set(libint2::BraKet::xs_xs);
      engine.set_precision(0.0);  // V decides the fit: no primitive screening
      const long worker = static_cast<long>(comm.rank()) * nthread + omp_get_thread_num();
      long task = 0;
      for (std::size_t p = 0; p < shells.size(); ++p)
        for (std::size_t q = 0; q <= p; ++q) {
          if (task++ % nworker != worker) continue;
          const auto& buf = engine.compute(shells[p], shells[q]);
          if (buf[0] == nullptr) continue;
          const std::size_t np = shells[p].size(), nq = shells[q].size();
          // Each thread writes its own blocks (P >= Q here, the mirror below): no race.
          for (std::size_t i = 0; i < np; ++i)
            for (std::size_t j = 0; j < nq; ++j) v(offsets[p] + i, offsets[q] + j) = buf[0][i * nq + j];
        }
    }
    comm.sum(v);
    v.triangularView<Eigen::StrictlyUpper>() = v.transpose().triangularView<Eigen::StrictlyUpper>();
    return v;
  }

  void factorise_metric(const Eigen::MatrixXd& v, DfCoulombInfo& info) {
    cholesky.compute(v);
    double ratio = 0.0;
    if (cholesky.info() == Eigen::Success) {
      const Eigen::VectorXd pivots = cholesky.matrixLLT().diagonal().cwiseAbs2();
      ratio = pivots.minCoeff() / pivots.maxCoeff();
    }
    info.metric_min_pivot_ratio = ratio;
    if (cholesky.info() == Eigen::Success && ratio >= options.metric_threshold) {
      info.metric_rank = naux;
      return;
    }
    // Near singular: V^+ from the eigenvectors with lambda >= metric_threshold * lambda_max.
    use_pseudo_inverse = true;
    cholesky = Eigen::LLT<Eigen::MatrixXd>();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(v);
    if (eigen.info() != Eigen::Success) throw ComputationError("DfCoulomb: eigen-decomposition of the metric failed");
    const Eigen::VectorXd& lambda = eigen.eigenvalues();  // ascending
    const double cut = options.metric_threshold * lambda.maxCoeff();
    Eigen::Index first = 0;
    while (first < lambda.size() && lambda[first] < cut) ++first;
    const Eigen::Index kept = lambda.size() - first;
    pseudo_inverse_factor = eigen.eigenvectors().rightCols(kept);
    for (Eigen::Index k = 0; k < kept; ++k) pseudo_inverse_factor.col(k) /= std::sqrt(lambda[first + k]);
    info.metric_pseudo_inverse = true;
    info.metric_rank = static_cast<std::size_t>(kept);
  }

  // Largest block that is not cached: the per-thread scratch size.
  std::size_t scratch_doubles() const {
    std::size_t size = 0;
    for (std::size_t i = 0; i < tasks.size(); ++i)
      if (cache_offset[i] == kNotCached) size = std::max(size, block_doubles(tasks[i]));
    return size;
  }

  // The (P|mn) block of local task i: from the cache once it is filled, else computed into the
  // cache (while filling) or into `scratch`; `computed` counts computed triplets.
  const double* block(libint2::Engine& engine, std::size_t i, std::vector<double>& scratch, double& computed) {
    const std::size_t off = cache_offset[i];
    if (off != kNotCached && cache_filled) return cache.data() + off;
    double* out = off != kNotCached ? cache.data() + off : scratch.data();
    compute_block(engine, i, out);
    computed += static_cast<double>(tasks[i].aux_shells);
    return out;
  }

  // d_P = sum_mn (P|mn) D_mn for each density (naux x ndens, every rank the same bits), filling
  // the cache on the first call (a failed allocation just means no cache). `computed` gets the
  // triplets computed per thread.
  Eigen::MatrixXd project_densities(const std::vector<Eigen::MatrixXd>& dsym, std::vector<double>& computed) {
    const bool filling = !cache_filled && cache_doubles > 0;
    if (filling) {
      try {
        cache.assign(cache_doubles, 0.0);
      } catch (const std::bad_alloc&) {
        cache_offset.assign(tasks.size(), kNotCached);
        cache_doubles = 0;
      }
    }
    const int nthread = omp_get_max_threads();
    const auto nd = static_cast<Eigen::Index>(dsym.size());
    const auto n_aux = static_cast<Eigen::Index>(naux);
    const std::size_t scratch_size = scratch_doubles();
    std::vector<Eigen::MatrixXd> d_acc(static_cast<std::size_t>(nthread));
    computed.assign(static_cast<std::size_t>(nthread), 0.0);
    // Off-diagonal shell pairs count twice.
#pragma omp parallel num_threads(nthread)
    {
      const int thread = omp_get_thread_num();
      d_acc[thread] = Eigen::MatrixXd::Zero(n_aux, nd);
      std::vector<double> scratch(scratch_size);
      libint2::Engine engine = three_centre_engine();
      Eigen::MatrixXd w;
      for (std::size_t i = thread; i < tasks.size(); i += nthread) {
        const PairTask& t = tasks[i];
        const Eigen::Index n1 = obs[t.s1].size(), n2 = obs[t.s2].size();
        const Eigen::Index bf1 = obs_offsets[t.s1], bf2 = obs_offsets[t.s2];
        const double factor = t.s1 == t.s2 ? 1.0 : 2.0;
        w.resize(n1 * n2, nd);
        for (Eigen::Index k = 0; k < nd; ++k)
          for (Eigen::Index a = 0; a < n1; ++a)
            for (Eigen::Index b = 0; b < n2; ++b) w(a * n2 + b, k) = factor * dsym[k](bf1 + a, bf2 + b);
        const ConstRowMajorMap B(block(engine, i, scratch, computed[thread]), static_cast<Eigen::Index>(t.aux_functions),
                                 n1 * n2);
        d_acc[thread].topRows(B.rows()).noalias() += B * w;
      }
    }
    if (filling) cache_filled = true;
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n_aux, nd);
    for (int t = 0; t < nthread; ++t) d += d_acc[t];  // thread order: reproducible
    comm.sum(d);
    return d;
  }

  Eigen::MatrixXd solve_metric(const Eigen::MatrixXd& d) const {
    if (use_pseudo_inverse) return pseudo_inverse_factor * (pseudo_inverse_factor.transpose() * d);
    return cholesky.solve(d);
  }
};

DfCoulomb::DfCoulomb(const BasisSet& orbital, const BasisSet& auxiliary, const Communicator& comm,
                     DfCoulombOptions options)
    : impl_(std::make_unique<Impl>()) {
  if (orbital.shell_count() == 0) throw InputError("the orbital basis has no shells", "DfCoulomb");
  if (auxiliary.shell_count() == 0)
    throw InputError("the auxiliary basis '" + auxiliary.name() + "' has no shells", "DfCoulomb");
  if (!(options.screening_threshold >= 0.0))
    throw InputError("screening_threshold must be >= 0", "DfCoulomb options");
  if (!(options.metric_threshold > 0.0 && options.metric_threshold < 1.0))
    throw InputError("metric_threshold must lie in (0, 1)", "DfCoulomb options");
  if (!(options.cache_memory_mib >= 0.0)) throw InputError("cache_memory_mib must be >= 0", "DfCoulomb options");

  Impl& m = *impl_;
  m.comm = comm;
  m.options = options;
  m.obs = libint::to_libint(orbital);
  m.obs_offsets = orbital.shell_offsets();
  for (const Shell& shell : orbital.shells()) m.obs_atom.push_back(shell.atom);
  m.nbf = orbital.function_count();
  m.naux = auxiliary.function_count();
  m.max_nprim = std::max(orbital.max_primitives(), auxiliary.max_primitives());
  m.max_l = std::max(orbital.max_l(), auxiliary.max_l());
  // Primitive screening well below the triplet threshold, so it never limits accuracy (as DirectJk).
  m.engine_precision = std::max(options.screening_threshold * 1e-3, std::numeric_limits<double>::epsilon());

  // Metric in the file's order; Q_P from its diagonal; then everything in order of decreasing Q_P.
  const std::vector<libint2::Shell> aux_file_order = libint::to_libint(auxiliary);
  Eigen::MatrixXd v_file = m.coulomb_metric(aux_file_order, auxiliary.shell_offsets(), m.naux);
  const std::size_t naux_shell = aux_file_order.size();
  std::vector<double> bound(naux_shell);
  for (std::size_t p = 0; p < naux_shell; ++p) {
    const std::size_t off = auxiliary.shell_offsets()[p];
    bound[p] = std::sqrt(v_file.diagonal().segment(off, aux_file_order[p].size()).maxCoeff());
  }
  std::vector<std::size_t> order(naux_shell);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return bound[a] > bound[b]; });
  std::vector<Eigen::Index> function_of_sorted;  // sorted function -> file-order function
  const double ln_precision = std::log(m.engine_precision);
  for (std::size_t p : order) {
    m.aux_offsets.push_back(function_of_sorted.size());
    m.aux.push_back(aux_file_order[p]);
    m.aux_atom.push_back(auxiliary[p].atom);
    m.aux_bound.push_back(bound[p]);
    for (int f = 0; f < aux_file_order[p].size(); ++f)
      function_of_sorted.push_back(static_cast<Eigen::Index>(auxiliary.shell_offsets()[p] + f));
  }
  for (const auto& s : m.aux) m.aux_unit_pairs.emplace_back(s, libint2::Shell::unit(), ln_precision);
  Eigen::MatrixXd v(m.naux, m.naux);
  for (std::size_t i = 0; i < m.naux; ++i)
    for (std::size_t j = 0; j < m.naux; ++j) v(i, j) = v_file(function_of_sorted[i], function_of_sorted[j]);
  v_file.resize(0, 0);  // n_aux^2 doubles: not kept alongside the factorisation
  info_.auxiliary_functions = m.naux;
  m.factorise_metric(v, info_);

  // Tasks: orbital shell pairs that meet at least one auxiliary shell.
  const Eigen::MatrixXd q = m.orbital_pair_bounds();
  const double threshold = options.screening_threshold;
  std::size_t global = 0;
  for (std::size_t s1 = 0; s1 < m.obs.size(); ++s1)
    for (std::size_t s2 = 0; s2 <= s1; ++s2) {
      ++m.all_pairs;
      const double qmn = q(s1, s2);
      const auto end = std::partition_point(m.aux_bound.begin(), m.aux_bound.end(),
                                            [&](double qp) { return qmn * qp >= threshold; });
      const std::size_t nshell_p = static_cast<std::size_t>(end - m.aux_bound.begin());
      if (nshell_p == 0) continue;
      m.significant_triplets += static_cast<double>(nshell_p);
      if (global++ % static_cast<std::size_t>(comm.size()) != static_cast<std::size_t>(comm.rank())) continue;
      PairTask t;
      t.s1 = static_cast<int>(s1);
      t.s2 = static_cast<int>(s2);
      t.aux_shells = nshell_p;
      t.aux_functions = nshell_p == m.aux.size() ? m.naux : m.aux_offsets[nshell_p];
      m.tasks.push_back(t);
      m.task_pairs.emplace_back(m.obs[s1], m.obs[s2], ln_precision);
    }
  info_.significant_pairs = global;
  info_.rank_tasks = m.tasks.size();

  // Cache plan: this rank's tasks in order while they fit (filled on the first compute()).
  const double limit_doubles = options.cache_memory_mib * 1024.0 * 1024.0 / sizeof(double);
  m.cache_offset.assign(m.tasks.size(), kNotCached);
  double all_doubles = 0.0;
  bool fits = true;
  for (std::size_t i = 0; i < m.tasks.size(); ++i) {
    const std::size_t size = m.block_doubles(m.tasks[i]);
    all_doubles += static_cast<double>(size);
    fits = fits && static_cast<double>(m.cache_doubles + size) <= limit_doubles;
    if (!fits) continue;
    m.cache_offset[i] = m.cache_doubles;
    m.cache_doubles += size;
    ++info_.cached_tasks;
  }
  info_.integrals_mib = all_doubles * sizeof(double) / (1024.0 * 1024.0);
  info_.cached_mib = static_cast<double>(m.cache_doubles) * sizeof(double) / (1024.0 * 1024.0);
}

DfCoulomb::~DfCoulomb() = default;

void DfCoulomb::compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
                        std::vector<Eigen::MatrixXd>* exchange) {
  if (exchange != nullptr)
    throw std::invalid_argument(
        "DfCoulomb builds Coulomb matrices only: RI-K (density-fitted exchange) is not available; use DirectJk for K");
  Impl& m = *impl_;
  last_counts_ = {0.0, 0.0};
  if (coulomb == nullptr) return;
  const std::size_t nd = densities.size();
  const Eigen::Index nbf = static_cast<Eigen::Index>(m.nbf);
  for (const auto& D : densities)
    if (D.rows() != nbf || D.cols() != nbf)
      throw std::invalid_argument("DfCoulomb::compute: density is " + std::to_string(D.rows()) + " x " +
                                  std::to_string(D.cols()) + ", the orbital basis has " + std::to_string(nbf) +
                                  " functions");
  std::vector<Eigen::MatrixXd> dsym(nd);
  for (std::size_t k = 0; k < nd; ++k) dsym[k] = 0.5 * (densities[k] + densities[k].transpose());

  std::vector<double> computed;
  const Eigen::MatrixXd d = m.project_densities(dsym, computed);
  const int nthread = static_cast<int>(computed.size());
  if (m.cache_doubles == 0) {  // no cache, or its allocation failed
    info_.cached_tasks = 0;
    info_.cached_mib = 0.0;
  }

  const Eigen::MatrixXd c = m.solve_metric(d);

  // Pass 2: J_mn = sum_P (mn|P) c_P; each task writes only its own (m,n) and (n,m) blocks.
  std::vector<Eigen::MatrixXd>& J = *coulomb;
  J.assign(nd, Eigen::MatrixXd::Zero(nbf, nbf));
#pragma omp parallel num_threads(nthread)
  {
    const int thread = omp_get_thread_num();
    std::vector<double> scratch(m.scratch_doubles());
    libint2::Engine engine = m.three_centre_engine();
    Eigen::MatrixXd jv;
    for (std::size_t i = thread; i < m.tasks.size(); i += nthread) {
      const PairTask& t = m.tasks[i];
      const Eigen::Index n1 = m.obs[t.s1].size(), n2 = m.obs[t.s2].size();
      const Eigen::Index bf1 = m.obs_offsets[t.s1], bf2 = m.obs_offsets[t.s2];
      const ConstRowMajorMap B(m.block(engine, i, scratch, computed[thread]), static_cast<Eigen::Index>(t.aux_functions),
                               n1 * n2);
      jv.noalias() = B.transpose() * c.topRows(B.rows());
      for (std::size_t k = 0; k < nd; ++k)
        for (Eigen::Index a = 0; a < n1; ++a)
          for (Eigen::Index b = 0; b < n2; ++b) {
            // Diagonal shell pairs: the a >= b triangle mirrored, so J is exactly symmetric.
            if (t.s1 == t.s2 && b > a) continue;
            J[k](bf1 + a, bf2 + b) = J[k](bf2 + b, bf1 + a) = jv(a * n2 + b, k);
          }
    }
  }
  for (auto& Jk : J) m.comm.sum(Jk);

  double counts[1] = {0.0};
  for (int t = 0; t < nthread; ++t) counts[0] += computed[t];
  m.comm.sum(counts, 1);
  // Skipped: (pair, aux shell) triplets below the threshold, once per pass.
  const double all_triplets = static_cast<double>(m.all_pairs) * static_cast<double>(m.aux.size());
  last_counts_ = {counts[0], 2.0 * (all_triplets - m.significant_triplets)};
}

int DfCoulomb::max_gradient_l() { return kMaxDerivativeL; }

Eigen::MatrixX3d DfCoulomb::coulomb_gradient(const Eigen::MatrixXd& total_density, std::size_t natoms) {
  Impl& m = *impl_;
  const auto nbf = static_cast<Eigen::Index>(m.nbf);
  if (total_density.rows() != nbf || total_density.cols() != nbf)
    throw std::invalid_argument("DfCoulomb::coulomb_gradient: density is " + std::to_string(total_density.rows()) +
                                " x " + std::to_string(total_density.cols()) + ", the orbital basis has " +
                                std::to_string(nbf) + " functions");
  for (int atom : m.obs_atom)
    if (atom < 0 || static_cast<std::size_t>(atom) >= natoms)
      throw std::invalid_argument("DfCoulomb::coulomb_gradient: a shell sits on no atom of the molecule");
  const Eigen::MatrixXd P = 0.5 * (total_density + total_density.transpose());
  std::vector<double> computed;
  const Eigen::VectorXd c = m.solve_metric(m.project_densities({P}, computed)).col(0);

  if (m.max_l > kMaxDerivativeL)
    throw InputError("density-fitted Coulomb gradients need shells up to l = " + std::to_string(kMaxDerivativeL) +
                         " (libint2's first-derivative ERIs); this orbital/auxiliary basis pair has l = " +
                         std::to_string(m.max_l),
                     "DfCoulomb::coulomb_gradient");
  const int nthread = omp_get_max_threads();
  std::vector<Eigen::MatrixX3d> acc(static_cast<std::size_t>(nthread), Eigen::MatrixX3d::Zero(natoms, 3));
  const long nworker = static_cast<long>(m.comm.size()) * nthread;
#pragma omp parallel num_threads(nthread)
  {
    const int thread = omp_get_thread_num();
    Eigen::MatrixX3d& g = acc[static_cast<std::size_t>(thread)];
    // c^T d(d)/dR: (P|mn)^x over this rank's pair tasks and their auxiliary shells. Debian's
    // libint2 2.7.2 looks up wrong build functions for 3-centre (xs_xx) derivatives (null
    // pointers for most shell triples), so they come from the 4-centre derivative engine with a
    // unit shell, (P 1|mn): twelve buffers d/dP, d/d1, d/dm, d/dn (x, y, z each).
    libint2::Engine engine(libint2::Operator::coulomb, m.max_nprim, m.max_l, 1);
    engine.set_precision(m.engine_precision);
    for (std::size_t i = thread; i < m.tasks.size(); i += nthread) {
      const PairTask& t = m.tasks[i];
      const libint2::Shell& sm = m.obs[t.s1];
      const libint2::Shell& sn = m.obs[t.s2];
      const int atoms[4] = {0, 0, m.obs_atom[t.s1], m.obs_atom[t.s2]};
      const std::size_t n1 = sm.size(), n2 = sn.size();
      const std::size_t bf1 = m.obs_offsets[t.s1], bf2 = m.obs_offsets[t.s2];
      const double factor = t.s1 == t.s2 ? 1.0 : 2.0;
      for (std::size_t p = 0; p < t.aux_shells; ++p) {
        const int atom_p = m.aux_atom[p];
        if (atom_p == atoms[1] && atom_p == atoms[2]) continue;  // one-centre: zero by translation
        const auto& buf = engine.compute(m.aux[p], libint2::Shell::unit(), sm, sn);
        if (buf[0] == nullptr) continue;
        const std::size_t np = m.aux[p].size(), off = m.aux_offsets[p];
        for (int centre : {0, 2, 3}) {
          const int atom = centre == 0 ? atom_p : atoms[centre];
          for (int xyz = 0; xyz < 3; ++xyz) {
            const double* v = buf[static_cast<std::size_t>(3 * centre + xyz)];
            double sum = 0.0;
            for (std::size_t q = 0; q < np; ++q) {
              double inner = 0.0;
              for (std::size_t a = 0; a < n1; ++a)
                for (std::size_t b = 0; b < n2; ++b)
                  inner += v[(q * n1 + a) * n2 + b] * P(static_cast<Eigen::Index>(bf1 + a), static_cast<Eigen::Index>(bf2 + b));
              sum += c(static_cast<Eigen::Index>(off + q)) * inner;
            }
            g(atom, xyz) += factor * sum;
          }
        }
      }
    }
    // -1/2 c^T dV/dR c: auxiliary shell pairs P >= Q dealt over (rank, thread).
    libint2::Engine metric(libint2::Operator::coulomb, m.max_nprim, m.max_l, 1);
    metric.set(libint2::BraKet::xs_xs);
    metric.set_precision(0.0);
    const long worker = static_cast<long>(m.comm.rank()) * nthread + thread;
    long task = 0;
    for (std::size_t p = 0; p < m.aux.size(); ++p)
      for (std::size_t q = 0; q <= p; ++q) {
        if (task++ % nworker != worker) continue;
        if (m.aux_atom[p] == m.aux_atom[q]) continue;
        const auto& buf = metric.compute(m.aux[p], m.aux[q]);
        if (buf[0] == nullptr) continue;
        const std::size_t np = m.aux[p].size(), nq = m.aux[q].size();
        const double factor = p == q ? -0.5 : -1.0;
        for (int centre = 0; centre < 2; ++centre) {
          const int atom = centre == 0 ? m.aux_atom[p] : m.aux_atom[q];
          for (int xyz = 0; xyz < 3; ++xyz) {
            const double* v = buf[static_cast<std::size_t>(3 * centre + xyz)];
            double sum = 0.0;
            for (std::size_t i = 0; i < np; ++i)
              for (std::size_t j = 0; j < nq; ++j)
                sum += c(static_cast<Eigen::Index>(m.aux_offsets[p] + i)) * v[i * nq + j] *
                       c(static_cast<Eigen::Index>(m.aux_offsets[q] + j));
            g(atom, xyz) += factor * sum;
          }
        }
      }
  }
  Eigen::MatrixXd gradient = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(natoms), 3);
  for (const auto& g : acc) gradient += g;  // thread order: reproducible
  m.comm.sum(gradient);
  return gradient;
}

}  // namespace atropos
