#pragma once
// The density-dependent (two-electron) part of the Fock matrices and its energy.
//
// Spin densities in, one matrix per spin out: restricted calculations pass {D_alpha}
// (D_beta = D_alpha), unrestricted ones {D_alpha, D_beta}. Hartree-Fock is one model; Kohn-Sham
// models add exchange-correlation potentials to the same interface.

#include <Eigen/Core>
#include <vector>

namespace atropos {

struct TwoElectronTerms {
  std::vector<Eigen::MatrixXd> fock;  // G_s, added to the core Hamiltonian
  double coulomb_energy = 0.0;        // 1/2 tr(D J)
  double exchange_energy = 0.0;       // -1/2 sum_s tr(D_s K_s) (times the exact-exchange fraction)
  double xc_energy = 0.0;             // density-functional exchange-correlation
  double energy() const { return coulomb_energy + exchange_energy + xc_energy; }
};

class FockModel {
 public:
  virtual ~FockModel() = default;
  virtual TwoElectronTerms compute(const std::vector<Eigen::MatrixXd>& spin_densities) = 0;
  // Forget cached state (incremental builds) before a new SCF.
  virtual void reset() {}
  // From now on build every term from the full density (no incremental shortcuts), so that the
  // final energies carry no accumulated screening error. Called by the solver near convergence.
  virtual void require_exact_builds() {}
};

}  // namespace atropos
