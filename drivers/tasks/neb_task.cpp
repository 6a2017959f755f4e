// task = "neb": climbing-image nudged elastic band from the input molecule to a second structure
// (a file, or the input's mirror image), images dealt over groups of ranks.
//
// Checkpoint groups: /neb the band state (drivers/path/band_state_io.hpp), rewritten after every
// band iteration; /neb_first_endpoint and /neb_last_endpoint the optimiser states of the endpoint
// relaxations (relax_endpoints). A resumed band continues from its last iteration.
#include <fmt/format.h>

#include "common/error.hpp"
#include "drivers/path/band_state_io.hpp"
#include "drivers/path/endpoints.hpp"
#include "drivers/path/energy_profile.hpp"
#include "drivers/path/interpolation.hpp"
#include "drivers/path/neb.hpp"
#include "drivers/path/profile_plot.hpp"
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

// One endpoint optimised on all ranks (its state resumable in `group`).
StageResult relax_endpoint(const Job& job, const Molecule& molecule, const std::string& group, TaskCheckpoint& checkpoint,
                           const Log& log) {
  log.print("\n  Relaxing the {} endpoint:\n", group == "neb_first_endpoint" ? "first" : "last");
  Job endpoint_job = job;
  endpoint_job.molecule = molecule;
  const auto surface =
      make_scf_surface(endpoint_job, checkpoint.communicator(), checkpoint.paths().orbital_file(group), checkpoint.resuming());
  OptimizationStage stage;
  stage.group = group;
  stage.resume = read_stage_state(checkpoint, group);
  const StageResult r =
      run_optimization_stage(*surface, molecule, job.task_options.optimizer, checkpoint, stage, nullptr, log);
  if (!r.converged) log.print("  Warning: the endpoint did not converge; the band starts from its last accepted geometry\n");
  return r;
}

}  // namespace

