// QCSchema AtomicInput -> AtomicResult, against Psi4 1.3.2 (tests/data/reference/psi4/
// water_rhf_pk_energy.*, tolerance 1e-8 Eh), and failures reported as error objects.
#include <gtest/gtest.h>

#include "drivers/qcschema.hpp"
#include "reference_data.hpp"

using namespace atropos;
using nlohmann::json;

namespace {

// Water in bohr exactly as in the Psi4 reference input.
json water_input() {
  return json{{"schema_name", "qcschema_input"},
              {"schema_version", 1},
              {"molecule",
               {{"symbols", {"O", "H", "H"}},
                {"geometry", {0.0, 0.0, 0.22166487441860, 0.0, 1.43090062156663, -0.88665949767441, 0.0,
                              -1.43090062156663, -0.88665949767441}}}},
              {"driver", "energy"},
              {"model", {{"method", "hf"}, {"basis", "def2-svp"}}},
              {"keywords", {{"e_convergence", 1e-10}, {"d_convergence", 1e-8}, {"scf_type", "pk"}}}};
}

json run(const json& input) { return run_qcschema(input, Communicator(), Log::silent()); }

void expect_error(const json& output, const std::string& type, const std::string& fragment) {
  EXPECT_FALSE(output.at("success").get<bool>());
  ASSERT_TRUE(output.contains("error")) << output.dump(1);
  EXPECT_EQ(output["error"]["error_type"], type);
  EXPECT_NE(output["error"]["error_message"].get<std::string>().find(fragment), std::string::npos)
      << output["error"]["error_message"];
}

}  // namespace

TEST(QcSchema, WaterEnergyMatchesPsi4) {
  const json out = run(water_input());
  ASSERT_TRUE(out.at("success").get<bool>()) << out.dump(1);
  EXPECT_EQ(out["schema_name"], "qcschema_output");
  EXPECT_EQ(out["provenance"]["creator"], "atropos");
  const double psi4 = atropos::testing::psi4_energy("water_rhf_pk_energy");
  EXPECT_NEAR(out["return_result"].get<double>(), psi4, 1e-8);
  const auto& p = out["properties"];
  EXPECT_NEAR(p["return_energy"].get<double>(), psi4, 1e-8);
  EXPECT_NEAR(p["scf_total_energy"].get<double>(), psi4, 1e-8);
  EXPECT_NEAR(p["nuclear_repulsion_energy"].get<double>(), 9.189533762639709, 1e-10);
  EXPECT_NEAR(p["scf_one_electron_energy"].get<double>() + p["scf_two_electron_energy"].get<double>() +
                  p["nuclear_repulsion_energy"].get<double>(),
              psi4, 1e-8);
  EXPECT_GT(p["scf_iterations"].get<int>(), 2);
  EXPECT_EQ(p["calcinfo_nbasis"].get<int>(), 24);
}

TEST(QcSchema, FailuresAreErrorObjects) {
  json input = water_input();
  input["molecule"]["symbols"][1] = "Xx";
  expect_error(run(input), "input_error", "unknown element 'Xx' (atom 2)");

  input = water_input();
  input["keywords"]["frobnicate"] = true;
  expect_error(run(input), "input_error", "unknown keyword 'frobnicate'");

  input = water_input();
  input["schema_name"] = "qcschema_output";
  expect_error(run(input), "input_error", "schema_name must be 'qcschema_input'");

  input = water_input();
  input["molecule"]["molecular_multiplicity"] = 2;
  expect_error(run(input), "input_error", "multiplicity 2");

  input = water_input();
  input["model"]["basis"] = "no-such-basis";
  expect_error(run(input), "input_error", "unknown basis set 'no-such-basis'");

  input = water_input();
  input["molecule"]["geometry"].erase(8);
  expect_error(run(input), "input_error", "'geometry' has 8 numbers for 3 atoms");

  input = water_input();
  input["keywords"]["maxiter"] = 3;
  expect_error(run(input), "convergence_error", "SCF did not converge in 3 iterations");

  expect_error(run(json::array()), "input_error", "must be a JSON object");
}

TEST(QcSchema, ReferenceKeywordAndMethodAliases) {
  json input = water_input();
  input["model"]["method"] = "SCF";
  input["keywords"]["reference"] = "uhf";
  const json out = run(input);
  ASSERT_TRUE(out["success"].get<bool>()) << out.dump(1);
  EXPECT_NEAR(out["return_result"].get<double>(), atropos::testing::psi4_energy("water_rhf_pk_energy"), 1e-8);
}

// driver = gradient: return_result is the natom x 3 gradient (Eh/bohr), against Psi4 1.3.2's
// analytic RHF/def2-SVP gradient (tests/data/reference/psi4/water_rhf_pk_gradient.*), 1e-6.
TEST(QcSchema, GradientDriverMatchesPsi4) {
  json input = water_input();
  input["driver"] = "gradient";
  const json out = run(input);
  ASSERT_TRUE(out.at("success").get<bool>()) << out.dump(1);
  const auto& reference = atropos::testing::shared_results().at("psi4").at("water_rhf_pk_gradient").at("gradient");
  const auto& gradient = out.at("return_result");
  ASSERT_EQ(gradient.size(), 9u);
  for (std::size_t i = 0; i < 9; ++i)
    EXPECT_NEAR(gradient[i].get<double>(), reference[i / 3][i % 3].get<double>(), 1e-6) << i;
  EXPECT_NEAR(out["properties"]["return_energy"].get<double>(), atropos::testing::psi4_energy("water_rhf_pk_gradient"), 1e-8);

  // Kohn-Sham: PBE without grid response (as Psi4) on a (250, 2030) grid, where both programs'
  // grids are converged, against Psi4 1.3.2's analytic PBE/def2-SVP gradient on the same grid
  // sizes (tests/data/psi4/water_pbe_def2svp_pk_gradient_grid250x2030.*), 1e-6. (On (99, 590) the
  // two grids differ by 1.7e-6 Eh/bohr in the gradient: docs/gradients.md.)
  input["model"]["method"] = "pbe";
  input["keywords"]["grid"] = {250, 2030};
  input["keywords"]["grid_response"] = false;
  const json pbe = run(input);
  ASSERT_TRUE(pbe.at("success").get<bool>()) << pbe.dump(1);
  const json pbe_reference = atropos::testing::psi4_job("water_pbe_def2svp_pk_gradient_grid250x2030").at("gradient");
  for (std::size_t i = 0; i < 9; ++i)
    EXPECT_NEAR(pbe.at("return_result")[i].get<double>(), pbe_reference[i / 3][i % 3].get<double>(), 1e-6) << i;
  EXPECT_TRUE(pbe["properties"].contains("scf_xc_energy"));
}
