// task = "frequencies" and task = "ts" on the HF surface.
// - Water HF/def2-SVP at Psi4's optimised geometry: frequencies within 1 cm^-1 and ZPE, H, G
//   within 1e-6 Eh of Psi4 1.3.2's analytic Hessian (tests/data/vibration, generator there; the
//   tolerances of tests/vibration), the same as the vibration library run directly on
//   ScfSurfaces (1e-6 cm^-1), the documented JSON keys and a Molden file; stopped after two
//   rounds of displacements and rerun, only the missing displacements are evaluated.
// - H2O2 HF/def2-SVP transition state from a structure 15 degrees off trans (as in
//   tests/optimize): the planar trans saddle point with Psi4's energy for trans H2O2 optimised
//   with the dihedral frozen at 180 degrees (tests/data/optimize/references.json; 1e-6 Eh as
//   there) and exactly one imaginary frequency. (At HF/STO-3G the trans barrier is only 0.07
//   kcal/mol and the search from 165 degrees climbs to the cis saddle instead.)
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/optimize/primitive.hpp"
#include "drivers/scf_surface.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/vibrational_analysis.hpp"
#include "geometry/units.hpp"
#include "task_test_helpers.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

constexpr double kPi = 3.14159265358979323846;

Molecule molecule_from(const nlohmann::json& geometry, const std::vector<int>& z) {
  std::vector<Atom> atoms;
  for (std::size_t i = 0; i < z.size(); ++i)
    atoms.push_back({z[i], Eigen::Vector3d(geometry[i][0].get<double>(), geometry[i][1].get<double>(),
                                           geometry[i][2].get<double>())});
  return Molecule(atoms);
}

Job water_frequencies(const std::string& name, const ScratchDirectory& scratch) {
  Job job = toml_job(R"(task = "frequencies"
method = "hf"
basis = "def2-svp"
[molecule]
file = "molecules/water.xyz"
[scf]
scf_type = "direct"
)",
                     name, scratch);
  job.molecule = molecule_from(read_json("vibration/water_rhf_def2svp_freq.json").at("geometry_bohr"), {8, 1, 1});
  return job;
}

}  // namespace

TEST(FrequencyTask, WaterMatchesPsi4AndTheLibraryAndResumes) {
  const Communicator comm;
  const ScratchDirectory scratch("frequencies", comm);
  const Job job = water_frequencies("water", scratch);
  const TaskOutcome task = run_geometry_task(job, comm, Log::silent());
  const nlohmann::json& r = task.results;
  comm.barrier();
  EXPECT_EQ(read_results(scratch.file("water.results.json")), r);
  for (const char* key : {"energy", "converged", "frequencies_cm1", "imaginary_count", "imaginary_frequencies_cm1",
                          "reduced_masses_u", "temperature", "pressure", "electronic_energy", "zpe", "thermal_energy",
                          "enthalpy", "entropy", "gibbs", "enthalpy_qrrho", "entropy_qrrho", "gibbs_qrrho",
                          "qrrho_cutoff_cm1", "symmetry_number", "point_group", "warnings", "gradient_max",
                          "hessian_step_bohr", "hessian_points", "hessian_max_asymmetry", "molden"})
    EXPECT_TRUE(r.contains(key)) << key;
  EXPECT_EQ(task.evaluations, 19);  // 6N displacements and the reference point

  const nlohmann::json psi4 = read_json("vibration/water_rhf_def2svp_freq.json");
  const auto ours = r["frequencies_cm1"].get<std::vector<double>>();
  const auto theirs = psi4.at("frequencies_cm1").get<std::vector<double>>();
  ASSERT_EQ(ours.size(), theirs.size());
  for (std::size_t k = 0; k < ours.size(); ++k) EXPECT_NEAR(ours[k], theirs[k], 1.0) << "mode " << k + 1;
  EXPECT_EQ(r["imaginary_count"].get<int>(), 0);
  EXPECT_NEAR(r["temperature"].get<double>(), 298.15, 1e-12);
  EXPECT_NEAR(r["energy"].get<double>(), psi4.at("energy").get<double>(), 1e-8);
  EXPECT_NEAR(r["zpe"].get<double>(), psi4.at("ZPVE").get<double>(), 1e-6);
  EXPECT_NEAR(r["enthalpy"].get<double>(), psi4.at("ENTHALPY").get<double>(), 1e-6);
  EXPECT_NEAR(r["gibbs"].get<double>(), psi4.at("GIBBS FREE ENERGY").get<double>(), 1e-6);
  EXPECT_NEAR(r["entropy"].get<double>(), psi4.at("entropy_eh_per_k").get<double>(), 1e-6 / 298.15);
  EXPECT_EQ(r["point_group"], "C2v");
  EXPECT_EQ(r["symmetry_number"].get<int>(), 2);
  // Water's lowest mode (~1750 cm^-1) is far above the quasi-RRHO cutoff: the same G.
  EXPECT_NEAR(r["gibbs_qrrho"].get<double>(), r["gibbs"].get<double>(), 1e-9);
  EXPECT_TRUE(std::filesystem::exists(scratch.file("water.molden")));

  // The library directly, with ScfSurfaces made as the task makes them (one per group).
  FdHessianOptions fd;
  const SurfaceFactory factory = [&](const Communicator& group) -> std::unique_ptr<EnergySurface> {
    std::string path = scratch.file("library_" + std::to_string(comm.rank()) + ".h5");
    group.broadcast(path);
    return std::make_unique<ScfSurface>(job, group, Log::silent(), path);
  };
  const FdHessianResult h = compute_fd_hessian(job.molecule, factory, comm, fd);
  const VibrationalResult v = analyse_vibrations(job.molecule, h.hessian, h.reference->energy);
  for (std::size_t k = 0; k < ours.size(); ++k)
    EXPECT_NEAR(ours[k], v.frequencies_cm1(static_cast<Eigen::Index>(k)), 1e-6) << "mode " << k + 1;
  EXPECT_NEAR(r["gibbs"].get<double>(), v.gibbs, 1e-10);
  if (comm.is_root())
    std::printf("    water: %.2f %.2f %.2f cm^-1 (Psi4 %.2f %.2f %.2f), G = %.8f Eh (Psi4 %.8f)\n", ours[0], ours[1], ours[2],
                theirs[0], theirs[1], theirs[2], r["gibbs"].get<double>(), psi4.at("GIBBS FREE ENERGY").get<double>());

  // Killed after two rounds of displacements (one point per group and round), then rerun.
  const Job killed = water_frequencies("killed", scratch);
  TaskControl control;
  control.stop_after_checkpoints = 2;
  EXPECT_THROW(run_geometry_task(killed, comm, Log::silent(), control), TaskInterrupted);
  const TaskOutcome resumed = run_geometry_task(killed, comm, Log::silent());
  EXPECT_EQ(resumed.evaluations, 19 - 2 * comm.size());
  const auto again = resumed.results["frequencies_cm1"].get<std::vector<double>>();
  for (std::size_t k = 0; k < ours.size(); ++k) EXPECT_NEAR(again[k], ours[k], 1e-3) << "mode " << k + 1;
}