TaskOutcome run_neb_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control) {
  TaskCheckpoint checkpoint(job, comm, control);
  const TaskPaths& paths = checkpoint.paths();
  print_task_header(log, job, checkpoint, comm);
  const NebSettings& s = job.task_options.neb;
  NebOptions options;
  options.spring_constant = s.spring_constant;
  options.climbing_image = s.climbing;
  options.max_force = s.max_force;
  options.climbing_max_force = s.climbing_max_force;
  options.max_iterations = s.max_iterations;
  options.optimizer = parse_band_optimizer(s.optimizer);
  log.print("  Nudged elastic band: {} intermediate images, springs {} Eh/bohr^2, {}climbing image, {} interpolation, "
            "{} optimiser, at most {} iterations; converged below {} Eh/bohr (climbing image {} Eh/bohr)\n",
            s.images, s.spring_constant, s.climbing ? "" : "no ", s.interpolation, s.optimizer, s.max_iterations,
            s.max_force, s.climbing_max_force);

  int evaluations = 0;
  BandState band;
  if (checkpoint.has("neb")) {
    band = load_band_state(paths.checkpoint, "neb");
    log.print("  Resuming the band at iteration {} ({} image evaluations done)\n", band.iteration, band.image_evaluations);
  } else {
    Molecule first = job.molecule;
    Molecule last;
    if (s.mirror_endpoint) {
      last = mirror_image(first);
    } else {
      last = read_xyz_molecule(s.endpoint);
      last.set_charge_and_multiplicity(first.charge(), first.multiplicity());
    }
    if (s.relax_endpoints) {
      const StageResult a = relax_endpoint(job, first, "neb_first_endpoint", checkpoint, log);
      evaluations += a.evaluations_this_run;
      first = a.molecule;
      if (s.mirror_endpoint) {
        last = mirror_image(first);  // the mirror image of a minimum is a minimum with the same energy
      } else {
        const StageResult b = relax_endpoint(job, last, "neb_last_endpoint", checkpoint, log);
        evaluations += b.evaluations_this_run;
        last = b.molecule;
      }
    }
    const PathEndpoints ends = prepare_endpoints(first, last);
    log.print("  Endpoints matched and superposed: RMSD {:.4f} Angstrom\n", ends.rmsd * units::bohr_in_angstrom);
    std::vector<Molecule> images;
    if (s.interpolation == "idpp") {
      const IdppBand idpp = idpp_band(ends.first, ends.last, s.images);
      log.print("  IDPP band: {} after {} iterations\n", idpp.converged ? "converged" : "not converged", idpp.iterations);
      images = idpp.images;
    } else {
      images = linear_interpolation(ends.first, ends.last, s.images);
    }
    band = new_band(images, options.optimizer);
  }
  const int evaluations_before = band.image_evaluations;
  const bool resuming = checkpoint.resuming();
  ParallelImageEvaluator evaluator(
      comm,
      [&](const Communicator& group, int image) -> std::unique_ptr<EnergySurface> {
        return make_scf_surface(job, group, paths.orbital_file(fmt::format("image_{:02d}", image)), resuming);
      },
      band.image_count(), s.groups);
  log.print("  Images over {} group(s) of ranks\n", evaluator.group_count());
  log.print("  {:>5}  {:>14}  {:>14}  {:>8}  {:>14}  {:>10}\n", "iter", "max F_perp", "climbing |g|", "climbing",
            "E_top - E_0", "evaluations");
  const std::string band_xyz = paths.with_suffix("_band.xyz");
  band = run_neb(std::move(band), evaluator, options, [&](const BandState& state) {
    const int top = state.highest_image();
    log.print("  {:5d}  {:14.6e}  {:14.6e}  {:>8}  {:11.5f} kcal/mol  {:6d}{}\n", state.iteration,
              state.max_perpendicular_force, state.climbing_image_force,
              state.climbing_image >= 0 ? std::to_string(state.climbing_image) : std::string("-"),
              (state.energies[static_cast<std::size_t>(top)] - state.energies.front()) * units::hartree_in_kcal_mol,
              state.image_evaluations, state.converged ? "  converged" : "");
    std::string failure;
    if (comm.is_root()) {
      try {
        save_band_state(paths.checkpoint, state, "neb");
        write_xyz_file(band_xyz, band_frames(state));
      } catch (const std::exception& e) {
        failure = e.what();
      }
    }
    comm.broadcast(failure);
    if (!failure.empty()) throw ComputationError("writing the band failed: " + failure);
    checkpoint.count_checkpoint();
    return true;
  });
  evaluations += band.image_evaluations - evaluations_before;

  const EnergyProfile profile = energy_profile(band);
  log.print("\n{}", format_energy_profile(profile));
  if (!band.converged) log.print("  Warning: the band did not converge in {} iterations\n", s.max_iterations);
  const std::string png = paths.with_suffix("_profile.png"), top_xyz = paths.with_suffix("_top.xyz");
  const int top = profile.highest_image;
  if (comm.is_root()) {
    write_xyz_file(band_xyz, band_frames(band));
    write_energy_profile_png(png, profile);
    write_xyz_file(top_xyz, {{band.image(top), fmt::format("{} highest image {} E = {:.10f} Eh", job.name, top,
                                                           band.energies[static_cast<std::size_t>(top)])}});
  }

  TaskOutcome outcome;
  outcome.evaluations = evaluations;
  nlohmann::json& out = outcome.results;
  out = results_header(job, paths.checkpoint);
  out["energy"] = band.energies[static_cast<std::size_t>(top)];
  out["converged"] = band.converged;
  std::vector<double> relative, path_length;
  for (int i = 0; i < band.image_count(); ++i) {
    relative.push_back(profile.relative_kcal(i));
    path_length.push_back(profile.path_length[static_cast<std::size_t>(i)] * units::bohr_in_angstrom);
  }
  out["neb"] = {{"images", band.image_count()},
                {"energies", band.energies},
                {"energies_kcal_mol", relative},
                {"path_length_angstrom", path_length},
                {"barrier_forward_kcal_mol", profile.barrier_forward},
                {"barrier_reverse_kcal_mol", profile.barrier_reverse},
                {"interpolated_barrier_forward_kcal_mol", profile.top_barrier_forward},
                {"interpolated_barrier_reverse_kcal_mol", profile.top_barrier_reverse},
                {"highest_image", top},
                {"climbing_image", band.climbing_image},
                {"highest_image_geometry", geometry_angstrom(band.image(top))},
                {"iterations", band.iteration},
                {"image_evaluations", band.image_evaluations},
                {"max_perpendicular_force", band.max_perpendicular_force},
                {"climbing_image_force", band.climbing_image_force},
                {"converged", band.converged}};
  out["evaluations_this_run"] = evaluations;
  out["band_xyz"] = band_xyz;
  out["plot"] = png;
  out["highest_image_xyz"] = top_xyz;
  write_results_json(paths.results, out, comm);
  print_outputs(log, {paths.checkpoint, paths.results, band_xyz, top_xyz, png});
  return outcome;
}

}  // namespace atropos
