#pragma once
// From a Cartesian Hessian to frequencies and thermochemistry in one call, with the summary a
// frequency job reports and a formatted table (docs/frequencies.md).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "drivers/vibration/harmonic_analysis.hpp"
#include "drivers/vibration/thermochemistry.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct VibrationalOptions {
  Eigen::VectorXd masses;  // u, one per atom; empty = most abundant isotopes (geometry/atomic_mass.hpp)
  ThermochemistryOptions thermo;
};

struct VibrationalResult {
  HarmonicAnalysis harmonic;
  Thermochemistry thermo;
  Eigen::VectorXd masses;  // u, those used

  // Summary. Energies in Eh at `temperature`, entropies in Eh/K. Plain RRHO (what Psi4, Gaussian,
  // ORCA print) and quasi-RRHO side by side; *_qrrho differ in the vibrational entropy (Grimme)
  // and, with head_gordon_enthalpy, in the vibrational enthalpy.
  Eigen::VectorXd frequencies_cm1;  // vibrations, ascending; imaginary as negative numbers
  int imaginary_count = 0;
  double temperature = 0.0;         // K
  double pressure = 0.0;            // Pa
  double electronic_energy = 0.0;   // E0 (the undisplaced point)
  double zpe = 0.0;                 // zero-point vibrational energy (a correction)
  double thermal_energy = 0.0;      // E0 + ZPE + thermal translational/rotational/vibrational energy
  double enthalpy = 0.0;            // thermal_energy + kT
  double entropy = 0.0;             // total S
  double gibbs = 0.0;               // enthalpy - T S
  double enthalpy_qrrho = 0.0;
  double entropy_qrrho = 0.0;
  double gibbs_qrrho = 0.0;
  std::vector<std::string> warnings;  // imaginary modes left out, low modes
};

// `hessian`: 3N x 3N Cartesian, Eh/bohr^2; `electronic_energy`: E0 in Eh.
VibrationalResult analyse_vibrations(const Molecule& molecule, const Eigen::MatrixXd& hessian,
                                     double electronic_energy, const VibrationalOptions& options = {});

// Frequency table (mode, cm^-1 with imaginary ones flagged "i", reduced mass, force constant) and
// thermochemistry table (Eh and kcal/mol, entropy terms in cal/(mol K)), RRHO and quasi-RRHO.
std::string format_vibrational_report(const VibrationalResult& result);

}  // namespace atropos
