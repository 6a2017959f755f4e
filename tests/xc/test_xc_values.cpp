// Values of the functionals against formulas evaluated here, independently of libxc.
//
// Slater exchange: Dirac, Proc. Camb. Phil. Soc. 26, 376 (1930); spin scaling
//   E_x[rho_a, rho_b] = (E_x[2 rho_a] + E_x[2 rho_b]) / 2 (Oliver, Perdew, PRA 20, 397 (1979)).
// PBE exchange: Perdew, Burke, Ernzerhof, PRL 77, 3865 (1996), eqs. (13)-(14):
//   F_x(s) = 1 + kappa - kappa / (1 + mu s^2 / kappa), kappa = 0.804, mu = beta pi^2 / 3 with
//   beta = 0.06672455060314922 (the digits in Perdew's reference PBE code; the paper rounds
//   mu to 0.21951).
// VWN correlation of the unpolarised gas: Vosko, Wilk, Nusair, Can. J. Phys. 58, 1200 (1980),
//   eq. (4.4) with A = 0.0310907 Eh (= 0.0621814 Ry / 2) and the paramagnetic fit parameters:
//   VWN5 ("fit to Ceperley-Alder"): x0 = -0.10498, b = 3.72744, c = 12.9352;
//   RPA ("VWN3"/"VWN-RPA" in Psi4 and Gaussian): x0 = -0.409286, b = 13.0720, c = 42.7198.
// B3LYP: Stephens et al., JPC 98, 11623 (1994): E = (1-a0) E_x^LSDA + a0 E_x^HF + ax dE_x^B88
//   + ac E_c^LYP + (1-ac) E_c^VWN with a0 = 0.20, ax = 0.72, ac = 0.81.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "common/error.hpp"
#include "tests/xc/xc_test_points.hpp"

using namespace atropos;
using namespace atropos::xc_test;

namespace {

constexpr auto kUnpol = SpinPolarisation::Unpolarised;
constexpr auto kPol = SpinPolarisation::Polarised;

// |a - b| <= rel * max(|a|, |b|) + abs
::testing::AssertionResult close(double a, double b, double rel, double abs = 0.0) {
  if (std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs " << b << " (difference " << a - b << ")";
}

const double kSlater = 0.75 * std::cbrt(3.0 / kPi);  // E_x = -kSlater * integral rho^(4/3)

double vwn_paramagnetic(double rho, double x0, double b, double c) {
  const double A = 0.0310907;
  const double rs = std::cbrt(3.0 / (4.0 * kPi * rho));
  const double x = std::sqrt(rs);
  const auto X = [&](double y) { return y * y + b * y + c; };
  const double Q = std::sqrt(4.0 * c - b * b);
  const double atan_term = std::atan(Q / (2.0 * x + b));
  return A * (std::log(x * x / X(x)) + 2.0 * b / Q * atan_term -
              b * x0 / X(x0) * (std::log((x - x0) * (x - x0) / X(x)) + 2.0 * (b + 2.0 * x0) / Q * atan_term));
}

}  // namespace

TEST(XcValues, SlaterExchangeUnpolarised) {
  const XcFunctional f("lda_x", kUnpol);
  const std::vector<double> rho = {1e-4, 0.01, 0.3, 1.0, 42.0};
  const auto r = evaluate(f, rho.size(), rho.data(), nullptr, nullptr);
  for (std::size_t i = 0; i < rho.size(); ++i) {
    const double exc = -kSlater * std::cbrt(rho[i]);
    EXPECT_TRUE(close(r.exc[i], exc, 1e-13)) << rho[i];
    EXPECT_TRUE(close(r.vrho[i], 4.0 / 3.0 * exc, 1e-13)) << rho[i];
  }
}

TEST(XcValues, SlaterExchangeSpinScaling) {
  const XcFunctional f("lda_x", kPol);
  const std::vector<double> rho = {0.3, 0.1, 0.02, 0.7};  // (a, b) for two points
  const auto r = evaluate(f, 2, rho.data(), nullptr, nullptr);
  const double c = kSlater * std::cbrt(2.0);
  for (std::size_t p = 0; p < 2; ++p) {
    const double ra = rho[2 * p], rb = rho[2 * p + 1];
    const double e = -c * (std::pow(ra, 4.0 / 3.0) + std::pow(rb, 4.0 / 3.0));
    EXPECT_TRUE(close(r.exc[p], e / (ra + rb), 1e-13));
    EXPECT_TRUE(close(r.vrho[2 * p], -std::cbrt(6.0 / kPi * ra), 1e-13));
    EXPECT_TRUE(close(r.vrho[2 * p + 1], -std::cbrt(6.0 / kPi * rb), 1e-13));
  }
}

TEST(XcValues, PbeExchangeEnhancementAndDerivatives) {
  const double kappa = 0.804, mu = 0.06672455060314922 * kPi * kPi / 3.0;
  const double c = 1.0 / (4.0 * std::pow(3.0 * kPi * kPi, 2.0 / 3.0));  // s^2 = c sigma rho^(-8/3)
  const XcFunctional f("gga_x_pbe", kUnpol);
  const auto points = sample_points();
  const auto in = unpolarised_arrays(points);
  const auto r = evaluate(f, points.size(), in.rho.data(), in.sigma.data(), nullptr);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double rho = in.rho[i], sigma = in.sigma[i];
    const double x = c * sigma * std::pow(rho, -8.0 / 3.0);
    const double denominator = 1.0 + mu * x / kappa;
    const double F = 1.0 + kappa - kappa / denominator;
    const double dF = mu / (denominator * denominator);  // dF/d(s^2)
    const double lda = -kSlater * std::pow(rho, 4.0 / 3.0);
    EXPECT_TRUE(close(r.exc[i] * rho, lda * F, 1e-12)) << i;
    EXPECT_TRUE(close(r.vrho[i], 4.0 / 3.0 * lda / rho * F - 8.0 / 3.0 * lda * dF * x / rho, 1e-12)) << i;
    EXPECT_TRUE(close(r.vsigma[i], lda * dF * c * std::pow(rho, -8.0 / 3.0), 1e-12)) << i;
  }
}

