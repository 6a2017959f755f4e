#include "drivers/vibration/thermochemistry.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common/error.hpp"
#include "drivers/vibration/physical_constants.hpp"
#include "drivers/vibration/symmetry_number.hpp"
#include "geometry/point_group.hpp"

namespace atropos {

namespace {

using namespace codata2018;

constexpr double kBoltzmannEh = boltzmann_hartree_per_kelvin;  // Eh/K

// Rotational temperature h^2 / (8 pi^2 I k) in K for a moment I in u bohr^2.
double rotational_temperature(double moment) {
  const double moment_si = moment * atomic_mass_unit * bohr * bohr;
  return planck * planck / (8.0 * pi * pi * moment_si * boltzmann);
}

}  // namespace

ModeThermochemistry mode_thermochemistry(double frequency_cm1, double temperature, const QuasiRrhoOptions& options) {
  if (!(frequency_cm1 > 0.0)) throw InputError(fmt::format("thermochemistry of a mode at {} cm^-1", frequency_cm1));
  ModeThermochemistry mode;
  const double quantum = frequency_cm1 * wavenumber_in_hartree;  // h c nu~, Eh
  const double kt = kBoltzmannEh * temperature;                 // Eh
  const double x = quantum / kt;
  mode.zpe = 0.5 * quantum;
  mode.energy = mode.zpe + quantum / std::expm1(x);
  mode.entropy = kBoltzmannEh * (x / std::expm1(x) - std::log1p(-std::exp(-x)));

  // Free rotor with the moment of inertia of a rotor of this frequency, capped by B_av.
  const double frequency_hz = frequency_cm1 * 100.0 * speed_of_light;
  const double moment = planck / (8.0 * pi * pi * frequency_hz);  // kg m^2
  const double effective = moment * options.average_moment / (moment + options.average_moment);
  mode.free_rotor_entropy =
      kBoltzmannEh *
      (0.5 + std::log(std::sqrt(8.0 * pi * pi * pi * effective * boltzmann * temperature / (planck * planck))));
  mode.weight = 1.0 / (1.0 + std::pow(options.cutoff_cm1 / frequency_cm1, options.alpha));
  mode.entropy_qrrho = mode.weight * mode.entropy + (1.0 - mode.weight) * mode.free_rotor_entropy;
  mode.energy_qrrho = mode.weight * mode.energy + (1.0 - mode.weight) * 0.5 * kt;
  return mode;
}

Thermochemistry compute_thermochemistry(const Molecule& molecule, const Eigen::VectorXd& masses,
                                        const Eigen::VectorXd& frequencies_cm1, double electronic_energy,
                                        const ThermochemistryOptions& options) {
  const double temperature = options.temperature;
  if (!(temperature > 0.0) || !std::isfinite(temperature))
    throw InputError(fmt::format("thermochemistry: temperature {} K must be positive", temperature));
  if (!(options.pressure > 0.0) || !std::isfinite(options.pressure))
    throw InputError(fmt::format("thermochemistry: pressure {} Pa must be positive", options.pressure));
  if (options.symmetry_number && *options.symmetry_number < 1)
    throw InputError(fmt::format("thermochemistry: symmetry number {} < 1", *options.symmetry_number));

  Thermochemistry thermo;
  thermo.temperature = temperature;
  thermo.pressure = options.pressure;
  thermo.electronic_energy = electronic_energy;
  thermo.multiplicity = molecule.multiplicity();
  thermo.head_gordon_enthalpy = options.head_gordon_enthalpy;
  thermo.quasi_rrho = options.quasi_rrho;
  const RigidRotor rotor = rigid_rotor(molecule, masses);
  thermo.mass = rotor.total_mass;
  thermo.rotor = rotor.kind;
  thermo.rotational_constants_cm1 = rotor.rotational_constants_cm1();
  if (options.symmetry_number) {
    thermo.symmetry_number = *options.symmetry_number;
  } else {
    thermo.point_group = detect_point_group(molecule, options.point_group_tolerance_angstrom).label;
    thermo.symmetry_number = rotational_symmetry_number(thermo.point_group);
  }
  const double kt = kBoltzmannEh * temperature;

  // Electronic: ground state only, degeneracy = spin multiplicity.
  thermo.entropy.electronic = kBoltzmannEh * std::log(static_cast<double>(thermo.multiplicity));

  // Translational.
  const double mass_kg = thermo.mass * atomic_mass_unit;
  const double kt_joule = boltzmann * temperature;
  const double volume_factor =
      std::pow(2.0 * pi * mass_kg * kt_joule / (planck * planck), 1.5) * kt_joule / options.pressure;
  thermo.thermal_energy.translational = 1.5 * kt;
  thermo.enthalpy.translational = 2.5 * kt;
  thermo.entropy.translational = kBoltzmannEh * (2.5 + std::log(volume_factor));

  // Rotational.
  const double sigma = thermo.symmetry_number;
  if (rotor.kind == RotorKind::linear) {
    const double q = temperature / (sigma * rotational_temperature(rotor.moments(2)));
    thermo.thermal_energy.rotational = kt;
    thermo.entropy.rotational = kBoltzmannEh * (1.0 + std::log(q));
  } else if (rotor.kind == RotorKind::nonlinear) {
    const double product = rotational_temperature(rotor.moments(0)) * rotational_temperature(rotor.moments(1)) *
                           rotational_temperature(rotor.moments(2));
    const double q = std::sqrt(pi) * std::pow(temperature, 1.5) / (sigma * std::sqrt(product));
    thermo.thermal_energy.rotational = 1.5 * kt;
    thermo.entropy.rotational = kBoltzmannEh * (1.5 + std::log(q));
  }
  thermo.enthalpy.rotational = thermo.thermal_energy.rotational;

  // Vibrational.
  for (Eigen::Index k = 0; k < frequencies_cm1.size(); ++k) {
    const double nu = frequencies_cm1(k);
    if (!(nu > 0.0)) {
      thermo.skipped_frequencies_cm1.push_back(nu);
      continue;
    }
    thermo.frequencies_cm1.push_back(nu);
    const ModeThermochemistry mode = mode_thermochemistry(nu, temperature, options.quasi_rrho);
    thermo.zpe += mode.zpe;
    thermo.thermal_energy.vibrational += mode.energy;
    thermo.entropy.vibrational += mode.entropy;
    thermo.vibrational_entropy_qrrho += mode.entropy_qrrho;
    thermo.vibrational_enthalpy_qrrho += mode.energy_qrrho;
  }
  thermo.enthalpy.vibrational = thermo.thermal_energy.vibrational;

  if (!thermo.skipped_frequencies_cm1.empty()) {
    std::string list;
    for (const double nu : thermo.skipped_frequencies_cm1) list += fmt::format("{}{:.2f}i", list.empty() ? "" : ", ", -nu);
    thermo.warnings.push_back(fmt::format("{} imaginary mode(s) left out of the thermochemistry: {} cm^-1",
                                          thermo.skipped_frequencies_cm1.size(), list));
  }
  int low = 0;
  for (const double nu : thermo.frequencies_cm1) low += nu < options.quasi_rrho.cutoff_cm1;
  if (low > 0)
    thermo.warnings.push_back(fmt::format("{} mode(s) below {:.0f} cm^-1: the harmonic entropy overestimates them; "
                                          "prefer the quasi-RRHO numbers",
                                          low, options.quasi_rrho.cutoff_cm1));
  return thermo;
}

}  // namespace atropos
