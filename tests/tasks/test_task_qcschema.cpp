// QCSchema: the hessian driver and the optimization procedure.
// - driver "hessian" for water HF/def2-SVP at Psi4's optimised geometry: return_result is the
//   9 x 9 Hessian (Eh/bohr^2) the vibration library computes from ScfSurfaces directly (1e-10),
//   symmetric, and its frequencies are within 1 cm^-1 of Psi4 1.3.2's analytic ones
//   (tests/data/vibration).
// - "qcschema_optimization_input" for water HF/def2-SVP (gau_tight): success, the final energy of
//   the TOML task with the same settings (1e-10 Eh), one AtomicResult-like gradient record per
//   step; failures (maxiter, unknown keyword) as error objects.
#include <gtest/gtest.h>

#include "drivers/qcschema.hpp"
#include "drivers/scf_surface.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/vibrational_analysis.hpp"
#include "geometry/units.hpp"
#include "task_test_helpers.hpp"

using namespace atropos;
using namespace atropos::testing;
using nlohmann::json;

namespace {

json flat_geometry(const Molecule& m) {
  std::vector<double> flat;
  for (const Atom& a : m.atoms()) flat.insert(flat.end(), {a.position.x(), a.position.y(), a.position.z()});
  return flat;
}

json qcschema_molecule(const Molecule& m) {
  return {{"symbols", {"O", "H", "H"}}, {"geometry", flat_geometry(m)}, {"molecular_charge", 0}, {"molecular_multiplicity", 1}};
}

}  // namespace