TEST(XcValues, SvwnUsesVwnRpaAndSvwn5UsesVwn5) {
  const std::vector<double> rho = {0.001, 0.05, 0.4, 3.0};
  const XcFunctional svwn("svwn", kUnpol), svwn5("svwn5", kUnpol);
  const auto r3 = evaluate(svwn, rho.size(), rho.data(), nullptr, nullptr);
  const auto r5 = evaluate(svwn5, rho.size(), rho.data(), nullptr, nullptr);
  for (std::size_t i = 0; i < rho.size(); ++i) {
    const double x = -kSlater * std::cbrt(rho[i]);
    EXPECT_TRUE(close(r3.exc[i], x + vwn_paramagnetic(rho[i], -0.409286, 13.0720, 42.7198), 1e-12)) << rho[i];
    EXPECT_TRUE(close(r5.exc[i], x + vwn_paramagnetic(rho[i], -0.10498, 3.72744, 12.9352), 1e-12)) << rho[i];
    // The two parametrisations differ by ~0.02 Eh per electron: the test tells them apart.
    EXPECT_GT(std::abs(r3.exc[i] - r5.exc[i]), 1e-3);
  }
}

TEST(XcValues, B3lypIsStephensMixtureWithVwnRpa) {
  const XcFunctional b3lyp("b3lyp", kPol);
  const XcFunctional mixture("0.08*lda_x + 0.72*gga_x_b88 + 0.19*lda_c_vwn_rpa + 0.81*gga_c_lyp + 0.2*hf",
                             kPol);
  EXPECT_DOUBLE_EQ(mixture.exact_exchange().alpha, b3lyp.exact_exchange().alpha);
  const std::vector<double> rho = {0.3, 0.1, 0.02, 0.021, 2.0, 1.5};
  const std::vector<double> sigma = {0.05, 0.01, 0.03, 4e-4, 3e-4, 5e-4, 1.0, 0.2, 0.9};
  const auto a = evaluate(b3lyp, 3, rho.data(), sigma.data(), nullptr);
  const auto b = evaluate(mixture, 3, rho.data(), sigma.data(), nullptr);
  for (std::size_t i = 0; i < a.exc.size(); ++i) EXPECT_TRUE(close(a.exc[i], b.exc[i], 1e-12));
  for (std::size_t i = 0; i < a.vrho.size(); ++i) EXPECT_TRUE(close(a.vrho[i], b.vrho[i], 1e-12));
  for (std::size_t i = 0; i < a.vsigma.size(); ++i) EXPECT_TRUE(close(a.vsigma[i], b.vsigma[i], 1e-12));
}

TEST(XcValues, HandBuiltPbe0EqualsLibxcPbeh) {
  // PBE0 = 0.25 HF + 0.75 PBE exchange + PBE correlation (Adamo, Barone 1999).
  const XcFunctional pbe0("pbe0", kUnpol), built("0.25*hf+0.75*gga_x_pbe+gga_c_pbe", kUnpol);
  const auto in = unpolarised_arrays(sample_points());
  const auto a = evaluate(pbe0, in.rho.size(), in.rho.data(), in.sigma.data(), nullptr);
  const auto b = evaluate(built, in.rho.size(), in.rho.data(), in.sigma.data(), nullptr);
  for (std::size_t i = 0; i < in.rho.size(); ++i) {
    EXPECT_TRUE(close(a.exc[i], b.exc[i], 1e-13));
    EXPECT_TRUE(close(a.vrho[i], b.vrho[i], 1e-13));
    EXPECT_TRUE(close(a.vsigma[i], b.vsigma[i], 1e-13));
  }
}

