#include "scf/direct_jk.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "scf/libint_bridge.hpp"

namespace atropos {

using RowMajorMap = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;

struct DirectJk::Impl {
  Communicator comm;
  DirectJkOptions options;
  std::vector<libint2::Shell> shells;
  std::vector<std::size_t> offsets;
  std::size_t nbf = 0;
  int max_nprim = 0;
  int max_l = 0;
  double engine_precision = 0.0;
  Eigen::MatrixXd schwarz;                                // nshell x nshell, symmetric
  std::vector<std::vector<int>> partners;                 // s -> significant s' <= s, ascending
  std::vector<std::vector<libint2::ShellPair>> pair_data;  // parallel to partners

  libint2::Operator op() const { return options.omega > 0 ? libint2::Operator::erf_coulomb : libint2::Operator::coulomb; }

  libint2::Engine make_engine() const {
    libint2::Engine engine(op(), max_nprim, max_l, 0);
    if (options.omega > 0) engine.set_params(options.omega);
    engine.set_precision(engine_precision);
    return engine;
  }

  const libint2::Engine::target_ptr_vec& quartet(libint2::Engine& engine, int s1, int s2, int s3, int s4,
                                                 const libint2::ShellPair* p12, const libint2::ShellPair* p34) const {
    if (options.omega > 0)
      return engine.compute2<libint2::Operator::erf_coulomb, libint2::BraKet::xx_xx, 0>(shells[s1], shells[s2], shells[s3],
                                                                                         shells[s4], p12, p34);
    return engine.compute2<libint2::Operator::coulomb, libint2::BraKet::xx_xx, 0>(shells[s1], shells[s2], shells[s3],
                                                                               shells[s4], p12, p34);
  }

  void compute_schwarz() { schwarz = libint::schwarz_bounds(shells, options.omega, max_nprim, max_l, comm); }

