#pragma once
// Text output shared by the geometry tasks (rank 0 only, through Log).

#include <string>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "drivers/tasks/task_checkpoint.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// "Task optimize: H2O, HF/def2-SVP, SCF thresholds ..., N ranks; checkpoint ..., resuming".
void print_task_header(const Log& log, const Job& job, const TaskCheckpoint& checkpoint, const Communicator& comm);

// Element and x y z in Angstrom, one atom per line.
void print_geometry(const Log& log, const Molecule& molecule, const std::string& title);

// The file names a task wrote, one per line.
void print_outputs(const Log& log, const std::vector<std::string>& files);

}  // namespace atropos
