// atropos: command-line entry point. Subcommands:
//   run FILE.toml              a calculation described by a TOML input (docs/input.md): energy,
//                              gradient, or a geometry task (optimize, scan, neb, ts, frequencies)
//   qcschema IN.json [-o OUT]  a MolSSI QCSchema AtomicInput -> AtomicResult, or an
//                              OptimizationInput -> OptimizationResult
//   fd-gradient FILE.toml      the gradient by central finite differences (ranks share displacements)
//   extract / inspect          geometry tools (docs/geometry.md)
//   autoaux BASIS ELEMENT...   the AutoAux fitting basis of an orbital basis (--extended: the
//                              extended set), as a Gaussian94 file
// Without arguments it prints help. Exit codes: 0 success, 1 usage, 2 bad input, 3 failed
// computation, 4 internal error.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "basis/auto_auxiliary.hpp"
#include "basis/basis_library.hpp"
#include "basis/gaussian94.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "drivers/fd_gradient.hpp"
#include "drivers/geometry_commands.hpp"
#include "drivers/report.hpp"
#include "drivers/qcschema.hpp"
#include "drivers/single_point.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/toml_input.hpp"
#include "geometry/element.hpp"
#include "geometry/mirror.hpp"
#include "scf/df_coulomb.hpp"
#include "parallel/communicator.hpp"

using namespace atropos;

