#include <gtest/gtest.h>

#include "common/error.hpp"
#include "geometry/qcschema.hpp"
#include "geometry/xyz.hpp"

using namespace atropos;

namespace {
std::string data(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/geometry/" + name; }
std::string message_of(const std::string& text) {
  try {
    parse_qcschema(text, "bad.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(QcSchema, RoundTripWithXyzIsExact) {
  // XYZ text -> molecule -> QCSchema -> molecule -> XYZ text: identical text, identical doubles.
  const std::string text = "4\nH2O2 skew P, charge and comment kept\nO 0.0 -0.7278 0.0\nO 0.0 0.7278 0.0\n"
                           "H -0.787397518962 -0.885033903850 0.531106332680\nH 0.787397518962 0.885033903850 0.531106332680\n";
  auto frames = parse_xyz(text, "t.xyz");
  frames[0].molecule.set_charge_and_multiplicity(1, 2);
  const std::string json = format_qcschema(frames);
  const auto back = parse_qcschema(json, "t.json");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].comment, frames[0].comment);
  EXPECT_EQ(back[0].molecule.charge(), 1);
  EXPECT_EQ(back[0].molecule.multiplicity(), 2);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(back[0].molecule[i].Z, frames[0].molecule[i].Z);
    EXPECT_EQ(back[0].molecule[i].position, frames[0].molecule[i].position);  // bitwise
  }
  EXPECT_EQ(format_xyz(back[0].molecule, back[0].comment), format_xyz(frames[0].molecule, frames[0].comment));
  EXPECT_EQ(format_qcschema(back), json);
}

TEST(QcSchema, MultiFrameFilesBothWays) {
  std::vector<XyzFrame> frames = read_xyz_file(data("h2o2_P.xyz"));
  frames.push_back(read_xyz_file(data("h2o2_M.xyz"))[0]);
  const auto back = parse_qcschema(format_qcschema(frames), "t.json");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].comment, frames[1].comment);
  EXPECT_EQ(back[1].molecule[2].position, frames[1].molecule[2].position);
  // And multi-frame XYZ text keeps both comments.
  const std::string xyz = format_xyz(frames[0].molecule, frames[0].comment) + format_xyz(frames[1].molecule, frames[1].comment);
  const auto again = parse_xyz(xyz, "t.xyz");
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1].comment, frames[1].comment);
}

TEST(QcSchema, ErrorsNameTheField) {
  EXPECT_EQ(message_of(R"({"symbols": ["O", "Qq"], "geometry": [0,0,0, 0,0,1]})"), "bad.json symbols[1]: unknown element 'Qq'");
  EXPECT_EQ(message_of(R"({"symbols": ["O"], "geometry": [0,0]})"),
            "bad.json: \"geometry\" has 2 numbers for 1 symbols (expected 3)");
  EXPECT_EQ(message_of(R"({"symbols": ["O"], "geometry": [0,"x",0]})"), "bad.json geometry[1]: expected a number");
  EXPECT_EQ(message_of(R"([{"symbols": ["O"]}])"), "bad.json [0]: missing array \"geometry\"");
  EXPECT_NE(message_of("{ not json").find("bad.json: malformed JSON"), std::string::npos);
}
