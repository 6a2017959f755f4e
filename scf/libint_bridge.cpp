#include "scf/libint_bridge.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace atropos::libint {

void ensure_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    libint2::initialize();
    // libint2's Boys-function table is a process-wide singleton that each new Engine enlarges
    // when it needs a higher order, by replacing a shared_ptr that other threads may be reading
    // at that moment (boys.h, FmEval_Chebyshev7::instance). Engines built concurrently in
    // OpenMP regions with different orders (one-electron 2L, ERI 4L, ERI derivatives 4L+1) then
    // raced: a use-after-free that crashed 3-rank runs and shifted energies by ~1e-6 Eh. Sizing
    // the table once for the largest order any Engine can ask for (4 L_max + 2, second
    // derivatives) means it is never replaced afterwards.
    libint2::FmEval_Chebyshev7<double>::instance(4 * LIBINT_MAX_AM + 2);
  });
}

std::vector<libint2::Shell> to_libint(const BasisSet& basis) {
  ensure_initialized();
  std::vector<libint2::Shell> shells;
  shells.reserve(basis.shell_count());
  for (const Shell& s : basis.shells()) {
    libint2::svector<double> exponents(s.exponents.begin(), s.exponents.end());
    libint2::svector<double> coefficients(s.coefficients.begin(), s.coefficients.end());
    shells.emplace_back(std::move(exponents),
                        libint2::svector<libint2::Shell::Contraction>{{s.l, s.pure, std::move(coefficients)}},
                        std::array<double, 3>{s.center.x(), s.center.y(), s.center.z()});
  }
  return shells;
}

std::vector<std::pair<double, std::array<double, 3>>> point_charges(const Molecule& molecule) {
  std::vector<std::pair<double, std::array<double, 3>>> charges;
  for (const Atom& atom : molecule.atoms())
    charges.push_back({static_cast<double>(atom.Z), {atom.position.x(), atom.position.y(), atom.position.z()}});
  return charges;
}

Eigen::MatrixXd schwarz_bounds(const std::vector<libint2::Shell>& shells, double omega, int max_nprim, int max_l,
                               const Communicator& comm) {
  const std::size_t nshell = shells.size();
  Eigen::MatrixXd q = Eigen::MatrixXd::Zero(nshell, nshell);
  const int nthread = omp_get_max_threads();
  const long nworker = static_cast<long>(comm.size()) * nthread;
#pragma omp parallel num_threads(nthread)
  {
    libint2::Engine engine(omega > 0 ? libint2::Operator::erf_coulomb : libint2::Operator::coulomb, max_nprim, max_l, 0);
    if (omega > 0) engine.set_params(omega);
    engine.set_precision(0.0);
    const long worker = static_cast<long>(comm.rank()) * nthread + omp_get_thread_num();
    long task = 0;
    for (std::size_t s1 = 0; s1 < nshell; ++s1)
      for (std::size_t s2 = 0; s2 <= s1; ++s2) {
        if (task++ % nworker != worker) continue;
        const auto& buf = engine.compute(shells[s1], shells[s2], shells[s1], shells[s2]);
        double largest = 0.0;
        if (buf[0] != nullptr) {
          const std::size_t n12 = shells[s1].size() * shells[s2].size();
          // Diagonal elements (ab|ab) of the n12 x n12 block.
          for (std::size_t f = 0; f < n12; ++f) largest = std::max(largest, std::abs(buf[0][f * n12 + f]));
        }
        q(s1, s2) = q(s2, s1) = std::sqrt(largest);
      }
  }
  comm.sum(q);
  return q;
}

Eigen::MatrixXd shell_block_norms(const std::vector<Eigen::MatrixXd>& densities, const std::vector<libint2::Shell>& shells,
                                  const std::vector<std::size_t>& offsets) {
  const std::size_t nshell = shells.size();
  Eigen::MatrixXd norms = Eigen::MatrixXd::Zero(nshell, nshell);
  for (const auto& D : densities)
    for (std::size_t a = 0; a < nshell; ++a)
      for (std::size_t b = 0; b < nshell; ++b)
        norms(a, b) = std::max(norms(a, b), D.block(offsets[a], offsets[b], shells[a].size(), shells[b].size())
                                                .cwiseAbs()
                                                .maxCoeff());
  return norms;
}

}  // namespace atropos::libint
