#pragma once
// Density points for the XC tests and a vector-returning wrapper around XcFunctional::evaluate.

#include <cmath>
#include <limits>
#include <vector>

#include "scf/xc/xc_functional.hpp"

namespace atropos::xc_test {

inline const double kPi = std::acos(-1.0);

// An unpolarised point chosen from physical parameters: density rho (bohr^-3), reduced gradient
// s = |grad rho| / (2 (3 pi^2)^(1/3) rho^(4/3)) and iso-orbital indicator
// alpha = (tau - tau_W) / tau_UEG, with tau_W = sigma / (8 rho) and
// tau_UEG = (3/10)(3 pi^2)^(2/3) rho^(5/3) (libxc's tau carries the factor 1/2).
struct Point {
  double rho, sigma, tau;
};

inline Point make_point(double rho, double s, double alpha) {
  const double kf = std::cbrt(3.0 * kPi * kPi * rho);
  const double grad = 2.0 * kf * rho * s;
  const double sigma = grad * grad;
  const double tau_w = sigma / (8.0 * rho);
  const double tau_ueg = 0.3 * kf * kf * rho;
  return {rho, sigma, tau_w + alpha * tau_ueg};
}

// A spread of densities from the tail of a molecule to a core, moderate gradients, alpha away
// from 1 (SCAN's switching function is not smooth there).
inline std::vector<Point> sample_points() {
  return {make_point(0.01, 1.2, 0.4), make_point(0.1, 0.6, 1.6), make_point(0.35, 0.3, 0.2),
          make_point(1.0, 0.9, 2.5), make_point(8.0, 0.2, 0.7)};
}

// Input arrays in libxc layout for `points` (polarised: each spin gets half; spin-asymmetric
// points come from explicit arrays in the tests).
struct Arrays {
  std::vector<double> rho, sigma, tau;
};

inline Arrays unpolarised_arrays(const std::vector<Point>& points) {
  Arrays a;
  for (const auto& p : points) {
    a.rho.push_back(p.rho);
    a.sigma.push_back(p.sigma);
    a.tau.push_back(p.tau);
  }
  return a;
}

// Equal spins: rho_s = rho/2, sigma_ss' = sigma/4 (grad rho_s = grad rho / 2), tau_s = tau/2.
inline Arrays equal_spin_arrays(const std::vector<Point>& points) {
  Arrays a;
  for (const auto& p : points) {
    a.rho.insert(a.rho.end(), {p.rho / 2, p.rho / 2});
    a.sigma.insert(a.sigma.end(), {p.sigma / 4, p.sigma / 4, p.sigma / 4});
    a.tau.insert(a.tau.end(), {p.tau / 2, p.tau / 2});
  }
  return a;
}

struct Results {
  std::vector<double> exc, vrho, vsigma, vtau;
};

// Evaluates f at n points given in libxc layout; every output buffer is allocated and starts as
// NaN, so an output the functional should have written but did not shows up.
inline Results evaluate(const XcFunctional& f, std::size_t n, const double* rho, const double* sigma,
                        const double* tau) {
  const std::size_t nr = n * static_cast<std::size_t>(f.rho_components());
  const std::size_t ns = n * static_cast<std::size_t>(f.sigma_components());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Results r{std::vector<double>(n, nan), std::vector<double>(nr, nan), std::vector<double>(ns, nan),
            std::vector<double>(nr, nan)};
  f.evaluate(XcInputs{n, rho, sigma, tau},
             XcOutputs{r.exc.data(), r.vrho.data(), r.vsigma.data(), r.vtau.data()});
  return r;
}

}  // namespace atropos::xc_test
