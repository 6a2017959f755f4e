#include "drivers/tasks/optimization_stage.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

#include "common/error.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

std::optional<OptimizerState> read_stage_state(const TaskCheckpoint& checkpoint, const std::string& group) {
  if (!checkpoint.has(group)) return std::nullopt;
  const Hdf5File file = checkpoint.open();
  return read_optimizer_state(file, group);
}

StageResult run_optimization_stage(EnergySurface& surface, const Molecule& start, const OptimizerOptions& options,
                                   TaskCheckpoint& checkpoint, const OptimizationStage& stage, XyzTrajectory* trajectory,
                                   const Log& log) {
  Optimizer optimizer = [&] {
    if (!stage.resume) return Optimizer(start, options);
    try {
      return Optimizer(start, options, *stage.resume);
    } catch (const InputError& e) {  // e.g. constraints changed since the checkpoint was written
      throw InputError(std::string(e.what()) + " (checkpoint '" + checkpoint.paths().checkpoint + "', group /" +
                       stage.group + "; remove the checkpoint to start afresh)");
    }
  }();
  if (stage.resume)
    log.print("  Resuming from {} ({} evaluations done{})\n", checkpoint.paths().checkpoint, optimizer.state().iteration,
              optimizer.finished() ? ", finished" : "");
  if (stage.resume && optimizer.finished() && !optimizer.converged() && options.max_iterations > optimizer.state().iteration)
    log.print("  Note: this optimisation stopped at its maxiter then ({} evaluations) and is not continued; to go on, start\n"
              "  a new one from the last accepted geometry (<name>_final.xyz) or remove the checkpoint\n",
              optimizer.state().iteration);
  log.print("{}", format_step_header(optimizer.criteria()));
  std::vector<std::string> replaced = stage.extra_groups;
  replaced.push_back(stage.group);
  StageResult result;
  result.mode_eigenvalue = std::numeric_limits<double>::quiet_NaN();
  while (!optimizer.finished()) {
    const SurfacePoint point = surface.evaluate(optimizer.next_geometry());
    ++result.evaluations_this_run;
    const StepReport report = optimizer.step(point);
    result.mode_eigenvalue = report.mode_eigenvalue;
    log.print("{}", format_step_line(report, optimizer.criteria()));
    if (trajectory) (*trajectory)(report, optimizer);
    checkpoint.save(replaced, [&](Hdf5Group& root) {
      write_optimizer_state(root, stage.group, optimizer.state());
      if (stage.write_extra) stage.write_extra(root);
    });
  }
  result.molecule = optimizer.accepted_geometry();
  result.energy = optimizer.accepted_energy();
  result.gradient = optimizer.accepted_gradient();
  result.converged = optimizer.converged();
  result.evaluations = optimizer.state().iteration;
  result.energies = optimizer.state().energies;
  if (result.converged)
    log.print("  Converged after {} evaluations: E = {:.10f} Eh\n", result.evaluations, result.energy);
  else
    log.print("  Not converged in {} evaluations (maxiter); last accepted E = {:.10f} Eh\n", result.evaluations,
              result.energy);
  return result;
}

std::optional<XyzTrajectory> open_trajectory(const std::string& path, int frames, const Communicator& comm) {
  if (!comm.is_root()) return std::nullopt;
  std::vector<XyzFrame> kept;
  if (frames > 0 && std::filesystem::exists(path)) {
    try {
      kept = read_xyz_file(path);
    } catch (const InputError&) {
      kept.clear();  // a frame cut off by the kill: keep none rather than fail the resume
    }
    if (static_cast<int>(kept.size()) > frames) kept.resize(static_cast<std::size_t>(frames));
  }
  XyzTrajectory trajectory(path, false);
  for (const XyzFrame& frame : kept) trajectory.write(frame.molecule, frame.comment);
  return trajectory;
}

}  // namespace atropos
