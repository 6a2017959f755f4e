#include <gtest/gtest.h>

#include "common/error.hpp"
#include "geometry/molecule.hpp"
#include "geometry/units.hpp"

using namespace atropos;

namespace {
Molecule water(int charge = 0, int multiplicity = 1) {
  const double a = units::angstrom_in_bohr;
  return Molecule({{8, {0, 0, 0.1173 * a}}, {1, {0, 0.7572 * a, -0.4692 * a}}, {1, {0, -0.7572 * a, -0.4692 * a}}},
                  charge, multiplicity);
}
}  // namespace

TEST(Molecule, ElectronCountsAndFormula) {
  const Molecule m = water();
  EXPECT_EQ(m.electron_count(), 10);
  EXPECT_EQ(m.alpha_count(), 5);
  EXPECT_EQ(m.beta_count(), 5);
  EXPECT_EQ(m.formula(), "H2O");
  const Molecule cation = water(1, 2);
  EXPECT_EQ(cation.alpha_count(), 5);
  EXPECT_EQ(cation.beta_count(), 4);
  EXPECT_NO_THROW(cation.validate_charge_and_multiplicity());
}

TEST(Molecule, NuclearRepulsionMatchesPsi4) {
  // Psi4 1.3.2, shared/reference/psi4/water_rhf_pk_energy.json: 9.189533762639709 Eh.
  EXPECT_NEAR(water().nuclear_repulsion_energy(), 9.189533762639709, 1e-10);
}

TEST(Molecule, RejectsChargeMultiplicityMismatch) {
  try {
    water(0, 2).validate_charge_and_multiplicity();
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("even electron count needs an odd multiplicity"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(water(10, 1).validate_charge_and_multiplicity(), InputError);
  EXPECT_THROW(water(0, 13).validate_charge_and_multiplicity(), InputError);
}

TEST(Molecule, RejectsAtomsTooClose) {
  Molecule m({{1, {0, 0, 0}}, {1, {0, 0, 0.05 * units::angstrom_in_bohr}}});
  try {
    m.validate_distances(0.1);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("atoms 1 (H) and 2 (H) are 0.0500 Angstrom apart"), std::string::npos)
        << e.what();
  }
}
