#pragma once
// Kohn-Sham two-electron terms:
//   G_s = J[D] - alpha K[D_s] - beta K_erf(omega)[D_s] + V_xc,s[D_alpha, D_beta]
// with alpha, beta, omega from the functional (XcFunctional::exact_exchange(), CAM convention).
// J and the exact-exchange parts are linear in D and reuse HartreeFockModel (incremental
// builds); V_xc comes from the grid quadrature on the full density every iteration.

#include <memory>
#include <optional>

#include "scf/fock_model.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/xc_integrator/xc_integrator.hpp"

namespace atropos {

class KohnShamModel : public FockModel {
 public:
  // `erf_jk` is needed only for range-separated hybrids (beta != 0); builders and integrator
  // are referenced and must outlive the model.
  KohnShamModel(JkBuilder& coulomb_jk, JkBuilder* erf_jk, const XcIntegrator& xc, bool incremental = true,
                int full_rebuild_every = 8);

  TwoElectronTerms compute(const std::vector<Eigen::MatrixXd>& spin_densities) override;
  void reset() override;
  void require_exact_builds() override;

  // Integrated electrons per spin channel of the last compute() (restricted: the total).
  const std::vector<double>& integrated_electrons() const { return electrons_; }

 private:
  const XcIntegrator& xc_;
  HartreeFockModel coulomb_and_exchange_;
  std::optional<HartreeFockModel> erf_exchange_;
  std::vector<double> electrons_;
};

}  // namespace atropos
