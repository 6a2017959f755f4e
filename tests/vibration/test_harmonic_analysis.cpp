// Harmonic analysis: translational/rotational invariance and their exact removal, linear
// molecules, imaginary modes, Psi4 1.3.2's analysis of its own analytic HF Hessians, Molden output.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/harmonic_analysis.hpp"
#include "drivers/vibration/molden_frequencies.hpp"
#include "geometry/atomic_mass.hpp"
#include "model_molecules.hpp"
#include "psi4_frequency_job.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

// |nu| of the `count` unprojected modes closest to zero.
std::vector<double> smallest_magnitudes(const Eigen::VectorXd& frequencies, int count) {
  std::vector<double> m(frequencies.data(), frequencies.data() + frequencies.size());
  for (double& v : m) v = std::abs(v);
  std::sort(m.begin(), m.end());
  m.resize(static_cast<std::size_t>(count));
  return m;
}

}  // namespace

// At a minimum of a rotation- and translation-invariant surface the exact Hessian has six zero
// eigenvalues; after projection exactly 3N-6 vibrations remain, orthogonal to the external space,
// with the nonzero eigenvalues unchanged.
TEST(HarmonicAnalysis, ExternalModesAreZeroAndRemovedExactly) {
  const Molecule molecule = model_water();
  const Eigen::MatrixXd hessian = PairPotentialSurface(model_water_terms()).hessian(molecule);
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  const HarmonicAnalysis h = analyse_harmonic(molecule, hessian, masses);
  EXPECT_EQ(h.rotor, RotorKind::nonlinear);
  EXPECT_EQ(h.external_count, 6);
  ASSERT_EQ(h.frequencies_cm1.size(), 3);
  // Exact zero modes: only rounding, ~sqrt(1e-16) * 5140 cm^-1.
  for (double nu : smallest_magnitudes(h.unprojected_frequencies_cm1, 6)) EXPECT_LT(nu, 1e-3);
  EXPECT_LT(h.external_overlap, 1e-12);
  // The three largest unprojected frequencies are the vibrations.
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(h.frequencies_cm1(k), h.unprojected_frequencies_cm1(6 + k), 1e-6);
  EXPECT_EQ(h.imaginary_count, 0);
  // Unit Cartesian modes, orthonormal mass-weighted modes, reduced masses between the lightest
  // and the heaviest atom.
  EXPECT_NEAR((h.modes_mass_weighted.transpose() * h.modes_mass_weighted - Eigen::MatrixXd::Identity(3, 3))
                  .cwiseAbs()
                  .maxCoeff(),
              0.0, 1e-13);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(h.modes_cartesian.col(k).norm(), 1.0, 1e-14);
    EXPECT_GT(h.reduced_masses(k), 1.0);
    EXPECT_LT(h.reduced_masses(k), 16.0);
  }
}

// The finite-difference Hessian of the same surface is translation-invariant to rounding
// (gradients of a translated geometry are the same) but rotation-invariant only to O(h^2): its
// rotational "frequencies" grow like h (eigenvalues like h^2), the vibrations converge like h^2,
// and the projection removes the external space exactly whatever h. This strongly anharmonic
// model (cubic terms -0.3 Eh/bohr^3 on force constants of 0.05..0.5) makes the effects large.
TEST(HarmonicAnalysis, FiniteDifferenceHessianExternalModesSmallThenRemoved) {
  const Molecule molecule = model_water();
  const auto terms = model_water_terms(-0.3);
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  const SurfaceFactory factory = [&](const Communicator&) { return std::make_unique<PairPotentialSurface>(terms); };
  const HarmonicAnalysis exact = analyse_harmonic(molecule, PairPotentialSurface(terms).hessian(molecule), masses);
  std::vector<double> largest_external, largest_error;
  for (const double step : {0.01, 0.005}) {
    FdHessianOptions options;
    options.step_bohr = step;
    const FdHessianResult fd = compute_fd_hessian(molecule, factory, Communicator(MPI_COMM_SELF), options);
    const HarmonicAnalysis h = analyse_harmonic(molecule, fd.hessian, masses);
    const std::vector<double> external = smallest_magnitudes(h.unprojected_frequencies_cm1, 6);
    EXPECT_LT(external[2], 1e-3) << "translations: zero to rounding";
    largest_external.push_back(external.back());
    ASSERT_EQ(h.frequencies_cm1.size(), 3);
    EXPECT_LT(h.external_overlap, 1e-12);
    largest_error.push_back((h.frequencies_cm1 - exact.frequencies_cm1).cwiseAbs().maxCoeff());
  }
  EXPECT_LT(largest_external[1], 20.0) << "cm^-1 at h = 0.005 bohr";
  EXPECT_NEAR(largest_external[0] / largest_external[1], 2.0, 0.2);
  EXPECT_LT(largest_error[1], 0.2) << "cm^-1 at h = 0.005 bohr";
  EXPECT_NEAR(largest_error[0] / largest_error[1], 4.0, 0.5);
}

