#include "drivers/qcschema.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "drivers/keywords.hpp"
#include "drivers/single_point.hpp"
#include "geometry/element.hpp"

#ifndef ATROPOS_VERSION
#define ATROPOS_VERSION "unknown"
#endif

namespace atropos {

namespace {

const nlohmann::json& field(const nlohmann::json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw InputError(std::string("missing field '") + key + "'", where);
  return object.at(key);
}

Molecule molecule_from_qcschema(const nlohmann::json& m) {
  const std::string where = "QCSchema molecule";
  const auto& symbols = field(m, "symbols", where);
  const auto& geometry = field(m, "geometry", where);
  if (!symbols.is_array() || symbols.empty()) throw InputError("'symbols' must be a non-empty array", where);
  // Flat [x0, y0, z0, x1, ...] as the schema says; nested [[x, y, z], ...] accepted too.
  std::vector<double> flat;
  for (const auto& value : geometry) {
    if (value.is_array())
      for (const auto& x : value) flat.push_back(x.get<double>());
    else if (value.is_number())
      flat.push_back(value.get<double>());
    else
      throw InputError("'geometry' must hold numbers (bohr)", where);
  }
  if (flat.size() != 3 * symbols.size())
    throw InputError(fmt::format("'geometry' has {} numbers for {} atoms (need 3 per atom)", flat.size(), symbols.size()),
                     where);
  std::vector<Atom> atoms;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::string symbol = symbols[i].is_string() ? symbols[i].get<std::string>() : symbols[i].dump();
    const auto Z = atomic_number(symbol);
    if (!Z) throw InputError(fmt::format("unknown element '{}' (atom {})", symbol, i + 1), where + " symbols");
    atoms.push_back({*Z, Eigen::Vector3d(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2])});
  }
  const double charge = m.value("molecular_charge", 0.0);
  const int multiplicity = m.value("molecular_multiplicity", 1);
  if (charge != static_cast<double>(static_cast<int>(charge)))
    throw InputError("fractional molecular_charge is not supported", where);
  return Molecule(std::move(atoms), static_cast<int>(charge), multiplicity);
}

}  // namespace

Job job_from_qcschema(const nlohmann::json& input) {
  if (!input.is_object()) throw InputError("the QCSchema input must be a JSON object");
  const std::string schema = input.value("schema_name", "");
  if (schema != "qcschema_input")
    throw InputError("schema_name must be 'qcschema_input' (an AtomicInput), got '" + schema + "'");
  Job job;
  job.molecule = molecule_from_qcschema(field(input, "molecule", "QCSchema input"));
  job.task = field(input, "driver", "QCSchema input").get<std::string>();
  if (job.task != "energy" && job.task != "gradient")
    throw InputError("driver '" + job.task + "' is not available yet (available: energy, gradient)", "QCSchema driver");
  const auto& model = field(input, "model", "QCSchema input");
  job.method = field(model, "method", "QCSchema model").get<std::string>();
  std::transform(job.method.begin(), job.method.end(), job.method.begin(), ::tolower);
  job.basis = field(model, "basis", "QCSchema model").get<std::string>();
  job.checkpoint.clear();  // the JSON result is the output
  if (input.contains("keywords")) apply_keywords(job, input.at("keywords"), "QCSchema keywords");
  return job;
}

nlohmann::json run_qcschema(const nlohmann::json& input, const Communicator& comm, const Log& log) {
  nlohmann::json output = {{"schema_name", "qcschema_output"},
                           {"schema_version", 1},
                           {"provenance", {{"creator", "atropos"}, {"version", ATROPOS_VERSION}, {"routine", "atropos qcschema"}}},
                           {"success", false}};
  for (const char* echo : {"id", "molecule", "driver", "model", "keywords", "extras"})
    if (input.is_object() && input.contains(echo)) output[echo] = input.at(echo);
  try {
    const Job job = job_from_qcschema(input);
    const SinglePointResult result = run_single_point(job, comm, log);
    const ScfResult& scf = result.scf;
    output["return_result"] = scf.total_energy;
    if (job.task == "gradient") {
      const Eigen::MatrixX3d g = compute_analytic_gradient(job, result, comm, log);
      std::vector<double> flat;  // natom x 3 row by row, Eh/bohr
      for (Eigen::Index a = 0; a < g.rows(); ++a)
        for (int k = 0; k < 3; ++k) flat.push_back(g(a, k));
      output["return_result"] = flat;
    }
    output["properties"] = {{"return_energy", scf.total_energy},
                            {"scf_total_energy", scf.total_energy},
                            {"nuclear_repulsion_energy", scf.nuclear_repulsion},
                            {"scf_one_electron_energy", scf.one_electron},
                            {"scf_two_electron_energy", scf.two_electron},
                            {"scf_iterations", scf.iterations},
                            {"scf_xc_energy", scf.xc},
                            {"scf_integrated_electrons", result.integrated_electrons},
                            {"calcinfo_nbasis", result.basis_functions},
                            {"calcinfo_nmo", scf.orbitals.front().cols()},
                            {"calcinfo_nalpha", job.molecule.alpha_count()},
                            {"calcinfo_nbeta", job.molecule.beta_count()},
                            {"calcinfo_natom", job.molecule.size()},
                            {"scf_dipole_moment", {result.dipole.x(), result.dipole.y(), result.dipole.z()}}};
    output["extras"]["atropos"] = {{"converged", scf.converged},
                                   {"mulliken_charges", std::vector<double>(result.mulliken_charges.data(),
                                                                            result.mulliken_charges.data() +
                                                                                result.mulliken_charges.size())},
                                   {"wall_seconds", result.wall_seconds}};
    output["success"] = true;  // last: anything that threw above leaves it false
  } catch (const InputError& e) {
    output["error"] = {{"error_type", "input_error"}, {"error_message", e.what()}};
  } catch (const ComputationError& e) {
    output["error"] = {{"error_type", "convergence_error"}, {"error_message", e.what()}};
  } catch (const nlohmann::json::exception& e) {
    output["error"] = {{"error_type", "input_error"}, {"error_message", std::string("malformed QCSchema input: ") + e.what()}};
  } catch (const std::exception& e) {
    output["error"] = {{"error_type", "unknown_error"}, {"error_message", e.what()}};
  }
  if (!output["success"].get<bool>()) {
    output.erase("return_result");  // a failed run reports no partial results
    output.erase("properties");
  }
  return output;
}

}  // namespace atropos
