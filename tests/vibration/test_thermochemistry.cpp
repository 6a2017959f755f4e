// Isotope masses, symmetry numbers, RRHO thermochemistry against Psi4 1.3.2 and a textbook value,
// quasi-RRHO against a hand computation, imaginary modes left out.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "drivers/vibration/harmonic_analysis.hpp"
#include "drivers/vibration/physical_constants.hpp"
#include "drivers/vibration/symmetry_number.hpp"
#include "drivers/vibration/thermochemistry.hpp"
#include "drivers/vibration/vibrational_analysis.hpp"
#include "geometry/atomic_mass.hpp"
#include "model_molecules.hpp"
#include "psi4_frequency_job.hpp"

using namespace atropos;
using namespace atropos::testing;

// NIST SRD 144 values (the table's source); H and O also as Psi4 1.3.2 printed them for its
// frequency jobs (tests/data/vibration/*.json "masses").
TEST(AtomicMass, MostAbundantIsotopes) {
  EXPECT_EQ(most_abundant_isotope_mass(1), 1.00782503223);
  EXPECT_EQ(most_abundant_isotope_mass(6), 12.0);
  EXPECT_EQ(most_abundant_isotope_mass(8), 15.99491461957);
  EXPECT_EQ(most_abundant_isotope_mass(17), 34.968852682);
  EXPECT_EQ(most_abundant_isotope_mass_number(17), 35);
  EXPECT_EQ(most_abundant_isotope_mass(35), 78.9183376);
  EXPECT_EQ(most_abundant_isotope_mass_number(35), 79);
  EXPECT_EQ(most_abundant_isotope_mass(79), 196.96656879);
  EXPECT_EQ(most_abundant_isotope_mass_number(86), 222);
  EXPECT_THROW(most_abundant_isotope_mass(0), std::out_of_range);
  EXPECT_THROW(most_abundant_isotope_mass(87), std::out_of_range);
  for (int Z = 1; Z <= 86; ++Z) {
    // Within 0.1 u of the mass number (binding energies are < 0.1% of the mass for every nuclide).
    EXPECT_NEAR(most_abundant_isotope_mass(Z), most_abundant_isotope_mass_number(Z), 0.1) << "Z = " << Z;
  }
  const Psi4FrequencyJob job = psi4_frequency_job("water_rhf_def2svp_freq");
  const Eigen::VectorXd masses = most_abundant_isotope_masses(job.molecule);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(masses(i), job.json.at("masses").at(i).get<double>());
}

TEST(SymmetryNumber, TableOfPointGroups) {
  const std::vector<std::pair<std::string, int>> table = {
      {"C1", 1}, {"Cs", 1},  {"Ci", 1},   {"C2", 2},  {"C2v", 2}, {"C3v", 3}, {"C2h", 2}, {"D2", 4},
      {"D2h", 4}, {"D3h", 6}, {"D3d", 6}, {"D6h", 12}, {"S4", 2},  {"S6", 3},  {"Td", 12}, {"T", 12},
      {"Th", 12}, {"Oh", 24}, {"O", 24},  {"Ih", 60}, {"C*v", 1}, {"D*h", 2}, {"Kh", 1},  {"c2v", 2}};
  for (const auto& [label, sigma] : table) EXPECT_EQ(rotational_symmetry_number(label), sigma) << label;
  for (const std::string bad : {"", "X", "C", "D1", "S3", "C2q", "Q2v"})
    EXPECT_THROW(rotational_symmetry_number(bad), InputError) << bad;
}

// Thermochemistry from Psi4's own analytic Hessian, against the components Psi4 1.3.2 computed
// (qcdb.vib.thermo, 298.15 K, 101325 Pa, sigma from the point group, most abundant isotopes).
// Only the constants differ: Psi4 1.3 uses CODATA 2014, whose k_B is 3.5e-7 relative below
// CODATA 2018's exact value; with T S ~ 0.03 Eh that moves G by ~1e-8 Eh. Measured: S 2.2e-11
// (water) / 3.4e-11 (H2O2) Eh/K, ZPE 2e-10 Eh, H 1.8e-9 Eh, G 8.5e-9 Eh. Tolerances: 2e-8 Eh for
// energies, 5e-11 Eh/K for entropies (Psi4 prints 8 decimals in Eh, and S in mEh/K).
class Psi4Thermo : public ::testing::TestWithParam<std::string> {};

