#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "scf/grid/atomic_radii.hpp"
#include "scf/grid/radial.hpp"

using namespace atropos;

namespace {

template <typename F>
double integrate(const RadialGrid& g, F f) {
  double sum = 0.0;
  for (std::size_t i = 0; i < g.size(); ++i) sum += g.w[i] * f(g.r[i]);
  return sum;
}

// integral_0^inf exp(-a r^2) r^2 dr = sqrt(pi) / (4 a^(3/2))
double gaussian_exact(double a) { return std::sqrt(M_PI) / (4.0 * std::pow(a, 1.5)); }
// integral_0^inf exp(-z r) r^2 dr = 2 / z^3
double slater_exact(double z) { return 2.0 / (z * z * z); }

// Exponents that span an atom's density: Gaussians from valence (0.3) to core (1000), and
// Slater 1s densities exp(-2 Z r) from H (z = 2) to S (z = 32). Much more diffuse functions
// (exp(-r), exp(-0.05 r^2)) reach past the last T-A/M-K point (15-21 bohr) and are not
// integrated to 1e-10: these maps are made for atomic densities, which decay faster.
const double kGaussianExponents[] = {0.3, 1.0, 10.0, 100.0, 1000.0};
const double kSlaterExponents[] = {2.0, 4.0, 8.0, 16.0, 32.0};

void expect_accurate(const RadialGrid& g, double tolerance, const std::string& label) {
  for (double a : kGaussianExponents) {
    const double q = integrate(g, [a](double r) { return std::exp(-a * r * r); });
    EXPECT_NEAR(q / gaussian_exact(a), 1.0, tolerance) << label << " gaussian a=" << a;
  }
  for (double z : kSlaterExponents) {
    const double q = integrate(g, [z](double r) { return std::exp(-z * r); });
    EXPECT_NEAR(q / slater_exact(z), 1.0, tolerance) << label << " slater z=" << z;
  }
}

}  // namespace

TEST(Radial, MapsAreIncreasingWithPositiveWeights) {
  for (const RadialGrid& g : {treutler_ahlrichs_radial_grid(75, 0.9), mura_knowles_radial_grid(75, 5.0),
                              becke_radial_grid(75, 0.6)}) {
    ASSERT_EQ(g.size(), 75u);
    for (std::size_t i = 0; i < g.size(); ++i) {
      EXPECT_GT(g.w[i], 0.0);
      if (i > 0) EXPECT_GT(g.r[i], g.r[i - 1]);
    }
  }
}

// Relative error 1e-10 with 75-99 points for oxygen's scale factors.
TEST(Radial, TreutlerAhlrichsIntegratesGaussiansAndSlaters) {
  expect_accurate(make_radial_grid(RadialScheme::TreutlerAhlrichs, 75, 8), 1e-10, "TA 75 O");
  expect_accurate(make_radial_grid(RadialScheme::TreutlerAhlrichs, 99, 1), 1e-10, "TA 99 H");
}

TEST(Radial, MuraKnowlesIntegratesGaussiansAndSlaters) {
  expect_accurate(make_radial_grid(RadialScheme::MuraKnowles, 75, 8), 1e-10, "MK 75 O");
  expect_accurate(make_radial_grid(RadialScheme::MuraKnowles, 99, 8), 1e-10, "MK 99 O");
}

// Becke's map puts fewer points into the core: 1e-8 with 99 points (1e-10 needs about 200).
TEST(Radial, BeckeIntegratesGaussiansAndSlaters) {
  expect_accurate(make_radial_grid(RadialScheme::Becke, 99, 8), 1e-8, "Becke 99 O");
  expect_accurate(make_radial_grid(RadialScheme::Becke, 200, 8), 1e-10, "Becke 200 O");
}

// Too few points must show (the test above could not fail otherwise).
TEST(Radial, CoarseGridsAreVisiblyWorse) {
  const RadialGrid g = make_radial_grid(RadialScheme::MuraKnowles, 15, 8);
  const double q = integrate(g, [](double r) { return std::exp(-10000.0 * r * r); });
  EXPECT_GT(std::abs(q / gaussian_exact(10000.0) - 1.0), 1e-6);
}

