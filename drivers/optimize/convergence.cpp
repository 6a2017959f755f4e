#include "drivers/optimize/convergence.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.hpp"

namespace atropos {

namespace {

using Logic = ConvergenceCriteria::Logic;

// Psi4 manual, optking "Summary of sets of geometry optimization criteria" (see the header).
std::vector<ConvergenceCriteria> all_sets() {
  const std::optional<double> none;
  return {
      {"qchem", 1.0e-6, 3.0e-4, none, 1.2e-3, none, Logic::force_and_energy_or_step},
      {"molpro", 1.0e-6, 3.0e-4, none, 3.0e-4, none, Logic::force_and_energy_or_step},
      {"gau_loose", none, 2.5e-3, 1.7e-3, 1.0e-2, 6.7e-3, Logic::gaussian},
      {"gau", none, 4.5e-4, 3.0e-4, 1.8e-3, 1.2e-3, Logic::gaussian},
      {"gau_tight", none, 1.5e-5, 1.0e-5, 6.0e-5, 4.0e-5, Logic::gaussian},
      {"gau_verytight", none, 2.0e-6, 1.0e-6, 6.0e-6, 4.0e-6, Logic::gaussian},
      {"nwchem_loose", none, 4.5e-3, 3.0e-3, 5.4e-3, 3.6e-3, Logic::all_active},
      {"turbomole", 1.0e-6, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, Logic::all_active},
      {"cfour", none, none, 1.0e-4, none, none, Logic::all_active},
      {"interfrag_tight", 1.0e-6, 1.5e-5, 1.0e-5, 6.0e-4, 4.0e-4, Logic::all_active},
  };
}

bool met(const std::optional<double>& threshold, double value) { return !threshold || std::abs(value) < *threshold; }

}  // namespace

std::vector<std::string> convergence_set_names() {
  std::vector<std::string> names;
  for (const auto& set : all_sets()) names.push_back(set.name);
  return names;
}

ConvergenceCriteria convergence_criteria(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& set : all_sets())
    if (set.name == lower) return set;
  std::string known;
  for (const auto& n : convergence_set_names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown geometry convergence set '" + name + "' (known: " + known + ")");
}

ConvergenceCheck check_convergence(const ConvergenceCriteria& c, const ConvergenceMetrics& m) {
  ConvergenceCheck check;
  check.energy_change = met(c.energy_change, m.energy_change);
  check.max_force = met(c.max_force, m.max_force);
  check.rms_force = met(c.rms_force, m.rms_force);
  check.max_step = met(c.max_step, m.max_step);
  check.rms_step = met(c.rms_step, m.rms_step);
  const bool all = check.energy_change && check.max_force && check.rms_force && check.max_step && check.rms_step;
  switch (c.logic) {
    case Logic::all_active: check.converged = all; break;
    case Logic::force_and_energy_or_step:
      check.converged = check.max_force && ((c.energy_change && check.energy_change) || (c.max_step && check.max_step));
      break;
    case Logic::gaussian:
      check.converged = all || (c.rms_force && 100.0 * m.rms_force < *c.rms_force);
      break;
  }
  return check;
}

}  // namespace atropos
