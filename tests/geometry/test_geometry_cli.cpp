#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/stopwatch.hpp"
#include "drivers/geometry_commands.hpp"
#include "geometry/xyz.hpp"

using namespace atropos;

namespace {
std::string data(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/" + name; }
}  // namespace

TEST(GeometryCli, SubcommandsParseTheirOptions) {
  CLI::App app;
  add_geometry_commands(app);
  EXPECT_NO_THROW(app.get_subcommand("inspect"));
  EXPECT_NO_THROW(app.get_subcommand("extract"));
  // Missing required -o for extract is a parse error, not a crash.
  const char* argv[] = {"atropos", "extract", "x.cif"};
  EXPECT_THROW(app.parse(3, const_cast<char**>(argv)), CLI::ParseError);
}

TEST(GeometryCli, InspectJsonHasTheDocumentedKeys) {
  InspectSettings s;
  s.files = {data("geometry/h2o2_P.xyz"), data("geometry/h2o2_M.xyz"), data("geometry/h2o2_trans.xyz"),
             data("geometry/water.xyz")};
  s.json = true;
  std::ostringstream out;
  run_inspect(s, out);
  const auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["structures"].size(), 4u);
  const auto& p = j["structures"][0];
  for (const char* key : {"file", "formula", "natoms", "point_group", "chiral", "chirality_measure", "c3_measure"})
    EXPECT_TRUE(p.contains(key)) << key;
  EXPECT_EQ(p["formula"], "H2O2");
  EXPECT_EQ(p["point_group"], "C2");
  EXPECT_EQ(p["chiral"], true);
  EXPECT_EQ(j["structures"][3]["point_group"], "C2v");
  ASSERT_EQ(j["pairs"].size(), 6u);
  auto pair = [&](int a, int b) {
    for (const auto& q : j["pairs"])
      if (q["a"] == a && q["b"] == b) return q;
    return nlohmann::json();
  };
  EXPECT_EQ(pair(0, 1)["verdict"], "enantiomer");
  EXPECT_LT(pair(0, 1)["rmsd_mirror"].get<double>(), 1e-6);
  EXPECT_EQ(pair(0, 2)["verdict"], "different");
  EXPECT_EQ(pair(0, 3)["verdict"], "not comparable");
  EXPECT_TRUE(pair(0, 3)["rmsd"].is_null());
  EXPECT_EQ(j["comparison_table"]["structures"], nlohmann::json({0, 1, 2}));
}

TEST(GeometryCli, ExtractWritesOneXyzPerDistinctMolecule) {
  const std::string dir = (std::filesystem::temp_directory_path() / "atropos_extract_test").string();
  std::filesystem::remove_all(dir);
  const char* argv[] = {"atropos", "extract", nullptr, "-o", nullptr, "--json"};
  const std::string cif = data("cif/7151730.cif");
  argv[2] = cif.c_str();
  argv[4] = dir.c_str();
  CLI::App app;
  add_geometry_commands(app);
  testing::internal::CaptureStdout();
  app.parse(6, const_cast<char**>(argv));
  const auto j = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  ASSERT_EQ(j["molecules"].size(), 2u);
  for (const auto& m : j["molecules"]) {
    for (const char* key : {"formula", "natoms", "file", "group"}) EXPECT_TRUE(m.contains(key)) << key;
    EXPECT_EQ(m["formula"], "C8H11Cl3INO2");
    const Molecule written = read_xyz_molecule(m["file"].get<std::string>());
    EXPECT_EQ(written.size(), 26u);
  }
  EXPECT_EQ(j["molecules"][0]["group"], "same");
  const std::string g = j["molecules"][1]["group"];
  EXPECT_TRUE(g == "same" || g == "enantiomer" || g == "different");
  std::filesystem::remove_all(dir);
}

TEST(GeometryCli, InspectOfThe329AtomClusterAndItsMirror) {
  InspectSettings s;
  s.files = {data("geometry/cu14/cu14-full.xyz"), data("geometry/cu14/cu14-full-mirror.xyz")};
  s.json = true;
  std::ostringstream out;
  const Stopwatch clock;
  run_inspect(s, out);
  const double seconds = clock.seconds();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["pairs"][0]["verdict"], "enantiomer");
  EXPECT_EQ(j["structures"][0]["chiral"], true);
  EXPECT_NEAR(j["structures"][0]["chirality_measure"].get<double>(), j["structures"][1]["chirality_measure"].get<double>(),
              1e-6);
  RecordProperty("seconds", std::to_string(seconds));  // reported, not asserted: CI load varies
}
