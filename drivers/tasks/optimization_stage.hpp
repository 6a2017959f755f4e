#pragma once
// One resumable optimisation inside a task (the optimisation itself, a transition-state search,
// each point of a scan, the relaxation of a band's endpoints): the ask-tell loop of
// drivers/optimize/optimizer.hpp with, after every evaluated point, the optimiser state written
// to a top-level group of the task checkpoint (with whatever else the task keeps beside it, in
// the same atomic rewrite), one XYZ frame appended to the trajectory and one progress line.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "drivers/energy_surface.hpp"
#include "drivers/optimize/optimizer.hpp"
#include "drivers/optimize/trajectory.hpp"
#include "drivers/tasks/task_checkpoint.hpp"

namespace atropos {

struct OptimizationStage {
  std::string group;  // where the state goes, e.g. "optimization"
  // Written together with the state after every step (e.g. a scan's table): the top-level
  // groups it replaces and the writer.
  std::vector<std::string> extra_groups;
  std::function<void(Hdf5Group& root)> write_extra;
  // Stored state to continue from (read_stage_state), or none for a fresh start.
  std::optional<OptimizerState> resume;
};

struct StageResult {
  Molecule molecule;   // the last accepted (converged) geometry
  double energy = 0.0; // Eh
  Eigen::MatrixX3d gradient;
  bool converged = false;
  int evaluations = 0;           // all of this optimisation's evaluations, before a resume included
  int evaluations_this_run = 0;  // those made now
  std::vector<double> energies;  // every evaluated energy, in order
  double mode_eigenvalue = 0.0;  // TS search: the followed mode's eigenvalue at the last step (NaN if none)
};

// The state stored in `group`, when the checkpoint held it at the start.
std::optional<OptimizerState> read_stage_state(const TaskCheckpoint& checkpoint, const std::string& group);

// `trajectory` only on rank 0 (nullptr elsewhere). Collective; the surface must be too.
StageResult run_optimization_stage(EnergySurface& surface, const Molecule& start, const OptimizerOptions& options,
                                   TaskCheckpoint& checkpoint, const OptimizationStage& stage, XyzTrajectory* trajectory,
                                   const Log& log);

// Rank 0: the trajectory file with its first `frames` frames kept (those of the evaluations the
// checkpoint knows; a frame written after the last checkpoint of a killed run is dropped), ready
// to append. Other ranks: none.
std::optional<XyzTrajectory> open_trajectory(const std::string& path, int frames, const Communicator& comm);

}  // namespace atropos
