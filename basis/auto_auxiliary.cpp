#include "basis/auto_auxiliary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

namespace {

// Stoychev, Auer, Neese, JCTC 13, 554 (2017), Table 1: scale factors f_L of the upper end of the
// densely spaced series, and the even-tempered ratios beta_L of the angular momenta above 2 l_val.
constexpr std::array<double, 8> kUpperEndFactor = {20.0, 7.0, 4.0, 4.0, 3.5, 2.5, 2.0, 2.0};
constexpr std::array<double, 8> kBetaBig = {1.8, 2.0, 2.2, 2.2, 2.2, 2.3, 3.0, 3.0};
constexpr double kBetaSmall = 1.8;

// int_0^inf r^n exp(-a r^2) dr, as a logarithm.
double log_radial_integral(int n, double a) {
  const double p = 0.5 * (n + 1);
  return std::lgamma(p) - std::log(2.0) - p * std::log(a);
}

// Highest angular momentum occupied in the free atom's ground state, and how far above the
// orbital basis's own l_max the auxiliary set reaches (the paper's rules).
int valence_l(int Z) { return Z <= 2 ? 0 : Z <= 20 ? 1 : Z <= 56 ? 2 : 3; }
int l_increment(int Z) { return Z <= 18 ? 1 : 2; }

// Exponents lower * beta^k, k = 0..n-1, with n the least count whose last term reaches `upper`
// (one term when upper <= lower); returned tightest first, as basis files list them.
std::vector<double> even_tempered(double lower, double upper, double beta) {
  // A ratio that is an exact power of beta up to rounding (e.g. one primitive, upper == lower)
  // must not gain an extra term.
  const double steps = std::log(upper / lower) / std::log(beta);
  const int n = static_cast<int>(std::ceil(steps - 1e-9)) + 1;
  std::vector<double> exponents;
  for (int k = n - 1; k >= 0; --k) exponents.push_back(lower * std::pow(beta, k));
  return exponents;
}

}  // namespace

double effective_exponent(const Shell& shell) {
  const int l = shell.l;
  const std::size_t n = shell.exponents.size();
  if (n == 0 || shell.coefficients.size() != n) throw InputError("a shell needs one coefficient per exponent", "AutoAux");
  // Radial function sum_p c_p N_p r^l exp(-a_p r^2), with N_p normalising each primitive.
  std::vector<double> log_norm(n);
  for (std::size_t p = 0; p < n; ++p) log_norm[p] = -0.5 * log_radial_integral(2 * l + 2, 2.0 * shell.exponents[p]);
  double norm = 0.0, r_moment = 0.0;  // <chi|chi> and <chi|r|chi>
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t q = 0; q < n; ++q) {
      const double cc = shell.coefficients[p] * shell.coefficients[q];
      const double a = shell.exponents[p] + shell.exponents[q];
      norm += cc * std::exp(log_norm[p] + log_norm[q] + log_radial_integral(2 * l + 2, a));
      r_moment += cc * std::exp(log_norm[p] + log_norm[q] + log_radial_integral(2 * l + 3, a));
    }
  const double mean_r = r_moment / norm;
  // A primitive of exponent a has <r> = Gamma(l+2) / Gamma(l+3/2) / sqrt(2a); inverted here
  // (the same as 2 k_l^2 / (pi <r>^2)).
  const double ratio = std::exp(std::lgamma(l + 2.0) - std::lgamma(l + 1.5));
  return ratio * ratio / (2.0 * mean_r * mean_r);
}

std::vector<Shell> autoaux_element_shells(int Z, const std::vector<Shell>& orbital_shells, const AutoAuxOptions& options) {
  if (orbital_shells.empty())
    throw InputError(fmt::format("no orbital shells on {} to build an auxiliary basis from", element_symbol(Z)), "AutoAux");
  int l_max = 0;
  for (const Shell& s : orbital_shells) l_max = std::max(l_max, s.l);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> a_min(l_max + 1, inf), a_max(l_max + 1, 0.0), a_eff(l_max + 1, 0.0);
  for (const Shell& s : orbital_shells) {
    for (double a : s.exponents) {
      a_min[s.l] = std::min(a_min[s.l], a);
      a_max[s.l] = std::max(a_max[s.l], a);
    }
    a_eff[s.l] = std::max(a_eff[s.l], effective_exponent(s));
  }

  const int l_val = valence_l(Z);
  const int wanted_l_max = std::max(2 * l_val, l_max + l_increment(Z)) + (options.extended ? 1 : 0);
  const int aux_l_max = std::min({wanted_l_max, 2 * l_max, options.max_l, static_cast<int>(kBetaBig.size()) - 1});
  const double lower_end_factor = options.extended ? 0.5 : 1.0;

  std::vector<Shell> shells;
  for (int L = 0; L <= aux_l_max; ++L) {
    double e_min = inf, e_max = 0.0, e_aux = 0.0;
    for (int l1 = 0; l1 <= l_max; ++l1)
      for (int l2 = 0; l2 <= l_max; ++l2) {
        // Skip angular momenta the orbital set lacks (a gap such as s, d without p).
        if (std::abs(l1 - l2) > L || L > l1 + l2 || a_max[l1] == 0.0 || a_max[l2] == 0.0) continue;
        e_min = std::min(e_min, a_min[l1] + a_min[l2]);
        e_max = std::max(e_max, a_max[l1] + a_max[l2]);
        e_aux = std::max(e_aux, a_eff[l1] + a_eff[l2]);
      }
    if (e_min == inf) continue;
    e_min *= lower_end_factor;
    const bool valence_part = L <= 2 * l_val;
    const double upper = valence_part ? std::min(kUpperEndFactor[L] * e_aux, e_max) : e_aux;
    const double beta = valence_part ? kBetaSmall : kBetaBig[L];
    for (double exponent : even_tempered(e_min, upper, beta)) {
      Shell shell;
      shell.l = L;
      shell.pure = true;
      shell.exponents = {exponent};
      shell.coefficients = {1.0};
      shell.center = orbital_shells.front().center;
      shell.atom = orbital_shells.front().atom;
      shells.push_back(std::move(shell));
    }
  }
  return shells;
}

BasisSet make_autoaux_basis(const BasisSet& orbital, const Molecule& molecule, const AutoAuxOptions& options) {
  std::vector<Shell> shells;
  for (std::size_t a = 0; a < molecule.size(); ++a) {
    const auto [begin, end] = orbital.shells_of_atom(static_cast<int>(a));
    const std::vector<Shell> own(orbital.shells().begin() + begin, orbital.shells().begin() + end);
    if (own.empty()) continue;  // an atom without orbital functions gets no auxiliary ones
    for (Shell& s : autoaux_element_shells(molecule[a].Z, own, options)) shells.push_back(std::move(s));
  }
  return BasisSet(options.extended ? "autoaux-extended" : "autoaux", std::move(shells));
}

}  // namespace atropos
