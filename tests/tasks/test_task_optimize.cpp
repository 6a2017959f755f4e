// task = "optimize" and "scan" through the TOML front end on the HF surface:
// - the water optimisation (HF/def2-SVP, gau_tight) equals the Optimizer library run directly on
//   an ScfSurface with the same options (same evaluated energies to 1e-10 Eh: the task adds only
//   files), and its results JSON carries the documented keys;
// - a run stopped after two steps (the test hook stands in for a kill: the files are exactly
//   those a kill leaves) and rerun gives the uninterrupted result, evaluating only the points the
//   first run had not finished;
// - constraints hold at convergence and the mirror image of the optimised structure has its energy;
// - a relaxed H2O2 torsion scan holds its coordinate at each target, and resumes mid-point.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "drivers/optimize/optimizer.hpp"
#include "drivers/scf_surface.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "geometry/units.hpp"
#include "task_test_helpers.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

constexpr double kDegree = 3.14159265358979323846 / 180.0;

const char* kWaterOptimisation = R"(task = "optimize"
method = "hf"
basis = "def2-svp"
[molecule]
file = "molecules/water.xyz"
[scf]
scf_type = "direct"
[optimizer]
convergence_set = "gau_tight"
)";

// Stops the task after `checkpoints` checkpoint writes, as a kill would.
void run_until_killed(const Job& job, int checkpoints) {
  TaskControl control;
  control.stop_after_checkpoints = checkpoints;
  EXPECT_THROW(run_geometry_task(job, Communicator(), Log::silent(), control), TaskInterrupted);
}

}  // namespace

TEST(OptimizeTask, WaterMatchesTheOptimizerLibrary) {
  const Communicator comm;
  const ScratchDirectory scratch("optimize_water", comm);
  const Job job = toml_job(kWaterOptimisation, "water", scratch);
  const TaskOutcome task = run_geometry_task(job, comm, Log::silent());

  // The library directly: same surface settings (the task's SCF thresholds), same options.
  ScfSurface surface(job, comm, Log::silent(), scratch.file("library_surface.h5"));
  std::vector<double> energies;
  const OptimizationResult direct = optimize_geometry(surface, job.molecule, job.task_options.optimizer,
                                                      [&](const StepReport& r, const Optimizer&) { energies.push_back(r.energy); });
  ASSERT_TRUE(direct.converged);

  comm.barrier();
  const nlohmann::json results = read_results(scratch.file("water.results.json"));
  EXPECT_EQ(results, task.results);
  for (const char* key : {"schema", "schema_version", "program", "task", "name", "method", "basis", "charge", "multiplicity",
                          "symbols", "initial_geometry", "checkpoint", "units", "energy", "converged", "steps", "energies",
                          "final_geometry", "final_gradient_max", "convergence_set", "coordinates", "constraints",
                          "trajectory", "final_xyz", "evaluations_this_run"})
    EXPECT_TRUE(results.contains(key)) << key;
  EXPECT_EQ(results["task"], "optimize");
  EXPECT_TRUE(results["converged"].get<bool>());
  EXPECT_NEAR(results["energy"].get<double>(), direct.energy, 1e-10);
  EXPECT_EQ(results["steps"].get<int>(), direct.evaluations);
  EXPECT_EQ(task.evaluations, direct.evaluations);
  const auto task_energies = results["energies"].get<std::vector<double>>();
  ASSERT_EQ(task_energies.size(), energies.size());
  for (std::size_t k = 0; k < energies.size(); ++k) EXPECT_NEAR(task_energies[k], energies[k], 1e-10) << "step " << k + 1;
  const auto& geometry = results["final_geometry"];
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t c = 0; c < 3; ++c)
      EXPECT_NEAR(geometry[a][c].get<double>(), direct.molecule[a].position[static_cast<Eigen::Index>(c)] * units::bohr_in_angstrom,
                  1e-8);
  EXPECT_EQ(xyz_frames(scratch.file("water_trajectory.xyz")), energies.size());
  EXPECT_EQ(xyz_frames(scratch.file("water_final.xyz")), 1u);
  if (comm.is_root())
    std::printf("    water HF/def2-SVP: %zu steps, E = %.10f Eh (library %.10f)\n", energies.size(),
                results["energy"].get<double>(), direct.energy);

  // Run again: the finished optimisation is read back, nothing is evaluated.
  const TaskOutcome again = run_geometry_task(job, comm, Log::silent());
  EXPECT_EQ(again.evaluations, 0);
  EXPECT_EQ(again.results["energy"].get<double>(), results["energy"].get<double>());
}

TEST(OptimizeTask, ResumesAfterAKillWithoutRepeatingAStep) {
  const Communicator comm;
  const ScratchDirectory scratch("optimize_resume", comm);
  const Job whole = toml_job(kWaterOptimisation, "whole", scratch);
  const TaskOutcome uninterrupted = run_geometry_task(whole, comm, Log::silent());
  const int steps = uninterrupted.results["steps"].get<int>();
  ASSERT_GT(steps, 3);

  const Job job = toml_job(kWaterOptimisation, "killed", scratch);
  run_until_killed(job, 2);
  comm.barrier();
  EXPECT_FALSE(std::filesystem::exists(scratch.file("killed.results.json")));
  EXPECT_EQ(xyz_frames(scratch.file("killed_trajectory.xyz")), 2u);
  const TaskOutcome resumed = run_geometry_task(job, comm, Log::silent());
  EXPECT_EQ(resumed.evaluations, steps - 2);  // the two finished steps are not evaluated again
  EXPECT_EQ(resumed.results["steps"].get<int>(), steps);
  EXPECT_NEAR(resumed.results["energy"].get<double>(), uninterrupted.results["energy"].get<double>(), 1e-10);
  const auto a = resumed.results["energies"].get<std::vector<double>>();
  const auto b = uninterrupted.results["energies"].get<std::vector<double>>();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) EXPECT_NEAR(a[k], b[k], 1e-10) << "step " << k + 1;
  EXPECT_EQ(xyz_frames(scratch.file("killed_trajectory.xyz")), static_cast<std::size_t>(steps));

  // The checkpoint belongs to this calculation: another geometry is refused, naming the file.
  Job moved = job;
  moved.molecule = job.molecule.with_positions(job.molecule.positions() * 1.01);
  try {
    run_geometry_task(moved, comm, Log::silent());
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("killed.h5' belongs to another calculation: it started from another geometry"),
              std::string::npos)
        << e.what();
  }
}

