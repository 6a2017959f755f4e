// AutoAux (basis/auto_auxiliary): Stoychev, Auer, Neese, JCTC 13, 554 (2017). No peer program
// with AutoAux runs here (ORCA is not free software, Debian's Psi4 1.3.2 and NWChem lack it), so
// the rules are checked on toy elements whose auxiliary sets are worked out by hand below, the
// effective exponent against numerical quadrature, and the basis's use (RI-J accuracy) in
// tests/scf/test_df_coulomb.cpp.
#include <gtest/gtest.h>

#include <cmath>

#include "basis/auto_auxiliary.hpp"
#include "basis/basis_library.hpp"
#include "basis/gaussian94.hpp"
#include "common/error.hpp"
#include "geometry/xyz.hpp"

using namespace atropos;

namespace {

Shell primitive(int l, double exponent) {
  Shell s;
  s.l = l;
  s.exponents = {exponent};
  s.coefficients = {1.0};
  return s;
}

// Exponents of the auxiliary shells of angular momentum L, in file order (tightest first).
std::vector<double> exponents_of(const std::vector<Shell>& shells, int L) {
  std::vector<double> out;
  for (const Shell& s : shells)
    if (s.l == L) {
      EXPECT_EQ(s.primitive_count(), 1);
      EXPECT_TRUE(s.pure);
      out.push_back(s.exponents.at(0));
    }
  return out;
}

void expect_series(const std::vector<double>& actual, const std::vector<double>& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-12 * expected[i]) << what << " #" << i;
}

}  // namespace

TEST(AutoAux, EffectiveExponentOfAPrimitiveIsItsExponent) {
  for (int l = 0; l <= 4; ++l)
    for (double a : {0.05, 0.8, 37.5, 2.1e4}) EXPECT_NEAR(effective_exponent(primitive(l, a)), a, 1e-12 * a) << "l " << l;
}

// H's contracted def2-SVP s shell (3 primitives): <r> by trapezoidal quadrature of the radial
// function on a fine grid, turned into an exponent with the primitive's relation
// <r> = Gamma(l+2)/Gamma(l+3/2)/sqrt(2a), i.e. a = 2/(pi <r>^2) for l = 0.
TEST(AutoAux, EffectiveExponentOfAContractionMatchesQuadrature) {
  const Molecule h = parse_xyz("H 0 0 0\n", "test").front().molecule;
  const BasisSet basis = load_basis("def2-svp", h);
  const Shell& s = basis[0];
  ASSERT_EQ(s.l, 0);
  ASSERT_EQ(s.primitive_count(), 3);
  double norm = 0.0, moment = 0.0;
  const double dr = 1e-4;
  for (int i = 1; i < 300000; ++i) {
    const double r = i * dr;
    double chi = 0.0;
    for (int p = 0; p < 3; ++p) {
      const double a = s.exponents[p];
      chi += s.coefficients[p] * std::pow(2.0 * a / M_PI, 0.75) * std::exp(-a * r * r);  // normalised primitives
    }
    norm += chi * chi * r * r * dr;
    moment += chi * chi * r * r * r * dr;
  }
  const double mean_r = moment / norm;
  const double quadrature = 2.0 / (M_PI * mean_r * mean_r);
  EXPECT_NEAR(effective_exponent(s), quadrature, 1e-8 * quadrature);
  // A contraction of tight primitives is more diffuse than its tightest one, tighter than its loosest.
  EXPECT_LT(effective_exponent(s), s.exponents.front());
  EXPECT_GT(effective_exponent(s), s.exponents.back());
}