TEST(XcValues, SumOfComponentsIsExactlyTheSumOfTheirEvaluations) {
  const auto in = unpolarised_arrays(sample_points());
  const std::size_t n = in.rho.size();
  const auto whole = evaluate(XcFunctional("lda_x+gga_c_pbe+mgga_c_tpss", kUnpol), n, in.rho.data(),
                              in.sigma.data(), in.tau.data());
  const auto x = evaluate(XcFunctional("lda_x", kUnpol), n, in.rho.data(), nullptr, nullptr);
  const auto c1 = evaluate(XcFunctional("gga_c_pbe", kUnpol), n, in.rho.data(), in.sigma.data(), nullptr);
  const auto c2 =
      evaluate(XcFunctional("mgga_c_tpss", kUnpol), n, in.rho.data(), in.sigma.data(), in.tau.data());
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(whole.exc[i], x.exc[i] + c1.exc[i] + c2.exc[i]);
    EXPECT_EQ(whole.vrho[i], x.vrho[i] + c1.vrho[i] + c2.vrho[i]);
    EXPECT_EQ(whole.vsigma[i], 0.0 + c1.vsigma[i] + c2.vsigma[i]);  // the LDA part has none
    EXPECT_EQ(whole.vtau[i], 0.0 + c2.vtau[i]);
  }
}

// Equal spin densities must reproduce the unpolarised functional: exc and vrho directly,
// vsigma = (v_aa + v_ab + v_bb)/4 (sigma_ss' = sigma/4), vtau = vtau_a (tau_s = tau/2).
TEST(XcValues, EqualSpinsEqualUnpolarised) {
  const auto points = sample_points();
  const std::size_t n = points.size();
  const auto u = unpolarised_arrays(points);
  const auto p = equal_spin_arrays(points);
  for (const char* name : {"svwn", "svwn5", "blyp", "bp86", "pbe", "revpbe", "b97-d", "b3lyp", "b3lyp5",
                           "pbe0", "cam-b3lyp", "wb97x", "tpss", "tpssh", "scan", "r2scan", "m06-l"}) {
    const XcFunctional fu(name, kUnpol), fp(name, kPol);
    const auto ru = evaluate(fu, n, u.rho.data(), u.sigma.data(), u.tau.data());
    const auto rp = evaluate(fp, n, p.rho.data(), p.sigma.data(), p.tau.data());
    for (std::size_t i = 0; i < n; ++i) {
      SCOPED_TRACE(std::string(name) + " point " + std::to_string(i));
      EXPECT_TRUE(close(rp.exc[i], ru.exc[i], 1e-10, 1e-14));
      EXPECT_TRUE(close(rp.vrho[2 * i], ru.vrho[i], 1e-10, 1e-14));
      EXPECT_TRUE(close(rp.vrho[2 * i], rp.vrho[2 * i + 1], 1e-12));  // libxc: equal up to rounding
      if (fu.needs_sigma()) {
        const double v = (rp.vsigma[3 * i] + rp.vsigma[3 * i + 1] + rp.vsigma[3 * i + 2]) / 4.0;
        EXPECT_TRUE(close(v, ru.vsigma[i], 1e-10, 1e-14));
      }
      if (fu.needs_tau()) {
        EXPECT_TRUE(close(rp.vtau[2 * i], ru.vtau[i], 1e-10, 1e-14));
      }
    }
  }
}

TEST(XcValues, EnergyOnlyAndPotentialOnlyMatchFullEvaluation) {
  const XcFunctional f("gga_x_b88+0.3*mgga_c_scan+lda_c_pw", kUnpol);
  const auto in = unpolarised_arrays(sample_points());
  const std::size_t n = in.rho.size();
  const auto full = evaluate(f, n, in.rho.data(), in.sigma.data(), in.tau.data());
  std::vector<double> exc(n), vrho(n), vsigma(n), vtau(n);
  f.evaluate({n, in.rho.data(), in.sigma.data(), in.tau.data()}, {exc.data(), nullptr, nullptr, nullptr});
  f.evaluate({n, in.rho.data(), in.sigma.data(), in.tau.data()},
             {nullptr, vrho.data(), vsigma.data(), vtau.data()});
  EXPECT_EQ(exc, full.exc);
  EXPECT_EQ(vrho, full.vrho);
  EXPECT_EQ(vsigma, full.vsigma);
  EXPECT_EQ(vtau, full.vtau);
}

