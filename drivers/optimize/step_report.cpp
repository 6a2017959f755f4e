#include "drivers/optimize/step_report.hpp"

#include <fmt/format.h>

#include <cmath>

namespace atropos {

namespace {

std::string threshold(const std::optional<double>& t) { return t ? fmt::format("{:10.2e} *", *t) : fmt::format("{:>10} o", ""); }

std::string value(double v, bool active, bool met) {
  return fmt::format("{:10.2e} {}", v, !active ? 'o' : (met ? '*' : ' '));
}

}  // namespace

std::string format_step_header(const ConvergenceCriteria& c) {
  std::string out = fmt::format("  {:>4}  {:>18}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>7}  {}\n", "Step", "Energy",
                                "Delta E", "Max force", "RMS force", "Max step", "RMS step", "Trust", "Coordinates");
  out += fmt::format("  {:>4}  {:>18}  {}  {}  {}  {}  {}\n", "", fmt::format("criteria ({})", c.name),
                     threshold(c.energy_change), threshold(c.max_force), threshold(c.rms_force), threshold(c.max_step),
                     threshold(c.rms_step));
  return out;
}

std::string format_step_line(const StepReport& r, const ConvergenceCriteria& c) {
  const ConvergenceMetrics& m = r.metrics;
  std::string out = fmt::format("  {:4d}  {:18.10f}  {}  {}  {}  {}  {}  {:7.4f}  {}{}{}\n", r.iteration, r.energy,
                                value(r.energy_change, bool(c.energy_change), r.check.energy_change),
                                value(m.max_force, bool(c.max_force), r.check.max_force),
                                value(m.rms_force, bool(c.rms_force), r.check.rms_force),
                                value(m.max_step, bool(c.max_step), r.check.max_step),
                                value(m.rms_step, bool(c.rms_step), r.check.rms_step), r.trust_radius, r.coordinates,
                                r.rejected ? "  (rejected)" : "", r.converged ? "  converged" : "");
  if (!std::isnan(r.mode_eigenvalue)) out += fmt::format("        followed mode eigenvalue {:.6f}\n", r.mode_eigenvalue);
  for (const auto& note : r.notes) out += "        " + note + "\n";
  return out;
}

}  // namespace atropos