// A hydrogen-like element (l_val = 0, l_inc = 1) with single-primitive shells s 8, s 0.5, p 1.
// L_max = min(max(0, 1 + 1), 2) = 2. Every orbital effective exponent is the exponent itself.
//   L = 0 (s*s, p*p): e_min = 0.5+0.5 = 1, upper = min(20 * 16, 8+8) = 16, beta 1.8:
//         ln 16 / ln 1.8 = 4.72 -> 6 terms 1 ... 1.8^5 = 18.9;
//   L = 1 (s*p): e_min = 1.5, upper = e_aux = 8+1 = 9, beta_1 = 2.0: ln 6 / ln 2 = 2.58 -> 4 terms;
//   L = 2 (p*p): e_min = e_aux = 2, beta_2 = 2.2 -> 1 term.
TEST(AutoAux, HydrogenLikeElementByHand) {
  const std::vector<Shell> orbital{primitive(0, 8.0), primitive(0, 0.5), primitive(1, 1.0)};
  const std::vector<Shell> aux = autoaux_element_shells(1, orbital, AutoAuxOptions{4, false});
  expect_series(exponents_of(aux, 0), {18.89568, 10.4976, 5.832, 3.24, 1.8, 1.0}, "s");
  expect_series(exponents_of(aux, 1), {12.0, 6.0, 3.0, 1.5}, "p");
  expect_series(exponents_of(aux, 2), {2.0}, "d");
  EXPECT_EQ(aux.size(), 11u);
  // The cap drops whole angular momenta and nothing else.
  const std::vector<Shell> capped = autoaux_element_shells(1, orbital, AutoAuxOptions{1, false});
  EXPECT_EQ(capped.size(), 10u);
  EXPECT_TRUE(exponents_of(capped, 2).empty());
}

// An oxygen-like element (Z = 8: l_val = 1, l_inc = 1) with s 10, s 0.4, p 2, d 1: L_max = 3.
// Densely spaced part L <= 2 l_val = 2 with beta 1.8, upper end min(f_L e_aux, e_max):
//   L = 0 (s*s, p*p, d*d): e_min 0.8, upper min(20 * 20, 20) = 20: ln 25 / ln 1.8 = 5.48 -> 7;
//   L = 1 (s*p, p*p, p*d, d*d): e_min 2 (d*d), upper min(7 * 12, 12) = 12: ln 6 / ln 1.8 = 3.05 -> 5;
//   L = 2 (s*d, p*p, p*d, d*d): e_min 1.4 (s 0.4 * d 1), upper min(4 * 11, 11) = 11: 3.51 -> 5;
//   L = 3 (p*d, d*d): e_min 2, upper e_aux = 3, beta_3 = 2.2: ln 1.5 / ln 2.2 = 0.51 -> 2.
TEST(AutoAux, OxygenLikeElementByHand) {
  const std::vector<Shell> orbital{primitive(0, 10.0), primitive(0, 0.4), primitive(1, 2.0), primitive(2, 1.0)};
  const std::vector<Shell> aux = autoaux_element_shells(8, orbital, AutoAuxOptions{4, false});
  std::vector<double> s;
  for (int k = 6; k >= 0; --k) s.push_back(0.8 * std::pow(1.8, k));
  expect_series(exponents_of(aux, 0), s, "s");
  expect_series(exponents_of(aux, 1), {2.0 * std::pow(1.8, 4), 2.0 * std::pow(1.8, 3), 6.48, 3.6, 2.0}, "p");
  expect_series(exponents_of(aux, 2), {1.4 * std::pow(1.8, 4), 1.4 * std::pow(1.8, 3), 4.536, 2.52, 1.4}, "d");
  expect_series(exponents_of(aux, 3), {4.4, 2.0}, "f");
  EXPECT_TRUE(exponents_of(aux, 4).empty());
}

// The extended set of the same element: L up to 4 (still <= 2 l_max), every series from e_min / 2
// with the same ratios: L = 0 from 0.4: ln 50 / ln 1.8 = 6.66 -> 8 terms; L = 1 from 1:
// ln 12 / ln 1.8 = 4.23 -> 6; L = 2 from 0.7: ln(11 / 0.7) / ln 1.8 = 4.69 -> 6; L = 3 from 1:
// ln 3 / ln 2.2 = 1.39 -> 3; L = 4 (d*d only): e_min 2 / 2 = 1, upper e_aux 2, beta_4 = 2.2:
// ln 2 / ln 2.2 = 0.88 -> 2.
TEST(AutoAux, ExtendedSetByHand) {
  const std::vector<Shell> orbital{primitive(0, 10.0), primitive(0, 0.4), primitive(1, 2.0), primitive(2, 1.0)};
  const std::vector<Shell> aux = autoaux_element_shells(8, orbital, AutoAuxOptions{4, true});
  const auto series = [](double lower, double beta, int n) {
    std::vector<double> out;
    for (int k = n - 1; k >= 0; --k) out.push_back(lower * std::pow(beta, k));
    return out;
  };
  expect_series(exponents_of(aux, 0), series(0.4, 1.8, 8), "s");
  expect_series(exponents_of(aux, 1), series(1.0, 1.8, 6), "p");
  expect_series(exponents_of(aux, 2), series(0.7, 1.8, 6), "d");
  expect_series(exponents_of(aux, 3), series(1.0, 2.2, 3), "f");
  expect_series(exponents_of(aux, 4), series(1.0, 2.2, 2), "g");
  // Hydrogen-like: L stays at 2 l_max = 2.
  const std::vector<Shell> h{primitive(0, 8.0), primitive(0, 0.5), primitive(1, 1.0)};
  EXPECT_TRUE(exponents_of(autoaux_element_shells(1, h, AutoAuxOptions{4, true}), 3).empty());
}

