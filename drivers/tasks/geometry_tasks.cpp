#include "drivers/tasks/geometry_tasks.hpp"

#include "common/error.hpp"

namespace atropos {

TaskOutcome run_geometry_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control) {
  if (job.task == "optimize") return run_optimize_task(job, comm, log, control);
  if (job.task == "scan") return run_scan_task(job, comm, log, control);
  if (job.task == "neb") return run_neb_task(job, comm, log, control);
  if (job.task == "ts") return run_transition_state_task(job, comm, log, control);
  if (job.task == "frequencies") return run_frequency_task(job, comm, log, control);
  throw InputError("'" + job.task + "' is not a geometry task (optimize, scan, neb, ts, frequencies)");
}

}  // namespace atropos
