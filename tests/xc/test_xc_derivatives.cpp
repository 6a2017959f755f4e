// vrho, vsigma, vtau against central finite differences of the energy density e = (total rho)*exc.
//
// Step h = 1e-5 * |x| for each input x. Truncation error ~ h^2 e'''/6 and rounding ~ 1e-16 e/h
// are both ~1e-10 relative to e/x, so the tolerance |fd - v| <= 1e-6 (|v| + |e/x|) leaves four
// orders of margin and still catches a wrong factor or a missing weight.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "tests/xc/xc_test_points.hpp"

using namespace atropos;
using namespace atropos::xc_test;

namespace {

double energy_density(const XcFunctional& f, const std::vector<double>& rho, const std::vector<double>& sigma,
                      const std::vector<double>& tau) {
  double exc = 0.0;
  f.evaluate({1, rho.data(), sigma.data(), tau.data()}, {&exc, nullptr, nullptr, nullptr});
  double total = 0.0;
  for (const double r : rho) total += r;
  return total * exc;
}

// Checks every derivative of f at one point given by per-point arrays in libxc layout.
void check_point(const XcFunctional& f, std::vector<double> rho, std::vector<double> sigma,
                 std::vector<double> tau) {
  const auto analytic = evaluate(f, 1, rho.data(), sigma.data(), tau.data());
  const double e = energy_density(f, rho, sigma, tau);
  const auto check = [&](std::vector<double>& inputs, const std::vector<double>& v, const char* label) {
    for (std::size_t k = 0; k < inputs.size(); ++k) {
      const double x = inputs[k];
      const double h = 1e-5 * std::abs(x);
      inputs[k] = x + h;
      const double up = energy_density(f, rho, sigma, tau);
      inputs[k] = x - h;
      const double down = energy_density(f, rho, sigma, tau);
      inputs[k] = x;
      const double fd = (up - down) / (2.0 * h);
      EXPECT_NEAR(fd, v[k], 1e-6 * (std::abs(v[k]) + std::abs(e / x)))
          << f.spec() << " " << label << "[" << k << "] at x = " << x;
    }
  };
  check(rho, analytic.vrho, "vrho");
  if (f.needs_sigma()) check(sigma, analytic.vsigma, "vsigma");
  if (f.needs_tau()) check(tau, analytic.vtau, "vtau");
}

const char* const kFunctionals[] = {
    "svwn", "pbe", "blyp", "b3lyp", "wb97x", "b97-d", "tpss", "scan", "r2scan", "m06-l", "tpssh",
    // mixed families with weights, an LDA first (its missing vsigma / vtau must start at zero)
    "0.6*lda_x + 0.4*gga_x_b88 + 0.9*mgga_c_tpss"};

}  // namespace

TEST(XcDerivatives, UnpolarisedMatchFiniteDifferences) {
  for (const char* name : kFunctionals) {
    const XcFunctional f(name, SpinPolarisation::Unpolarised);
    for (const auto& p : sample_points()) check_point(f, {p.rho}, {p.sigma}, {p.tau});
  }
}

TEST(XcDerivatives, PolarisedMatchFiniteDifferences) {
  for (const char* name : kFunctionals) {
    const XcFunctional f(name, SpinPolarisation::Polarised);
    const auto points = sample_points();
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      // Unequal spins from two neighbouring sample points; the two spin gradients at an angle
      // (sigma_ab = 0.4 |grad a| |grad b|).
      const auto& a = points[i];
      const auto& b = points[i + 1];
      const double saa = a.sigma / 4, sbb = b.sigma / 16;
      check_point(f, {a.rho / 2, b.rho / 4}, {saa, 0.4 * std::sqrt(saa * sbb), sbb}, {a.tau / 2, b.tau / 4});
    }
  }
}
