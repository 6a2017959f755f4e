// task = "optimize": a minimum (with the [optimizer] constraints), optionally followed by the
// mirror image of the optimised structure (mirror = true).
#include <fmt/format.h>

#include "drivers/single_point.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/tasks/optimization_stage.hpp"
#include "drivers/tasks/results_json.hpp"
#include "drivers/tasks/task_report.hpp"
#include "drivers/tasks/task_surfaces.hpp"
#include "geometry/mirror.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Labels and final values of the constraints (Angstrom, degrees).
nlohmann::json constraint_table(const std::vector<Constraint>& constraints, const Molecule& molecule) {
  nlohmann::json table = nlohmann::json::array();
  for (const Constraint& c : constraints) {
    nlohmann::json entry = {{"constraint", c.label()}};
    if (c.kind != Constraint::Kind::frozen_atom) {
      const double v = primitive_value(c.primitives().front(), molecule.positions());
      entry["value"] = c.kind == Constraint::Kind::distance ? v * units::bohr_in_angstrom : v * 180.0 / kPi;
    }
    table.push_back(entry);
  }
  return table;
}

}  // namespace

TaskOutcome run_optimize_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control) {
  TaskCheckpoint checkpoint(job, comm, control);
  const TaskPaths& paths = checkpoint.paths();
  print_task_header(log, job, checkpoint, comm);
  const OptimizerOptions& options = job.task_options.optimizer;
  log.print("  Optimiser: minimum, {} coordinates, convergence set {}, at most {} evaluations, {} constraint(s)\n",
            options.cartesian ? "Cartesian" : "redundant internal", options.convergence, options.max_iterations,
            options.constraints.size());
  for (const Constraint& c : options.constraints) log.print("    {}\n", c.label());

  OptimizationStage stage;
  stage.group = "optimization";
  stage.resume = read_stage_state(checkpoint, stage.group);
  std::optional<XyzTrajectory> trajectory = open_trajectory(paths.trajectory, stage.resume ? stage.resume->iteration : 0, comm);
  const auto surface = make_scf_surface(job, comm, paths.orbital_file("optimization"), checkpoint.resuming());
  const StageResult r = run_optimization_stage(*surface, job.molecule, options, checkpoint, stage,
                                               trajectory ? &*trajectory : nullptr, log);
  print_geometry(log, r.molecule, r.converged ? "Optimised geometry" : "Last accepted geometry");
  const std::string final_xyz = paths.with_suffix("_final.xyz");
  if (comm.is_root())
    write_xyz_file(final_xyz, {{r.molecule, fmt::format("{} {} E={:.10f} Eh {}", job.name, job.method, r.energy,
                                                        r.converged ? "converged" : "not converged")}});

  TaskOutcome outcome;
  outcome.evaluations = r.evaluations_this_run;
  nlohmann::json& out = outcome.results;
  out = results_header(job, paths.checkpoint);
  out["energy"] = r.energy;
  out["converged"] = r.converged;
  out["steps"] = r.evaluations;
  out["evaluations_this_run"] = r.evaluations_this_run;
  out["energies"] = r.energies;
  out["final_geometry"] = geometry_angstrom(r.molecule);
  out["final_gradient_max"] = r.gradient.cwiseAbs().maxCoeff();  // Eh/bohr
  out["convergence_set"] = options.convergence;
  out["coordinates"] = options.cartesian ? "cartesian" : "internal";
  out["constraints"] = constraint_table(options.constraints, r.molecule);
  out["trajectory"] = paths.trajectory;
  out["final_xyz"] = final_xyz;

  if (job.mirror) {
    // The optimised structure's mirror image: the same energy for any achiral method.
    Job mirrored = job;
    mirrored.task = "energy";
    mirrored.mirror = false;
    mirrored.molecule = mirror_image(r.molecule);
    mirrored.checkpoint = paths.with_suffix("_mirror.h5");
    log.print("\n  Mirror image of the optimised geometry:\n");
    const SinglePointResult m = run_single_point(mirrored, comm, log);
    const double difference = m.scf.total_energy - r.energy;
    log.print("  E(mirror) - E(optimised) = {:.3e} Eh ({:.3e} kcal/mol)\n", difference,
              difference * units::hartree_in_kcal_mol);
    out["mirror"] = {{"energy", m.scf.total_energy},
                     {"energy_difference", difference},
                     {"energy_difference_kcal_mol", difference * units::hartree_in_kcal_mol},
                     {"geometry", geometry_angstrom(mirrored.molecule)},
                     {"checkpoint", mirrored.checkpoint}};
  }
  write_results_json(paths.results, out, comm);
  print_outputs(log, {paths.checkpoint, paths.results, paths.trajectory, final_xyz});
  return outcome;
}

}  // namespace atropos
