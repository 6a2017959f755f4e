// task = "frequencies": finite-difference Hessian at the input geometry, harmonic frequencies,
// normal modes (Molden file), RRHO and quasi-RRHO thermochemistry.
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/tasks/results_json.hpp"
#include "drivers/tasks/task_hessian.hpp"
#include "drivers/tasks/task_report.hpp"
#include "drivers/vibration/molden_frequencies.hpp"

namespace atropos {

TaskOutcome run_frequency_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control) {
  TaskCheckpoint checkpoint(job, comm, control);
  const TaskPaths& paths = checkpoint.paths();
  print_task_header(log, job, checkpoint, comm);
  const FrequencySettings& settings = job.task_options.frequencies;
  log.print("  Thermochemistry at {} K and {} Pa; quasi-RRHO cutoff {} cm^-1\n", settings.temperature, settings.pressure,
            settings.qrrho_cutoff);
  const TaskHessian h = compute_task_hessian(job, job.molecule, checkpoint, "fd_hessian", true, log);
  const VibrationalResult& v = h.vibrations;

  const std::string molden = paths.with_suffix(".molden");
  if (comm.is_root()) write_molden_frequencies(molden, job.molecule, v.harmonic, job.name + " " + job.method + "/" + job.basis);
  checkpoint.save({"frequencies"}, [&](Hdf5Group& root) {
    Hdf5Group group = root.create_group("frequencies");
    group.write_matrix("hessian", h.hessian.hessian);  // 3N x 3N, Eh/bohr^2
    group.write_vector("frequencies_cm1", v.frequencies_cm1);
    group.write_double("electronic_energy", v.electronic_energy);
  });

  TaskOutcome outcome;
  outcome.evaluations = h.hessian.evaluated;
  nlohmann::json& out = outcome.results;
  out = results_header(job, paths.checkpoint);
  out["energy"] = h.hessian.reference->energy;
  out["converged"] = true;
  out.update(vibration_results(v));
  out["gradient_max"] = h.hessian.reference->gradient.cwiseAbs().maxCoeff();  // Eh/bohr: is it a stationary point?
  out["hessian_step_bohr"] = settings.step;
  out["hessian_points"] = settings.points;
  out["hessian_max_asymmetry"] = h.hessian.max_asymmetry;
  out["evaluations_this_run"] = h.hessian.evaluated;
  out["molden"] = molden;
  write_results_json(paths.results, out, comm);
  print_outputs(log, {paths.checkpoint, paths.results, molden});
  return outcome;
}

}  // namespace atropos
