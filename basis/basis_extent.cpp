#include "basis/basis_extent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace atropos {

namespace {

double double_factorial_odd(int l) {  // (2l-1)!!
  double f = 1.0;
  for (int k = 2 * l - 1; k > 1; k -= 2) f *= k;
  return f;
}

// Coefficients of the normalised contracted shell, as Psi4's ShellInfo computes them:
// primitive norms sqrt(2^l (2 alpha)^(l+3/2) / (pi^(3/2) (2l-1)!!)), then one factor making
// the contracted radial function's norm 1.
std::vector<double> normalised_coefficients(const Shell& shell) {
  const int l = shell.l;
  const double df = double_factorial_odd(l);
  std::vector<double> c(shell.coefficients);
  for (std::size_t k = 0; k < c.size(); ++k)
    c[k] *= std::sqrt(std::pow(2.0, l) * std::pow(2.0 * shell.exponents[k], l + 1.5) / (M_PI * std::sqrt(M_PI) * df));
  double sum = 0.0;
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < c.size(); ++j) sum += c[i] * c[j] / std::pow(shell.exponents[i] + shell.exponents[j], l + 1.5);
  const double overlap_unit = (2.0 * M_PI / M_2_SQRTPI) * df / std::pow(2.0, l);  // pi^(3/2) (2l-1)!! / 2^l
  const double norm = std::sqrt(1.0 / (overlap_unit * sum));
  for (double& x : c) x *= norm;
  return c;
}

}  // namespace

double shell_extent(const Shell& shell, double threshold) {
  if (threshold == 0.0) return std::numeric_limits<double>::infinity();
  const std::vector<double> c = normalised_coefficients(shell);
  const auto excess = [&](double r) {
    double f = 0.0;
    for (std::size_t k = 0; k < c.size(); ++k) f += std::fabs(c[k]) * std::pow(r, shell.l) * std::exp(-shell.exponents[k] * r * r);
    return std::fabs(f) - threshold;
  };
  // Psi4's bracket: double from 2 bohr until below the threshold, halve from there until above
  // (never reaching r = 0, where an l > 0 shell vanishes).
  double right = 2.0;
  while (excess(right) > 0.0) right *= 2.0;
  double left = right;
  while (excess(left) < 0.0) {
    left /= 2.0;
    if (left == 0.0) throw std::runtime_error("shell_extent: no radius above the threshold");
  }
  double middle = 0.0, value = 0.0;
  do {
    middle = 0.5 * (left + right);
    value = excess(middle);
    (value > 0.0 ? left : right) = middle;
  } while (std::fabs(right - left) > 1e-8 * left && std::fabs(value) != 0.0);
  return middle;
}

double basis_extent(const BasisSet& basis, double threshold) {
  double extent = 0.0;
  for (const Shell& s : basis.shells()) extent = std::max(extent, shell_extent(s, threshold));
  return extent;
}

}  // namespace atropos
