#include "scf/hartree_fock_model.hpp"

namespace atropos {

TwoElectronTerms HartreeFockModel::compute(const std::vector<Eigen::MatrixXd>& spin_densities) {
  const std::size_t nspin = spin_densities.size();
  const bool want_k = exchange_fraction_ != 0.0;
  const bool want_j = include_coulomb_;
  std::vector<Eigen::MatrixXd> J, K;

  const bool full = !incremental_ || exact_only_ || previous_densities_.size() != nspin || builds_since_full_ >= full_rebuild_every_;
  if (full) {
    jk_.compute(spin_densities, want_j ? &J : nullptr, want_k ? &K : nullptr);
    builds_since_full_ = 0;
  } else {
    std::vector<Eigen::MatrixXd> change(nspin);
    for (std::size_t s = 0; s < nspin; ++s) change[s] = spin_densities[s] - previous_densities_[s];
    jk_.compute(change, want_j ? &J : nullptr, want_k ? &K : nullptr);
    for (std::size_t s = 0; s < nspin; ++s) {
      if (want_j) J[s] += previous_j_[s];
      if (want_k) K[s] += previous_k_[s];
    }
    ++builds_since_full_;
  }
  previous_densities_ = spin_densities;
  previous_j_ = J;
  previous_k_ = K;

  // Restricted: D_beta = D_alpha, so the total Coulomb matrix is 2 J[D_alpha].
  const Eigen::Index nbf = spin_densities[0].rows();
  const Eigen::MatrixXd coulomb = !want_j     ? Eigen::MatrixXd::Zero(nbf, nbf).eval()
                                  : nspin == 1 ? Eigen::MatrixXd(2.0 * J[0])
                                               : Eigen::MatrixXd(J[0] + J[1]);
  const double spin_factor = nspin == 1 ? 2.0 : 1.0;  // each restricted spin block stands for two
  TwoElectronTerms terms;
  terms.fock.resize(nspin);
  for (std::size_t s = 0; s < nspin; ++s) {
    terms.fock[s] = coulomb;
    if (want_k) terms.fock[s] -= exchange_fraction_ * K[s];
    if (want_j) terms.coulomb_energy += 0.5 * spin_factor * spin_densities[s].cwiseProduct(coulomb).sum();
    if (want_k)
      terms.exchange_energy -= 0.5 * spin_factor * exchange_fraction_ * spin_densities[s].cwiseProduct(K[s]).sum();
  }
  return terms;
}

}  // namespace atropos
