#pragma once
// Hartree-Fock two-electron terms G_s = J[D_alpha + D_beta] - c_x K[D_s], with c_x = 1 for HF
// (hybrid functionals reuse it with their exact-exchange fraction, and range-separated ones add
// an exchange-only instance on an erf-attenuated JK builder).
//
// Incremental builds: J and K are linear in D, so after the first iteration only the density
// change is contracted (density-weighted screening then skips most quartets); a full build
// every `full_rebuild_every` iterations keeps accumulated screening errors bounded, and the
// solver switches to full builds near convergence (the skipped contributions, each below the
// screening threshold, add up to ~1e-9 Eh over tens of millions of quartets).

#include "scf/fock_model.hpp"
#include "scf/jk_builder.hpp"

namespace atropos {

class HartreeFockModel : public FockModel {
 public:
  HartreeFockModel(JkBuilder& jk, double exchange_fraction = 1.0, bool incremental = true, int full_rebuild_every = 8)
      : jk_(jk), exchange_fraction_(exchange_fraction), incremental_(incremental), full_rebuild_every_(full_rebuild_every) {}

  // Exchange only (no Coulomb term): the extra erf-attenuated exchange of range-separated hybrids.
  static HartreeFockModel exchange_only(JkBuilder& jk, double exchange_fraction, bool incremental = true,
                                        int full_rebuild_every = 8) {
    HartreeFockModel model(jk, exchange_fraction, incremental, full_rebuild_every);
    model.include_coulomb_ = false;
    return model;
  }

  TwoElectronTerms compute(const std::vector<Eigen::MatrixXd>& spin_densities) override;
  void reset() override {
    previous_densities_.clear();
    builds_since_full_ = 0;
    exact_only_ = false;
  }
  void require_exact_builds() override { exact_only_ = true; }

 private:
  JkBuilder& jk_;
  double exchange_fraction_;
  bool incremental_;
  int full_rebuild_every_;
  int builds_since_full_ = 0;
  bool exact_only_ = false;
  bool include_coulomb_ = true;
  std::vector<Eigen::MatrixXd> previous_densities_, previous_j_, previous_k_;
};

}  // namespace atropos
