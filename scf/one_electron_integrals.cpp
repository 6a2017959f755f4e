#include "scf/one_electron_integrals.hpp"

#include <omp.h>

#include <type_traits>
#include <vector>

#include "scf/libint_bridge.hpp"

namespace atropos {

namespace {

struct NoParams {};

// Fills `ncomponent` matrices <bra|op|ket>. Shell pairs are dealt round-robin to every
// (rank, thread); each worker writes disjoint blocks, so one sum over ranks completes them.
template <typename Params>
std::vector<Eigen::MatrixXd> compute_one_body(const BasisSet& bra_basis, const BasisSet& ket_basis,
                                              libint2::Operator op, const Params& params, std::size_t ncomponent,
                                              const Communicator& comm) {
  const auto bra = libint::to_libint(bra_basis);
  const auto ket = libint::to_libint(ket_basis);
  const auto& bra_offsets = bra_basis.shell_offsets();
  const auto& ket_offsets = ket_basis.shell_offsets();
  const bool symmetric = &bra_basis == &ket_basis;
  const int max_nprim = std::max(bra_basis.max_primitives(), ket_basis.max_primitives());
  const int max_l = std::max(bra_basis.max_l(), ket_basis.max_l());

  std::vector<Eigen::MatrixXd> result(ncomponent, Eigen::MatrixXd::Zero(bra_basis.function_count(), ket_basis.function_count()));
  const int nthread = omp_get_max_threads();
  const long nworker = static_cast<long>(comm.size()) * nthread;

#pragma omp parallel num_threads(nthread)
  {
    libint2::Engine engine(op, max_nprim, max_l, 0);
    if constexpr (!std::is_same_v<Params, NoParams>) engine.set_params(params);
    const auto& buf = engine.results();
    const long worker = static_cast<long>(comm.rank()) * nthread + omp_get_thread_num();
    long task = 0;
    for (std::size_t s1 = 0; s1 < bra.size(); ++s1) {
      const std::size_t s2_end = symmetric ? s1 + 1 : ket.size();
      for (std::size_t s2 = 0; s2 < s2_end; ++s2) {
        if (task++ % nworker != worker) continue;
        engine.compute(bra[s1], ket[s2]);
        const long n1 = static_cast<long>(bra[s1].size()), n2 = static_cast<long>(ket[s2].size());
        for (std::size_t c = 0; c < ncomponent; ++c) {
          if (buf[c] == nullptr) continue;
          Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> block(buf[c], n1, n2);
          result[c].block(bra_offsets[s1], ket_offsets[s2], n1, n2) = block;
          if (symmetric && s1 != s2) result[c].block(ket_offsets[s2], bra_offsets[s1], n2, n1) = block.transpose();
        }
      }
    }
  }
  for (auto& matrix : result) comm.sum(matrix);
  return result;
}

}  // namespace

Eigen::MatrixXd compute_overlap(const BasisSet& basis, const Communicator& comm) {
  return compute_one_body(basis, basis, libint2::Operator::overlap, NoParams{}, 1, comm)[0];
}

Eigen::MatrixXd compute_overlap(const BasisSet& bra, const BasisSet& ket, const Communicator& comm) {
  return compute_one_body(bra, ket, libint2::Operator::overlap, NoParams{}, 1, comm)[0];
}

Eigen::MatrixXd compute_kinetic(const BasisSet& basis, const Communicator& comm) {
  return compute_one_body(basis, basis, libint2::Operator::kinetic, NoParams{}, 1, comm)[0];
}

Eigen::MatrixXd compute_nuclear_attraction(const BasisSet& basis, const Molecule& molecule, const Communicator& comm) {
  return compute_one_body(basis, basis, libint2::Operator::nuclear, libint::point_charges(molecule), 1, comm)[0];
}

std::array<Eigen::MatrixXd, 3> compute_dipole_integrals(const BasisSet& basis, const Eigen::Vector3d& origin,
                                                        const Communicator& comm) {
  const std::array<double, 3> o{origin.x(), origin.y(), origin.z()};
  // emultipole1 returns overlap, then x, y, z.
  auto m = compute_one_body(basis, basis, libint2::Operator::emultipole1, o, 4, comm);
  return {m[1], m[2], m[3]};
}

}  // namespace atropos
