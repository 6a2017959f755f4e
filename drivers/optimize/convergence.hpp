#pragma once
// Geometry convergence criteria, by Psi4's g_convergence names and with Psi4's thresholds (Psi4
// manual, "Geometry Optimization / Convergence Criteria", the table of optking's g_convergence
// sets; same in Psi4 1.3 and in the optking Python module). Atomic units, in the optimiser's
// working coordinates (bohr and radians; Eh/bohr and Eh/rad):
//
//   name             |dE|     max force  rms force  max step  rms step   logic
//   nwchem_loose     -        4.5e-3     3.0e-3     5.4e-3    3.6e-3     all active
//   gau_loose        -        2.5e-3     1.7e-3     1.0e-2    6.7e-3     gaussian
//   turbomole        1.0e-6   1.0e-3     5.0e-4     1.0e-3    5.0e-4     all active
//   gau              -        4.5e-4     3.0e-4     1.8e-3    1.2e-3     gaussian
//   cfour            -        -          1.0e-4     -         -          all active
//   qchem (default)  1.0e-6   3.0e-4     -          1.2e-3    -          max force and (dE or max step)
//   molpro           1.0e-6   3.0e-4     -          3.0e-4    -          max force and (dE or max step)
//   interfrag_tight  1.0e-6   1.5e-5     1.0e-5     6.0e-4    4.0e-4     all active
//   gau_tight        -        1.5e-5     1.0e-5     6.0e-5    4.0e-5     gaussian
//   gau_verytight    -        2.0e-6     1.0e-6     6.0e-6    4.0e-6     gaussian
//
// "gaussian": all four active criteria met, or (for flat surfaces) 100 x rms force below the rms
// force threshold. The default is qchem because it is Psi4's default: a user who compares an
// atropos optimisation with a Psi4 one without setting anything gets the same criteria.

#include <optional>
#include <string>
#include <vector>

namespace atropos {

struct ConvergenceCriteria {
  enum class Logic { all_active, force_and_energy_or_step, gaussian };
  std::string name;
  std::optional<double> energy_change, max_force, rms_force, max_step, rms_step;
  Logic logic = Logic::all_active;
};

// Case-insensitive; InputError listing the known names for anything else.
ConvergenceCriteria convergence_criteria(const std::string& name);
std::vector<std::string> convergence_set_names();

struct ConvergenceMetrics {
  double energy_change = 0.0;  // Eh, this point minus the previous accepted one (first point: its energy)
  double max_force = 0.0, rms_force = 0.0;  // of the projected internal gradient
  double max_step = 0.0, rms_step = 0.0;    // of the step proposed from this point
};

struct ConvergenceCheck {
  // Per criterion: met (inactive criteria count as met).
  bool energy_change = false, max_force = false, rms_force = false, max_step = false, rms_step = false;
  bool converged = false;
};

ConvergenceCheck check_convergence(const ConvergenceCriteria& criteria, const ConvergenceMetrics& metrics);

}  // namespace atropos