TEST_P(Psi4Thermo, RrhoComponents) {
  const Psi4FrequencyJob job = psi4_frequency_job(GetParam());
  const VibrationalResult r = analyse_vibrations(job.molecule, job.hessian, job.energy);
  const Thermochemistry& t = r.thermo;
  EXPECT_EQ(t.symmetry_number, job.json.at("rotational_symmetry_number").get<int>());
  EXPECT_EQ(t.point_group, job.json.at("full_point_group").get<std::string>());
  double psi4_mass = 0.0;
  for (const auto& m : job.json.at("masses")) psi4_mass += m.get<double>();
  EXPECT_NEAR(t.mass, psi4_mass, 1e-12);
  for (int a = 0; a < 3; ++a)  // Psi4 lists A >= B >= C; here by ascending moment, the same order.
    EXPECT_NEAR(t.rotational_constants_cm1(a), job.json.at("rotational_constants_cm1").at(a).get<double>(),
                1e-6 * t.rotational_constants_cm1(a));

  const double mEh = 1e-3;  // Psi4's entropies are in mEh/K
  EXPECT_NEAR(t.entropy.electronic, job.thermo("S_elec") * mEh, 1e-15);
  EXPECT_NEAR(t.entropy.translational, job.thermo("S_trans") * mEh, 5e-11);
  EXPECT_NEAR(t.entropy.rotational, job.thermo("S_rot") * mEh, 5e-11);
  EXPECT_NEAR(t.entropy.vibrational, job.thermo("S_vib") * mEh, 5e-11);
  EXPECT_NEAR(r.entropy, job.json.at("entropy_eh_per_k").get<double>(), 5e-11);
  EXPECT_NEAR(r.zpe, job.json.at("ZPVE").get<double>(), 2e-8);
  EXPECT_NEAR(t.thermal_energy.translational, job.thermo("E_trans"), 2e-8);
  EXPECT_NEAR(t.thermal_energy.rotational, job.thermo("E_rot"), 2e-8);
  EXPECT_NEAR(t.thermal_energy.vibrational, job.thermo("E_vib"), 2e-8);
  EXPECT_NEAR(r.thermal_energy, job.json.at("THERMAL ENERGY").get<double>(), 2e-8);
  EXPECT_NEAR(r.enthalpy, job.json.at("ENTHALPY").get<double>(), 2e-8);
  EXPECT_NEAR(r.gibbs, job.json.at("GIBBS FREE ENERGY").get<double>(), 2e-8);
  EXPECT_NEAR(r.gibbs - r.electronic_energy, job.json.at("GIBBS FREE ENERGY CORRECTION").get<double>(), 2e-8);
  EXPECT_EQ(r.imaginary_count, 0);
  EXPECT_NEAR(r.electronic_energy, job.energy, 0.0);
}

INSTANTIATE_TEST_SUITE_P(WaterAndH2O2, Psi4Thermo, ::testing::Values("water_rhf_def2svp_freq", "h2o2_rhf_def2svp_freq"));

// Sackur-Tetrode for argon at 298.15 K, 1 bar, standard atomic weight 39.948: NIST-JANAF
// Thermochemical Tables (M. W. Chase, J. Phys. Chem. Ref. Data Monograph 9, 1998), Ar(g):
// S = 154.845 J/(mol K).
TEST(Thermochemistry, ArgonEntropyMatchesJanaf) {
  const Molecule argon({bohr_atom(18, 0.0, 0.0, 0.0)});
  ThermochemistryOptions options;
  options.pressure = 1e5;
  Eigen::VectorXd mass(1);
  mass << 39.948;
  const Thermochemistry t = compute_thermochemistry(argon, mass, Eigen::VectorXd(), 0.0, options);
  const double joule_per_mol_k = codata2018::hartree * codata2018::avogadro;
  EXPECT_EQ(t.rotor, RotorKind::atom);
  EXPECT_NEAR(t.entropy.total() * joule_per_mol_k, 154.845, 1e-3);
  EXPECT_EQ(t.entropy.rotational, 0.0);
  EXPECT_NEAR(t.enthalpy.total(), 2.5 * codata2018::boltzmann_hartree_per_kelvin * 298.15, 1e-15);
}

