#pragma once
// Access to the peer-program reference numbers committed under tests/data (see the README files
// there for the programs, versions, inputs and settings that produced them).

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "geometry/xyz.hpp"

namespace atropos::testing {

inline std::string data_path(const std::string& relative) { return std::string(ATROPOS_TEST_DATA) + "/" + relative; }

inline nlohmann::json read_json(const std::string& relative) {
  std::ifstream in(data_path(relative));
  if (!in) throw std::runtime_error("missing test data file " + data_path(relative));
  return nlohmann::json::parse(in);
}

// Psi4 1.3.2 / NWChem 7.0.2 results from tests/data/reference/results.json (copied from the
// project's shared reference set; inputs beside it in tests/data/reference/{psi4,nwchem}).
inline const nlohmann::json& shared_results() {
  static const nlohmann::json results = read_json("reference/results.json");
  return results;
}
inline double psi4_energy(const std::string& job) { return shared_results().at("psi4").at(job).at("energy").get<double>(); }
inline double nwchem_energy(const std::string& job) {
  return shared_results().at("nwchem").at(job).at("energy").get<double>();
}

// Psi4 1.3.2 results made for this project: tests/data/psi4/<job>.json beside <job>.in
// (generator: tests/data/psi4/generate.py; conventions in tests/data/README.md).
inline nlohmann::json psi4_job(const std::string& job) { return read_json("psi4/" + job + ".json"); }

// Molecules written for the project's own Psi4 references (tests/data/molecules).
inline Molecule project_molecule(const std::string& name, int charge = 0, int multiplicity = 1) {
  Molecule m = read_xyz_molecule(data_path("molecules/" + name + ".xyz"));
  m.set_charge_and_multiplicity(charge, multiplicity);
  return m;
}

inline Molecule reference_molecule(const std::string& name, int charge = 0, int multiplicity = 1) {
  Molecule m = read_xyz_molecule(data_path("reference/molecules/" + name + ".xyz"));
  m.set_charge_and_multiplicity(charge, multiplicity);
  return m;
}

}  // namespace atropos::testing
