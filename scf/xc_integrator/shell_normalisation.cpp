#include "scf/xc_integrator/shell_normalisation.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;

double double_factorial_odd(int l) {  // (2l-1)!!, 1 for l = 0
  double f = 1.0;
  for (int k = 2 * l - 1; k > 1; k -= 2) f *= k;
  return f;
}

// integral of x^(2l) exp(-g r^2) over space (bohr^(2l+3)): (2l-1)!! / (2g)^l (pi/g)^(3/2).
double gaussian_moment(double g, int l) {
  return double_factorial_odd(l) / std::pow(2.0 * g, l) * std::pow(kPi / g, 1.5);
}

}  // namespace

double primitive_normalisation(double exponent, int l) { return 1.0 / std::sqrt(gaussian_moment(2.0 * exponent, l)); }

std::vector<double> normalised_contraction(const Shell& shell) {
  const std::string where = "shell with l=" + std::to_string(shell.l) + " on atom " + std::to_string(shell.atom);
  if (shell.exponents.empty() || shell.exponents.size() != shell.coefficients.size())
    throw InputError("a shell needs as many coefficients as exponents, and at least one", where);
  const std::size_t n = shell.exponents.size();
  std::vector<double> c(n);
  for (std::size_t p = 0; p < n; ++p) {
    if (!(shell.exponents[p] > 0.0)) throw InputError("exponent must be positive", where);
    c[p] = shell.coefficients[p] * primitive_normalisation(shell.exponents[p], shell.l);
  }
  double norm2 = 0.0;
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t q = 0; q < n; ++q)
      norm2 += c[p] * c[q] * gaussian_moment(shell.exponents[p] + shell.exponents[q], shell.l);
  if (!(norm2 > 0.0)) throw InputError("contracted function has zero norm", where);
  const double scale = 1.0 / std::sqrt(norm2);
  for (double& x : c) x *= scale;
  return c;
}

}  // namespace atropos