// Linear rotor: S_rot = k (1 + ln(T / (sigma theta))), with sigma = 2 found from D*h.
TEST(Thermochemistry, LinearRotorUsesOneMoment) {
  const Molecule co2 = model_co2();
  const Eigen::VectorXd masses = most_abundant_isotope_masses(co2);
  const Thermochemistry t = compute_thermochemistry(co2, masses, Eigen::VectorXd(), 0.0);
  EXPECT_EQ(t.point_group, "D*h");
  EXPECT_EQ(t.symmetry_number, 2);
  EXPECT_EQ(t.rotor, RotorKind::linear);
  // theta = h c B / k with B the rotational constant in cm^-1.
  const double theta = t.rotational_constants_cm1(2) * codata2018::wavenumber_in_hartree /
                       codata2018::boltzmann_hartree_per_kelvin;
  EXPECT_NEAR(t.entropy.rotational,
              codata2018::boltzmann_hartree_per_kelvin * (1.0 + std::log(298.15 / (2.0 * theta))), 1e-15);
  EXPECT_NEAR(t.thermal_energy.rotational, codata2018::boltzmann_hartree_per_kelvin * 298.15, 1e-15);
}

// One mode of 50 cm^-1 at 298.15 K, computed by hand (CODATA 2018 SI constants, every step in
// double precision, see docs/frequencies.md for the formulae):
//   x = h c nu / kT = 0.24128406464932645
//   S_V = k [x / (e^x - 1) - ln(1 - e^-x)] = 7.676992740263502e-06 Eh/K (4.817 cal/(mol K))
//   mu = h / (8 pi^2 c nu) = 5.598550368595018e-48 kg m^2,  mu' = mu B_av / (mu + B_av)
//      = 5.595417745786706e-48 kg m^2
//   S_R = k [1/2 + ln sqrt(8 pi^3 mu' kT / h^2)] = 5.646346695400401e-06 Eh/K (3.543 cal/(mol K))
//   w = 1 / (1 + (100/50)^4) = 1/17
//   S = w S_V + (1 - w) S_R = 5.76579646274529e-06 Eh/K (3.618 cal/(mol K))
//   E_V = h c nu (1/2 + 1/(e^x - 1)) = 0.0009487611420044519 Eh
//   Head-Gordon: w E_V + (1 - w) kT/2 = 0.0005001317695975746 Eh
TEST(QuasiRrho, LowModeMatchesHandComputation) {
  const ModeThermochemistry m = mode_thermochemistry(50.0, 298.15);
  EXPECT_NEAR(m.entropy, 7.676992740263502e-06, 1e-12 * 7.7e-6);
  EXPECT_NEAR(m.free_rotor_entropy, 5.646346695400401e-06, 1e-12 * 5.6e-6);
  EXPECT_NEAR(m.weight, 1.0 / 17.0, 1e-15);
  EXPECT_NEAR(m.entropy_qrrho, 5.76579646274529e-06, 1e-12 * 5.8e-6);
  EXPECT_NEAR(m.energy, 0.0009487611420044519, 1e-12 * 9.5e-4);
  EXPECT_NEAR(m.energy_qrrho, 0.0005001317695975746, 1e-12 * 5e-4);
  // Far above the cutoff a mode is harmonic: at 3000 cm^-1, 1 - w = 1.2e-6, and the change in S
  // is ~1e-12 Eh/K, nothing beside a molecular entropy of ~1e-4 Eh/K.
  const ModeThermochemistry high = mode_thermochemistry(3000.0, 298.15);
  EXPECT_NEAR(1.0 - high.weight, 1.0 / (1.0 + std::pow(30.0, 4.0)), 1e-15);
  EXPECT_NEAR(high.entropy_qrrho, high.entropy, 2e-12);
}

