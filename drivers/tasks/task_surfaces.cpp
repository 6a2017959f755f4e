#include "drivers/tasks/task_surfaces.hpp"

#include <filesystem>

#include "common/log.hpp"

namespace atropos {

std::unique_ptr<ScfSurface> make_scf_surface(const Job& job, const Communicator& comm, const std::string& work_file,
                                             bool continue_orbitals) {
  Job surface_job = job;
  surface_job.mirror = false;
  // The group's root decides, so that every rank of the group starts the same way.
  std::string exists = comm.is_root() && continue_orbitals && std::filesystem::exists(work_file) ? "yes" : "no";
  comm.broadcast(exists);
  if (exists == "yes") {
    surface_job.guess = "read";
    surface_job.guess_checkpoint = work_file;
  }
  return std::make_unique<ScfSurface>(surface_job, comm, Log::silent(), work_file);
}

}  // namespace atropos