namespace {

int run_toml(const std::string& path, const Communicator& comm) {
  const Log log(comm.is_root());
  const Job job = read_toml_job(path);
  log.print("atropos {} -- input {}\n", ATROPOS_VERSION, path);
  if (is_geometry_task(job.task)) {
    const TaskOutcome outcome = run_geometry_task(job, comm, log);
    if (!outcome.results.value("converged", true)) {
      if (comm.is_root())
        std::cerr << "atropos: the " << job.task << " task did not converge (results: "
                  << task_paths(job).results << ")\n";
      return 3;
    }
  } else if (job.mirror) {
    const MirrorComparison both = run_with_mirror_image(job, comm, log);
    if (job.task == "gradient") {
      const Eigen::MatrixX3d g = compute_analytic_gradient(job, both.original, comm, log);
      Job mirrored = job;
      mirrored.molecule = mirror_image(job.molecule);
      mirrored.checkpoint.clear();
      const Eigen::MatrixX3d gm = compute_analytic_gradient(mirrored, both.mirror, comm, log);
      log.print("  Mirror-image gradient check: max |g(mirror) - reflected g| = {:.3e} Eh/bohr\n",
                (gm - reflect_vectors(g)).cwiseAbs().maxCoeff());
    }
  } else {
    const SinglePointResult energy = run_single_point(job, comm, log);
    if (job.task == "gradient") compute_analytic_gradient(job, energy, comm, log);
  }
  return 0;
}

int run_qcschema_file(const std::string& in_path, const std::string& out_path, const Communicator& comm) {
  nlohmann::json input;
  {
    std::ifstream in(in_path);
    if (!in) throw InputError("cannot open QCSchema input '" + in_path + "'");
    try {
      input = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
      // Malformed JSON still gets an AtomicResult, as the schema promises.
      input = nlohmann::json::object();
      nlohmann::json output = {{"schema_name", "qcschema_output"},
                               {"success", false},
                               {"provenance", {{"creator", "atropos"}, {"version", ATROPOS_VERSION}}},
                               {"error", {{"error_type", "input_error"}, {"error_message", in_path + ": " + e.what()}}}};
      if (comm.is_root()) {
        if (out_path.empty()) std::cout << output.dump(2) << "\n";
        else std::ofstream(out_path) << output.dump(2) << "\n";
      }
      return 2;
    }
  }
  // Progress goes to stderr when the result goes to stdout.
  const Log log(comm.is_root(), out_path.empty() ? stderr : stdout);
  const nlohmann::json output = run_qcschema(input, comm, log);
  if (comm.is_root()) {
    if (out_path.empty()) {
      std::cout << output.dump(2) << "\n";
    } else {
      std::ofstream out(out_path);
      if (!out) throw InputError("cannot write '" + out_path + "'");
      out << output.dump(2) << "\n";
    }
  }
  return output.value("success", false) ? 0 : 2;
}

int run_fd_gradient(const std::string& path, double step, const Communicator& comm) {
  const Log log(comm.is_root());
  const Job job = read_toml_job(path);
  log.print("atropos {} -- finite-difference gradient of {}\n", ATROPOS_VERSION, path);
  const Eigen::MatrixX3d gradient = compute_fd_gradient(job, step, comm, log);
  print_gradient(log, job.molecule, gradient, "Central finite-difference gradient");
  return 0;
}

// Writes the basis that `df_basis_scf = "autoaux"` (or "autoaux-extended") would use for these
// elements (same angular-momentum cap), so that other programs (Psi4's basis blocks) can run the
// same fit.
int write_autoaux(const std::string& orbital_name, const std::vector<std::string>& symbols, bool extended,
                  const std::string& out_path, const Communicator& comm) {
  std::vector<Atom> atoms;
  for (const std::string& symbol : symbols) {
    const std::optional<int> Z = atomic_number(symbol);
    if (!Z) throw InputError("unknown element '" + symbol + "'", "autoaux");
    atoms.push_back(Atom{*Z, Eigen::Vector3d(10.0 * atoms.size(), 0.0, 0.0)});
  }
  const Molecule molecule(atoms);  // one atom per element; charge and multiplicity play no part
  const BasisSet orbital = load_basis(orbital_name, molecule);
  const BasisSet aux = make_autoaux_basis(orbital, molecule, AutoAuxOptions{DfCoulomb::max_gradient_l(), extended});
  const std::string text = format_gaussian94(
      element_library(aux, molecule),
      {aux.name() + " fitting basis for " + orbital_name + " (atropos " + ATROPOS_VERSION + ")",
       "Stoychev, Auer, Neese, J. Chem. Theory Comput. 13, 554 (2017); angular momenta capped at l = " +
           std::to_string(DfCoulomb::max_gradient_l())});
  if (!comm.is_root()) return 0;
  if (out_path.empty()) {
    std::cout << text;
  } else {
    std::ofstream out(out_path);
    if (!out) throw InputError("cannot write '" + out_path + "'", "autoaux");
    out << text;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession mpi(&argc, &argv);
  const Communicator world;

  CLI::App app{"atropos: DFT energetics of conformers and their mirror images"};
  app.set_version_flag("--version", ATROPOS_VERSION);
  app.require_subcommand(1);

  std::string input_path;
  auto* run = app.add_subcommand("run", "Run the calculation described by a TOML input file");
  run->add_option("input", input_path, "TOML input file")->required();

  std::string qc_in, qc_out;
  auto* qc = app.add_subcommand("qcschema",
                                "Run a QCSchema AtomicInput or OptimizationInput (JSON) and write the result");
  qc->add_option("input", qc_in, "AtomicInput JSON file")->required();
  qc->add_option("-o,--output", qc_out, "where to write the AtomicResult (default: standard output)");

  std::string fd_input;
  double fd_step = 1e-3;
  auto* fd = app.add_subcommand("fd-gradient", "Gradient by central finite differences of the input's energy (a check)");
  fd->add_option("input", fd_input, "TOML input file")->required();
  fd->add_option("--step", fd_step, "displacement in bohr (default 1e-3)")->check(CLI::PositiveNumber);

  std::string aux_orbital, aux_out;
  std::vector<std::string> aux_elements;
  bool aux_extended = false;
  auto* aux = app.add_subcommand("autoaux", "Write the AutoAux fitting basis of an orbital basis (Gaussian94 format)");
  aux->add_option("basis", aux_orbital, "orbital basis, e.g. def2-svp")->required();
  aux->add_option("elements", aux_elements, "element symbols, e.g. H C N O")->required();
  aux->add_option("-o,--output", aux_out, "where to write it (default: standard output)");
  aux->add_flag("--extended", aux_extended, "the extended set (df_basis_scf = \"autoaux-extended\")");

  add_geometry_commands(app, world.is_root());

  try {
    try {
      app.parse(argc, argv);  // the geometry subcommands run here, in their callbacks
    } catch (const CLI::ParseError& e) {
      return world.is_root() ? app.exit(e) : (e.get_exit_code() == 0 ? 0 : 1);
    }
    if (*run) return run_toml(input_path, world);
    if (*qc) return run_qcschema_file(qc_in, qc_out, world);
    if (*fd) return run_fd_gradient(fd_input, fd_step, world);
    if (*aux) return write_autoaux(aux_orbital, aux_elements, aux_extended, aux_out, world);
    return 0;  // geometry subcommands ran in their callbacks
  } catch (const InputError& e) {
    if (world.is_root()) std::cerr << "atropos: input error: " << e.what() << "\n";
    return 2;
  } catch (const ComputationError& e) {
    if (world.is_root()) std::cerr << "atropos: computation failed: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    if (world.is_root()) std::cerr << "atropos: internal error: " << e.what() << "\n";
    return 4;
  }
}
