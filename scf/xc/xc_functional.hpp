#pragma once
// An exchange-correlation functional: the user's name for it, resolved into weighted libxc
// components plus exact (Hartree-Fock) exchange, evaluated on blocks of grid points.
//
// Specification syntax (case-insensitive, blanks ignored):
//   spec  := term ('+' term)*
//   term  := [weight '*'] name
//   name  := alias ("b3lyp", "pbe", ..., "hf"; see functional_aliases.hpp, docs/functionals.md)
//          | libxc name ("gga_x_pbe", "hyb_gga_xc_b3lyp"; an "xc_" prefix is accepted)
//          | libxc number ("101")
//   weight: a plain decimal number ("0.25", "1e-1"; no '+' inside it).
// Examples: "b3lyp", "gga_x_pbe+gga_c_pbe", "0.25*hf+0.75*gga_x_pbe+gga_c_pbe" (= PBE0).
// Repeated libxc components are merged (weights added).
//
// Thread safety: evaluate() is const and may be called concurrently on one object from many
// threads. Each component's xc_func_type is created once per object and only read during
// evaluation (libxc's evaluators take `const xc_func_type*` and keep no state); the scratch
// space needed to sum several components is per thread (thread_local, grown to the largest block
// a thread has seen, never shrunk). set_density_threshold() must not run concurrently with it.
// Results are deterministic: components are summed in a fixed order.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scf/xc/xc_batch.hpp"

struct xc_func_type;  // libxc's, kept out of this header

namespace atropos {

enum class SpinPolarisation { Unpolarised, Polarised };

// What the density functional part depends on. None: no DFT part (pure Hartree-Fock).
enum class XcFamily { None, Lda, Gga, MetaGga };

const char* to_string(XcFamily family);

// Exact exchange in the form the Fock builder uses:
//
//     K_total = alpha * K[1/r] + beta * K[erf(omega r)/r]
//
// with K[v] the exchange matrix built with the two-electron kernel v (libint2's Coulomb and
// erf_coulomb operators). The exact-exchange fraction is alpha at short range (r -> 0) and
// alpha + beta at long range. This is Yanai, Tew, Handy's CAM convention (CPL 393, 51 (2004)).
// libxc's own cam_alpha / cam_beta differ: cam_alpha = alpha + beta (long-range fraction),
// cam_beta = -beta (extra short-range fraction); the conversion happens once, in XcFunctional.
// Global hybrids: beta = 0, omega = 0. omega in bohr^-1.
struct ExactExchange {
  double alpha = 0.0;
  double beta = 0.0;
  double omega = 0.0;

  bool present() const { return alpha != 0.0 || beta != 0.0; }
  bool range_separated() const { return beta != 0.0; }
  double short_range_fraction() const { return alpha; }
  double long_range_fraction() const { return alpha + beta; }
};

// One libxc functional inside a specification.
struct XcComponent {
  int libxc_id = 0;
  std::string libxc_name;  // libxc's lower-case name, e.g. "gga_x_pbe"
  double weight = 1.0;
};

class XcFunctional {
 public:
  // `where` names the source of `spec` for error messages ("input.toml [scf] functional").
  // Throws InputError for unknown names (listing close matches), malformed weights, and
  // functionals this program cannot use: Laplacian-dependent meta-GGAs, non-local (VV10)
  // correlation, Yukawa-screened range separation, kinetic-energy functionals, two range-separated
  // parts with different omega.
  XcFunctional(std::string_view spec, SpinPolarisation spin, std::string_view where = "");
  ~XcFunctional();
  XcFunctional(XcFunctional&&) noexcept;
  XcFunctional& operator=(XcFunctional&&) noexcept;
  XcFunctional(const XcFunctional&) = delete;
  XcFunctional& operator=(const XcFunctional&) = delete;

  const std::string& spec() const { return spec_; }  // as given
  // One line for logs: "b3lyp = 1*hyb_gga_xc_b3lyp; exact exchange alpha=0.2".
  std::string description() const;

  SpinPolarisation spin() const { return spin_; }
  bool polarised() const { return spin_ == SpinPolarisation::Polarised; }
  int rho_components() const { return polarised() ? 2 : 1; }    // per point: rho, vrho, tau, vtau
  int sigma_components() const { return polarised() ? 3 : 1; }  // per point: sigma, vsigma

  XcFamily family() const { return family_; }
  bool has_dft() const { return !components_.empty(); }
  bool needs_sigma() const { return family_ == XcFamily::Gga || family_ == XcFamily::MetaGga; }
  bool needs_tau() const { return family_ == XcFamily::MetaGga; }

  ExactExchange exact_exchange() const { return exact_exchange_; }
  const std::vector<XcComponent>& components() const { return components_; }

  // Spin densities (bohr^-3) below which libxc returns zero energy and potential. Without a call
  // each component keeps libxc's own default (1e-15 to 1e-11 depending on the functional).
  // Throws InputError unless 0 < threshold < 1.
  void set_density_threshold(double threshold);

  // Evaluates the weighted sum of the components on in.npoints points (layouts: xc_batch.hpp).
  // A functional without DFT part (hf) writes zeros. Throws std::invalid_argument when a buffer the
  // functional needs is missing (a programming error, not bad input).
  void evaluate(const XcInputs& in, const XcOutputs& out) const;

 private:
  struct LibxcDeleter {
    void operator()(xc_func_type* f) const;
  };
  using LibxcHandle = std::unique_ptr<xc_func_type, LibxcDeleter>;

  void evaluate_component(std::size_t index, const XcInputs& in, const XcOutputs& out) const;

  std::string spec_;
  SpinPolarisation spin_;
  XcFamily family_ = XcFamily::None;
  ExactExchange exact_exchange_;
  std::vector<XcComponent> components_;
  std::vector<XcFamily> component_families_;
  std::vector<LibxcHandle> handles_;  // one initialised libxc functional per component
};

// libxc's version, e.g. "5.2.3", for output headers and citations.
std::string libxc_version();

}  // namespace atropos