// HF/STO-3G H2O2 with the H3-O1-O2 bend held at 100 degrees and the O1-H3 distance at 1.0
// Angstrom (targets away from the start): both hold at convergence; the mirror image of the result
// (the other enantiomer) has the same energy, to the SCF convergence.
TEST(OptimizeTask, ConstraintsHoldAndMirrorImageMatches) {
  const Communicator comm;
  const ScratchDirectory scratch("optimize_constrained", comm);
  const Job job = toml_job(R"(task = "optimize"
method = "hf"
basis = "sto-3g"
mirror = true
[molecule]
file = "molecules/h2o2_P.xyz"
[optimizer]
convergence_set = "gau_tight"
[optimizer.constraints]
angles = [[3, 1, 2, 100.0]]
distances = [[1, 3, 1.0]]
)",
                           "constrained", scratch);
  const nlohmann::json r = run_geometry_task(job, comm, Log::silent()).results;
  ASSERT_TRUE(r["converged"].get<bool>());
  ASSERT_EQ(r["constraints"].size(), 2u);
  EXPECT_EQ(r["constraints"][0]["constraint"], "angle 3-1-2");
  EXPECT_NEAR(r["constraints"][0]["value"].get<double>(), 100.0, 1e-6);
  EXPECT_EQ(r["constraints"][1]["constraint"], "distance 1-3");
  EXPECT_NEAR(r["constraints"][1]["value"].get<double>(), 1.0, 1e-8);
  ASSERT_TRUE(r.contains("mirror"));
  EXPECT_LT(std::abs(r["mirror"]["energy_difference"].get<double>()), 1e-8);
  EXPECT_NEAR(r["mirror"]["energy"].get<double>(), r["energy"].get<double>(), 1e-8);
}

// HF/STO-3G H2O2, H-O-O-H from 120 to 180 degrees in 3 points; killed in the middle of the second
// point's optimisation and resumed: the same table as an uninterrupted scan.
TEST(ScanTask, TorsionScanHoldsTargetsAndResumes) {
  const Communicator comm;
  const ScratchDirectory scratch("scan", comm);
  const std::string input = R"(task = "scan"
method = "hf"
basis = "sto-3g"
[molecule]
file = "molecules/h2o2_P.xyz"
[optimizer]
convergence_set = "gau"
[scan]
coordinate = [3, 1, 2, 4]
start = 120.0
stop = 180.0
points = 3
)";
  const TaskOutcome whole = run_geometry_task(toml_job(input, "whole", scratch), comm, Log::silent());
  const nlohmann::json& table = whole.results["scan"]["points"];
  ASSERT_EQ(table.size(), 3u);
  int first_point_steps = table[0]["steps"].get<int>();
  for (int k = 0; k < 3; ++k) {
    EXPECT_TRUE(table[k]["converged"].get<bool>());
    EXPECT_NEAR(table[k]["target"].get<double>(), 120.0 + 30.0 * k, 1e-12);
    EXPECT_NEAR(table[k]["value"].get<double>(), 120.0 + 30.0 * k, 1e-6);
  }
  // Towards trans the energy rises (HF/STO-3G skew minimum near 125 degrees, docs/neb.md).
  EXPECT_LT(table[0]["energy"].get<double>(), table[2]["energy"].get<double>());
  EXPECT_EQ(whole.results["energy"].get<double>(), table[2]["energy"].get<double>());
  EXPECT_EQ(whole.results["scan"]["unit"], "degree");
  EXPECT_EQ(whole.results["scan"]["coordinate"], "D(3,1,2,4)");
  EXPECT_TRUE(starts_with_png_signature(scratch.file("whole_scan.png")));
  EXPECT_EQ(xyz_frames(scratch.file("whole_scan.xyz")), 3u);
  int total = 0;
  for (const auto& p : table) total += p["steps"].get<int>();
  EXPECT_EQ(whole.evaluations, total);

  const Job job = toml_job(input, "killed", scratch);
  run_until_killed(job, first_point_steps + 2);  // two steps into the second point
  const TaskOutcome resumed = run_geometry_task(job, comm, Log::silent());
  // The first run finished point 1 (its steps, then the table: first_point_steps + 1 writes) and one
  // step of point 2; the resumed run evaluates the rest only.
  EXPECT_EQ(resumed.evaluations, total - first_point_steps - 1);
  const nlohmann::json& again = resumed.results["scan"]["points"];
  ASSERT_EQ(again.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(again[k]["energy"].get<double>(), table[k]["energy"].get<double>(), 1e-10) << k;
    EXPECT_EQ(again[k]["steps"].get<int>(), table[k]["steps"].get<int>()) << k;
  }
  EXPECT_EQ(xyz_frames(scratch.file("killed_trajectory.xyz")), static_cast<std::size_t>(total));
  if (comm.is_root())
    std::printf("    H2O2 HF/STO-3G torsion scan: %.6f, %.6f, %.6f Eh (%d gradients)\n", table[0]["energy"].get<double>(),
                table[1]["energy"].get<double>(), table[2]["energy"].get<double>(), total);
}
