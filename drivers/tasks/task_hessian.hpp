#pragma once
// The finite-difference Hessian of a task (task "frequencies", and the initial Hessian and the
// final frequencies of task "ts"): displacements dealt over groups of [frequencies]
// ranks_per_group ranks, each group with its own SCF surface and orbital file; every round of
// finished displacements stored in a group of the task checkpoint (fd_hessian_checkpoint.hpp), so a
// resumed run evaluates only the missing ones; then the harmonic analysis and thermochemistry
// with the [frequencies] settings.

#include <nlohmann/json.hpp>
#include <string>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "drivers/tasks/task_checkpoint.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/vibrational_analysis.hpp"

namespace atropos {

struct TaskHessian {
  FdHessianResult hessian;      // Eh/bohr^2, with the reference point (E0, residual gradient)
  VibrationalResult vibrations;
};

// `group`: the checkpoint group of the displacements ("fd_hessian", "ts_initial_hessian", ...).
// `analyse`: also the harmonic analysis (false leaves `vibrations` empty). Collective.
TaskHessian compute_task_hessian(const Job& job, const Molecule& molecule, TaskCheckpoint& checkpoint,
                                 const std::string& group, bool analyse, const Log& log);

// The results-JSON keys of a vibrational analysis: frequencies_cm1, imaginary_count,
// imaginary_frequencies_cm1, zpe, thermal_energy, enthalpy, entropy, gibbs, enthalpy_qrrho,
// entropy_qrrho, gibbs_qrrho, temperature, pressure, electronic_energy, symmetry_number,
// point_group, reduced_masses_u, qrrho_cutoff_cm1, warnings.
nlohmann::json vibration_results(const VibrationalResult& vibrations);

}  // namespace atropos