TEST(XcValues, DensityThresholdZeroesThinPoints) {
  XcFunctional f("pbe", kUnpol);
  const std::vector<double> rho = {5e-4, 0.5}, sigma = {1e-8, 0.1};
  const auto before = evaluate(f, 2, rho.data(), sigma.data(), nullptr);
  EXPECT_LT(before.exc[0], -1e-3);  // libxc's default threshold (1e-15 .. 1e-12) keeps the point
  f.set_density_threshold(1e-3);
  const auto after = evaluate(f, 2, rho.data(), sigma.data(), nullptr);
  EXPECT_EQ(after.exc[0], 0.0);
  EXPECT_EQ(after.vrho[0], 0.0);
  EXPECT_EQ(after.vsigma[0], 0.0);
  EXPECT_EQ(after.exc[1], before.exc[1]);  // points above the threshold are unchanged
}

TEST(XcValues, HartreeFockWritesZeros) {
  const XcFunctional hf("hf", kUnpol);
  const std::vector<double> rho = {0.1, 0.2};
  std::vector<double> exc = {7.0, 7.0}, vrho = {7.0, 7.0};
  hf.evaluate({2, rho.data(), nullptr, nullptr}, {exc.data(), vrho.data(), nullptr, nullptr});
  EXPECT_EQ(exc, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(vrho, (std::vector<double>{0.0, 0.0}));
}

TEST(XcValues, MissingBuffersAreProgrammingErrors) {
  const XcFunctional gga("pbe", kUnpol), mgga("tpss", kUnpol);
  const std::vector<double> rho = {0.1}, sigma = {0.01};
  std::vector<double> exc(1), vrho(1), vsigma(1);
  EXPECT_THROW(gga.evaluate({1, rho.data(), nullptr, nullptr}, {exc.data(), nullptr, nullptr, nullptr}),
               std::invalid_argument);
  EXPECT_THROW(
      gga.evaluate({1, rho.data(), sigma.data(), nullptr}, {exc.data(), vrho.data(), nullptr, nullptr}),
      std::invalid_argument);
  EXPECT_THROW(mgga.evaluate({1, rho.data(), sigma.data(), nullptr}, {exc.data(), nullptr, nullptr, nullptr}),
               std::invalid_argument);
}

// One object, many threads, blocks of different sizes (so per-thread scratch regrows): every
// thread must get exactly the serial numbers.
TEST(XcValues, ConcurrentEvaluationMatchesSerialBitwise) {
  const XcFunctional f("0.5*gga_x_b88+0.5*gga_x_pbe+gga_c_lyp+mgga_c_tpss", kPol);
  const std::size_t n = 2000;
  std::vector<double> rho(2 * n), sigma(3 * n), tau(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto a =
        make_point(1e-3 + 0.005 * static_cast<double>(i), 0.3 + 1e-4 * static_cast<double>(i), 0.5);
    const auto b = make_point(2e-3 + 0.003 * static_cast<double>(i), 0.8, 1.3);
    rho[2 * i] = a.rho / 2, rho[2 * i + 1] = b.rho / 2;
    sigma[3 * i] = a.sigma / 4, sigma[3 * i + 2] = b.sigma / 4;
    sigma[3 * i + 1] = 0.3 * std::sqrt(sigma[3 * i] * sigma[3 * i + 2]);
    tau[2 * i] = a.tau / 2, tau[2 * i + 1] = b.tau / 2;
  }
  const auto serial = evaluate(f, n, rho.data(), sigma.data(), tau.data());
  const int nthreads = 4;
  std::vector<Results> parallel(nthreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < nthreads; ++t) {
    threads.emplace_back([&, t] {
      Results& r = parallel[static_cast<std::size_t>(t)];
      r = Results{std::vector<double>(n), std::vector<double>(2 * n), std::vector<double>(3 * n),
                  std::vector<double>(2 * n)};
      for (int repeat = 0; repeat < 5; ++repeat) {
        const std::size_t block = 37 + 101 * static_cast<std::size_t>((t + repeat) % 4);
        for (std::size_t start = 0; start < n; start += block) {
          const std::size_t m = std::min(block, n - start);
          f.evaluate({m, &rho[2 * start], &sigma[3 * start], &tau[2 * start]},
                     {&r.exc[start], &r.vrho[2 * start], &r.vsigma[3 * start], &r.vtau[2 * start]});
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& r : parallel) {
    EXPECT_EQ(r.exc, serial.exc);
    EXPECT_EQ(r.vrho, serial.vrho);
    EXPECT_EQ(r.vsigma, serial.vsigma);
    EXPECT_EQ(r.vtau, serial.vtau);
  }
}
