#include "drivers/vibration/vibrational_analysis.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "drivers/vibration/physical_constants.hpp"
#include "geometry/atomic_mass.hpp"

namespace atropos {

VibrationalResult analyse_vibrations(const Molecule& molecule, const Eigen::MatrixXd& hessian,
                                     double electronic_energy, const VibrationalOptions& options) {
  VibrationalResult result;
  result.masses = options.masses.size() > 0 ? options.masses : most_abundant_isotope_masses(molecule);
  if (result.masses.size() != static_cast<Eigen::Index>(molecule.size()))
    throw InputError(fmt::format("vibrational analysis: {} masses given for {} atoms", result.masses.size(),
                                 molecule.size()));
  result.harmonic = analyse_harmonic(molecule, hessian, result.masses);
  result.thermo =
      compute_thermochemistry(molecule, result.masses, result.harmonic.frequencies_cm1, electronic_energy, options.thermo);

  const Thermochemistry& t = result.thermo;
  result.frequencies_cm1 = result.harmonic.frequencies_cm1;
  result.imaginary_count = result.harmonic.imaginary_count;
  result.temperature = t.temperature;
  result.pressure = t.pressure;
  result.electronic_energy = electronic_energy;
  result.zpe = t.zpe;
  result.thermal_energy = electronic_energy + t.thermal_energy.total();
  result.enthalpy = electronic_energy + t.enthalpy.total();
  result.entropy = t.entropy.total();
  result.gibbs = electronic_energy + t.gibbs();
  result.enthalpy_qrrho = electronic_energy + t.enthalpy_qrrho();
  result.entropy_qrrho = t.entropy_qrrho();
  result.gibbs_qrrho = electronic_energy + t.gibbs_qrrho();
  result.warnings = t.warnings;
  return result;
}

std::string format_vibrational_report(const VibrationalResult& result) {
  using codata2018::hartree_in_kcal_mol;
  const HarmonicAnalysis& h = result.harmonic;
  const Thermochemistry& t = result.thermo;
  const double cal_per_mol_k = hartree_in_kcal_mol * 1000.0;  // Eh/K -> cal/(mol K)
  std::string out;

  out += fmt::format("\n  Harmonic vibrational analysis: {} rotor, {} translations/rotations projected out, "
                     "{} vibrations, {} imaginary\n",
                     rotor_kind_name(h.rotor), h.external_count, h.frequencies_cm1.size(), h.imaginary_count);
  out += "    mode   frequency (cm^-1)   reduced mass (u)   force constant (mdyn/A)\n";
  for (Eigen::Index k = 0; k < h.frequencies_cm1.size(); ++k) {
    const double nu = h.frequencies_cm1(k);
    const std::string shown = nu < 0.0 ? fmt::format("{:.2f}i", -nu) : fmt::format("{:.2f} ", nu);
    out += fmt::format("    {:4d}   {:>17}   {:16.4f}   {:23.4f}\n", k + 1, shown, h.reduced_masses(k),
                       h.force_constants_mdyn_per_angstrom(k));
  }

  out += fmt::format("\n  Thermochemistry at {:.2f} K and {:.2f} Pa (ideal gas, rigid rotor, harmonic oscillator)\n",
                     t.temperature, t.pressure);
  out += fmt::format("    mass {:.4f} u, multiplicity {}, symmetry number {}{}\n", t.mass, t.multiplicity,
                     t.symmetry_number,
                     t.point_group.empty() ? std::string(" (given)") : fmt::format(" (point group {})", t.point_group));
  if (t.rotor != RotorKind::atom)
    out += fmt::format("    rotational constants (cm^-1): {:.6f} {:.6f} {:.6f}\n", t.rotational_constants_cm1(0),
                       t.rotational_constants_cm1(1), t.rotational_constants_cm1(2));

  out += "\n    entropy (cal/(mol K))    electronic  translational  rotational  vibrational      total\n";
  out += fmt::format("      RRHO                   {:10.3f}  {:13.3f}  {:10.3f}  {:11.3f}  {:9.3f}\n",
                     t.entropy.electronic * cal_per_mol_k, t.entropy.translational * cal_per_mol_k,
                     t.entropy.rotational * cal_per_mol_k, t.entropy.vibrational * cal_per_mol_k,
                     t.entropy.total() * cal_per_mol_k);
  out += fmt::format("      quasi-RRHO             {:10.3f}  {:13.3f}  {:10.3f}  {:11.3f}  {:9.3f}\n",
                     t.entropy.electronic * cal_per_mol_k, t.entropy.translational * cal_per_mol_k,
                     t.entropy.rotational * cal_per_mol_k, t.vibrational_entropy_qrrho * cal_per_mol_k,
                     t.entropy_qrrho() * cal_per_mol_k);

  auto row = [&](const char* label, double eh, bool with_kcal = true) {
    return with_kcal ? fmt::format("    {:<36}{:18.8f}  {:12.3f}\n", label, eh, eh * hartree_in_kcal_mol)
                     : fmt::format("    {:<36}{:18.8f}\n", label, eh);
  };
  const double e0 = result.electronic_energy;
  out += fmt::format("\n    {:<36}{:>18}  {:>12}\n", "", "Eh", "kcal/mol");
  out += row("electronic energy E0", e0, false);
  out += row("zero-point energy", result.zpe);
  out += row("thermal energy correction", result.thermal_energy - e0);
  out += row("enthalpy correction", result.enthalpy - e0);
  out += row("-T S", -t.temperature * result.entropy);
  out += row("Gibbs energy correction", result.gibbs - e0);
  out += row("E0 + ZPE", e0 + result.zpe, false);
  out += row("thermal energy E", result.thermal_energy, false);
  out += row("enthalpy H", result.enthalpy, false);
  out += row("Gibbs energy G", result.gibbs, false);
  out += fmt::format("\n    quasi-RRHO (Grimme entropy: nu0 = {:g} cm^-1, alpha = {:g}, B_av = {:g} kg m^2; {} enthalpy)\n",
                     t.quasi_rrho.cutoff_cm1, t.quasi_rrho.alpha, t.quasi_rrho.average_moment,
                     t.head_gordon_enthalpy ? "Head-Gordon damped" : "harmonic");
  out += row("-T S (quasi-RRHO)", -t.temperature * result.entropy_qrrho);
  out += row("enthalpy correction (quasi-RRHO)", result.enthalpy_qrrho - e0);
  out += row("Gibbs energy correction (quasi-RRHO)", result.gibbs_qrrho - e0);
  out += row("Gibbs energy G (quasi-RRHO)", result.gibbs_qrrho, false);
  for (const std::string& warning : result.warnings) out += "  Warning: " + warning + "\n";
  return out;
}

}  // namespace atropos