TEST(QcSchemaHessian, MatchesTheVibrationLibraryAndPsi4) {
  const Communicator comm;
  const ScratchDirectory scratch("qcschema_hessian", comm);
  const json psi4 = read_json("vibration/water_rhf_def2svp_freq.json");
  std::vector<Atom> atoms;
  for (int i = 0; i < 3; ++i) {
    const auto& r = psi4.at("geometry_bohr")[i];
    atoms.push_back({psi4.at("Z")[i].get<int>(), Eigen::Vector3d(r[0].get<double>(), r[1].get<double>(), r[2].get<double>())});
  }
  const Molecule water(atoms);
  const json input = {{"schema_name", "qcschema_input"},
                      {"schema_version", 1},
                      {"molecule", qcschema_molecule(water)},
                      {"driver", "hessian"},
                      {"model", {{"method", "hf"}, {"basis", "def2-svp"}}},
                      {"keywords", {{"scf_type", "pk"}}}};
  const json out = run_qcschema(input, comm, Log::silent());
  ASSERT_TRUE(out.at("success").get<bool>()) << out.dump(1);
  const auto flat = out.at("return_result").get<std::vector<double>>();
  ASSERT_EQ(flat.size(), 81u);
  const Eigen::MatrixXd hessian = Eigen::Map<const Eigen::Matrix<double, 9, 9, Eigen::RowMajor>>(flat.data());
  EXPECT_LE((hessian - hessian.transpose()).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_NEAR(out["properties"]["return_energy"].get<double>(), psi4.at("energy").get<double>(), 1e-8);
  EXPECT_EQ(out["extras"]["atropos"]["hessian"]["gradient_evaluations"].get<int>(), 18);

  // The library on the same job (the driver's SCF settings: e_convergence 1e-10, d_convergence 1e-8).
  const Job job = job_from_qcschema(input);
  EXPECT_DOUBLE_EQ(job.scf.energy_threshold, 1e-10);
  EXPECT_DOUBLE_EQ(job.scf.gradient_threshold, 1e-8);
  FdHessianOptions fd;
  fd.evaluate_reference = false;
  const SurfaceFactory factory = [&](const Communicator& group) -> std::unique_ptr<EnergySurface> {
    std::string path = scratch.file("library_" + std::to_string(comm.rank()) + ".h5");
    group.broadcast(path);
    return std::make_unique<ScfSurface>(job, group, Log::silent(), path);
  };
  const FdHessianResult direct = compute_fd_hessian(water, factory, comm, fd);
  EXPECT_LE((hessian - direct.hessian).cwiseAbs().maxCoeff(), 1e-10);

  const VibrationalResult v = analyse_vibrations(water, hessian, out["properties"]["return_energy"].get<double>());
  const auto theirs = psi4.at("frequencies_cm1").get<std::vector<double>>();
  for (std::size_t k = 0; k < theirs.size(); ++k)
    EXPECT_NEAR(v.frequencies_cm1(static_cast<Eigen::Index>(k)), theirs[k], 1.0) << "mode " << k + 1;
  if (comm.is_root())
    std::printf("    hessian driver: max |H - H(library)| = %.1e, frequencies %.2f %.2f %.2f (Psi4 %.2f %.2f %.2f)\n",
                (hessian - direct.hessian).cwiseAbs().maxCoeff(), v.frequencies_cm1(0), v.frequencies_cm1(1),
                v.frequencies_cm1(2), theirs[0], theirs[1], theirs[2]);
}

TEST(QcSchemaOptimization, WaterMatchesTheTomlTask) {
  const Communicator comm;
  const ScratchDirectory scratch("qcschema_optimization", comm);
  const Job toml = toml_job(R"(task = "optimize"
method = "hf"
basis = "def2-svp"
[molecule]
file = "molecules/water.xyz"
[scf]
scf_type = "direct"
[optimizer]
convergence_set = "gau_tight"
)",
                            "water", scratch);
  const json task = run_geometry_task(toml, comm, Log::silent()).results;

  json input = {{"schema_name", "qcschema_optimization_input"},
                {"schema_version", 1},
                {"id", "water-opt"},
                {"initial_molecule", qcschema_molecule(toml.molecule)},
                {"input_specification",
                 {{"driver", "gradient"}, {"model", {{"method", "hf"}, {"basis", "def2-svp"}}}, {"keywords", {{"scf_type", "direct"}}}}},
                {"keywords", {{"program", "atropos"}, {"convergence_set", "gau_tight"}}}};
  const json out = run_qcschema(input, comm, Log::silent());
  ASSERT_TRUE(out.at("success").get<bool>()) << out.dump(1);
  EXPECT_EQ(out["schema_name"], "qcschema_optimization_output");
  EXPECT_EQ(out["id"], "water-opt");
  EXPECT_EQ(out["provenance"]["creator"], "atropos");
  const auto energies = out["energies"].get<std::vector<double>>();
  EXPECT_NEAR(energies.back(), task["energy"].get<double>(), 1e-10);
  EXPECT_EQ(static_cast<int>(energies.size()), task["steps"].get<int>());
  ASSERT_EQ(out["trajectory"].size(), energies.size());
  for (std::size_t k = 0; k < energies.size(); ++k) {
    const json& step = out["trajectory"][k];
    EXPECT_EQ(step["schema_name"], "qcschema_output");
    EXPECT_EQ(step["driver"], "gradient");
    EXPECT_TRUE(step["success"].get<bool>());
    EXPECT_EQ(step["return_result"].size(), 9u);
    EXPECT_EQ(step["properties"]["return_energy"].get<double>(), energies[k]);
  }
  // The last gradient is converged (gau_tight), and the final molecule is the TOML task's.
  for (const auto& g : out["trajectory"].back()["return_result"]) EXPECT_LT(std::abs(g.get<double>()), 1e-4);
  const auto geometry = out["final_molecule"]["geometry"].get<std::vector<double>>();
  ASSERT_EQ(geometry.size(), 9u);
  for (std::size_t i = 0; i < 9; ++i)
    EXPECT_NEAR(geometry[i] * units::bohr_in_angstrom, task["final_geometry"][i / 3][i % 3].get<double>(), 1e-8);
  EXPECT_EQ(out["final_molecule"]["symbols"], input["initial_molecule"]["symbols"]);

  // protocols.trajectory = "final": only the last step.
  input["protocols"] = {{"trajectory", "final"}};
  const json final_only = run_qcschema(input, comm, Log::silent());
  ASSERT_TRUE(final_only["success"].get<bool>());
  EXPECT_EQ(final_only["trajectory"].size(), 1u);
  input.erase("protocols");

  // Failures: out of iterations, an unknown keyword, a driver other than gradient.
  input["keywords"]["maxiter"] = 2;
  json failed = run_qcschema(input, comm, Log::silent());
  EXPECT_FALSE(failed["success"].get<bool>());
  EXPECT_EQ(failed["error"]["error_type"], "convergence_error");
  EXPECT_NE(failed["error"]["error_message"].get<std::string>().find("did not converge in 2 gradient evaluations"),
            std::string::npos);
  EXPECT_EQ(failed["trajectory"].size(), 2u);
  EXPECT_FALSE(failed.contains("final_molecule"));
  input["keywords"].erase("maxiter");
  input["keywords"]["max_steps"] = 5;
  failed = run_qcschema(input, comm, Log::silent());
  EXPECT_EQ(failed["error"]["error_type"], "input_error");
  EXPECT_NE(failed["error"]["error_message"].get<std::string>().find("unknown key 'max_steps'"), std::string::npos);
  input["keywords"].erase("max_steps");
  input["input_specification"]["driver"] = "energy";
  failed = run_qcschema(input, comm, Log::silent());
  EXPECT_EQ(failed["error"]["error_type"], "input_error");
}
