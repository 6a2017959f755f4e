#pragma once
// The results JSON every geometry task writes beside its checkpoint (<stem>.results.json), for
// scripts: one object, numbers in the units its "units" entry states (Eh, Angstrom, kcal/mol,
// cm^-1, K, Pa, Eh/K). Keys common to every task (docs/input.md lists the task-specific ones):
//
//   schema "atropos_task_results", schema_version 1, program {name, version}, task, name,
//   method, basis, charge, multiplicity, symbols, initial_geometry ([[x, y, z], ...] Angstrom),
//   checkpoint (path), units {...}, energy (the task's final energy, Eh), converged (bool)

#include <Eigen/Core>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drivers/job.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// The common keys above (energy and converged are the task's to set).
nlohmann::json results_header(const Job& job, const std::string& checkpoint);

// [[x, y, z], ...] in Angstrom.
nlohmann::json geometry_angstrom(const Molecule& molecule);
std::vector<std::string> element_symbols(const Molecule& molecule);
nlohmann::json vector_json(const Eigen::VectorXd& values);

// Rank 0 writes `results` to `path` (through a temporary file and a rename, so a reader never
// sees half a file); collective, failures thrown on every rank as ComputationError.
void write_results_json(const std::string& path, const nlohmann::json& results, const Communicator& comm);

}  // namespace atropos