  void select_pairs() {
    const std::size_t nshell = shells.size();
    const double qmax = schwarz.maxCoeff();
    partners.assign(nshell, {});
    pair_data.assign(nshell, {});
    const double ln_precision = std::log(engine_precision);
    for (std::size_t s1 = 0; s1 < nshell; ++s1)
      for (std::size_t s2 = 0; s2 <= s1; ++s2)
        if (schwarz(s1, s2) * qmax >= options.screening_threshold) {
          partners[s1].push_back(static_cast<int>(s2));
          pair_data[s1].emplace_back(shells[s1], shells[s2], ln_precision);
        }
  }
};

DirectJk::DirectJk(const BasisSet& basis, const Communicator& comm, DirectJkOptions options)
    : impl_(std::make_unique<Impl>(Impl{comm, options, libint::to_libint(basis), basis.shell_offsets(),
                                        basis.function_count(), basis.max_primitives(), basis.max_l()})) {
  // Primitive screening well below the quartet threshold, so it never limits accuracy.
  impl_->engine_precision = std::max(options.screening_threshold * 1e-3, std::numeric_limits<double>::epsilon());
  impl_->compute_schwarz();
  impl_->select_pairs();
}

DirectJk::~DirectJk() = default;

namespace {

}  // namespace

void DirectJk::compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
                       std::vector<Eigen::MatrixXd>* exchange) {
  Impl& m = *impl_;
  const std::size_t nd = densities.size();
  const long nbf = static_cast<long>(m.nbf);
  const bool want_j = coulomb != nullptr, want_k = exchange != nullptr;
  const Eigen::MatrixXd dnorm = libint::shell_block_norms(densities, m.shells, m.offsets);
  const double threshold = m.options.screening_threshold;

  const int nthread = omp_get_max_threads();
  const long nworker = static_cast<long>(m.comm.size()) * nthread;
  // Per-thread accumulators, summed in thread order afterwards so that results are reproducible.
  std::vector<std::vector<Eigen::MatrixXd>> j_acc(nthread), k_acc(nthread);
  std::vector<double> computed(nthread, 0.0), skipped(nthread, 0.0);

#pragma omp parallel num_threads(nthread)
  {
    const int thread = omp_get_thread_num();
    auto& jt = j_acc[thread];
    auto& kt = k_acc[thread];
    if (want_j) jt.assign(nd, Eigen::MatrixXd::Zero(nbf, nbf));
    if (want_k) kt.assign(nd, Eigen::MatrixXd::Zero(nbf, nbf));
    libint2::Engine engine = m.make_engine();
    const long worker = static_cast<long>(m.comm.rank()) * nthread + thread;
    long task = 0;
    // Thread-local counts, stored once at the end: incrementing shared neighbouring doubles per
    // quartet made the threads fight over one cache line and serialised the whole build.
    double my_computed = 0.0, my_skipped = 0.0;

    for (std::size_t s1 = 0; s1 < m.shells.size(); ++s1) {
      const std::size_t bf1 = m.offsets[s1], n1 = m.shells[s1].size();
      for (std::size_t i12 = 0; i12 < m.partners[s1].size(); ++i12) {
        if (task++ % nworker != worker) continue;
        const int s2 = m.partners[s1][i12];
        const std::size_t bf2 = m.offsets[s2], n2 = m.shells[s2].size();
        const double q12 = m.schwarz(s1, s2);
        const libint2::ShellPair* p12 = &m.pair_data[s1][i12];

        for (std::size_t s3 = 0; s3 <= s1; ++s3) {
          const std::size_t bf3 = m.offsets[s3], n3 = m.shells[s3].size();
          const std::size_t s4_max = (s3 == s1) ? static_cast<std::size_t>(s2) : s3;
          for (std::size_t i34 = 0; i34 < m.partners[s3].size(); ++i34) {
            const std::size_t s4 = static_cast<std::size_t>(m.partners[s3][i34]);
            if (s4 > s4_max) break;
            double dmax = 0.0;
            if (want_j) dmax = std::max(dnorm(s1, s2), dnorm(s3, s4));
            if (want_k)
              dmax = std::max({dmax, dnorm(s1, s3), dnorm(s1, s4), dnorm(s2, s3), dnorm(s2, s4)});
            if (q12 * m.schwarz(s3, s4) * dmax < threshold) {
              my_skipped += 1;
              continue;
            }
            const auto& buf = m.quartet(engine, s1, s2, s3, s4, p12, &m.pair_data[s3][i34]);
            my_computed += 1;
            if (buf[0] == nullptr) continue;
            const std::size_t bf4 = m.offsets[s4], n4 = m.shells[s4].size();
            // Permutational degeneracy of this unique quartet.
            const double deg = (s1 == static_cast<std::size_t>(s2) ? 1.0 : 2.0) * (s3 == s4 ? 1.0 : 2.0) *
                               (s1 == s3 ? (static_cast<std::size_t>(s2) == s4 ? 1.0 : 2.0) : 2.0);
            const double* v = buf[0];
            for (std::size_t d = 0; d < nd; ++d) {
              const Eigen::MatrixXd& D = densities[d];
              for (std::size_t f1 = 0, f1234 = 0; f1 < n1; ++f1) {
                const long a = bf1 + f1;
                for (std::size_t f2 = 0; f2 < n2; ++f2) {
                  const long b = bf2 + f2;
                  for (std::size_t f3 = 0; f3 < n3; ++f3) {
                    const long c = bf3 + f3;
                    for (std::size_t f4 = 0; f4 < n4; ++f4, ++f1234) {
                      const long e = bf4 + f4;
                      const double value = v[f1234] * deg;
                      if (want_j) {
                        jt[d](a, b) += D(c, e) * value;
                        jt[d](c, e) += D(a, b) * value;
                      }
                      if (want_k) {
                        kt[d](a, c) += D(b, e) * value;
                        kt[d](b, e) += D(a, c) * value;
                        kt[d](a, e) += D(b, c) * value;
                        kt[d](b, c) += D(a, e) * value;
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    computed[thread] = my_computed;
    skipped[thread] = my_skipped;
  }

  // Quartets are dealt by the thread count asked for; a smaller team (nested parallelism,
  // OMP_DYNAMIC) would have left some out.
  for (int t = 0; t < nthread; ++t)
    if ((want_j && j_acc[t].size() != nd) || (want_k && k_acc[t].size() != nd))
      throw ComputationError("DirectJk: the OpenMP runtime ran fewer threads than asked for (" +
                             std::to_string(nthread) + "); set OMP_DYNAMIC=false");

  // Symmetrise: each unique quartet was added once with its degeneracy (see the derivation in
  // libint2's hartree-fock++ example: J = (G + G^T)/4, K = (G + G^T)/8 for these accumulations).
  auto finish = [&](std::vector<std::vector<Eigen::MatrixXd>>& acc, std::vector<Eigen::MatrixXd>& out, double scale) {
    out.assign(nd, Eigen::MatrixXd::Zero(nbf, nbf));
    for (std::size_t d = 0; d < nd; ++d) {
      for (int t = 0; t < nthread; ++t) out[d] += acc[t][d];
      m.comm.sum(out[d]);
      out[d] = scale * (out[d] + out[d].transpose().eval());
    }
  };
  if (want_j) finish(j_acc, *coulomb, 0.25);
  if (want_k) finish(k_acc, *exchange, 0.125);

  double counts[2] = {0.0, 0.0};
  for (int t = 0; t < nthread; ++t) {
    counts[0] += computed[t];
    counts[1] += skipped[t];
  }
  m.comm.sum(counts, 2);
  last_counts_ = {counts[0], counts[1]};
}

}  // namespace atropos
