// task = "ts": saddle-point search by partitioned RFO from a finite-difference (or model) Hessian,
// then finite-difference frequencies at the saddle point to show its one imaginary mode.
#include <cmath>

#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/tasks/optimization_stage.hpp"
#include "drivers/tasks/results_json.hpp"
#include "drivers/tasks/task_hessian.hpp"
#include "drivers/tasks/task_report.hpp"
#include "drivers/tasks/task_surfaces.hpp"
#include "drivers/vibration/molden_frequencies.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

TaskOutcome run_transition_state_task(const Job& job, const Communicator& comm, const Log& log,
                                      const TaskControl& control) {
  TaskCheckpoint checkpoint(job, comm, control);
  const TaskPaths& paths = checkpoint.paths();
  print_task_header(log, job, checkpoint, comm);
  const TsSettings& ts = job.task_options.ts;
  OptimizerOptions options = job.task_options.optimizer;
  options.target = OptimizationTarget::transition_state;
  options.ts_follow = ts.follow;
  log.print("  Transition-state search: P-RFO, {} coordinates, convergence set {}, at most {} evaluations; initial "
            "Hessian {}{}\n",
            options.cartesian ? "Cartesian" : "redundant internal", options.convergence, options.max_iterations,
            ts.initial_hessian == "fd" ? "by finite differences" : "Lindh model",
            ts.follow ? ", following the mode most like " + ts.follow->label() : std::string());
  if (ts.initial_hessian == "model" && !ts.follow)
    log.print("  Note: the model Hessian has no negative eigenvalue; without [ts] follow the lowest mode is climbed\n");

  OptimizationStage stage;
  stage.group = "ts_optimization";
  stage.resume = read_stage_state(checkpoint, stage.group);
  int hessian_evaluations = 0;
  if (!stage.resume && ts.initial_hessian == "fd") {
    const TaskHessian initial = compute_task_hessian(job, job.molecule, checkpoint, "ts_initial_hessian", false, log);
    options.initial_cartesian_hessian = initial.hessian.hessian;
    hessian_evaluations += initial.hessian.evaluated;
  }
  std::optional<XyzTrajectory> trajectory = open_trajectory(paths.trajectory, stage.resume ? stage.resume->iteration : 0, comm);
  const auto surface = make_scf_surface(job, comm, paths.orbital_file("ts_optimization"), checkpoint.resuming());
  const StageResult r = run_optimization_stage(*surface, job.molecule, options, checkpoint, stage,
                                               trajectory ? &*trajectory : nullptr, log);
  print_geometry(log, r.molecule, r.converged ? "Saddle point" : "Last accepted geometry");
  const std::string final_xyz = paths.with_suffix("_final.xyz");
  if (comm.is_root())
    write_xyz_file(final_xyz, {{r.molecule, fmt::format("{} {} transition state E={:.10f} Eh {}", job.name, job.method,
                                                        r.energy, r.converged ? "converged" : "not converged")}});

  TaskOutcome outcome;
  nlohmann::json& out = outcome.results;
  out = results_header(job, paths.checkpoint);
  out["energy"] = r.energy;
  out["converged"] = r.converged;
  out["steps"] = r.evaluations;
  out["energies"] = r.energies;
  out["final_geometry"] = geometry_angstrom(r.molecule);
  out["final_gradient_max"] = r.gradient.cwiseAbs().maxCoeff();
  out["trajectory"] = paths.trajectory;
  out["final_xyz"] = final_xyz;
  nlohmann::json ts_out = {{"energy", r.energy},
                           {"converged", r.converged},
                           {"initial_hessian", ts.initial_hessian},
                           {"followed_mode_eigenvalue", std::isnan(r.mode_eigenvalue) ? nlohmann::json(nullptr)
                                                                                      : nlohmann::json(r.mode_eigenvalue)}};
  std::vector<std::string> files = {paths.checkpoint, paths.results, paths.trajectory, final_xyz};
  if (ts.frequencies) {
    log.print("\n  Frequencies at the saddle point:\n");
    const TaskHessian h = compute_task_hessian(job, r.molecule, checkpoint, "ts_hessian", true, log);
    hessian_evaluations += h.hessian.evaluated;
    const nlohmann::json v = vibration_results(h.vibrations);
    ts_out["imaginary_frequencies_cm1"] = v.at("imaginary_frequencies_cm1");
    ts_out["imaginary_count"] = v.at("imaginary_count");
    ts_out["frequencies_cm1"] = v.at("frequencies_cm1");
    out["frequencies"] = v;
    const std::string molden = paths.with_suffix(".molden");
    if (comm.is_root()) write_molden_frequencies(molden, r.molecule, h.vibrations.harmonic, job.name + " transition state");
    files.push_back(molden);
    if (h.vibrations.imaginary_count != 1)
      log.print("  Warning: {} imaginary frequencies; a first-order saddle point has exactly one\n",
                h.vibrations.imaginary_count);
  }
  out["ts"] = ts_out;
  outcome.evaluations = r.evaluations_this_run + hessian_evaluations;
  out["evaluations_this_run"] = outcome.evaluations;
  write_results_json(paths.results, out, comm);
  print_outputs(log, files);
  return outcome;
}

}  // namespace atropos