// Psi4's schemes are the same maps scaled by Psi4's radius (O: 1.342 bohr) times
// DFT_BS_RADIUS_ALPHA; Mura on Psi4's nodes x_i = i/(n+1) (Psi4 1.3.2 cubature.cc).
TEST(Radial, Psi4SchemesUsePsi4sRadiiAndNodes) {
  const RadialGrid t = make_radial_grid(RadialScheme::Psi4Treutler, 99, 8);
  const RadialGrid reference = treutler_ahlrichs_radial_grid(99, 1.342);
  EXPECT_EQ(t.r, reference.r);
  EXPECT_EQ(t.w, reference.w);
  const RadialGrid scaled = make_radial_grid(RadialScheme::Psi4Treutler, 99, 8, 1.5);
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_NEAR(scaled.r[i] / t.r[i], 1.5, 1e-14);
    EXPECT_NEAR(scaled.w[i] / t.w[i], 1.5 * 1.5 * 1.5, 1e-13);
  }
  EXPECT_EQ(make_radial_grid(RadialScheme::Psi4Becke, 50, 1).r, becke_radial_grid(50, 1.001).r);
  const RadialGrid mura = make_radial_grid(RadialScheme::Psi4Mura, 75, 8);
  // First node: r = -c R ln(1 - x^3) with x = 1/76 (we take log1p; Psi4's log(1 - x^3) is 1e-11
  // off there in relative terms, 1e-16 bohr).
  const double x3 = std::pow(1.0 / 76.0, 3);
  EXPECT_NEAR(mura.r[0] / (5.0 * 1.342 * x3), 1.0, 1e-5);  // ln(1 - y) = -y (1 + y/2 + ...)
  EXPECT_NEAR(mura.r[0], -5.0 * 1.342 * std::log1p(-x3), 1e-20);
  EXPECT_NEAR(make_radial_grid(RadialScheme::Psi4Mura, 75, 3).r[0], -7.0 * 0.825 * std::log1p(-x3), 1e-20);
  EXPECT_NEAR(mura.r[74] / (-5.0 * 1.342 * std::log1p(-std::pow(75.0 / 76.0, 3))), 1.0, 1e-13);  // last node
  for (RadialScheme scheme : {RadialScheme::TreutlerAhlrichs, RadialScheme::MuraKnowles, RadialScheme::Becke})
    EXPECT_EQ(psi4_radial_scheme(psi4_radial_scheme(scheme)), psi4_radial_scheme(scheme));
}

// Psi4's larger scales (1.342 bohr against T-A's 0.9 for O) still integrate atomic functions
// well with 99 points: relative 1e-9 (Treutler), 1e-8 (Mura) and 1e-7 (Becke: 2e-8 on the
// a = 1000 core Gaussian, as for our Becke grid).
TEST(Radial, Psi4SchemesIntegrateGaussiansAndSlaters) {
  expect_accurate(make_radial_grid(RadialScheme::Psi4Treutler, 99, 8), 1e-9, "Psi4 Treutler 99 O");
  expect_accurate(make_radial_grid(RadialScheme::Psi4Treutler, 99, 1), 1e-9, "Psi4 Treutler 99 H");
  expect_accurate(make_radial_grid(RadialScheme::Psi4Mura, 99, 8), 1e-8, "Psi4 Mura 99 O");
  expect_accurate(make_radial_grid(RadialScheme::Psi4Becke, 99, 8), 1e-7, "Psi4 Becke 99 O");
}

TEST(Radial, SchemeNamesParseAndUnknownOnesAreInputErrors) {
  EXPECT_EQ(parse_radial_scheme("Treutler"), RadialScheme::TreutlerAhlrichs);
  EXPECT_EQ(parse_radial_scheme("mura-knowles"), RadialScheme::MuraKnowles);
  EXPECT_EQ(parse_radial_scheme("MK"), RadialScheme::MuraKnowles);
  EXPECT_EQ(parse_radial_scheme("becke"), RadialScheme::Becke);
  EXPECT_EQ(parse_radial_scheme("mura"), RadialScheme::MuraKnowles);
  for (RadialScheme scheme : {RadialScheme::Psi4Treutler, RadialScheme::Psi4Becke, RadialScheme::Psi4Mura})
    EXPECT_EQ(parse_radial_scheme(to_string(scheme)), scheme);
  EXPECT_THROW(parse_radial_scheme("gauss", "[grid] radial"), InputError);
}

TEST(Radial, ElementTablesAreCompleteAndPositive) {
  for (int Z = 1; Z <= 86; ++Z) {
    EXPECT_GT(bragg_slater_radius_angstrom(Z), 0.3) << Z;
    EXPECT_LT(bragg_slater_radius_angstrom(Z), 3.0) << Z;
    EXPECT_GT(treutler_xi(Z), 0.7) << Z;
  }
  // Spot checks against the sources named in atomic_radii.hpp.
  EXPECT_DOUBLE_EQ(bragg_slater_radius_angstrom(1), 0.35);
  EXPECT_DOUBLE_EQ(bragg_slater_radius_angstrom(6), 0.70);
  EXPECT_DOUBLE_EQ(bragg_slater_radius_angstrom(29), 1.35);
  EXPECT_DOUBLE_EQ(treutler_xi(1), 0.8);
  EXPECT_DOUBLE_EQ(treutler_xi(8), 0.9);
  EXPECT_DOUBLE_EQ(treutler_xi(29), 1.1);
  EXPECT_DOUBLE_EQ(mura_knowles_scale(3), 7.0);
  EXPECT_DOUBLE_EQ(mura_knowles_scale(8), 5.0);
  EXPECT_DOUBLE_EQ(psi4_grid_radius(1), 1.001);
  EXPECT_DOUBLE_EQ(psi4_grid_radius(8), 1.342);
  EXPECT_DOUBLE_EQ(psi4_grid_radius(54), 1.881);
  EXPECT_DOUBLE_EQ(psi4_grid_radius(79), 1.881);  // beyond Psi4's table
}
