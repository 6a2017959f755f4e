#include "drivers/qcschema.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.hpp"
#include "drivers/keywords.hpp"
#include "drivers/optimize/optimizer.hpp"
#include "drivers/scf_surface.hpp"
#include "drivers/single_point.hpp"
#include "drivers/tasks/task_keywords.hpp"
#include "drivers/vibration/fd_hessian.hpp"
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

// `schema` (a QCSchema molecule) with the geometry of `molecule` (bohr): other fields kept, as
// QCEngine's procedures return final_molecule.
nlohmann::json molecule_to_qcschema(const nlohmann::json& schema, const Molecule& molecule) {
  nlohmann::json out = schema;
  std::vector<double> flat;
  for (const Atom& a : molecule.atoms()) flat.insert(flat.end(), {a.position.x(), a.position.y(), a.position.z()});
  out["geometry"] = flat;
  return out;
}

std::vector<double> flatten(const Eigen::MatrixXd& m) {  // row by row
  std::vector<double> flat;
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) flat.push_back(m(i, j));
  return flat;
}

nlohmann::json provenance(const std::string& routine) {
  return {{"creator", "atropos"}, {"version", ATROPOS_VERSION}, {"routine", routine}};
}

// Error objects as QCSchema has them.
nlohmann::json error_object(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const InputError& e) {
    return {{"error_type", "input_error"}, {"error_message", e.what()}};
  } catch (const ComputationError& e) {
    return {{"error_type", "convergence_error"}, {"error_message", e.what()}};
  } catch (const nlohmann::json::exception& e) {
    return {{"error_type", "input_error"}, {"error_message", std::string("malformed QCSchema input: ") + e.what()}};
  } catch (const std::exception& e) {
    return {{"error_type", "unknown_error"}, {"error_message", e.what()}};
  }
  return {{"error_type", "unknown_error"}, {"error_message", "unknown failure"}};
}

