#include <gtest/gtest.h>

#include "common/stopwatch.hpp"
#include "geometry/connectivity.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"

using namespace atropos;

namespace {
std::string data(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/geometry/" + name; }
}  // namespace

TEST(Connectivity, WaterAndPeroxideBonds) {
  const BondGraph water = find_bonds(read_xyz_molecule(data("water.xyz")));
  EXPECT_EQ(water.bonds(), (std::vector<std::pair<int, int>>{{0, 1}, {0, 2}}));
  const BondGraph h2o2 = find_bonds(read_xyz_molecule(data("h2o2_P.xyz")));
  // O-O 1.4556 and O-H 0.9627 Angstrom are bonds; H...O across the O-O bond (1.87) is not.
  EXPECT_EQ(h2o2.bonds(), (std::vector<std::pair<int, int>>{{0, 1}, {0, 2}, {1, 3}}));
}

TEST(Connectivity, ToleranceIsAppliedAtTheStatedThreshold) {
  // Two carbons: limit = 2 * 0.76 + tolerance.
  const double a = units::angstrom_in_bohr;
  const Molecule cc({{6, {0, 0, 0}}, {6, {0, 0, 1.90 * a}}});
  EXPECT_EQ(find_bonds(cc, {0.40}).bonds().size(), 1u);  // 1.90 <= 1.92
  EXPECT_EQ(find_bonds(cc, {0.35}).bonds().size(), 0u);  // 1.90 > 1.87
}

TEST(Connectivity, DnbpaIsOneFragmentWith33Bonds) {
  const Molecule m = read_xyz_molecule(data("dnbpa.xyz"));
  const BondGraph g = find_bonds(m);
  // For a connected graph, bonds = atoms - 1 + independent rings. dnbpa has 2 rings: 32 - 1 + 2.
  EXPECT_EQ(g.bonds().size(), 33u);
  EXPECT_EQ(fragments(g).size(), 1u);
}

TEST(Connectivity, FragmentsOfTwoSeparatedMolecules) {
  const Molecule w = read_xyz_molecule(data("water.xyz"));
  std::vector<Atom> atoms = w.atoms();
  for (const auto& atom : w.atoms()) atoms.push_back({atom.Z, atom.position + Eigen::Vector3d(10, 0, 0)});
  atoms.push_back({18, {0, 0, -12}});  // a lone argon atom is a fragment of its own
  const auto parts = fragments(find_bonds(Molecule(atoms)));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(parts[1], (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(parts[2], (std::vector<int>{6}));
}

TEST(Connectivity, CellListAgreesWithAllPairsOnCu14) {
  const Molecule m = read_xyz_molecule(data("cu14/cu14-full.xyz"));
  const ConnectivityOptions options;
  std::vector<std::pair<int, int>> brute;
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = i + 1; j < m.size(); ++j)
      if (is_bonded(m[i].Z, m[j].Z, (m[i].position - m[j].position).norm(), options))
        brute.emplace_back(static_cast<int>(i), static_cast<int>(j));
  const Stopwatch clock;
  const BondGraph g = find_bonds(m, options);
  const double seconds = clock.seconds();
  EXPECT_EQ(g.bonds(), brute);
  EXPECT_EQ(fragments(g).size(), 1u);
  RecordProperty("seconds", std::to_string(seconds));  // reported, not asserted: CI load varies
}
