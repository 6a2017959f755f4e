#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "scf/grid/lebedev.hpp"

using namespace atropos;

namespace {

// Exact integral of x^a y^b z^c over the unit sphere:
// 0 unless a, b, c are all even; else 2 G((a+1)/2) G((b+1)/2) G((c+1)/2) / G((a+b+c+3)/2).
double exact_monomial(int a, int b, int c) {
  if (a % 2 || b % 2 || c % 2) return 0.0;
  return 2.0 * std::exp(std::lgamma(0.5 * (a + 1)) + std::lgamma(0.5 * (b + 1)) + std::lgamma(0.5 * (c + 1)) -
                        std::lgamma(0.5 * (a + b + c + 3)));
}

// Largest error over all monomials of total degree exactly d (powers tabulated once per call).
double max_error_at_degree(const AngularGrid& g, int d) {
  const Eigen::Index n = g.points.cols();
  Eigen::MatrixXd px(n, d + 1), py(n, d + 1), pz(n, d + 1);
  px.col(0).setOnes();
  py.col(0).setOnes();
  pz.col(0).setOnes();
  for (int k = 1; k <= d; ++k) {
    px.col(k) = px.col(k - 1).cwiseProduct(g.points.row(0).transpose());
    py.col(k) = py.col(k - 1).cwiseProduct(g.points.row(1).transpose());
    pz.col(k) = pz.col(k - 1).cwiseProduct(g.points.row(2).transpose());
  }
  double worst = 0.0;
  for (int a = 0; a <= d; ++a)
    for (int b = 0; a + b <= d; ++b) {
      const int c = d - a - b;
      const double q = (g.weights.array() * px.col(a).array() * py.col(b).array() * pz.col(c).array()).sum();
      worst = std::max(worst, std::abs(q - exact_monomial(a, b, c)));
    }
  return worst;
}

}  // namespace

TEST(Lebedev, TablesCoverTheRequiredRules) {
  for (int n : {6, 14, 26, 38, 50, 74, 86, 110, 146, 170, 194, 230, 266, 302, 350, 434, 590, 770, 974, 1202, 1454, 2030})
    EXPECT_TRUE(is_lebedev_point_count(n)) << n;
  // Degrees from Lebedev & Laikov (1999), Table 1.
  EXPECT_EQ(lebedev_degree(302), 29);
  EXPECT_EQ(lebedev_degree(590), 41);
  EXPECT_EQ(lebedev_degree(770), 47);
  EXPECT_EQ(lebedev_degree(974), 53);
}

TEST(Lebedev, WeightsSumToFourPiAndPointsAreDistinctUnitVectors) {
  for (int n : lebedev_point_counts()) {
    const AngularGrid& g = lebedev_grid(n);
    ASSERT_EQ(g.points.cols(), n);
    EXPECT_NEAR(g.weights.sum() / (4.0 * M_PI), 1.0, 1e-14) << n;
    for (Eigen::Index i = 0; i < n; ++i) EXPECT_NEAR(g.points.col(i).norm(), 1.0, 1e-15) << n;
    // Distinct: the closest pair is well separated (a transcription slip could duplicate an orbit).
    double closest = 10.0;
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < i; ++j) closest = std::min(closest, (g.points.col(i) - g.points.col(j)).norm());
    EXPECT_GT(closest, 1e-3) << n;
  }
}

// Exact up to the degree: every monomial x^a y^b z^c with a+b+c <= degree, absolute error
// 2e-13 (the integrals are <= 4 pi; the tables carry 16 digits, Lebedev-Laikov promise 2e-14
// relative). A wrong digit in a transcribed a, b or v shows as an error of 1e-10 or more.
TEST(Lebedev, IntegratesMonomialsExactlyUpToItsDegree) {
  for (int n : lebedev_point_counts()) {
    const AngularGrid& g = lebedev_grid(n);
    double worst = 0.0;
    for (int d = 0; d <= g.degree; ++d) worst = std::max(worst, max_error_at_degree(g, d));
    EXPECT_LT(worst, 2e-13) << n << " points, degree " << g.degree;
  }
  // The small rules are visibly inexact one degree further (x^4 y^2 ... on the 14-point rule).
  EXPECT_GT(max_error_at_degree(lebedev_grid(14), 6), 1e-3);
  EXPECT_GT(max_error_at_degree(lebedev_grid(50), 12), 1e-4);
}

TEST(Lebedev, PointsForDegreeSkipsRulesWithNegativeWeights) {
  EXPECT_EQ(lebedev_points_for_degree(1), 6);
  EXPECT_EQ(lebedev_points_for_degree(13), 86);   // 74 has a negative weight
  EXPECT_EQ(lebedev_points_for_degree(25), 302);  // 230 and 266 too
  EXPECT_EQ(lebedev_points_for_degree(41), 590);
  EXPECT_EQ(lebedev_points_for_degree(42), 770);
  EXPECT_EQ(lebedev_points_for_degree(1000), lebedev_point_counts().back());
}

TEST(Lebedev, UnknownPointCountIsAnInputErrorListingTheAllowedOnes) {
  try {
    lebedev_grid(300, "input.toml [grid] angular_points");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("300"), std::string::npos) << what;
    EXPECT_NE(what.find("302"), std::string::npos) << what;
    EXPECT_NE(what.find("590"), std::string::npos) << what;
    EXPECT_EQ(e.where(), "input.toml [grid] angular_points");
  }
}
