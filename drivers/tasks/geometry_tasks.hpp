#pragma once
// The geometry tasks of `atropos run` (task = "optimize", "scan", "neb", "ts", "frequencies"),
// each on the SCF of the job (method, basis, [scf] keywords) and resumable: see
// drivers/tasks/task_checkpoint.hpp for the files they write and how a rerun of the same input
// continues a killed one, docs/input.md for the options and the results JSON.
//
// MPI (collective over `comm`): the optimisations (optimize, scan, ts, neb's endpoint relaxation)
// run on every rank with the SCF distributed over all ranks; band images are dealt over groups
// of ranks ([neb] groups), finite-difference Hessian displacements over groups of
// [frequencies] ranks_per_group ranks. Output through `log` (rank 0).

#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "drivers/tasks/task_checkpoint.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

struct TaskOutcome {
  nlohmann::json results;  // what <stem>.results.json holds (also on ranks other than 0)
  int evaluations = 0;     // energy + gradient evaluations made by this run (resumed ones not counted)
};

TaskOutcome run_optimize_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control = {});
TaskOutcome run_scan_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control = {});
TaskOutcome run_neb_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control = {});
TaskOutcome run_transition_state_task(const Job& job, const Communicator& comm, const Log& log,
                                      const TaskControl& control = {});
TaskOutcome run_frequency_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control = {});

// By job.task; InputError for a task that is not a geometry task.
TaskOutcome run_geometry_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control = {});

}  // namespace atropos