TEST(TransitionStateTask, H2o2TransSaddlePoint) {
  const Communicator comm;
  const ScratchDirectory scratch("ts", comm);
  Job job = toml_job(R"(task = "ts"
method = "hf"
basis = "def2-svp"
[molecule]
file = "reference/molecules/h2o2_trans.xyz"
[scf]
scf_type = "direct"
[optimizer]
convergence_set = "gau_tight"
)",
                     "ts", scratch);
  // H4 turned 15 degrees about the O-O axis (y): dihedral 165 degrees.
  Eigen::MatrixX3d x = job.molecule.positions();
  const double t = 15.0 * kPi / 180.0;
  const Eigen::Vector3d h4 = x.row(3).transpose();
  x.row(3) << h4.x() * std::cos(t) + h4.z() * std::sin(t), h4.y(), -h4.x() * std::sin(t) + h4.z() * std::cos(t);
  job.molecule = job.molecule.with_positions(x);
  const Primitive dihedral = Primitive::dihedral(2, 0, 1, 3);
  ASSERT_NEAR(std::abs(primitive_value(dihedral, x)), 165.0 * kPi / 180.0, 1e-6);

  const TaskOutcome task = run_geometry_task(job, comm, Log::silent());
  const nlohmann::json& r = task.results;
  ASSERT_TRUE(r["converged"].get<bool>());
  const double psi4_trans =
      read_json("optimize/references.json").at("h2o2_trans_rhf_def2svp_frozen_dihedral").at("energy").get<double>();
  EXPECT_NEAR(r["ts"]["energy"].get<double>(), psi4_trans, 1e-6);
  EXPECT_EQ(r["energy"].get<double>(), r["ts"]["energy"].get<double>());
  ASSERT_EQ(r["ts"]["imaginary_frequencies_cm1"].size(), 1u);
  EXPECT_LT(r["ts"]["imaginary_frequencies_cm1"][0].get<double>(), 0.0);
  EXPECT_EQ(r["ts"]["imaginary_count"].get<int>(), 1);
  Eigen::MatrixX3d final_positions(4, 3);
  for (int a = 0; a < 4; ++a)
    for (int c = 0; c < 3; ++c) final_positions(a, c) = r["final_geometry"][a][c].get<double>() * units::angstrom_in_bohr;
  EXPECT_NEAR(std::abs(primitive_value(dihedral, final_positions)) * 180.0 / kPi, 180.0, 0.05);
  EXPECT_TRUE(std::filesystem::exists(scratch.file("ts.molden")));
  if (comm.is_root())
    std::printf("    H2O2 HF/def2-SVP TS: %d steps, E = %.10f (Psi4 frozen trans %.10f, diff %.1e), imaginary %.1f cm^-1, "
                "%d gradients in all\n",
                r["steps"].get<int>(), r["energy"].get<double>(), psi4_trans, r["energy"].get<double>() - psi4_trans,
                r["ts"]["imaginary_frequencies_cm1"][0].get<double>(), task.evaluations);
}
