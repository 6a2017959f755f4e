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

TEST(Radial, SchemeNamesParseAndUnknownOnesAreInputErrors) {
  EXPECT_EQ(parse_radial_scheme("Treutler"), RadialScheme::TreutlerAhlrichs);
  EXPECT_EQ(parse_radial_scheme("mura-knowles"), RadialScheme::MuraKnowles);
  EXPECT_EQ(parse_radial_scheme("MK"), RadialScheme::MuraKnowles);
  EXPECT_EQ(parse_radial_scheme("becke"), RadialScheme::Becke);
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
}
