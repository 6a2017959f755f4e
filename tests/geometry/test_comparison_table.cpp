#include <gtest/gtest.h>

#include "geometry/atom_matching.hpp"
#include "geometry/conformer_comparison.hpp"
#include "geometry/internal_coordinates.hpp"
#include "geometry/mirror.hpp"
#include "geometry/xyz.hpp"
#include "shuffle.hpp"
#include "textbook_molecules.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {
std::string data(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/geometry/" + name; }
}  // namespace

TEST(ComparisonTable, PeroxideConformersSideBySide) {
  // P and trans share bonds and angles (built with the same r and angles, file comments) and
  // differ only in the dihedral: +112.0 vs 180.0 degrees.
  const Molecule p = read_xyz_molecule(data("h2o2_P.xyz"));
  const Molecule trans = shuffled_copy(read_xyz_molecule(data("h2o2_trans.xyz")), 3);
  const Comparison c = compare_structures(p, trans);
  ASSERT_NE(c.verdict, Verdict::not_comparable);
  const std::vector<Molecule> aligned{p, reorder_atoms(trans, c.map)};
  const InternalCoordinateTable t = make_internal_coordinate_table(aligned, {"P", "trans"}, find_bonds(p),
                                                                   detect_point_group(p, 0.01), {true});
  // Rows: O-O; O-H (x2, C2-related); O-O-H (x2); H-O-O-H.
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0].label, "O1-O2");
  EXPECT_NEAR(t.rows[0].values[0], 1.4556, 1e-10);
  EXPECT_NEAR(t.rows[0].spread, 0.0, 1e-10);
  EXPECT_EQ(t.rows[1].members.size(), 2u);
  EXPECT_NEAR(t.rows[1].values[1], 0.9627, 1e-6);
  EXPECT_NEAR(t.rows[2].values[0], 99.4, 1e-4);
  const auto& dihedral = t.rows[3];
  EXPECT_EQ(dihedral.kind, InternalCoordinateRow::Kind::dihedral);
  EXPECT_NEAR(std::abs(dihedral.values[0]), 112.0, 1e-4);
  EXPECT_NEAR(std::abs(dihedral.values[1]), 180.0, 1e-4);
  EXPECT_NEAR(dihedral.spread, 68.0, 1e-4);
  const std::string md = format_markdown(t), csv = format_csv(t);
  EXPECT_NE(md.find("| bond | O1-O2 | 1 | 1.4556 | 1.4556 | 0.0000 | 0.0000 |"), std::string::npos) << md;
  EXPECT_NE(csv.find("type,coordinate,atoms,n,P,trans,spread,within_group"), std::string::npos) << csv;
}

TEST(ComparisonTable, C3RelatedBondsAreOneRowSortedBySpread) {
  // Propeller vs the same propeller with one ring pulled out by 0.05 Angstrom: the P-C row (x3)
  // shows a spread in its mean and a within-group range; it sorts to the top of the bonds.
  const Molecule a = phosphine_propeller();
  std::vector<Atom> atoms = a.atoms();
  const Eigen::Vector3d out = (atoms[1].position - atoms[0].position).normalized();
  for (std::size_t i = 1; i < 12; ++i) atoms[i].position += 0.05 * units::angstrom_in_bohr * out;  // ring 1
  const Molecule b(atoms);
  const InternalCoordinateTable t =
      make_internal_coordinate_table({a, b}, {"a", "b"}, find_bonds(a), detect_point_group(a, 0.01));
  ASSERT_FALSE(t.rows.empty());
  EXPECT_EQ(t.rows[0].label, "P1-C2");
  EXPECT_EQ(t.rows[0].members.size(), 3u);
  EXPECT_NEAR(t.rows[0].member_range[0], 0.0, 1e-10);
  EXPECT_GT(t.rows[0].member_range[1], 0.03);
  for (std::size_t r = 1; r < t.rows.size() && t.rows[r].kind == t.rows[0].kind; ++r)
    EXPECT_LE(t.rows[r].spread, t.rows[r - 1].spread + 1e-8);  // ties within rounding noise
}
