#include "drivers/tasks/results_json.hpp"

#include <cstdio>
#include <fstream>

#include "common/error.hpp"
#include "geometry/element.hpp"
#include "geometry/units.hpp"

#ifndef ATROPOS_VERSION
#define ATROPOS_VERSION "unknown"
#endif

namespace atropos {

nlohmann::json geometry_angstrom(const Molecule& molecule) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Atom& a : molecule.atoms()) {
    const Eigen::Vector3d x = a.position * units::bohr_in_angstrom;
    rows.push_back({x.x(), x.y(), x.z()});
  }
  return rows;
}

std::vector<std::string> element_symbols(const Molecule& molecule) {
  std::vector<std::string> symbols;
  for (const Atom& a : molecule.atoms()) symbols.push_back(element_symbol(a.Z));
  return symbols;
}

nlohmann::json vector_json(const Eigen::VectorXd& values) {
  return std::vector<double>(values.data(), values.data() + values.size());
}

nlohmann::json results_header(const Job& job, const std::string& checkpoint) {
  return {{"schema", "atropos_task_results"},
          {"schema_version", 1},
          {"program", {{"name", "atropos"}, {"version", ATROPOS_VERSION}}},
          {"task", job.task},
          {"name", job.name},
          {"method", job.method},
          {"basis", job.basis},
          {"charge", job.molecule.charge()},
          {"multiplicity", job.molecule.multiplicity()},
          {"symbols", element_symbols(job.molecule)},
          {"initial_geometry", geometry_angstrom(job.molecule)},
          {"checkpoint", checkpoint},
          {"units",
           {{"energy", "Eh"},
            {"geometry", "Angstrom"},
            {"relative_energy", "kcal/mol"},
            {"frequency", "cm^-1"},
            {"temperature", "K"},
            {"pressure", "Pa"},
            {"entropy", "Eh/K"},
            {"angle", "degree"}}}};
}

void write_results_json(const std::string& path, const nlohmann::json& results, const Communicator& comm) {
  std::string failure;
  if (comm.is_root()) {
    const std::string temporary = path + ".tmp";
    {
      std::ofstream out(temporary);
      out << results.dump(2) << "\n";
      if (!out) failure = "cannot write '" + temporary + "'";
    }
    if (failure.empty() && std::rename(temporary.c_str(), path.c_str()) != 0)
      failure = "cannot rename '" + temporary + "' to '" + path + "'";
  }
  comm.broadcast(failure);
  if (!failure.empty()) throw ComputationError("results JSON: " + failure);
}

}  // namespace atropos
