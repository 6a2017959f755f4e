#include "drivers/tasks/task_hessian.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "drivers/tasks/results_json.hpp"
#include "drivers/tasks/task_surfaces.hpp"
#include "drivers/vibration/fd_hessian_checkpoint.hpp"

namespace atropos {

TaskHessian compute_task_hessian(const Job& job, const Molecule& molecule, TaskCheckpoint& checkpoint,
                                 const std::string& group, bool analyse, const Log& log) {
  const Communicator& comm = checkpoint.communicator();
  const FrequencySettings& settings = job.task_options.frequencies;
  FdHessianOptions fd;
  fd.step_bohr = settings.step;
  fd.points = settings.points;
  fd.ranks_per_group = std::min(settings.ranks_per_group, comm.size());
  fd.evaluate_reference = true;
  const FdHessianPlan plan(molecule, fd.step_bohr, fd.points);
  const FdHessianCheckpoint store(checkpoint.paths().checkpoint, group);
  const std::map<int, SurfacePoint> done = store.restore(plan, comm);
  const bool resuming = checkpoint.resuming();

  // Each group's surface keeps its orbitals in a file named after the group's first world rank.
  const SurfaceFactory factory = [&](const Communicator& ranks) -> std::unique_ptr<EnergySurface> {
    std::string leader = std::to_string(comm.rank());
    ranks.broadcast(leader);
    return make_scf_surface(job, ranks, checkpoint.paths().orbital_file(group + "_group" + leader), resuming);
  };
  log.print("  Finite-difference Hessian: {}-point stencil, step {} bohr, {} gradients + reference; {} already done\n",
            fd.points, fd.step_bohr, plan.displacement_count(), done.size());
  const FdHessianCallback progress = [&](const FdHessianRound& round) {
    if (round.new_points.empty()) return;
    log.print("    displacements: {:4d} of {:4d} done ({} group(s))\n", round.finished, round.total, round.groups);
    checkpoint.count_checkpoint();
  };
  TaskHessian out;
  out.hessian = compute_fd_hessian(molecule, factory, comm, fd, done, store.saving_callback(plan, comm, progress));
  log.print("  Hessian asymmetry before symmetrising {:.2e} Eh/bohr^2; largest gradient at the reference {:.2e} Eh/bohr\n",
            out.hessian.max_asymmetry, out.hessian.reference->gradient.cwiseAbs().maxCoeff());
  if (!analyse) return out;

  VibrationalOptions options;
  options.thermo.temperature = settings.temperature;
  options.thermo.pressure = settings.pressure;
  options.thermo.symmetry_number = settings.symmetry_number;
  options.thermo.quasi_rrho.cutoff_cm1 = settings.qrrho_cutoff;
  out.vibrations = analyse_vibrations(molecule, out.hessian.hessian, out.hessian.reference->energy, options);
  log.print("{}", format_vibrational_report(out.vibrations));
  return out;
}

nlohmann::json vibration_results(const VibrationalResult& v) {
  std::vector<double> imaginary;
  for (Eigen::Index i = 0; i < v.frequencies_cm1.size(); ++i)
    if (v.frequencies_cm1(i) < 0.0) imaginary.push_back(v.frequencies_cm1(i));
  return {{"frequencies_cm1", vector_json(v.frequencies_cm1)},
          {"imaginary_count", v.imaginary_count},
          {"imaginary_frequencies_cm1", imaginary},
          {"reduced_masses_u", vector_json(v.harmonic.reduced_masses)},
          {"temperature", v.temperature},
          {"pressure", v.pressure},
          {"electronic_energy", v.electronic_energy},
          {"zpe", v.zpe},
          {"thermal_energy", v.thermal_energy},
          {"enthalpy", v.enthalpy},
          {"entropy", v.entropy},
          {"gibbs", v.gibbs},
          {"enthalpy_qrrho", v.enthalpy_qrrho},
          {"entropy_qrrho", v.entropy_qrrho},
          {"gibbs_qrrho", v.gibbs_qrrho},
          {"qrrho_cutoff_cm1", v.thermo.quasi_rrho.cutoff_cm1},
          {"symmetry_number", v.thermo.symmetry_number},
          {"point_group", v.thermo.point_group},
          {"warnings", v.warnings}};
}

}  // namespace atropos
