#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/stopwatch.hpp"
#include "geometry/conformer_comparison.hpp"
#include "geometry/connectivity.hpp"
#include "geometry/crystal.hpp"
#include "geometry/units.hpp"

using namespace atropos;

namespace {
std::string cif(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/cif/" + name; }

std::string message_of(const std::string& text) {
  try {
    make_crystal(parse_cif(text, "bad.cif").at(0), "bad.cif");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

const char* kMinimal = R"(data_test
_cell_length_a 10
_cell_length_b 10
_cell_length_c 10
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'P -1'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
)";
}  // namespace

TEST(Crystal, BenzeneFromHalfAMoleculeAcrossTheInversionCentre) {
  const Crystal c = read_crystal(cif("2100348-benzene.cif"));
  EXPECT_EQ(c.operations, 8);           // Pbca
  EXPECT_EQ(c.atoms_in_cell, 48u);      // Z = 4 x 12
  EXPECT_EQ(c.molecules_in_cell, 4u);
  ASSERT_EQ(c.molecules.size(), 1u);
  const Molecule& m = c.molecules[0].molecule;
  EXPECT_EQ(m.formula(), "C6H6");
  EXPECT_EQ(c.molecules[0].copies_in_cell, 4);
  // C-C bonds against the file's own _geom_bond loop (SHELXL, 3 decimals printed):
  // C1-C2 1.396(8), C2-C3 1.382(10), C1-C3' 1.353(10), each twice in the whole ring.
  std::vector<double> cc;
  const BondGraph graph = find_bonds(m);
  for (const auto& [i, j] : graph.bonds())
    if (m[i].Z == 6 && m[j].Z == 6) cc.push_back((m[i].position - m[j].position).norm() * units::bohr_in_angstrom);
  std::sort(cc.begin(), cc.end());
  ASSERT_EQ(cc.size(), 6u);
  const double expected[6] = {1.353, 1.353, 1.382, 1.382, 1.396, 1.396};
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(cc[k], expected[k], 0.0006) << k;
}

TEST(Crystal, TwoIndependentConformersInP21) {
  const Crystal c = read_crystal(cif("7151730.cif"));
  EXPECT_EQ(c.molecules_in_cell, 4u);  // Z = 4
  ASSERT_EQ(c.molecules.size(), 2u);
  for (const auto& m : c.molecules) {
    EXPECT_EQ(m.molecule.formula(), "C8H11Cl3INO2");  // cod-tools cif_molecule agrees
    EXPECT_EQ(m.molecule.size(), 26u);
    EXPECT_EQ(m.copies_in_cell, 2);
  }
  EXPECT_FALSE(c.has_improper_operations);
}

TEST(Crystal, FourHundredNinetySixAtomCellInP212121) {
  const Stopwatch clock;
  const Crystal c = read_crystal(cif("2007008.cif"));
  ASSERT_EQ(c.molecules.size(), 2u);
  const Comparison verdict = compare_structures(c.molecules[0].molecule, c.molecules[1].molecule);
  const double seconds = clock.seconds();
  EXPECT_EQ(c.atoms_in_cell, 496u);
  EXPECT_EQ(c.molecules_in_cell, 8u);
  EXPECT_EQ(c.molecules[0].molecule.formula(), "C24H30O8");
  EXPECT_EQ(c.molecules[1].molecule.formula(), "C24H30O8");
  // Two crystallographically independent molecules: the same compound, two conformers.
  EXPECT_NE(verdict.verdict, Verdict::not_comparable);
  EXPECT_GT(verdict.rmsd, 0.1 * units::angstrom_in_bohr);
  RecordProperty("seconds", std::to_string(seconds));  // reported, not asserted: CI load varies
}

TEST(Crystal, TrigonalP31cWithDecimalOperations) {
  const Crystal c = read_crystal(cif("2009901.cif"));
  EXPECT_EQ(c.operations, 12);
  EXPECT_TRUE(c.has_improper_operations);
  ASSERT_GE(c.molecules.size(), 1u);
  EXPECT_EQ(c.molecules[0].molecule.formula(), "C36H30F12P6W");
  // The 1/3-occupied water oxygen is reported, not dropped silently.
  EXPECT_TRUE(std::any_of(c.notes.begin(), c.notes.end(),
                          [](const std::string& n) { return n.find("O1 has occupancy 0.333") != std::string::npos; }));
}

TEST(Crystal, DisorderPartIsChosenExplicitly) {
  CrystalOptions major;  // part 1: the 0.745 component of the disordered anion
  const Crystal c1 = read_crystal(cif("2014244.cif"), major);
  EXPECT_EQ(c1.disorder_groups, (std::vector<int>{-2, -1}));
  std::vector<std::string> formulas;
  for (const auto& m : c1.molecules) formulas.push_back(m.molecule.formula());
  std::sort(formulas.begin(), formulas.end());
  EXPECT_EQ(formulas, (std::vector<std::string>{"C4H5O5", "C8H12N"}));
  CrystalOptions minor;
  minor.disorder_part = 2;  // only the minor atoms of the anion (C21, C31 + H): a C2H3 fragment,
  const Crystal c2 = read_crystal(cif("2014244.cif"), minor);  // as cod-tools also reports
  formulas.clear();
  for (const auto& m : c2.molecules) formulas.push_back(m.molecule.formula());
  EXPECT_NE(std::find(formulas.begin(), formulas.end(), "C2H3"), formulas.end());
  CrystalOptions absent;
  absent.disorder_part = 3;
  EXPECT_THROW(read_crystal(cif("2014244.cif"), absent), InputError);
}

TEST(Crystal, ClearErrorsForMalformedFiles) {
  try {
    read_crystal(cif("2103187-misaligned-loop.cif"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("line 63: every line of the loop (_atom_site_label...) holds 5 values but the loop has 4 tags"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(message_of(std::string(kMinimal) + "C1 Xq 0.1 0.1 0.1\n"), "bad.cif line 15 site C1: unknown element 'Xq'");
  EXPECT_EQ(message_of(std::string(kMinimal) + "C1 C 0.1 0.1a 0.1\n"),
            "bad.cif line 15 site C1 _atom_site_fract_y: expected a number, found '0.1a'");
  std::string no_cell = kMinimal;
  no_cell.erase(no_cell.find("_cell_length_b"), std::string("_cell_length_b 10\n").size());
  EXPECT_EQ(message_of(no_cell + "C1 C 0.1 0.1 0.1\n"), "bad.cif data_test: missing _cell_length_b: the unit cell is needed");
  std::string no_symmetry = kMinimal;
  no_symmetry.erase(no_symmetry.find("_symmetry_space"), std::string("_symmetry_space_group_name_H-M 'P -1'\n").size());
  EXPECT_NE(message_of(no_symmetry + "C1 C 0.1 0.1 0.1\n").find("bad.cif data_test: no symmetry"), std::string::npos);
  EXPECT_EQ(message_of(std::string(kMinimal) + "C1 C 0.1 'unterminated\n"), "bad.cif line 15: unterminated ' quoted string");
}

TEST(Crystal, SpaceGroupNameGivesTheOperations) {
  // P-1 from its name: an atom at a general position and its inversion image, bonded across the
  // cell corner into one C2 molecule (C...C 1.39 Angstrom).
  const Crystal c = make_crystal(parse_cif(std::string(kMinimal) + "C1 C 0.0695 0 0\n", "t.cif").at(0), "t.cif");
  EXPECT_EQ(c.operations, 2);
  ASSERT_EQ(c.molecules.size(), 1u);
  EXPECT_EQ(c.molecules[0].molecule.size(), 2u);
  const Molecule& m = c.molecules[0].molecule;
  EXPECT_NEAR((m[0].position - m[1].position).norm() * units::bohr_in_angstrom, 1.39, 1e-12);
}