// In a molecule, the quasi-RRHO entropy replaces the vibrational term mode by mode; the enthalpy
// changes only when Head-Gordon's correction is asked for.
TEST(QuasiRrho, SumsOverModesAndKeepsRrho) {
  const Molecule molecule = model_water();
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  Eigen::VectorXd frequencies(3);
  frequencies << 50.0, 1600.0, 3700.0;
  ThermochemistryOptions options;
  const Thermochemistry plain = compute_thermochemistry(molecule, masses, frequencies, -76.0, options);
  double s_rrho = 0.0, s_q = 0.0, e_hg = 0.0;
  for (int k = 0; k < 3; ++k) {
    const ModeThermochemistry m = mode_thermochemistry(frequencies(k), 298.15);
    s_rrho += m.entropy;
    s_q += m.entropy_qrrho;
    e_hg += m.energy_qrrho;
  }
  EXPECT_NEAR(plain.entropy.vibrational, s_rrho, 1e-18);
  EXPECT_NEAR(plain.vibrational_entropy_qrrho, s_q, 1e-18);
  EXPECT_NEAR(plain.entropy_qrrho(), plain.entropy.total() - s_rrho + s_q, 1e-18);
  EXPECT_EQ(plain.enthalpy_qrrho(), plain.enthalpy.total());
  EXPECT_LT(plain.entropy_qrrho(), plain.entropy.total());
  EXPECT_GT(plain.gibbs_qrrho(), plain.gibbs());
  options.head_gordon_enthalpy = true;
  const Thermochemistry damped = compute_thermochemistry(molecule, masses, frequencies, -76.0, options);
  EXPECT_NEAR(damped.enthalpy_qrrho(), damped.enthalpy.total() - damped.enthalpy.vibrational + e_hg, 1e-15);
  EXPECT_LT(damped.enthalpy_qrrho(), damped.enthalpy.total());
}

// Imaginary modes are left out with a warning; the symmetry number can be overridden.
TEST(Thermochemistry, ImaginaryModesLeftOutAndSymmetryOverride) {
  const Molecule molecule = model_water();
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  Eigen::VectorXd with_imaginary(3), without(2);
  with_imaginary << -250.0, 1600.0, 3700.0;
  without << 1600.0, 3700.0;
  ThermochemistryOptions options;
  const Thermochemistry a = compute_thermochemistry(molecule, masses, with_imaginary, 0.0, options);
  const Thermochemistry b = compute_thermochemistry(molecule, masses, without, 0.0, options);
  EXPECT_EQ(a.skipped_frequencies_cm1, std::vector<double>{-250.0});
  EXPECT_EQ(a.zpe, b.zpe);
  EXPECT_EQ(a.entropy.total(), b.entropy.total());
  ASSERT_FALSE(a.warnings.empty());
  EXPECT_NE(a.warnings.front().find("250.00i"), std::string::npos) << a.warnings.front();
  EXPECT_EQ(a.point_group, "C2v");
  EXPECT_EQ(a.symmetry_number, 2);
  options.symmetry_number = 1;
  const Thermochemistry c1 = compute_thermochemistry(molecule, masses, without, 0.0, options);
  EXPECT_EQ(c1.symmetry_number, 1);
  // sigma 2 -> 1 raises S_rot by k ln 2.
  EXPECT_NEAR(c1.entropy.rotational - b.entropy.rotational, codata2018::boltzmann_hartree_per_kelvin * std::log(2.0),
              1e-18);
  options.symmetry_number = 0;
  EXPECT_THROW(compute_thermochemistry(molecule, masses, without, 0.0, options), InputError);
  ThermochemistryOptions cold;
  cold.temperature = 0.0;
  EXPECT_THROW(compute_thermochemistry(molecule, masses, without, 0.0, cold), InputError);
}

TEST(VibrationalReport, TableNamesTheNumbers) {
  const Psi4FrequencyJob job = psi4_frequency_job("h2o2_rhf_def2svp_freq");
  const VibrationalResult r = analyse_vibrations(job.molecule, job.hessian, job.energy);
  const std::string table = format_vibrational_report(r);
  for (const std::string expected : {"370.00", "4155.34", "point group C2", "symmetry number 2", "zero-point energy",
                                     "Gibbs energy G", "quasi-RRHO", "kcal/mol"})
    EXPECT_NE(table.find(expected), std::string::npos) << expected << "\n" << table;
  EXPECT_NE(table.find(fmt::format("{:.8f}", r.gibbs)), std::string::npos);
}
