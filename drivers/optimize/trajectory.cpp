#include "drivers/optimize/trajectory.hpp"

#include <fmt/format.h>

#include <fstream>

#include "common/error.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

XyzTrajectory::XyzTrajectory(std::string path, bool append) : path_(std::move(path)) {
  std::ofstream out(path_, append ? std::ios::app : std::ios::trunc);
  if (!out) throw InputError("cannot write trajectory file '" + path_ + "'");
}

void XyzTrajectory::write(const Molecule& molecule, const std::string& comment) {
  std::ofstream out(path_, std::ios::app);
  out << format_xyz(molecule, comment);
  out.flush();
  if (!out) throw std::runtime_error("writing trajectory file '" + path_ + "' failed");
}

void XyzTrajectory::operator()(const StepReport& report, const Optimizer& /*optimizer*/) {
  write(report.molecule, fmt::format("step {} E={:.10f} dE={:.2e} {}{}{}", report.iteration, report.energy,
                                     report.energy_change, report.coordinates, report.rejected ? " rejected" : "",
                                     report.converged ? " converged" : ""));
}

}  // namespace atropos
