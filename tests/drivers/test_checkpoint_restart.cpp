// A run writes an HDF5 checkpoint; a second run that starts from it converges in a few
// iterations to the same energy, in the same basis or (projected) in another.
#include <gtest/gtest.h>

#include <cstdio>
#include <unistd.h>

#include <filesystem>

#include "drivers/single_point.hpp"
#include "io/scf_checkpoint.hpp"
#include "reference_data.hpp"

using namespace atropos;

namespace {

Job water_job(const std::string& basis, const std::string& checkpoint) {
  Job job;
  job.molecule = atropos::testing::reference_molecule("water");
  job.basis = basis;
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-8;
  job.checkpoint = checkpoint;
  return job;
}

// Unique per test run (rank 0's process id, shared with the other ranks, which must read the
// file rank 0 wrote): concurrent test runs must not overwrite each other's checkpoints.
std::string temp_path(const std::string& name, const Communicator& comm) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("atropos_test_" + std::to_string(::getpid()) + "_" + name)).string();
  comm.broadcast(path);
  return path;
}

}  // namespace

TEST(CheckpointRestart, SameBasisConvergesImmediately) {
  const Communicator comm;
  const std::string path = temp_path("restart_same.h5", comm);
  const SinglePointResult first = run_single_point(water_job("def2-svp", path), comm, Log::silent());
  comm.barrier();
  const ScfCheckpoint cp = read_scf_checkpoint(path);
  EXPECT_NEAR(cp.total_energy, first.scf.total_energy, 0.0);
  EXPECT_EQ(cp.atomic_numbers, (std::vector<int>{8, 1, 1}));
  EXPECT_EQ(cp.orbitals_alpha.rows(), 24);
  EXPECT_TRUE(cp.converged);

  Job again = water_job("def2-svp", "");
  again.guess = "read";
  again.guess_checkpoint = path;
  const SinglePointResult second = run_single_point(again, comm, Log::silent());
  EXPECT_NEAR(second.scf.total_energy, first.scf.total_energy, 1e-10);
  EXPECT_LE(second.scf.iterations, 3);
  EXPECT_GT(first.scf.iterations, 6);
  comm.barrier();
  if (comm.is_root()) std::remove(path.c_str());
}

TEST(CheckpointRestart, ProjectsOntoAnotherBasis) {
  const Communicator comm;
  const std::string path = temp_path("restart_project.h5", comm);
  run_single_point(water_job("def2-svp", path), comm, Log::silent());
  comm.barrier();
  Job projected = water_job("cc-pvdz", "");
  projected.guess = "read";
  projected.guess_checkpoint = path;
  const SinglePointResult from_checkpoint = run_single_point(projected, comm, Log::silent());
  Job fresh = water_job("cc-pvdz", "");
  fresh.guess = "core";
  const SinglePointResult from_core = run_single_point(fresh, comm, Log::silent());
  EXPECT_NEAR(from_checkpoint.scf.total_energy, from_core.scf.total_energy, 1e-9);
  EXPECT_LT(from_checkpoint.scf.iterations, from_core.scf.iterations);
  comm.barrier();
  if (comm.is_root()) std::remove(path.c_str());
}
