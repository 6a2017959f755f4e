#include <gtest/gtest.h>

#include "common/error.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"

using namespace atropos;

namespace {
std::string message_of(const std::string& text) {
  try {
    parse_xyz(text, "bad.xyz");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST(Xyz, ReadsFramesAndComments) {
  const auto frames = parse_xyz("2\nfirst\nH 0 0 0\nH 0 0 0.74\n2\nsecond\nH 0 0 0\nH 0 0 0.80\n", "t.xyz");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].comment, "first");
  EXPECT_EQ(frames[1].comment, "second");
  EXPECT_NEAR(frames[1].molecule[1].position.z(), 0.80 * units::angstrom_in_bohr, 1e-14);
}

TEST(Xyz, ReadsBareAtomBlockAndLabels) {
  const auto frames = parse_xyz("O1 0 0 0\nh 0 0 1\n8 1 0 0\n", "inline");
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].molecule.size(), 3u);
  EXPECT_EQ(frames[0].molecule[0].Z, 8);
  EXPECT_EQ(frames[0].molecule[1].Z, 1);
  EXPECT_EQ(frames[0].molecule[2].Z, 8);
}

TEST(Xyz, RoundTripIsExactToPrintedDigits) {
  const auto frames = parse_xyz("1\nc\nCu 1.234567890123 -2.5 3.75\n", "t.xyz");
  const auto again = parse_xyz(format_xyz(frames[0].molecule, "c"), "t2.xyz");
  EXPECT_NEAR((again[0].molecule[0].position - frames[0].molecule[0].position).norm(), 0.0, 1e-11);
}

TEST(Xyz, ErrorsNameTheLine) {
  EXPECT_EQ(message_of("2\ncomment\nH 0 0 0\nXx 0 0 1\n"), "bad.xyz line 4: unknown element 'Xx'");
  EXPECT_EQ(message_of("2\ncomment\nH 0 0 0\nH 0 0\n"),
            "bad.xyz line 4: expected three coordinates after 'H' in 'H 0 0'");
  EXPECT_EQ(message_of("3\ncomment\nH 0 0 0\nH 0 0 1\n"),
            "bad.xyz line 4: file ends after 2 of the 3 atoms announced on line 1");
  EXPECT_EQ(message_of("\n\n"), "bad.xyz: no atoms found (empty geometry)");
}
