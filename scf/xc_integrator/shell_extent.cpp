#include "scf/xc_integrator/shell_extent.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace atropos {

namespace {

// The bound on the shell's functions at distance r (bohr).
double envelope(int l, const std::vector<double>& exponents, const std::vector<double>& coefficients, double r) {
  double sum = 0.0;
  for (std::size_t p = 0; p < exponents.size(); ++p) sum += std::abs(coefficients[p]) * std::exp(-exponents[p] * r * r);
  return sum * std::pow(r, l);
}

// Root of envelope(r) = threshold in [lo, hi], envelope(lo) >= threshold > envelope(hi).
double bisect(int l, const std::vector<double>& a, const std::vector<double>& c, double threshold, double lo,
              double hi) {
  for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; ++it) {
    const double mid = 0.5 * (lo + hi);
    (envelope(l, a, c, mid) >= threshold ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace

double shell_extent(int l, const std::vector<double>& exponents, const std::vector<double>& coefficients,
                    double threshold) {
  if (!(threshold > 0.0)) throw std::invalid_argument("shell_extent: threshold must be positive");
  if (exponents.empty() || exponents.size() != coefficients.size())
    throw std::invalid_argument("shell_extent: need one coefficient per exponent");
  // Every term r^l exp(-a r^2) decreases beyond sqrt(l / 2a), so the sum does beyond the largest
  // of these radii.
  const double a_min = *std::min_element(exponents.begin(), exponents.end());
  const double r_peak = std::sqrt(l / (2.0 * a_min));
  if (envelope(l, exponents, coefficients, r_peak) >= threshold) {
    double hi = std::max(2.0 * r_peak, 1.0);
    while (envelope(l, exponents, coefficients, hi) >= threshold) hi *= 2.0;
    return bisect(l, exponents, coefficients, threshold, r_peak, hi);
  }
  // Below the threshold at and beyond r_peak (a tiny or very tight shell): walk inwards to the
  // last radius where it is not, then refine.
  const int steps = 1000;
  for (int i = steps - 1; i >= 0; --i) {
    const double r = r_peak * i / steps;
    if (envelope(l, exponents, coefficients, r) >= threshold)
      return bisect(l, exponents, coefficients, threshold, r, r_peak * (i + 1) / steps);
  }
  return 0.0;  // negligible everywhere
}

}  // namespace atropos
