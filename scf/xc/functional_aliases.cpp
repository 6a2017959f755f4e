#include "scf/xc/functional_aliases.hpp"

namespace atropos {

// Expansions use libxc 5 names; "hf" is exact exchange (see XcFunctional). docs/functionals.md has
// the same table with the Psi4 1.3.2 definitions it follows (a test keeps the two in step).
const std::vector<FunctionalAlias>& functional_aliases() {
  static const std::vector<FunctionalAlias> aliases = {
      {"hf", "hf", "Hartree-Fock: exact exchange only, no DFT part"},
      {"svwn", "lda_x+lda_c_vwn_rpa", "Slater exchange + VWN-RPA correlation (Psi4's SVWN, 'SVWN3')"},
      {"svwn5", "lda_x+lda_c_vwn", "Slater exchange + VWN5 correlation"},
      {"blyp", "gga_x_b88+gga_c_lyp", "Becke 88 exchange + Lee-Yang-Parr correlation"},
      {"bp86", "gga_x_b88+gga_c_p86", "Becke 88 exchange + Perdew 86 correlation"},
      {"pbe", "gga_x_pbe+gga_c_pbe", "Perdew-Burke-Ernzerhof exchange and correlation"},
      {"revpbe", "gga_x_pbe_r+gga_c_pbe", "Zhang-Yang revised PBE exchange + PBE correlation"},
      {"b97-d", "gga_xc_b97_d", "Grimme's B97-D GGA (dispersion term not included here)"},
      {"tpss", "mgga_x_tpss+mgga_c_tpss", "Tao-Perdew-Staroverov-Scuseria meta-GGA"},
      {"scan", "mgga_x_scan+mgga_c_scan", "SCAN meta-GGA (Sun, Ruzsinszky, Perdew 2015)"},
      {"r2scan", "mgga_x_r2scan+mgga_c_r2scan", "r2SCAN meta-GGA (Furness et al. 2020)"},
      {"m06-l", "mgga_x_m06_l+mgga_c_m06_l", "Minnesota M06-L local meta-GGA"},
      {"m06l", "mgga_x_m06_l+mgga_c_m06_l", "same as m06-l"},
      {"b3lyp", "hyb_gga_xc_b3lyp", "B3LYP with VWN-RPA correlation (Psi4's, Gaussian's), 20% HF"},
      {"b3lyp5", "hyb_gga_xc_b3lyp5", "B3LYP with VWN5 correlation (Turbomole's, ORCA's), 20% HF"},
      {"pbe0", "hyb_gga_xc_pbeh", "PBE0 (PBEh) global hybrid, 25% HF"},
      {"pbeh", "hyb_gga_xc_pbeh", "same as pbe0"},
      {"tpssh", "hyb_mgga_xc_tpssh", "TPSSh meta-GGA hybrid, 10% HF"},
      {"cam-b3lyp", "hyb_gga_xc_cam_b3lyp", "CAM-B3LYP range-separated hybrid, omega 0.33"},
      {"wb97x", "hyb_gga_xc_wb97x", "omegaB97X range-separated hybrid, omega 0.3"},
  };
  return aliases;
}

const FunctionalAlias* find_functional_alias(std::string_view lower_case_name) {
  for (const auto& alias : functional_aliases())
    if (alias.name == lower_case_name) return &alias;
  return nullptr;
}

}  // namespace atropos