// A scratch directory for the SCF work files of the geometry procedures, named by rank 0's
// process id, removed when it goes out of scope (collective).
class ScratchDirectory {
 public:
  explicit ScratchDirectory(const Communicator& comm) : comm_(comm) {
    path_ = (std::filesystem::temp_directory_path() / ("atropos_qcschema_" + std::to_string(::getpid()))).string();
    comm_.broadcast(path_);
    if (comm_.is_root()) std::filesystem::create_directories(path_);
    comm_.barrier();
  }
  ~ScratchDirectory() {
    comm_.barrier();
    std::error_code ignored;
    if (comm_.is_root()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name + ".h5"; }

 private:
  Communicator comm_;
  std::string path_;
};

// The Hessian (3N x 3N, Eh/bohr^2) by central differences of analytic gradients
// (drivers/vibration/fd_hessian.hpp; step and stencil of the job's [frequencies] settings, one
// rank per group), each group with its own SCF surface.
FdHessianResult finite_difference_hessian(const Job& job, const Molecule& molecule, const Communicator& comm,
                                          const ScratchDirectory& scratch) {
  FdHessianOptions fd;
  fd.step_bohr = job.task_options.frequencies.step;
  fd.points = job.task_options.frequencies.points;
  fd.ranks_per_group = std::min(job.task_options.frequencies.ranks_per_group, comm.size());
  fd.evaluate_reference = false;
  const SurfaceFactory factory = [&](const Communicator& group) -> std::unique_ptr<EnergySurface> {
    std::string leader = std::to_string(comm.rank());
    group.broadcast(leader);
    return std::make_unique<ScfSurface>(job, group, Log::silent(), scratch.file("hessian_group" + leader));
  };
  return compute_fd_hessian(molecule, factory, comm, fd);
}

// An AtomicResult-like record of one optimisation step (driver gradient).
nlohmann::json step_result(const nlohmann::json& spec, const nlohmann::json& initial_molecule, const Molecule& molecule,
                           const SurfacePoint& point, const StepReport& report) {
  return {{"schema_name", "qcschema_output"},
          {"schema_version", 1},
          {"driver", "gradient"},
          {"model", spec.at("model")},
          {"keywords", spec.value("keywords", nlohmann::json::object())},
          {"molecule", molecule_to_qcschema(initial_molecule, molecule)},
          {"return_result", flatten(point.gradient)},
          {"properties", {{"return_energy", point.energy}, {"calcinfo_natom", molecule.size()}}},
          {"success", true},
          {"provenance", provenance("atropos qcschema optimization")},
          {"extras", {{"atropos", {{"step", report.iteration}, {"rejected", report.rejected}}}}}};
}

// schema_name "qcschema_optimization_input" -> "qcschema_optimization_output" (QCEngine's
// procedure layout).
nlohmann::json run_optimization_procedure(const nlohmann::json& input, const Communicator& comm, const Log& log) {
  nlohmann::json output = {{"schema_name", "qcschema_optimization_output"},
                           {"schema_version", 1},
                           {"provenance", provenance("atropos qcschema optimization")},
                           {"success", false},
                           {"energies", nlohmann::json::array()},
                           {"trajectory", nlohmann::json::array()}};
  for (const char* echo : {"id", "initial_molecule", "input_specification", "keywords", "extras", "protocols"})
    if (input.contains(echo)) output[echo] = input.at(echo);
  try {
    const nlohmann::json& spec = field(input, "input_specification", "QCSchema optimization input");
    const nlohmann::json& initial = field(input, "initial_molecule", "QCSchema optimization input");
    const std::string driver = spec.value("driver", "gradient");
    if (driver != "gradient")
      throw InputError("input_specification.driver must be 'gradient' for an optimization, got '" + driver + "'");
    // The model and SCF keywords as an AtomicInput would carry them: one parser for both.
    nlohmann::json atomic = {{"schema_name", "qcschema_input"},
                             {"molecule", initial},
                             {"driver", "gradient"},
                             {"model", field(spec, "model", "QCSchema input_specification")}};
    const nlohmann::json scf_keywords = spec.value("keywords", nlohmann::json::object());
    atomic["keywords"] = scf_keywords;
    Job job = job_from_qcschema(atomic);
    nlohmann::json keywords = input.value("keywords", nlohmann::json::object());
    if (keywords.contains("program")) {  // QCEngine names the gradient program here
      if (keywords["program"] != "atropos")
        throw InputError("keywords.program must be 'atropos' (or absent), got " + keywords["program"].dump(),
                         "QCSchema optimization keywords");
      keywords.erase("program");
    }
    apply_optimization_procedure_keywords(job.task_options, keywords, "QCSchema optimization keywords");
    const bool saddle = job.task_options.optimizer.target == OptimizationTarget::transition_state;
    job.task = saddle ? "ts" : "optimize";
    tighten_scf_for_task(job, scf_keywords.contains("e_convergence"), scf_keywords.contains("d_convergence"));
    validate_task_options(job, "QCSchema optimization input");
    std::string protocol = "all";
    if (input.contains("protocols")) protocol = input["protocols"].value("trajectory", "all");
    if (protocol != "all" && protocol != "final" && protocol != "initial_and_final" && protocol != "none")
      throw InputError("protocols.trajectory must be all, final, initial_and_final or none, got '" + protocol + "'");

    const ScratchDirectory scratch(comm);
    OptimizerOptions options = job.task_options.optimizer;
    options.ts_follow = job.task_options.ts.follow;
    if (saddle && job.task_options.ts.initial_hessian == "fd") {
      log.print("  Initial Hessian by finite differences of gradients\n");
      options.initial_cartesian_hessian = finite_difference_hessian(job, job.molecule, comm, scratch).hessian;
    }
    ScfSurface surface(job, comm, Log::silent(), scratch.file("optimization"));
    Optimizer optimizer(job.molecule, options);
    log.print("{}", format_step_header(optimizer.criteria()));
    std::vector<nlohmann::json> steps;
    while (!optimizer.finished()) {
      const Molecule geometry = optimizer.next_geometry();
      const SurfacePoint point = surface.evaluate(geometry);
      const StepReport report = optimizer.step(point);
      log.print("{}", format_step_line(report, optimizer.criteria()));
      output["energies"].push_back(point.energy);
      steps.push_back(step_result(spec, initial, geometry, point, report));
    }
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const bool first = k == 0, last = k + 1 == steps.size();
      if (protocol == "all" || (protocol == "final" && last) || (protocol == "initial_and_final" && (first || last)))
        output["trajectory"].push_back(steps[k]);
    }
    if (!optimizer.converged())
      throw ComputationError(fmt::format("the optimisation did not converge in {} gradient evaluations (maxiter)",
                                         optimizer.state().iteration));
    output["final_molecule"] = molecule_to_qcschema(initial, optimizer.accepted_geometry());
    output["extras"]["atropos"] = {{"final_energy", optimizer.accepted_energy()},
                                   {"gradient_evaluations", optimizer.state().iteration},
                                   {"convergence_set", options.convergence}};
    output["success"] = true;
  } catch (...) {
    output["error"] = error_object(std::current_exception());
  }
  return output;
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
  if (job.task != "energy" && job.task != "gradient" && job.task != "hessian")
    throw InputError("driver '" + job.task + "' is not available (available: energy, gradient, hessian)",
                     "QCSchema driver");
  const auto& model = field(input, "model", "QCSchema input");
  job.method = field(model, "method", "QCSchema model").get<std::string>();
  std::transform(job.method.begin(), job.method.end(), job.method.begin(), ::tolower);
  job.basis = field(model, "basis", "QCSchema model").get<std::string>();
  job.checkpoint.clear();  // the JSON result is the output
  if (input.contains("keywords")) apply_keywords(job, input.at("keywords"), "QCSchema keywords");
  if (job.task == "hessian") {
    // Finite differences divide the gradient noise by the step: converge the SCF tightly.
    const nlohmann::json keywords = input.value("keywords", nlohmann::json::object());
    tighten_scf_for_task(job, keywords.contains("e_convergence"), keywords.contains("d_convergence"));
  }
  return job;
}

nlohmann::json run_qcschema(const nlohmann::json& input, const Communicator& comm, const Log& log) {
  if (input.is_object() && input.value("schema_name", "") == "qcschema_optimization_input")
    return run_optimization_procedure(input, comm, log);
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
    nlohmann::json hessian_info;
    if (job.task == "hessian") {
      const ScratchDirectory scratch(comm);
      const FdHessianResult h = finite_difference_hessian(job, job.molecule, comm, scratch);
      output["return_result"] = flatten(h.hessian);  // 3N x 3N row by row, Eh/bohr^2
      hessian_info = {{"method", "central differences of analytic gradients"},
                      {"step_bohr", job.task_options.frequencies.step},
                      {"points", job.task_options.frequencies.points},
                      {"gradient_evaluations", h.evaluated},
                      {"max_asymmetry", h.max_asymmetry}};
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
    if (!hessian_info.is_null()) output["extras"]["atropos"]["hessian"] = hessian_info;
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
