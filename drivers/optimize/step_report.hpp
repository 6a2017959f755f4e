#pragma once
// What the optimiser says about each evaluated point, and its one-line text form (the lead's
// output prints it; a Psi4-like table: '*' marks a met criterion, 'o' an inactive one).

#include <Eigen/Core>
#include <limits>
#include <string>
#include <vector>

#include "drivers/optimize/convergence.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct StepReport {
  int iteration = 0;                 // 1-based count of evaluated points
  Molecule molecule;                 // the evaluated geometry
  double energy = 0.0;               // Eh
  double energy_change = 0.0;        // vs the previously accepted point (first point: the energy)
  ConvergenceMetrics metrics;        // forces at the accepted point, the step planned from it
  ConvergenceCheck check;
  double trust_radius = 0.0;         // for the planned step
  double ratio = std::numeric_limits<double>::quiet_NaN();  // actual / predicted dE of the last step
  std::string coordinates;           // "internal", "cartesian", or "cartesian fallback" for this step
  bool rejected = false;             // the point raised the energy too much: back to the accepted one
  bool converged = false;
  bool finished = false;             // converged, or out of iterations
  double mode_eigenvalue = std::numeric_limits<double>::quiet_NaN();  // TS search: followed mode
  double max_constraint_error = 0.0; // largest |constraint - target| at the evaluated point
  std::vector<std::string> notes;    // coordinate rebuilds, fallbacks, skipped Hessian updates
};

std::string format_step_header(const ConvergenceCriteria& criteria);
// "    7  -150.65298169  -2.98e-07 *  3.95e-05 *  ...  0.500  internal" plus notes on own lines.
std::string format_step_line(const StepReport& report, const ConvergenceCriteria& criteria);

}  // namespace atropos
