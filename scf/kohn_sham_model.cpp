#include "scf/kohn_sham_model.hpp"

#include <stdexcept>

namespace atropos {

KohnShamModel::KohnShamModel(JkBuilder& coulomb_jk, JkBuilder* erf_jk, const XcIntegrator& xc, bool incremental,
                             int full_rebuild_every)
    : xc_(xc),
      coulomb_and_exchange_(coulomb_jk, xc.functional().exact_exchange().alpha, incremental, full_rebuild_every) {
  const ExactExchange exx = xc.functional().exact_exchange();
  if (exx.range_separated()) {
    if (erf_jk == nullptr) throw std::invalid_argument("KohnShamModel: range-separated functional needs an erf JK builder");
    erf_exchange_.emplace(HartreeFockModel::exchange_only(*erf_jk, exx.beta, incremental, full_rebuild_every));
  }
}

void KohnShamModel::reset() {
  coulomb_and_exchange_.reset();
  if (erf_exchange_) erf_exchange_->reset();
}

void KohnShamModel::require_exact_builds() {
  coulomb_and_exchange_.require_exact_builds();
  if (erf_exchange_) erf_exchange_->require_exact_builds();
}

TwoElectronTerms KohnShamModel::compute(const std::vector<Eigen::MatrixXd>& spin_densities) {
  TwoElectronTerms terms = coulomb_and_exchange_.compute(spin_densities);
  if (erf_exchange_) {
    const TwoElectronTerms erf = erf_exchange_->compute(spin_densities);
    for (std::size_t s = 0; s < terms.fock.size(); ++s) terms.fock[s] += erf.fock[s];
    terms.exchange_energy += erf.exchange_energy;
  }
  if (xc_.functional().has_dft()) {
    // Restricted: the functional sees the total density; its potential is each spin's.
    const XcResult xc = spin_densities.size() == 1 ? xc_.compute({2.0 * spin_densities[0]}) : xc_.compute(spin_densities);
    for (std::size_t s = 0; s < terms.fock.size(); ++s) terms.fock[s] += xc.potential[s];
    terms.xc_energy = xc.energy;
    electrons_ = xc.electrons;
  }
  return terms;
}

}  // namespace atropos
