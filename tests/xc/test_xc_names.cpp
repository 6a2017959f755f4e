// Specification parsing, aliases, hybrid parameters and the errors users see.
//
// Hybrid parameters are checked against the original publications, not against libxc:
//   B3LYP 20% HF: Stephens, Devlin, Chabalowski, Frisch, JPC 98, 11623 (1994).
//   PBE0 25% HF: Adamo, Barone, JCP 110, 6158 (1999).
//   TPSSh 10% HF: Staroverov, Scuseria, Tao, Perdew, JCP 119, 12129 (2003).
//   wB97X: omega 0.3 bohr^-1, short-range HF fraction c_x = 0.157706, long-range 1:
//          Chai, Head-Gordon, JCP 128, 084106 (2008), Table I.
//   CAM-B3LYP: alpha 0.19, beta 0.46, mu 0.33: Yanai, Tew, Handy, CPL 393, 51 (2004).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "common/error.hpp"
#include "scf/xc/functional_aliases.hpp"
#include "scf/xc/functional_names.hpp"
#include "scf/xc/xc_functional.hpp"

using namespace atropos;

namespace {

constexpr auto kUnpol = SpinPolarisation::Unpolarised;
constexpr auto kPol = SpinPolarisation::Polarised;

std::string error_of(const std::string& spec) {
  try {
    XcFunctional f(spec, kUnpol, "input.toml [scf] functional");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::vector<std::string> libxc_names_of(const XcFunctional& f) {
  std::vector<std::string> names;
  for (const auto& c : f.components()) names.push_back(c.libxc_name);
  return names;
}

}  // namespace

TEST(XcNames, AliasesExpandToPsi4Components) {
  // Psi4 1.3.2 procrouting/dft: SVWN = LDA_X + LDA_C_VWN_RPA; BP86 = B88 + P86; revPBE = PBE_R.
  EXPECT_EQ(libxc_names_of(XcFunctional("svwn", kUnpol)),
            (std::vector<std::string>{"lda_x", "lda_c_vwn_rpa"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("BP86", kUnpol)),
            (std::vector<std::string>{"gga_x_b88", "gga_c_p86"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("revPBE", kUnpol)),
            (std::vector<std::string>{"gga_x_pbe_r", "gga_c_pbe"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("B3LYP", kUnpol)), (std::vector<std::string>{"hyb_gga_xc_b3lyp"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("pbe0", kUnpol)), (std::vector<std::string>{"hyb_gga_xc_pbeh"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("B97-D", kUnpol)), (std::vector<std::string>{"gga_xc_b97_d"}));
  EXPECT_EQ(libxc_names_of(XcFunctional("M06-L", kUnpol)),
            (std::vector<std::string>{"mgga_x_m06_l", "mgga_c_m06_l"}));
}

TEST(XcNames, EveryAliasConstructsInBothSpinCases) {
  for (const auto& alias : functional_aliases()) {
    for (const auto spin : {kUnpol, kPol}) {
      EXPECT_NO_THROW(XcFunctional(alias.name, spin)) << alias.name;
    }
  }
}

TEST(XcNames, EveryAliasIsDocumented) {
  std::ifstream file(std::string(ATROPOS_SOURCE_DIR) + "/docs/functionals.md");
  ASSERT_TRUE(file) << "docs/functionals.md not found";
  std::stringstream text;
  text << file.rdbuf();
  // The alias table is the section "## Aliases" up to the next "## ".
  const std::string all = text.str();
  const std::size_t begin = all.find("## Aliases");
  ASSERT_NE(begin, std::string::npos);
  const std::string section = all.substr(begin, all.find("\n## ", begin + 1) - begin);
  for (const auto& alias : functional_aliases())
    EXPECT_NE(section.find("`" + std::string(alias.name) + "`"), std::string::npos) << alias.name;
}

TEST(XcNames, LibxcNamesNumbersAndCaseAreAccepted) {
  const XcFunctional by_name("GGA_X_PBE", kUnpol);
  const XcFunctional by_prefixed_name("xc_gga_x_pbe", kUnpol);
  const XcFunctional by_number("101", kUnpol);  // libxc's XC_GGA_X_PBE
  for (const auto* f : {&by_name, &by_prefixed_name, &by_number}) {
    ASSERT_EQ(f->components().size(), 1u);
    EXPECT_EQ(f->components()[0].libxc_name, "gga_x_pbe");
    EXPECT_EQ(f->components()[0].libxc_id, 101);
  }
  const XcFunctional spaced(" Gga_X_PBE + gga_c_PBE ", kUnpol);
  EXPECT_EQ(libxc_names_of(spaced), (std::vector<std::string>{"gga_x_pbe", "gga_c_pbe"}));
}

TEST(XcNames, WeightsMultiplyAndRepeatsMerge) {
  const XcFunctional f("0.5*gga_x_b88 + 0.25*gga_x_b88 + 2*gga_c_lyp", kUnpol);
  ASSERT_EQ(f.components().size(), 2u);
  EXPECT_EQ(f.components()[0].weight, 0.75);
  EXPECT_EQ(f.components()[1].weight, 2.0);
  // A weight on an alias applies to each of its parts, exact exchange included.
  const XcFunctional half("0.5*pbe0", kUnpol);
  EXPECT_EQ(half.components()[0].weight, 0.5);
  EXPECT_DOUBLE_EQ(half.exact_exchange().alpha, 0.125);
}

TEST(XcNames, FamiliesAndNeeds) {
  const XcFunctional lda("svwn", kUnpol), gga("pbe", kUnpol), mgga("tpss", kUnpol);
  EXPECT_EQ(lda.family(), XcFamily::Lda);
  EXPECT_FALSE(lda.needs_sigma());
  EXPECT_EQ(gga.family(), XcFamily::Gga);
  EXPECT_TRUE(gga.needs_sigma());
  EXPECT_FALSE(gga.needs_tau());
  EXPECT_EQ(mgga.family(), XcFamily::MetaGga);
  EXPECT_TRUE(mgga.needs_tau());
  // A mixture takes the most demanding family.
  EXPECT_EQ(XcFunctional("lda_x+mgga_c_scan", kUnpol).family(), XcFamily::MetaGga);
  EXPECT_EQ(XcFunctional("r2scan", kPol).sigma_components(), 3);
  EXPECT_EQ(XcFunctional("r2scan", kPol).rho_components(), 2);
}

TEST(XcNames, GlobalHybridFractions) {
  EXPECT_DOUBLE_EQ(XcFunctional("b3lyp", kUnpol).exact_exchange().alpha, 0.20);
  EXPECT_DOUBLE_EQ(XcFunctional("pbe0", kUnpol).exact_exchange().alpha, 0.25);
  EXPECT_DOUBLE_EQ(XcFunctional("tpssh", kUnpol).exact_exchange().alpha, 0.10);
  for (const char* name : {"b3lyp", "pbe0", "tpssh"}) {
    const ExactExchange k = XcFunctional(name, kUnpol).exact_exchange();
    EXPECT_EQ(k.beta, 0.0) << name;
    EXPECT_EQ(k.omega, 0.0) << name;
    EXPECT_FALSE(k.range_separated()) << name;
  }
  EXPECT_FALSE(XcFunctional("pbe", kUnpol).exact_exchange().present());
  // A hand-built PBE0: 25% HF through the "hf" term.
  EXPECT_DOUBLE_EQ(XcFunctional("0.25*hf+0.75*gga_x_pbe+gga_c_pbe", kUnpol).exact_exchange().alpha, 0.25);
}

TEST(XcNames, RangeSeparatedHybridsInFockBuilderForm) {
  // K = alpha K[1/r] + beta K[erf(omega r)/r]: alpha = short-range fraction, alpha+beta = long-range.
  const ExactExchange wb97x = XcFunctional("wb97x", kUnpol).exact_exchange();
  EXPECT_DOUBLE_EQ(wb97x.omega, 0.3);
  EXPECT_NEAR(wb97x.alpha, 0.157706, 1e-12);
  EXPECT_NEAR(wb97x.beta, 1.0 - 0.157706, 1e-12);
  EXPECT_NEAR(wb97x.long_range_fraction(), 1.0, 1e-14);
  EXPECT_TRUE(wb97x.range_separated());

  const ExactExchange cam = XcFunctional("cam-b3lyp", kUnpol).exact_exchange();
  EXPECT_DOUBLE_EQ(cam.omega, 0.33);
  EXPECT_NEAR(cam.alpha, 0.19, 1e-14);
  EXPECT_NEAR(cam.beta, 0.46, 1e-14);
  EXPECT_NEAR(cam.long_range_fraction(), 0.65, 1e-14);
}

TEST(XcNames, HartreeFockHasNoDftPart) {
  const XcFunctional hf("HF", kPol);
  EXPECT_FALSE(hf.has_dft());
  EXPECT_EQ(hf.family(), XcFamily::None);
  EXPECT_EQ(hf.exact_exchange().alpha, 1.0);
  EXPECT_TRUE(hf.components().empty());
}

TEST(XcNames, UnknownNameListsCloseMatches) {
  const std::string message = error_of("b3lpy");
  EXPECT_EQ(message.rfind("input.toml [scf] functional: unknown functional 'b3lpy'; did you mean ", 0), 0u)
      << message;
  EXPECT_NE(message.find("did you mean b3lyp"), std::string::npos) << message;
  EXPECT_NE(message.find("hyb_gga_xc_b3lyp"), std::string::npos) << message;
  // Inside a combination the offending term is named; libxc names are suggested too.
  const std::string in_sum = error_of("gga_x_pbx+gga_c_pbe");
  EXPECT_NE(in_sum.find("unknown functional 'gga_x_pbx' in functional 'gga_x_pbx+gga_c_pbe'"),
            std::string::npos)
      << in_sum;
  EXPECT_NE(in_sum.find("gga_x_pbe"), std::string::npos) << in_sum;
  EXPECT_NE(error_of("camb3lyp").find("cam-b3lyp"), std::string::npos);
  // A dispersion suffix gets a pointer to the plain name instead of look-alikes.
  EXPECT_NE(error_of("B3LYP-D3BJ").find("dispersion corrections are requested separately: give 'b3lyp'"),
            std::string::npos);
  // Nothing close: no list, a pointer to the documentation instead.
  EXPECT_NE(error_of("qwertyuiopasdf").find("docs/functionals.md"), std::string::npos);
}

TEST(XcNames, MalformedSpecificationsAreRejected) {
  EXPECT_NE(error_of("").find("empty functional specification"), std::string::npos);
  EXPECT_NE(error_of("pbe++lda_x").find("empty term"), std::string::npos);
  EXPECT_NE(error_of("pbe+").find("empty term"), std::string::npos);
  EXPECT_NE(error_of("abc*gga_x_pbe").find("weight 'abc' is not a number"), std::string::npos);
  EXPECT_NE(error_of("0.5*").find("no functional name after '*'"), std::string::npos);
  EXPECT_NE(error_of("99999").find("libxc has no functional number 99999"), std::string::npos);
}

TEST(XcNames, UnsupportedFunctionalsAreRejectedWithTheReason) {
  // mgga_x_br89 depends on the Laplacian; wB97X-V carries VV10; CAMY-B3LYP is Yukawa-screened;
  // lda_k_tf is a kinetic-energy functional.
  EXPECT_NE(error_of("mgga_x_br89").find("needs the Laplacian"), std::string::npos);
  EXPECT_NE(error_of("hyb_gga_xc_wb97x_v").find("VV10) correlation, which is not supported"),
            std::string::npos);
  EXPECT_NE(error_of("hyb_gga_xc_camy_b3lyp").find("Yukawa"), std::string::npos);
  EXPECT_NE(error_of("lda_k_tf").find("kinetic-energy"), std::string::npos);
  EXPECT_NE(error_of("wb97x+cam-b3lyp").find("different omega"), std::string::npos);
}

TEST(XcNames, DensityThresholdMustBePositive) {
  XcFunctional f("pbe", kUnpol);
  EXPECT_THROW(f.set_density_threshold(0.0), InputError);
  EXPECT_THROW(f.set_density_threshold(-1e-10), InputError);
  EXPECT_NO_THROW(f.set_density_threshold(1e-10));
}

TEST(XcNames, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(edit_distance("b3lpy", "b3lyp"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // the textbook Levenshtein example
  EXPECT_EQ(edit_distance("pbe", "pbe"), 0u);
  EXPECT_GT(libxc_functional_names().size(), 500u);  // libxc 5.2.3 has 615
}

TEST(XcNames, DescriptionNamesComponentsAndExchange) {
  const std::string text = XcFunctional("wb97x", kPol).description();
  EXPECT_NE(text.find("hyb_gga_xc_wb97x"), std::string::npos) << text;
  EXPECT_NE(text.find("omega=0.3"), std::string::npos) << text;
  EXPECT_NE(text.find("spin-polarised"), std::string::npos) << text;
}
