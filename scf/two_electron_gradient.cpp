#include "scf/two_electron_gradient.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "scf/libint_bridge.hpp"
#include "scf/one_electron_derivatives.hpp"

namespace atropos {

namespace {

// Why the weights below (derivation in docs/gradients.md): for any F with the 8-fold symmetry of
// (ab|cd), sum over all function quartets of F * d(ab|cd) = sum over unique shell quartets of
// deg * sum over their function quartets of F_sym * d(ab|cd), with F_sym the average of F over
// the 8 index permutations and deg the number of distinct shell quartets the unique one stands
// for. The Coulomb weight P_ab P_cd is already symmetric; the exchange weight D_ac D_bd averages
// to (D_ac D_bd + D_ad D_bc) / 2 for symmetric D.

void check_square(const Eigen::MatrixXd& m, std::size_t nbf, const std::string& what) {
  const auto n = static_cast<Eigen::Index>(nbf);
  if (m.rows() != n || m.cols() != n)
    throw std::invalid_argument("contract_two_electron_derivative: " + what + " is " + std::to_string(m.rows()) +
                                " x " + std::to_string(m.cols()) + ", the basis has " + std::to_string(nbf) +
                                " functions");
}

template <libint2::Operator Op>
const libint2::Engine::target_ptr_vec& derivative_quartet(libint2::Engine& engine, const libint2::Shell& a,
                                                          const libint2::Shell& b, const libint2::Shell& c,
                                                          const libint2::Shell& d, const libint2::ShellPair* ab,
                                                          const libint2::ShellPair* cd) {
  return engine.compute2<Op, libint2::BraKet::xx_xx, 1>(a, b, c, d, ab, cd);
}

}  // namespace

TwoElectronGradient contract_two_electron_derivative(const BasisSet& basis, const Eigen::MatrixXd& total_density,
                                                     double coulomb_factor,
                                                     const std::vector<Eigen::MatrixXd>& exchange_densities,
                                                     double exchange_factor, const Communicator& comm,
                                                     const TwoElectronGradientOptions& options) {
  const std::size_t nbf = basis.function_count();
  const auto natom = static_cast<Eigen::Index>(basis_atom_count(basis));
  TwoElectronGradient result;
  result.coulomb = Eigen::MatrixX3d::Zero(natom, 3);
  result.exchange = Eigen::MatrixX3d::Zero(natom, 3);

  const bool want_j = coulomb_factor != 0.0;
  const bool want_k = exchange_factor != 0.0 && !exchange_densities.empty();
  if (!want_j && !want_k) return result;
  if (basis.max_l() > LIBINT2_MAX_AM_eri1)
    throw std::invalid_argument(
        "contract_two_electron_derivative: the basis has angular momentum " + std::to_string(basis.max_l()) +
        "; the installed libint2 has derivative ERIs up to l = " + std::to_string(LIBINT2_MAX_AM_eri1));
  if (options.omega < 0.0) throw std::invalid_argument("contract_two_electron_derivative: omega must be >= 0");

  // Only the symmetric parts contribute (the weights assume symmetric densities).
  Eigen::MatrixXd P;
  if (want_j) {
    check_square(total_density, nbf, "total density");
    P = 0.5 * (total_density + total_density.transpose());
  }
  std::vector<Eigen::MatrixXd> D;
  if (want_k)
    for (const auto& d : exchange_densities) {
      check_square(d, nbf, "exchange density");
      D.push_back(0.5 * (d + d.transpose()));
    }

  const std::vector<libint2::Shell> shells = libint::to_libint(basis);
  const std::vector<std::size_t>& offsets = basis.shell_offsets();
  const std::size_t nshell = shells.size();
  std::vector<int> shell_atom(nshell);
  for (std::size_t s = 0; s < nshell; ++s) shell_atom[s] = basis[s].atom;

  const bool erf = options.omega > 0.0;
  const libint2::Operator op = erf ? libint2::Operator::erf_coulomb : libint2::Operator::coulomb;
  const double threshold = options.screening_threshold;
  // Primitive screening well below the quartet threshold, so it never limits accuracy (as DirectJk).
  const double precision = std::max(threshold * 1e-3, std::numeric_limits<double>::epsilon());
  const int max_nprim = basis.max_primitives(), max_l = basis.max_l();

  const Eigen::MatrixXd schwarz = libint::schwarz_bounds(shells, options.omega, max_nprim, max_l, comm);
  const double qmax = schwarz.maxCoeff();
  std::vector<std::vector<int>> partners(nshell);                  // s -> significant s' <= s
  std::vector<std::vector<libint2::ShellPair>> pair_data(nshell);  // parallel to partners
  const double ln_precision = std::log(precision);
  for (std::size_t s1 = 0; s1 < nshell; ++s1)
    for (std::size_t s2 = 0; s2 <= s1; ++s2)
      if (schwarz(s1, s2) * qmax >= threshold) {
        partners[s1].push_back(static_cast<int>(s2));
        pair_data[s1].emplace_back(shells[s1], shells[s2], ln_precision);
      }

  // Density factors of the bound: |weight| <= c * product of two block norms.
  const Eigen::MatrixXd p_norm = want_j ? libint::shell_block_norms({P}, shells, offsets) : Eigen::MatrixXd();
  const Eigen::MatrixXd k_norm = want_k ? libint::shell_block_norms(D, shells, offsets) : Eigen::MatrixXd();
  const double cj = 0.5 * std::abs(coulomb_factor);
  const double ck = 0.5 * std::abs(exchange_factor) * static_cast<double>(D.size());
  std::size_t max_shell = 0;
  for (const auto& s : shells) max_shell = std::max(max_shell, s.size());
  const std::size_t max_quartet = max_shell * max_shell * max_shell * max_shell;

  const int nthread = omp_get_max_threads();
  const long nworker = static_cast<long>(comm.size()) * nthread;
  std::vector<Eigen::MatrixX3d> j_acc(nthread, Eigen::MatrixX3d::Zero(natom, 3));
  std::vector<Eigen::MatrixX3d> k_acc(nthread, Eigen::MatrixX3d::Zero(natom, 3));
  std::vector<double> computed(nthread, 0.0), skipped(nthread, 0.0);

#pragma omp parallel num_threads(nthread)
  {
    const int thread = omp_get_thread_num();
    Eigen::MatrixX3d& gj = j_acc[thread];
    Eigen::MatrixX3d& gk = k_acc[thread];
    libint2::Engine engine(op, max_nprim, max_l, 1);
    if (erf) engine.set_params(options.omega);
    engine.set_precision(precision);
    std::vector<double> wj(want_j ? max_quartet : 0), wk(want_k ? max_quartet : 0);
    const long worker = static_cast<long>(comm.rank()) * nthread + thread;
    long task = 0;
    // Thread-local counts (shared neighbouring counters per quartet serialise the threads).
    double my_computed = 0.0, my_skipped = 0.0;

    for (std::size_t s1 = 0; s1 < nshell; ++s1) {
      const std::size_t bf1 = offsets[s1], n1 = shells[s1].size();
      for (std::size_t i12 = 0; i12 < partners[s1].size(); ++i12) {
        if (task++ % nworker != worker) continue;
        const auto s2 = static_cast<std::size_t>(partners[s1][i12]);
        const std::size_t bf2 = offsets[s2], n2 = shells[s2].size();
        const double q12 = schwarz(s1, s2);
        const libint2::ShellPair* p12 = &pair_data[s1][i12];

        for (std::size_t s3 = 0; s3 <= s1; ++s3) {
          const std::size_t bf3 = offsets[s3], n3 = shells[s3].size();
          const std::size_t s4_max = (s3 == s1) ? s2 : s3;
          for (std::size_t i34 = 0; i34 < partners[s3].size(); ++i34) {
            const auto s4 = static_cast<std::size_t>(partners[s3][i34]);
            if (s4 > s4_max) break;
            const int atoms[4] = {shell_atom[s1], shell_atom[s2], shell_atom[s3], shell_atom[s4]};
            // One-atom quartets: the four centre derivatives sum to zero on that atom.
            if (atoms[0] == atoms[1] && atoms[0] == atoms[2] && atoms[0] == atoms[3]) {
              my_skipped += 1;
              continue;
            }
            double dmax = 0.0;
            if (want_j) dmax = cj * p_norm(s1, s2) * p_norm(s3, s4);
            if (want_k) dmax = std::max(dmax, ck * (k_norm(s1, s3) * k_norm(s2, s4) + k_norm(s1, s4) * k_norm(s2, s3)));
            if (q12 * schwarz(s3, s4) * dmax < threshold) {
              my_skipped += 1;
              continue;
            }
            const libint2::ShellPair* p34 = &pair_data[s3][i34];
            const auto& buf = erf ? derivative_quartet<libint2::Operator::erf_coulomb>(engine, shells[s1], shells[s2],
                                                                                       shells[s3], shells[s4], p12, p34)
                                  : derivative_quartet<libint2::Operator::coulomb>(engine, shells[s1], shells[s2],
                                                                                   shells[s3], shells[s4], p12, p34);
            my_computed += 1;
            if (buf[0] == nullptr) continue;  // every primitive quartet below the precision
            const std::size_t bf4 = offsets[s4], n4 = shells[s4].size();
            const std::size_t n1234 = n1 * n2 * n3 * n4;
            const double deg =
                (s1 == s2 ? 1.0 : 2.0) * (s3 == s4 ? 1.0 : 2.0) * (s1 == s3 ? (s2 == s4 ? 1.0 : 2.0) : 2.0);
            const double j_scale = 0.5 * coulomb_factor * deg;
            const double k_scale = -0.25 * exchange_factor * deg;

            for (std::size_t f1 = 0, f = 0; f1 < n1; ++f1) {
              const Eigen::Index a = bf1 + f1;
              for (std::size_t f2 = 0; f2 < n2; ++f2) {
                const Eigen::Index b = bf2 + f2;
                const double p_ab = want_j ? j_scale * P(a, b) : 0.0;
                for (std::size_t f3 = 0; f3 < n3; ++f3) {
                  const Eigen::Index c = bf3 + f3;
                  for (std::size_t f4 = 0; f4 < n4; ++f4, ++f) {
                    const Eigen::Index d = bf4 + f4;
                    if (want_j) wj[f] = p_ab * P(c, d);
                    if (want_k) {
                      double w = 0.0;
                      for (const auto& Ds : D) w += Ds(a, c) * Ds(b, d) + Ds(a, d) * Ds(b, c);
                      wk[f] = k_scale * w;
                    }
                  }
                }
              }
            }

            // libint2 order: 12 shell sets, centre-major (bra1 x,y,z, bra2 x,y,z, ket1 ..., ket2 ...).
            // The fourth centre follows from translational invariance: d/dD = -(d/dA + d/dB + d/dC).
            for (int centre = 0; centre < 3; ++centre)
              for (int xyz = 0; xyz < 3; ++xyz) {
                const double* v = buf[3 * centre + xyz];
                if (want_j) {
                  double s = 0.0;
                  for (std::size_t i = 0; i < n1234; ++i) s += v[i] * wj[i];
                  gj(atoms[centre], xyz) += s;
                  gj(atoms[3], xyz) -= s;
                }
                if (want_k) {
                  double s = 0.0;
                  for (std::size_t i = 0; i < n1234; ++i) s += v[i] * wk[i];
                  gk(atoms[centre], xyz) += s;
                  gk(atoms[3], xyz) -= s;
                }
              }
          }
        }
      }
    }
    computed[thread] = my_computed;
    skipped[thread] = my_skipped;
  }

  for (int t = 0; t < nthread; ++t) {
    result.coulomb += j_acc[t];
    result.exchange += k_acc[t];
  }
  comm.sum(result.coulomb.data(), static_cast<std::size_t>(result.coulomb.size()));
  comm.sum(result.exchange.data(), static_cast<std::size_t>(result.exchange.size()));
  double counts[2] = {0.0, 0.0};
  for (int t = 0; t < nthread; ++t) {
    counts[0] += computed[t];
    counts[1] += skipped[t];
  }
  comm.sum(counts, 2);
  result.quartets_computed = counts[0];
  result.quartets_skipped = counts[1];
  return result;
}

}  // namespace atropos
