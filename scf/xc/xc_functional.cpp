#include "scf/xc/xc_functional.hpp"

#include <fmt/format.h>
#include <xc.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "common/error.hpp"
#include "scf/xc/functional_aliases.hpp"
#include "scf/xc/functional_names.hpp"

namespace atropos {

const char* to_string(XcFamily family) {
  switch (family) {
    case XcFamily::None:
      return "none";
    case XcFamily::Lda:
      return "LDA";
    case XcFamily::Gga:
      return "GGA";
    case XcFamily::MetaGga:
      return "meta-GGA";
  }
  return "?";
}

std::string libxc_version() { return xc_version_string(); }

void XcFunctional::LibxcDeleter::operator()(xc_func_type* f) const {
  xc_func_end(f);
  xc_func_free(f);
}

namespace {

std::string lower_without_blanks(std::string_view text) {
  std::string result;
  for (const char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      result.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return result;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(separator, begin);
    parts.push_back(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) return parts;
    begin = end + 1;
  }
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string libxc_name_of(int id) {
  char* name = xc_functional_get_name(id);  // malloc'ed by libxc, or null when unknown
  if (name == nullptr) return "";
  std::string result(name);
  std::free(name);
  return result;
}

// " in functional '<spec>'" unless the specification is nothing but `part` (no need to repeat it).
std::string within(const std::string& spec, std::string_view part) {
  const std::string text = lower_without_blanks(spec);
  if (text.empty() || (!part.empty() && text == part)) return "";
  return fmt::format(" in functional '{}'", spec);
}

// Collects weighted libxc ids and the exact-exchange fraction from the terms of a specification.
class SpecParser {
 public:
  SpecParser(std::string spec, std::string where) : spec_(std::move(spec)), where_(std::move(where)) {}

  void parse(std::string_view text, double outer_weight, int depth) {
    if (text.empty()) fail("empty functional specification");
    for (const std::string_view term : split(text, '+')) {
      if (term.empty()) fail("empty term (two '+' in a row, or '+' at an end)");
      const std::size_t star = term.find('*');
      double weight = 1.0;
      std::string_view name = term;
      if (star != std::string_view::npos) {
        weight = parse_weight(term.substr(0, star));
        name = term.substr(star + 1);
        if (name.empty()) fail(fmt::format("no functional name after '*' in '{}'", term), term);
      }
      add_name(name, outer_weight * weight, depth);
    }
  }

  std::vector<XcComponent> components;
  double exact_exchange_alpha = 0.0;  // from "hf" terms only

 private:
  // `part` is the offending piece of the specification; `hint` goes last.
  [[noreturn]] void fail(const std::string& message, std::string_view part = "",
                         const std::string& hint = "") const {
    throw InputError(message + within(spec_, part) + hint, where_);
  }

  double parse_weight(std::string_view text) const {
    const std::string copy(text);
    char* end = nullptr;
    const double weight = std::strtod(copy.c_str(), &end);
    if (copy.empty() || *end != '\0' || !std::isfinite(weight))
      fail(fmt::format("weight '{}' is not a number", text));
    return weight;
  }

  void add_name(std::string_view name, double weight, int depth) {
    if (name == "hf") {
      exact_exchange_alpha += weight;
      return;
    }
    if (const FunctionalAlias* alias = find_functional_alias(name)) {
      if (depth > 2) fail(fmt::format("alias '{}' expands into itself", name));
      parse(alias->expansion, weight, depth + 1);
      return;
    }
    int id = -1;
    if (all_digits(name)) {
      id = name.size() < 7 ? std::atoi(std::string(name).c_str()) : -1;
      if (id < 0 || libxc_name_of(id).empty())
        fail(fmt::format("libxc has no functional number {}", name), name);
    } else {
      id = xc_functional_get_number(std::string(name).c_str());  // also accepts an "xc_" prefix
    }
    if (id < 0) fail(fmt::format("unknown functional '{}'", name), name, unknown_name_hint(name));
    for (auto& component : components) {
      if (component.libxc_id == id) {
        component.weight += weight;
        return;
      }
    }
    components.push_back(XcComponent{id, libxc_name_of(id), weight});
  }

  static bool known(std::string_view name) {
    return name == "hf" || find_functional_alias(name) ||
           xc_functional_get_number(std::string(name).c_str()) >= 0;
  }

  static std::string unknown_name_hint(std::string_view name) {
    // "b3lyp-d3": a dispersion correction is not part of the XC functional.
    for (const std::string_view suffix : {"-d", "-d2", "-d3", "-d3bj", "-d3(bj)", "-d3zero", "-d4"}) {
      if (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix &&
          known(name.substr(0, name.size() - suffix.size())))
        return fmt::format(" (dispersion corrections are requested separately: give '{}' here)",
                           name.substr(0, name.size() - suffix.size()));
    }
    const auto close = close_functional_names(name);
    if (close.empty()) return " (names: docs/functionals.md, or any libxc name)";
    std::string hint = "; did you mean ";
    for (std::size_t i = 0; i < close.size(); ++i) hint += (i ? ", " : "") + close[i];
    return hint + "?";
  }

  std::string spec_;
  std::string where_;
};

XcFamily family_of(int libxc_family) {
  switch (libxc_family) {
    case XC_FAMILY_LDA:
    case XC_FAMILY_HYB_LDA:
      return XcFamily::Lda;
    case XC_FAMILY_GGA:
    case XC_FAMILY_HYB_GGA:
      return XcFamily::Gga;
    case XC_FAMILY_MGGA:
    case XC_FAMILY_HYB_MGGA:
      return XcFamily::MetaGga;
    default:
      return XcFamily::None;
  }
}

// Why this program cannot use the functional, or "" when it can.
std::string unsupported_reason(const xc_func_type& f, XcFamily family) {
  const int flags = f.info->flags;
  if (family == XcFamily::None)
    return "is not an LDA, GGA or meta-GGA (libxc family " + std::to_string(f.info->family) + ")";
  if (f.info->kind == XC_KINETIC) return "is a kinetic-energy functional, not exchange-correlation";
  if (!(flags & XC_FLAGS_3D)) return "is meant for 1D or 2D systems";
  if (flags & XC_FLAGS_NEEDS_LAPLACIAN) return "needs the Laplacian of the density, which is not supported";
  if ((flags & XC_FLAGS_VV10) || f.nlc_b != 0.0 || f.nlc_C != 0.0)
    return "contains non-local (VV10) correlation, which is not supported";
  if (flags & (XC_FLAGS_HYB_CAMY | XC_FLAGS_HYB_LCY))
    return "uses Yukawa-screened exact exchange, which is not supported";
  if (!(flags & XC_FLAGS_HAVE_EXC) || !(flags & XC_FLAGS_HAVE_VXC))
    return "has no energy or potential implemented in libxc";
  return "";
}

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(std::string("XcFunctional::evaluate: ") + what);
}

}  // namespace

XcFunctional::XcFunctional(std::string_view spec, SpinPolarisation spin, std::string_view where)
    : spec_(spec), spin_(spin) {
  const std::string text = lower_without_blanks(spec);
  SpecParser parser(spec_, std::string(where));
  parser.parse(text, 1.0, 0);

  exact_exchange_.alpha = parser.exact_exchange_alpha;
  const int nspin = polarised() ? XC_POLARIZED : XC_UNPOLARIZED;
  for (const auto& component : parser.components) {
    LibxcHandle handle(xc_func_alloc());
    if (!handle || xc_func_init(handle.get(), component.libxc_id, nspin) != 0) {
      if (handle) xc_func_free(handle.release());  // a failed init must not reach xc_func_end
      throw InputError(fmt::format("libxc could not initialise '{}'", component.libxc_name) +
                           within(spec_, component.libxc_name),
                       std::string(where));
    }
    const XcFamily family = family_of(handle->info->family);
    const std::string reason = unsupported_reason(*handle, family);
    if (!reason.empty())
      throw InputError(
          fmt::format("'{}' {}", component.libxc_name, reason) + within(spec_, component.libxc_name),
          std::string(where));

    // libxc: fraction cam_alpha at long range, cam_alpha + cam_beta at short range.
    double omega = 0.0, cam_alpha = 0.0, cam_beta = 0.0;
    xc_hyb_cam_coef(handle.get(), &omega, &cam_alpha, &cam_beta);
    exact_exchange_.alpha += component.weight * (cam_alpha + cam_beta);
    if (cam_beta != 0.0) {
      if (exact_exchange_.beta != 0.0 && exact_exchange_.omega != omega)
        throw InputError(fmt::format("range-separated parts with different omega ({} and {}) in "
                                     "functional '{}'",
                                     exact_exchange_.omega, omega, spec_),
                         std::string(where));
      exact_exchange_.beta += -component.weight * cam_beta;
      exact_exchange_.omega = omega;
    }

    family_ = std::max(family_, family);  // enum order: None < Lda < Gga < MetaGga
    components_.push_back(component);
    component_families_.push_back(family);
    handles_.push_back(std::move(handle));
  }
  if (components_.empty() && !exact_exchange_.present())
    throw InputError(fmt::format("functional '{}' has neither a DFT part nor exact exchange", spec_),
                     std::string(where));
}

XcFunctional::~XcFunctional() = default;
XcFunctional::XcFunctional(XcFunctional&&) noexcept = default;
XcFunctional& XcFunctional::operator=(XcFunctional&&) noexcept = default;

std::string XcFunctional::description() const {
  std::string text = spec_ + " =";
  for (std::size_t i = 0; i < components_.size(); ++i)
    text += fmt::format("{} {:g}*{}", i ? " +" : "", components_[i].weight, components_[i].libxc_name);
  if (components_.empty()) text += " no DFT part";
  text += fmt::format(" ({}, {})", to_string(family_), polarised() ? "spin-polarised" : "unpolarised");
  if (exact_exchange_.range_separated())
    text += fmt::format("; exact exchange {:g}*K + {:g}*K_erf(omega={:g})", exact_exchange_.alpha,
                        exact_exchange_.beta, exact_exchange_.omega);
  else if (exact_exchange_.present())
    text += fmt::format("; exact exchange {:g}", exact_exchange_.alpha);
  return text;
}

void XcFunctional::set_density_threshold(double threshold) {
  if (!(threshold > 0.0 && threshold < 1.0))
    throw InputError(fmt::format("density threshold {} is not in (0, 1) bohr^-3", threshold),
                     "functional '" + spec_ + "'");
  for (auto& handle : handles_) xc_func_set_dens_threshold(handle.get(), threshold);
}

void XcFunctional::evaluate_component(std::size_t index, const XcInputs& in, const XcOutputs& out) const {
  const xc_func_type* f = handles_[index].get();
  const std::size_t n = in.npoints;
  switch (component_families_[index]) {
    case XcFamily::Lda:
      if (out.exc && out.vrho)
        xc_lda_exc_vxc(f, n, in.rho, out.exc, out.vrho);
      else if (out.exc)
        xc_lda_exc(f, n, in.rho, out.exc);
      else
        xc_lda_vxc(f, n, in.rho, out.vrho);
      break;
    case XcFamily::Gga:
      if (out.exc && out.vrho)
        xc_gga_exc_vxc(f, n, in.rho, in.sigma, out.exc, out.vrho, out.vsigma);
      else if (out.exc)
        xc_gga_exc(f, n, in.rho, in.sigma, out.exc);
      else
        xc_gga_vxc(f, n, in.rho, in.sigma, out.vrho, out.vsigma);
      break;
    case XcFamily::MetaGga:
      // No Laplacian: such functionals were rejected, libxc accepts null lapl / vlapl then.
      if (out.exc && out.vrho)
        xc_mgga_exc_vxc(f, n, in.rho, in.sigma, nullptr, in.tau, out.exc, out.vrho, out.vsigma, nullptr,
                        out.vtau);
      else if (out.exc)
        xc_mgga_exc(f, n, in.rho, in.sigma, nullptr, in.tau, out.exc);
      else
        xc_mgga_vxc(f, n, in.rho, in.sigma, nullptr, in.tau, out.vrho, out.vsigma, nullptr, out.vtau);
      break;
    case XcFamily::None:
      break;
  }
}

void XcFunctional::evaluate(const XcInputs& in, const XcOutputs& out) const {
  const std::size_t n = in.npoints;
  if (n == 0 || (!out.exc && !out.vrho)) return;
  require(in.rho != nullptr, "rho is missing");
  require(!needs_sigma() || in.sigma != nullptr, "sigma is missing (GGA or meta-GGA)");
  require(!needs_tau() || in.tau != nullptr, "tau is missing (meta-GGA)");
  if (out.vrho) {
    require(!needs_sigma() || out.vsigma != nullptr, "vsigma is missing (GGA or meta-GGA)");
    require(!needs_tau() || out.vtau != nullptr, "vtau is missing (meta-GGA)");
  }
  const std::size_t n_rho = n * static_cast<std::size_t>(rho_components());
  const std::size_t n_sigma = n * static_cast<std::size_t>(sigma_components());
  const bool want_potential = out.vrho != nullptr;
  const auto fill = [](double* data, std::size_t count, double value) {
    if (data) std::fill(data, data + count, value);
  };
  const auto scale = [](double* data, std::size_t count, double factor) {
    if (data && factor != 1.0)
      for (std::size_t i = 0; i < count; ++i) data[i] *= factor;
  };

  if (components_.empty()) {  // exact exchange only: no DFT energy or potential
    fill(out.exc, n, 0.0);
    fill(out.vrho, n_rho, 0.0);
    return;
  }

  // The first component writes straight into the caller's buffers (libxc overwrites them);
  // outputs it does not produce but the whole functional does start at zero.
  evaluate_component(0, in, out);
  const double w0 = components_[0].weight;
  const XcFamily family0 = component_families_[0];
  scale(out.exc, n, w0);
  if (want_potential) {
    scale(out.vrho, n_rho, w0);
    if (needs_sigma()) {
      if (family0 == XcFamily::Lda)
        fill(out.vsigma, n_sigma, 0.0);
      else
        scale(out.vsigma, n_sigma, w0);
    }
    if (needs_tau()) {
      if (family0 != XcFamily::MetaGga)
        fill(out.vtau, n_rho, 0.0);
      else
        scale(out.vtau, n_rho, w0);
    }
  }
  if (components_.size() == 1) return;

  // Further components go through per-thread scratch and are added with their weights.
  thread_local std::vector<double> scratch;
  const std::size_t needed = n + 2 * n_rho + n_sigma;
  if (scratch.size() < needed) scratch.resize(needed);
  XcOutputs part;
  part.exc = out.exc ? scratch.data() : nullptr;
  part.vrho = want_potential ? scratch.data() + n : nullptr;
  part.vsigma = want_potential ? scratch.data() + n + n_rho : nullptr;
  part.vtau = want_potential ? scratch.data() + n + n_rho + n_sigma : nullptr;
  const auto add = [](double* sum, const double* term, std::size_t count, double weight) {
    for (std::size_t i = 0; i < count; ++i) sum[i] += weight * term[i];
  };
  for (std::size_t k = 1; k < components_.size(); ++k) {
    evaluate_component(k, in, part);
    const double w = components_[k].weight;
    const XcFamily family = component_families_[k];
    if (out.exc) add(out.exc, part.exc, n, w);
    if (!want_potential) continue;
    add(out.vrho, part.vrho, n_rho, w);
    if (family != XcFamily::Lda) add(out.vsigma, part.vsigma, n_sigma, w);
    if (family == XcFamily::MetaGga) add(out.vtau, part.vtau, n_rho, w);
  }
}

}  // namespace atropos
