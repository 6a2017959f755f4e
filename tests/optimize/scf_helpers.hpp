#pragma once
// Shared pieces of the SCF-based optimiser tests: the RHF/def2-SVP surface with the settings of
// the Psi4 references in tests/data/optimize (exact integrals, e_convergence 1e-10,
// d_convergence 1e-8), a per-process work checkpoint, and the side-by-side step table.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "drivers/optimize/optimizer.hpp"
#include "drivers/scf_surface.hpp"
#include "reference_data.hpp"

namespace atropos::testing {

inline Job rhf_def2svp_job(const Molecule& molecule, const std::string& name) {
  Job job;
  job.name = name;
  job.molecule = molecule;
  job.method = "hf";
  job.basis = "def2-svp";
  job.scf_type = "direct";  // exact integrals, as Psi4's scf_type pk
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-8;
  return job;
}

// Rank 0's process id names the work checkpoint, shared with the other ranks.
inline std::string work_checkpoint(const std::string& name, const Communicator& comm) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("atropos_opt_" + std::to_string(::getpid()) + "_" + name + ".h5")).string();
  comm.broadcast(path);
  return path;
}

inline nlohmann::json optimize_reference(const std::string& job) {
  return read_json("optimize/references.json").at(job);
}

}  // namespace atropos::testing