// Frequencies do not depend on where the molecule sits or how it is turned: rotate and translate
// the geometry, rotate the Hessian with it (H' = R H R^T per 3x3 block).
TEST(HarmonicAnalysis, FrameIndependent) {
  const Molecule molecule = model_chain();
  const auto terms = model_chain_terms();
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  const HarmonicAnalysis reference = analyse_harmonic(molecule, PairPotentialSurface(terms).hessian(molecule), masses);
  const Eigen::Matrix3d rotation =
      (Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, -0.5).normalized()) * Eigen::AngleAxisd(-1.9, Eigen::Vector3d::UnitZ()))
          .toRotationMatrix();
  std::vector<Atom> atoms = molecule.atoms();
  for (Atom& a : atoms) a.position = rotation * a.position + Eigen::Vector3d(3.0, -7.5, 12.0);
  const Molecule moved(atoms);
  const HarmonicAnalysis turned = analyse_harmonic(moved, PairPotentialSurface(terms).hessian(moved), masses);
  ASSERT_EQ(turned.frequencies_cm1.size(), 6);
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(turned.frequencies_cm1(k), reference.frequencies_cm1(k), 1e-7);
  // The chain is not at rest (r0 shifted, anharmonic): its projected spectrum still excludes the
  // external space exactly.
  EXPECT_LT(turned.external_overlap, 1e-12);
}

// Linear molecule: five external modes, 3N-5 = 4 vibrations, the two bends degenerate.
TEST(HarmonicAnalysis, LinearMoleculeHasFiveExternalModes) {
  const Molecule molecule = model_co2();
  const HarmonicAnalysis h =
      analyse_harmonic(molecule, PairPotentialSurface(model_co2_terms()).hessian(molecule),
                       most_abundant_isotope_masses(molecule));
  EXPECT_EQ(h.rotor, RotorKind::linear);
  EXPECT_EQ(h.external_count, 5);
  ASSERT_EQ(h.frequencies_cm1.size(), 4);
  for (double nu : smallest_magnitudes(h.unprojected_frequencies_cm1, 5)) EXPECT_LT(nu, 1e-3);
  EXPECT_GT(h.frequencies_cm1(0), 10.0);
  EXPECT_NEAR(h.frequencies_cm1(0), h.frequencies_cm1(1), 1e-8 * h.frequencies_cm1(0));
  EXPECT_LT(h.external_overlap, 1e-12);
}

// A saddle point: imaginary modes come out as negative numbers and are counted.
TEST(HarmonicAnalysis, ImaginaryModesAreNegativeAndCounted) {
  const Molecule molecule = model_water();
  auto terms = model_water_terms();
  terms[2].k = -0.4;  // H-H pair pushes apart: the bend becomes a maximum
  const HarmonicAnalysis h = analyse_harmonic(molecule, PairPotentialSurface(terms).hessian(molecule),
                                              most_abundant_isotope_masses(molecule));
  EXPECT_EQ(h.imaginary_count, 1);
  EXPECT_LT(h.frequencies_cm1(0), -100.0);
  EXPECT_GT(h.frequencies_cm1(1), 0.0);
  EXPECT_LT(h.force_constants_mdyn_per_angstrom(0), 0.0);
}

TEST(HarmonicAnalysis, RejectsWrongShapes) {
  const Molecule molecule = model_water();
  const Eigen::VectorXd masses = most_abundant_isotope_masses(molecule);
  EXPECT_THROW(analyse_harmonic(molecule, Eigen::MatrixXd::Zero(6, 6), masses), InputError);
  EXPECT_THROW(analyse_harmonic(molecule, Eigen::MatrixXd::Zero(9, 9), Eigen::VectorXd::Ones(2)), InputError);
  Eigen::MatrixXd bad = Eigen::MatrixXd::Zero(9, 9);
  bad(0, 0) = std::nan("");
  EXPECT_THROW(analyse_harmonic(molecule, bad, masses), InputError);
}

// Psi4 1.3.2's analytic RHF/def2-SVP Hessians (tests/data/vibration), analysed here: frequencies,
// reduced masses and normal modes as Psi4 reports them. The only difference is the constants
// (Psi4 1.3: CODATA 2014; here CODATA 2018: 1.7e-8 relative in E_h, 1.6e-8 in u), i.e. ~1e-4 cm^-1
// at 4000 cm^-1: tolerance 1e-3 cm^-1 and 1e-6 u.
class Psi4Analysis : public ::testing::TestWithParam<std::string> {};

TEST_P(Psi4Analysis, FrequenciesModesReducedMasses) {
  const Psi4FrequencyJob job = psi4_frequency_job(GetParam());
  const HarmonicAnalysis h = analyse_harmonic(job.molecule, job.hessian, most_abundant_isotope_masses(job.molecule));
  ASSERT_EQ(h.frequencies_cm1.size(), static_cast<Eigen::Index>(job.frequencies_cm1.size()));
  for (std::size_t k = 0; k < job.frequencies_cm1.size(); ++k) {
    const auto kk = static_cast<Eigen::Index>(k);
    EXPECT_NEAR(h.frequencies_cm1(kk), job.frequencies_cm1[k], 1e-3) << "mode " << k + 1;
    EXPECT_NEAR(h.reduced_masses(kk), job.reduced_masses[k], 1e-6) << "mode " << k + 1;
    // Same direction (Psi4 fixes signs by the largest mass-weighted element too; compare |cos|
    // anyway, since nearly equal elements may pick different signs).
    EXPECT_NEAR(std::abs(h.modes_cartesian.col(kk).dot(job.normal_modes_x[k])), 1.0, 1e-8) << "mode " << k + 1;
  }
  EXPECT_EQ(h.imaginary_count, 0);
}

