#pragma once
// Ideal-gas, rigid-rotor, harmonic-oscillator (RRHO) thermochemistry, and Grimme's quasi-RRHO.
//
// Conventions follow the textbook (McQuarrie; Ochterski, "Thermochemistry in Gaussian", 2000) and
// Psi4 1.3's thermo(), so the numbers compare one to one:
//   electronic:    q = multiplicity (no excited states), S = k ln q, E = 0
//   translational: E = 3/2 kT, H = E + kT = 5/2 kT,
//                  S = k [5/2 + ln((2 pi m kT / h^2)^(3/2) kT / P)]
//   rotational:    theta_a = h^2 / (8 pi^2 I_a k);  nonlinear: q = sqrt(pi) T^(3/2) /
//                  (sigma sqrt(theta_A theta_B theta_C)), S = k (3/2 + ln q), E = 3/2 kT;
//                  linear: q = T / (sigma theta), S = k (1 + ln q), E = kT;  atom: nothing
//   vibrational:   x_i = h c nu~_i / kT;  ZPE = sum h c nu~_i / 2,
//                  E = ZPE + sum h c nu~_i / (e^x_i - 1),  S = k sum [x_i/(e^x_i - 1) - ln(1 - e^-x_i)]
//   H = E + kT (ideal gas), G = H - T S. Energies in Eh, entropies in Eh/K; the electronic
//   energy E0 is added only to the totals.
// Imaginary modes are left out (with a warning); so are the translations and rotations, which the
// harmonic analysis removed.
//
// Quasi-RRHO (S. Grimme, Chem. Eur. J. 18, 9955 (2012)): each mode's entropy is interpolated
// between the harmonic S_V and that of a free rotor with the same frequency,
//   mu = h / (8 pi^2 nu),  mu' = mu B_av / (mu + B_av),  S_R = k [1/2 + ln(sqrt(8 pi^3 mu' kT / h^2))],
//   w = 1 / (1 + (nu0 / nu)^alpha),  S = w S_V + (1 - w) S_R,
// with nu0 = 100 cm^-1, alpha = 4, B_av = 1e-44 kg m^2. Optionally the enthalpy too (Y.-P. Li,
// J. Gomes, S. M. Sharada, A. T. Bell, M. Head-Gordon, J. Phys. Chem. C 119, 1840 (2015)): each
// mode's energy (ZPE included) becomes w E_V + (1 - w) kT/2. The plain RRHO numbers are always
// kept beside the quasi-RRHO ones.
//
// Constants: CODATA 2018 (physical_constants.hpp). Psi4 1.3 uses CODATA 2014; the difference is
// below 1e-8 relative in k_B T and h c, i.e. < 1e-9 Eh in the corrections here.

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "drivers/vibration/rigid_rotor.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct QuasiRrhoOptions {
  double cutoff_cm1 = 100.0;        // nu0 of the damping function
  double alpha = 4.0;               // its exponent
  double average_moment = 1e-44;    // B_av, kg m^2
};

struct ThermochemistryOptions {
  double temperature = 298.15;      // K
  double pressure = 101325.0;       // Pa
  // Rotational symmetry number: from the point group detected on the geometry (tolerance below)
  // unless given here.
  std::optional<int> symmetry_number;
  double point_group_tolerance_angstrom = 0.01;
  QuasiRrhoOptions quasi_rrho;
  bool head_gordon_enthalpy = false;  // also damp the vibrational enthalpy (quasi-RRHO H)
};

// One harmonic mode at temperature T (energies Eh, entropies Eh/K).
struct ModeThermochemistry {
  double zpe = 0.0;               // h c nu~ / 2
  double energy = 0.0;            // ZPE + thermal population
  double entropy = 0.0;           // harmonic oscillator S_V
  double free_rotor_entropy = 0.0;  // S_R
  double weight = 1.0;            // w(nu)
  double entropy_qrrho = 0.0;     // w S_V + (1 - w) S_R
  double energy_qrrho = 0.0;      // w E_V + (1 - w) kT/2 (Head-Gordon)
};
ModeThermochemistry mode_thermochemistry(double frequency_cm1, double temperature, const QuasiRrhoOptions& options = {});

// Contributions to one quantity.
struct ThermoTerms {
  double electronic = 0.0;
  double translational = 0.0;
  double rotational = 0.0;
  double vibrational = 0.0;
  double total() const { return electronic + translational + rotational + vibrational; }
};

struct Thermochemistry {
  double temperature = 0.0;       // K
  double pressure = 0.0;          // Pa
  double electronic_energy = 0.0; // E0, Eh
  double mass = 0.0;              // u
  int multiplicity = 1;
  RotorKind rotor = RotorKind::nonlinear;
  Eigen::Vector3d rotational_constants_cm1 = Eigen::Vector3d::Zero();
  std::string point_group;        // as detected ("" when the symmetry number was given)
  int symmetry_number = 1;
  std::vector<double> frequencies_cm1;          // the modes used (real, > 0)
  std::vector<double> skipped_frequencies_cm1;  // imaginary (negative) modes left out

  // RRHO corrections (add electronic_energy for totals).
  double zpe = 0.0;               // Eh
  ThermoTerms thermal_energy;     // Eh, ZPE included
  ThermoTerms enthalpy;           // Eh
  ThermoTerms entropy;            // Eh/K
  double gibbs() const { return enthalpy.total() - temperature * entropy.total(); }  // correction, Eh

  // Quasi-RRHO: vibrational terms replaced (enthalpy only with head_gordon_enthalpy).
  double vibrational_entropy_qrrho = 0.0;   // Eh/K
  double vibrational_enthalpy_qrrho = 0.0;  // Eh
  bool head_gordon_enthalpy = false;
  QuasiRrhoOptions quasi_rrho;              // the parameters used
  double entropy_qrrho() const { return entropy.total() - entropy.vibrational + vibrational_entropy_qrrho; }
  double enthalpy_qrrho() const {
    return head_gordon_enthalpy ? enthalpy.total() - enthalpy.vibrational + vibrational_enthalpy_qrrho : enthalpy.total();
  }
  double gibbs_qrrho() const { return enthalpy_qrrho() - temperature * entropy_qrrho(); }

  std::vector<std::string> warnings;
};

// `frequencies_cm1`: the vibrations (HarmonicAnalysis::frequencies_cm1; negative = imaginary).
// `masses` in u. InputError for T or P not positive, or a symmetry number < 1.
Thermochemistry compute_thermochemistry(const Molecule& molecule, const Eigen::VectorXd& masses,
                                        const Eigen::VectorXd& frequencies_cm1, double electronic_energy,
                                        const ThermochemistryOptions& options = {});

}  // namespace atropos