// Beyond argon l_inc = 2: a Cu-like element (l_val = 2) with s, p, d, f reaches L = 5, which the
// cap (libint2's derivative limit in production) trims.
TEST(AutoAux, TransitionMetalReachesHigherAngularMomentum) {
  const std::vector<Shell> orbital{primitive(0, 30.0), primitive(0, 0.1), primitive(1, 5.0), primitive(2, 3.0),
                                   primitive(3, 1.0)};
  EXPECT_FALSE(exponents_of(autoaux_element_shells(29, orbital, AutoAuxOptions{7, false}), 5).empty());
  EXPECT_TRUE(exponents_of(autoaux_element_shells(29, orbital, AutoAuxOptions{7, false}), 6).empty());  // 2 l_max = 6 > l_max + 2
  EXPECT_TRUE(exponents_of(autoaux_element_shells(29, orbital, AutoAuxOptions{4, false}), 5).empty());
  EXPECT_THROW(autoaux_element_shells(29, {}, AutoAuxOptions{}), InputError);
}

// On a molecule: every atom gets its element's set, on its own centre, and the library name
// "autoaux" (any case) generates it; a Gaussian94 round trip keeps every bit.
TEST(AutoAux, MoleculeBasisAndGaussian94RoundTrip) {
  const Molecule water = parse_xyz("O 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n", "test").front().molecule;
  const BasisSet orbital = load_basis("def2-svp", water);
  const BasisSet aux = load_auxiliary_basis("AutoAux", water, orbital, 4);
  EXPECT_EQ(aux.name(), "autoaux");
  EXPECT_EQ(aux.max_l(), 3);  // O: s, p, d orbitals -> up to f; H: s, p -> up to d
  for (int a = 0; a < 3; ++a) {
    const auto [begin, end] = aux.shells_of_atom(a);
    ASSERT_LT(begin, end);
    for (std::size_t s = begin; s < end; ++s) EXPECT_EQ((aux[s].center - water[a].position).norm(), 0.0);
  }
  const auto [h1_begin, h1_end] = aux.shells_of_atom(1);
  const auto [h2_begin, h2_end] = aux.shells_of_atom(2);
  EXPECT_EQ(h1_end - h1_begin, h2_end - h2_begin);
  // Larger than def2-universal-jfit (the point: a smaller fitting error).
  EXPECT_GT(aux.function_count(), load_basis("def2-universal-jfit", water).function_count());

  const Gaussian94Library library = element_library(aux, water);
  ASSERT_EQ(library.shells.size(), 2u);
  const Gaussian94Library back = parse_gaussian94(format_gaussian94(library, {"test"}), "round trip");
  EXPECT_TRUE(back.pure);
  for (const auto& [Z, shells] : library.shells) {
    const std::vector<Shell>& read = back.shells.at(Z);
    ASSERT_EQ(read.size(), shells.size());
    for (std::size_t s = 0; s < shells.size(); ++s) {
      EXPECT_EQ(read[s].l, shells[s].l);
      EXPECT_EQ(read[s].exponents, shells[s].exponents);
      EXPECT_EQ(read[s].coefficients, shells[s].coefficients);
    }
  }
  const BasisSet extended = load_auxiliary_basis("autoaux-extended", water, orbital, 4);
  EXPECT_EQ(extended.name(), "autoaux-extended");
  EXPECT_EQ(extended.max_l(), 4);
  EXPECT_GT(extended.function_count(), aux.function_count());
  // Other names still come from the library.
  EXPECT_EQ(load_auxiliary_basis("def2-universal-jfit", water, orbital, 4).function_count(),
            load_basis("def2-universal-jfit", water).function_count());
}
