#include "drivers/tasks/task_checkpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/error.hpp"
#include "io/atomic_rewrite.hpp"

namespace atropos {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTaskFormat = "atropos-task";
constexpr int kTaskFormatVersion = 1;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void write_identity(Hdf5Group& root, const Job& job) {
  Hdf5Group task = root.create_group("task");
  task.write_attribute("format", kTaskFormat);
  task.write_attribute("format_version", kTaskFormatVersion);
  task.write_attribute("task", job.task);
  task.write_attribute("method", lower(job.method));
  task.write_attribute("basis", lower(job.basis));
  std::vector<int> z;
  for (const Atom& a : job.molecule.atoms()) z.push_back(a.Z);
  task.write_int_vector("atomic_numbers", z);
  task.write_int("charge", job.molecule.charge());
  task.write_int("multiplicity", job.molecule.multiplicity());
  task.write_matrix("geometry_bohr", job.molecule.positions());
}

// Empty when /task describes `job`; otherwise what differs.
std::string identity_difference(const Hdf5Group& root, const Job& job) {
  const Hdf5Group task = root.group("task");
  if (!task.has_attribute("format") || task.read_string_attribute("format") != kTaskFormat)
    return "its /task group is not an atropos task record";
  const std::string stored_task = task.read_string_attribute("task");
  if (stored_task != job.task) return "it holds task '" + stored_task + "', the input asks for '" + job.task + "'";
  if (task.read_string_attribute("method") != lower(job.method))
    return "it was computed with method '" + task.read_string_attribute("method") + "'";
  if (task.read_string_attribute("basis") != lower(job.basis))
    return "it was computed with basis '" + task.read_string_attribute("basis") + "'";
  const std::vector<int> z = task.read_int_vector("atomic_numbers");
  bool same_atoms = z.size() == job.molecule.size();
  for (std::size_t i = 0; same_atoms && i < z.size(); ++i) same_atoms = z[i] == job.molecule[i].Z;
  if (!same_atoms) return "it holds other atoms";
  if (task.read_int("charge") != job.molecule.charge() || task.read_int("multiplicity") != job.molecule.multiplicity())
    return "it holds another charge or multiplicity";
  const Eigen::MatrixXd x = task.read_matrix("geometry_bohr", static_cast<long>(z.size()), 3);
  const double shift = (x - Eigen::MatrixXd(job.molecule.positions())).cwiseAbs().maxCoeff();
  if (shift > 1e-8) return fmt::format("it started from another geometry (an atom {:.2e} bohr away)", shift);
  return "";
}

}  // namespace

TaskPaths task_paths(const Job& job) {
  TaskPaths p;
  p.checkpoint = job.checkpoint.empty() ? job.name + ".h5" : job.checkpoint;
  const fs::path path(p.checkpoint);
  p.stem = path.extension() == ".h5" ? (path.parent_path() / path.stem()).string() : p.checkpoint;
  p.results = p.stem + ".results.json";
  p.trajectory = p.stem + "_trajectory.xyz";
  p.orbitals = p.stem + "_orbitals";
  return p;
}

TaskCheckpoint::TaskCheckpoint(const Job& job, const Communicator& comm, const TaskControl& control)
    : paths_(task_paths(job)), comm_(comm), control_(control) {
  // Rank 0 decides; the others learn the outcome (and any error) through a broadcast.
  std::string verdict;  // "resume", "fresh", or "error:<message>"
  std::string groups;   // top-level names, newline-separated
  if (comm_.is_root()) {
    try {
      if (fs::exists(paths_.checkpoint) && !is_hdf5_file(paths_.checkpoint))
        throw InputError("'" + paths_.checkpoint + "' exists and is not an HDF5 file; refusing to overwrite it");
      bool resume = false;
      if (fs::exists(paths_.checkpoint)) {
        const Hdf5File file = Hdf5File::open_read(paths_.checkpoint);
        if (file.has_group("task")) {
          const std::string difference = identity_difference(file, job);
          if (!difference.empty())
            throw InputError("the checkpoint '" + paths_.checkpoint + "' belongs to another calculation: " + difference +
                             ". Remove it, or set checkpoint = \"another.h5\", to start afresh");
          resume = true;
          for (const std::string& name : file.children()) groups += name + "\n";
        }
      }
      if (!resume) {
        std::error_code ignored;
        fs::remove_all(paths_.orbitals, ignored);  // orbitals of whatever ran before
        rewrite_hdf5_file_atomically(
            paths_.checkpoint, [](const std::string&) { return false; }, [&](Hdf5Group& root) { write_identity(root, job); });
      }
      fs::create_directories(paths_.orbitals);
      verdict = resume ? "resume" : "fresh";
    } catch (const std::exception& e) {
      verdict = std::string("error:") + e.what();
    }
  }
  comm_.broadcast(verdict);
  comm_.broadcast(groups);
  if (verdict.rfind("error:", 0) == 0) throw InputError(verdict.substr(6));
  resuming_ = verdict == "resume";
  std::size_t begin = 0;
  for (std::size_t end; (end = groups.find('\n', begin)) != std::string::npos; begin = end + 1)
    groups_at_start_.push_back(groups.substr(begin, end - begin));
}

bool TaskCheckpoint::has(const std::string& name) const {
  return std::find(groups_at_start_.begin(), groups_at_start_.end(), name) != groups_at_start_.end();
}

Hdf5File TaskCheckpoint::open() const { return Hdf5File::open_read(paths_.checkpoint); }

void TaskCheckpoint::save(const std::vector<std::string>& names, const std::function<void(Hdf5Group& root)>& write) {
  const std::set<std::string> replaced(names.begin(), names.end());
  std::string failure;
  if (comm_.is_root()) {
    try {
      rewrite_hdf5_file_atomically(
          paths_.checkpoint, [&](const std::string& name) { return !replaced.count(name); }, write);
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  comm_.broadcast(failure);
  if (!failure.empty()) throw ComputationError("writing the checkpoint '" + paths_.checkpoint + "' failed: " + failure);
  count_checkpoint();
}

void TaskCheckpoint::count_checkpoint() {
  ++written_;
  if (control_.stop_after_checkpoints >= 0 && written_ >= control_.stop_after_checkpoints)
    throw TaskInterrupted(fmt::format("stopped after {} checkpoint writes (test hook)", written_));
}

}  // namespace atropos
