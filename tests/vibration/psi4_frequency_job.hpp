#pragma once
// Psi4 1.3.2 frequency jobs from tests/data/vibration (<job>.json beside <job>.in; generator
// tests/data/vibration/generate.py, conventions in tests/data/vibration/README.md).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "reference_data.hpp"

namespace atropos::testing {

struct Psi4FrequencyJob {
  nlohmann::json json;
  Molecule molecule;                      // the optimised geometry, bohr, Psi4's frame
  Eigen::MatrixXd hessian;                // Psi4's analytic Hessian, Eh/bohr^2
  std::vector<double> frequencies_cm1;    // vibrations, ascending
  std::vector<double> reduced_masses;     // u
  std::vector<Eigen::VectorXd> normal_modes_x;  // unit Cartesian modes (3N)
  double energy = 0.0;                    // E0, Eh
  double thermo(const std::string& key) const { return json.at("thermo_components").at(key).get<double>(); }
};

inline Psi4FrequencyJob psi4_frequency_job(const std::string& name) {
  Psi4FrequencyJob job;
  job.json = read_json("vibration/" + name + ".json");
  const auto& j = job.json;
  std::vector<Atom> atoms;
  for (std::size_t i = 0; i < j.at("Z").size(); ++i) {
    const auto& r = j.at("geometry_bohr").at(i);
    atoms.push_back({j.at("Z").at(i).get<int>(), Eigen::Vector3d(r.at(0).get<double>(), r.at(1).get<double>(),
                                                                 r.at(2).get<double>())});
  }
  job.molecule = Molecule(atoms, j.at("charge").get<int>(), j.at("multiplicity").get<int>());
  const auto n = static_cast<Eigen::Index>(3 * atoms.size());
  job.hessian.resize(n, n);
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = 0; b < n; ++b) job.hessian(a, b) = j.at("hessian").at(a).at(b).get<double>();
  job.frequencies_cm1 = j.at("frequencies_cm1").get<std::vector<double>>();
  job.reduced_masses = j.at("reduced_masses").get<std::vector<double>>();
  for (const auto& mode : j.at("normal_modes_x")) {
    const auto values = mode.get<std::vector<double>>();
    job.normal_modes_x.push_back(Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size())));
  }
  job.energy = j.at("energy").get<double>();
  return job;
}

}  // namespace atropos::testing
