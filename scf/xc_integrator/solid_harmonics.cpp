#include "scf/xc_integrator/solid_harmonics.hpp"

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

namespace atropos {

namespace {

double factorial(int n) {
  double f = 1.0;
  for (int k = 2; k <= n; ++k) f *= k;
  return f;
}

double binomial(int n, int k) { return factorial(n) / (factorial(k) * factorial(n - k)); }

using Monomial = std::array<int, 3>;            // exponents of x, y, z
using Polynomial = std::map<Monomial, double>;  // sum of coefficient * monomial

}  // namespace

std::vector<std::array<int, 3>> cartesian_components(int l) {
  std::vector<std::array<int, 3>> components;
  components.reserve(static_cast<std::size_t>(cartesian_count(l)));
  for (int lx = l; lx >= 0; --lx)
    for (int ly = l - lx; ly >= 0; --ly) components.push_back({lx, ly, l - lx - ly});
  return components;
}

Eigen::MatrixXd solid_harmonic_coefficients(int l) {
  if (l < 0 || l > 12) throw std::invalid_argument("solid harmonics need 0 <= l <= 12, got " + std::to_string(l));
  const auto components = cartesian_components(l);
  Eigen::MatrixXd T = Eigen::MatrixXd::Zero(2 * l + 1, cartesian_count(l));

  for (int m = -l; m <= l; ++m) {
    const int am = std::abs(m);
    Polynomial poly;
    // r^l P_l^|m|(z/r) {Re, Im}(x + i y)^|m| / rho^|m| expanded as
    //   sum_k a_k z^(l-|m|-2k) r^(2k) {Re, Im}(x + i y)^|m|,
    //   a_k = (-1)^k (2l-2k)! / (2^l k! (l-k)! (l-|m|-2k)!)
    // (Rodrigues' formula for P_l differentiated |m| times).
    for (int k = 0; l - am - 2 * k >= 0; ++k) {
      const double a = ((k % 2) ? -1.0 : 1.0) * factorial(2 * l - 2 * k) /
                       (std::pow(2.0, l) * factorial(k) * factorial(l - k) * factorial(l - am - 2 * k));
      const int zpow = l - am - 2 * k;
      // (x^2 + y^2 + z^2)^k = sum k!/(p! q! s!) x^2p y^2q z^2s
      for (int p = 0; p <= k; ++p)
        for (int q = 0; p + q <= k; ++q) {
          const int s = k - p - q;
          const double multinomial = factorial(k) / (factorial(p) * factorial(q) * factorial(s));
          // (x + i y)^|m| = sum_j C(|m|, j) x^(|m|-j) (i y)^j: real part from even j, imaginary
          // part from odd j; i^j = (-1)^(j/2) or i (-1)^((j-1)/2).
          for (int j = (m >= 0 ? 0 : 1); j <= am; j += 2) {
            const double phase = ((j / 2) % 2) ? -1.0 : 1.0;
            const Monomial mono{2 * p + am - j, 2 * q + j, 2 * s + zpow};
            poly[mono] += a * multinomial * binomial(am, j) * phase;
          }
        }
    }
    const double norm = std::sqrt((m == 0 ? 1.0 : 2.0) * factorial(l - am) / factorial(l + am));
    for (std::size_t c = 0; c < components.size(); ++c) {
      const auto it = poly.find(components[c]);
      if (it != poly.end()) T(m + l, static_cast<Eigen::Index>(c)) = norm * it->second;
    }
  }
  return T;
}

}  // namespace atropos
