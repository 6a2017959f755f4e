#pragma once
// The files of a geometry task and its resumable HDF5 checkpoint.
//
// Files (stem = the checkpoint path without ".h5"; the checkpoint defaults to <input name>.h5 in
// the working directory): <stem>.h5 the checkpoint, <stem>.results.json the results,
// <stem>_trajectory.xyz every evaluated geometry, <stem>_band.xyz, <stem>_scan.xyz,
// <stem>_profile.png, <stem>.molden, and the directory <stem>_orbitals/ with one SCF work file
// per surface (the optimisation's, each band image's, each Hessian group's), whose orbitals start
// the next SCF.
//
// Checkpoint layout: top-level group /task identifies the calculation (attributes format =
// "atropos-task", format_version = 1, task, method, basis; datasets atomic_numbers, charge,
// multiplicity, geometry_bohr [N, 3] of the input molecule). Each task adds its own groups (the
// optimiser state, the band, finished Hessian displacements, the scan table) and rewrites them
// after every step, atomically (io/atomic_rewrite.hpp), so a killed run leaves the last finished
// step. `atropos run` with the same input finds /task, checks it describes the same calculation
// (task, method, basis, atoms, charge, multiplicity, input geometry to 1e-8 bohr; InputError
// otherwise, naming the file) and resumes; a file without /task is replaced.
//
// MPI: rank 0 writes; every rank reads (the file does not change while they read).

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "drivers/job.hpp"
#include "io/hdf5_file.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

struct TaskPaths {
  std::string checkpoint;   // <stem>.h5
  std::string stem;
  std::string results;      // <stem>.results.json
  std::string trajectory;   // <stem>_trajectory.xyz
  std::string orbitals;     // <stem>_orbitals (directory of SCF work files)
  std::string with_suffix(const std::string& suffix) const { return stem + suffix; }
  std::string orbital_file(const std::string& name) const { return orbitals + "/" + name + ".h5"; }
};
TaskPaths task_paths(const Job& job);

// A test hook standing in for a kill: the task stops (TaskInterrupted, on every rank) right after
// its `stop_after_checkpoints`-th checkpoint write of this run, leaving exactly the files a kill
// at that moment would leave (no results JSON). -1: never.
struct TaskControl {
  int stop_after_checkpoints = -1;
};

class TaskInterrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TaskCheckpoint {
 public:
  // Collective. Finds out whether the file holds this calculation (see above); on a fresh start
  // writes /task into a new file and creates the orbital directory.
  TaskCheckpoint(const Job& job, const Communicator& comm, const TaskControl& control = {});

  const TaskPaths& paths() const { return paths_; }
  bool resuming() const { return resuming_; }
  const Communicator& communicator() const { return comm_; }

  // Whether the file held the top-level group `name` when the task started (false on a fresh start).
  bool has(const std::string& name) const;
  // Read access to the file as it was at the start (every rank may call it).
  Hdf5File open() const;

  // Collective: rank 0 replaces the top-level groups `names` by what `write` puts into the root
  // (other top-level objects kept), atomically; then counts a checkpoint (TaskControl).
  void save(const std::vector<std::string>& names, const std::function<void(Hdf5Group& root)>& write);
  // Counts a checkpoint written by other code (band state, Hessian displacements) into the same file.
  void count_checkpoint();
  int checkpoints_written() const { return written_; }

 private:
  TaskPaths paths_;
  Communicator comm_;
  TaskControl control_;
  bool resuming_ = false;
  std::vector<std::string> groups_at_start_;
  int written_ = 0;
};

}  // namespace atropos