INSTANTIATE_TEST_SUITE_P(WaterAndH2O2, Psi4Analysis,
                         ::testing::Values("water_rhf_def2svp_freq", "h2o2_rhf_def2svp_freq"));

namespace {

// The vibrational sections of a Molden file, read the way viewers read them.
struct MoldenVibrations {
  std::vector<std::string> sections;
  std::vector<double> frequencies;
  std::vector<std::string> symbols;
  std::vector<Eigen::Vector3d> coordinates;
  std::vector<Eigen::VectorXd> modes;
};

MoldenVibrations read_molden_vibrations(std::istream& in) {
  MoldenVibrations m;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line[0] == '[') {
      section = line.substr(0, line.find(']') + 1);
      m.sections.push_back(section);
      continue;
    }
    std::istringstream fields(line);
    if (section == "[FREQ]") {
      double nu;
      fields >> nu;
      m.frequencies.push_back(nu);
    } else if (section == "[FR-COORD]") {
      std::string symbol;
      Eigen::Vector3d r;
      fields >> symbol >> r.x() >> r.y() >> r.z();
      m.symbols.push_back(symbol);
      m.coordinates.push_back(r);
    } else if (section == "[FR-NORM-COORD]") {
      if (line.find("vibration") != std::string::npos) {
        m.modes.emplace_back();
        continue;
      }
      Eigen::Vector3d d;
      fields >> d.x() >> d.y() >> d.z();
      Eigen::VectorXd& mode = m.modes.back();
      mode.conservativeResize(mode.size() + 3);
      mode.tail<3>() = d;
    }
  }
  return m;
}

}  // namespace

// The reader above understands Psi4's own Molden normal-mode file (written by its FINDIF
// normal_modes_write, tests/data/vibration/*.psi4.molden); ours has the same sections, geometry,
// frequencies and unit-length modes.
TEST(Molden, SameSectionsAndContentAsPsi4) {
  const Psi4FrequencyJob job = psi4_frequency_job("h2o2_rhf_def2svp_freq");
  std::ifstream psi4_file(data_path("vibration/h2o2_rhf_def2svp_freq.psi4.molden"));
  ASSERT_TRUE(psi4_file.good());
  const MoldenVibrations psi4 = read_molden_vibrations(psi4_file);
  ASSERT_EQ(psi4.frequencies.size(), 6u);
  ASSERT_EQ(psi4.modes.size(), 6u);

  const HarmonicAnalysis h = analyse_harmonic(job.molecule, job.hessian, most_abundant_isotope_masses(job.molecule));
  std::stringstream text;
  write_molden_frequencies(text, job.molecule, h);
  EXPECT_EQ(text.str().rfind("[Molden Format]\n", 0), 0u);
  const MoldenVibrations ours = read_molden_vibrations(text);
  EXPECT_EQ(ours.sections, (std::vector<std::string>{"[Molden Format]", "[Title]", "[Atoms]", "[FREQ]", "[FR-COORD]",
                                                     "[FR-NORM-COORD]"}));
  EXPECT_EQ(ours.symbols, psi4.symbols);
  ASSERT_EQ(ours.coordinates.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_LT((ours.coordinates[i] - psi4.coordinates[i]).norm(), 1e-9);
  ASSERT_EQ(ours.modes.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(ours.frequencies[k], job.frequencies_cm1[k], 1e-3);
    EXPECT_NEAR(ours.modes[k].norm(), 1.0, 1e-9);
    EXPECT_NEAR(psi4.modes[k].norm(), 1.0, 1e-9) << "Psi4 writes unit-length modes too";
    // Psi4's file comes from its finite-difference run (the last frequencies() call), so its
    // modes agree with the analytic ones to ~1e-4 only.
    EXPECT_NEAR(std::abs(ours.modes[k].dot(psi4.modes[k])), 1.0, 1e-4) << "mode " << k + 1;
  }
}

TEST(Molden, ImaginaryModeWrittenNegative) {
  const Molecule molecule = model_water();
  auto terms = model_water_terms();
  terms[2].k = -0.4;
  const HarmonicAnalysis h = analyse_harmonic(molecule, PairPotentialSurface(terms).hessian(molecule),
                                              most_abundant_isotope_masses(molecule));
  std::stringstream text;
  write_molden_frequencies(text, molecule, h);
  const MoldenVibrations m = read_molden_vibrations(text);
  ASSERT_EQ(m.frequencies.size(), 3u);
  EXPECT_NEAR(m.frequencies[0], h.frequencies_cm1(0), 1e-9);
  EXPECT_LT(m.frequencies[0], 0.0);
}
