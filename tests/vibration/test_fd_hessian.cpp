// Finite-difference Hessian on model surfaces with closed-form Hessians: accuracy and its h^2
// scaling, groups of ranks (1 rank = N ranks, bit for bit), resuming from HDF5, failures.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "common/error.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/fd_hessian_checkpoint.hpp"
#include "model_molecules.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

// A factory for model surfaces that counts, on this rank, the points its surfaces evaluated.
SurfaceFactory counting_factory(const std::vector<PairTerm>& terms, int* evaluations, int* surfaces = nullptr) {
  return [terms, evaluations, surfaces](const Communicator&) -> std::unique_ptr<EnergySurface> {
    if (surfaces) ++*surfaces;
    struct Counting : PairPotentialSurface {
      Counting(std::vector<PairTerm> t, int* n) : PairPotentialSurface(std::move(t)), count(n) {}
      SurfacePoint evaluate(const Molecule& m) override {
        ++*count;
        return PairPotentialSurface::evaluate(m);
      }
      int* count;
    };
    return std::make_unique<Counting>(terms, evaluations);
  };
}

double max_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).cwiseAbs().maxCoeff(); }

}  // namespace

TEST(FdHessian, PlanNumbersPointsAsDocumented) {
  const FdHessianPlan plan(model_water(), 0.005);
  EXPECT_EQ(plan.displacement_count(), 18);
  EXPECT_EQ(plan.reference_index(), 18);
  // p = 2*(3*atom + axis) + s: point 9 is atom 1 (0-based), axis y... k = 4 -> atom 1, y, +h.
  const Eigen::MatrixX3d moved = plan.point(9).positions() - model_water().positions();
  EXPECT_NEAR(moved(1, 1), 0.005, 1e-15);
  EXPECT_NEAR(moved.cwiseAbs().sum(), 0.005, 1e-15);
  EXPECT_NEAR((plan.point(8).positions() - model_water().positions())(1, 1), -0.005, 1e-15);
  EXPECT_EQ(plan.describe(9), "atom 2 (H) y +h");
  EXPECT_EQ(plan.describe(18), "reference");
  EXPECT_THROW(FdHessianPlan(model_water(), 0.0), InputError);
  EXPECT_THROW(FdHessianPlan(model_water(), -0.01), InputError);
}

// Central differences of an anharmonic surface at a non-stationary point: the error against the
// closed form is O(h^2), so halving h divides it by ~4 (3.5..4.5 allows the O(h^4) rest).
TEST(FdHessian, MatchesAnalyticHessianWithQuadraticError) {
  const Communicator comm;
  const auto terms = model_water_terms(/*c=*/-0.3, /*r0_shift=*/0.07);
  const Molecule molecule = model_water();
  const Eigen::MatrixXd exact = PairPotentialSurface(terms).hessian(molecule);
  int evaluations = 0;
  FdHessianOptions options;
  options.step_bohr = 0.01;
  const FdHessianResult coarse = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, options);
  options.step_bohr = 0.005;
  const FdHessianResult fine = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, options);
  const double error_coarse = max_difference(coarse.hessian, exact);
  const double error_fine = max_difference(fine.hessian, exact);
  EXPECT_LT(error_fine, 2e-5) << "h = 0.005 bohr";
  EXPECT_GT(error_coarse / error_fine, 3.5);
  EXPECT_LT(error_coarse / error_fine, 4.5);
  // Exactly symmetric after symmetrisation; the raw asymmetry is an O(h^2) effect too.
  EXPECT_EQ(max_difference(fine.hessian, fine.hessian.transpose()), 0.0);
  EXPECT_LT(fine.max_asymmetry, 2e-5);
  EXPECT_EQ(fine.evaluated, 19);
  ASSERT_TRUE(fine.reference.has_value());
  EXPECT_NEAR(fine.reference->energy, PairPotentialSurface(terms).evaluate(molecule).energy, 0.0);
}

// The five-point stencil: error O(h^4), so halving h divides it by ~16, and 12N + 1 points.
TEST(FdHessian, FivePointStencilIsFourthOrder) {
  const Communicator comm;
  const auto terms = model_water_terms(-0.3, 0.07);
  const Molecule molecule = model_water();
  const Eigen::MatrixXd exact = PairPotentialSurface(terms).hessian(molecule);
  int evaluations = 0;
  FdHessianOptions options;
  options.points = 5;
  options.step_bohr = 0.02;
  const FdHessianResult coarse = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, options);
  options.step_bohr = 0.01;
  const FdHessianResult fine = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, options);
  EXPECT_EQ(fine.evaluated, 37);
  const double error_coarse = max_difference(coarse.hessian, exact);
  const double error_fine = max_difference(fine.hessian, exact);
  EXPECT_GT(error_coarse / error_fine, 14.0);
  EXPECT_LT(error_coarse / error_fine, 18.0);
  options.points = 3;
  const FdHessianResult three = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, options);
  EXPECT_LT(error_fine, 0.05 * max_difference(three.hessian, exact)) << "same h, three points";
  const FdHessianPlan plan(molecule, 0.01, 5);
  EXPECT_EQ(plan.describe(0), "atom 1 (O) x -2h");
  EXPECT_EQ(plan.describe(7), "atom 1 (O) y +2h");
  EXPECT_NEAR((plan.point(7).positions() - molecule.positions())(0, 1), 0.02, 1e-15);
  EXPECT_THROW(FdHessianPlan(molecule, 0.01, 4), InputError);
}

// A purely quadratic surface in Cartesian coordinates would make central differences exact; the
// pair potentials are not quadratic, but at h -> small the result converges: 1e-3 bohr gives
// agreement to ~1e-7 (truncation) while rounding stays ~1e-16/1e-3.
TEST(FdHessian, SmallStepConverges) {
  const Communicator comm;
  const auto terms = model_water_terms(-0.3, 0.07);
  int evaluations = 0;
  FdHessianOptions options;
  options.step_bohr = 0.001;
  options.evaluate_reference = false;
  const FdHessianResult result = compute_fd_hessian(model_water(), counting_factory(terms, &evaluations), comm, options);
  EXPECT_LT(max_difference(result.hessian, PairPotentialSurface(terms).hessian(model_water())), 1e-6);
  EXPECT_FALSE(result.reference.has_value());
  EXPECT_EQ(result.evaluated, 18);
}

// 1 rank versus all ranks (in groups of 1 and of 2): the same bits on every rank. Under
// `mpirun -np 2` this is the 1-versus-2-ranks check; serially it still runs the group logic.
TEST(FdHessian, RankCountIndependent) {
  const Communicator world;
  const Communicator self(MPI_COMM_SELF);
  const auto terms = model_chain_terms();
  int evaluations = 0;
  const FdHessianResult serial = compute_fd_hessian(model_chain(), counting_factory(terms, &evaluations), self);
  for (const int ranks_per_group : {1, 2}) {
    FdHessianOptions options;
    options.ranks_per_group = ranks_per_group;
    int local = 0;
    const FdHessianResult parallel = compute_fd_hessian(model_chain(), counting_factory(terms, &local), world, options);
    EXPECT_EQ(max_difference(parallel.hessian, serial.hessian), 0.0) << "ranks per group " << ranks_per_group;
    EXPECT_LE(max_difference(parallel.hessian, serial.hessian), 1e-10);
    EXPECT_EQ(parallel.reference->energy, serial.reference->energy);
    // Every point was evaluated once per group, by every rank of its group.
    const int groups = std::max(1, world.size() / ranks_per_group);
    EXPECT_EQ(static_cast<int>(world.sum(static_cast<double>(local))), 25 * world.size() / groups)
        << "ranks per group " << ranks_per_group;
    // The same bits everywhere: rank 0's Hessian broadcast and compared.
    Eigen::MatrixXd root = parallel.hessian;
    world.broadcast(root);
    EXPECT_EQ(max_difference(root, parallel.hessian), 0.0);
  }
}

TEST(FdHessian, FreshSurfacePerPointCallsTheFactoryEachTime) {
  const Communicator self(MPI_COMM_SELF);
  int evaluations = 0, surfaces = 0;
  FdHessianOptions options;
  options.fresh_surface_per_point = true;
  const FdHessianResult fresh =
      compute_fd_hessian(model_water(), counting_factory(model_water_terms(), &evaluations, &surfaces), self, options);
  EXPECT_EQ(surfaces, 19);
  EXPECT_EQ(evaluations, 19);
  surfaces = 0;
  options.fresh_surface_per_point = false;
  const FdHessianResult reused =
      compute_fd_hessian(model_water(), counting_factory(model_water_terms(), &evaluations, &surfaces), self, options);
  EXPECT_EQ(surfaces, 1);
  EXPECT_EQ(max_difference(fresh.hessian, reused.hessian), 0.0);
}

TEST(FdHessian, ProgressReportsEveryRound) {
  const Communicator comm;
  int evaluations = 0;
  std::vector<int> finished;
  int rounds_with_points = 0;
  const auto callback = [&](const FdHessianRound& round) {
    finished.push_back(round.finished);
    rounds_with_points += !round.new_points.empty();
    EXPECT_EQ(round.total, 19);
    EXPECT_EQ(static_cast<int>(round.points->size()), round.finished);
  };
  compute_fd_hessian(model_water(), counting_factory(model_water_terms(), &evaluations), comm, {}, {}, callback);
  ASSERT_FALSE(finished.empty());
  EXPECT_EQ(finished.front(), 0);
  EXPECT_EQ(finished.back(), 19);
  const int groups = comm.size();
  EXPECT_EQ(rounds_with_points, (19 + groups - 1) / groups);
}

// A job killed after some rounds resumes from the HDF5 group: only the missing points are
// evaluated, and the Hessian is bit-for-bit the uninterrupted one.
TEST(FdHessian, ResumesFromHdf5Checkpoint) {
  const Communicator comm;
  const std::string path = shared_temp_path("resume.h5", comm);
  if (comm.is_root()) std::filesystem::remove(path);
  comm.barrier();
  const auto terms = model_chain_terms();
  const Molecule molecule = model_chain();
  int evaluations = 0;
  const FdHessianResult uninterrupted = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm);

  const FdHessianCheckpoint checkpoint(path);
  const FdHessianPlan plan(molecule, 0.005);
  EXPECT_TRUE(checkpoint.restore(plan, comm).empty()) << "no file yet";
  struct Killed {};
  int rounds = 0;
  const auto stop_after_three = [&](const FdHessianRound& round) {
    if (!round.new_points.empty() && ++rounds == 3) throw Killed{};
  };
  evaluations = 0;
  EXPECT_THROW(compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, {}, {},
                                  checkpoint.saving_callback(plan, comm, stop_after_three)),
               Killed);
  const std::map<int, SurfacePoint> stored = checkpoint.restore(plan, comm);
  const int groups = comm.size();
  EXPECT_EQ(static_cast<int>(stored.size()), 3 * groups);
  EXPECT_TRUE(stored.count(plan.reference_index())) << "the reference goes first";

  evaluations = 0;
  const FdHessianResult resumed = compute_fd_hessian(molecule, counting_factory(terms, &evaluations), comm, {}, stored,
                                                     checkpoint.saving_callback(plan, comm));
  EXPECT_EQ(resumed.restored, 3 * groups);
  EXPECT_EQ(resumed.evaluated, 25 - 3 * groups);
  EXPECT_EQ(static_cast<int>(comm.sum(static_cast<double>(evaluations))), 25 - 3 * groups);
  EXPECT_EQ(max_difference(resumed.hessian, uninterrupted.hessian), 0.0);
  EXPECT_EQ(checkpoint.restore(plan, comm).size(), 25u) << "the finished job left every point stored";

  // Points of another geometry or another step are refused, on every rank.
  Eigen::MatrixX3d moved = molecule.positions();
  moved(2, 0) += 1e-6;
  EXPECT_THROW(checkpoint.restore(FdHessianPlan(molecule.with_positions(moved), 0.005), comm), InputError);
  EXPECT_THROW(checkpoint.restore(FdHessianPlan(molecule, 0.01), comm), InputError);
  EXPECT_THROW(checkpoint.restore(FdHessianPlan(molecule, 0.005, 5), comm), InputError);
  EXPECT_THROW(checkpoint.restore(FdHessianPlan(model_water(), 0.005), comm), InputError);
  comm.barrier();
  if (comm.is_root()) std::filesystem::remove(path);
}

// The store keeps the other objects of the file it writes into.
TEST(FdHessian, CheckpointKeepsOtherContent) {
  const Communicator comm;
  const std::string path = shared_temp_path("keep.h5", comm);
  if (comm.is_root()) {
    Hdf5File file = Hdf5File::create(path);
    file.write_double("energies/total", -1.5);
    file.close();
  }
  comm.barrier();
  const FdHessianPlan plan(model_water(), 0.005);
  std::map<int, SurfacePoint> points;
  points[3] = PairPotentialSurface(model_water_terms()).evaluate(plan.point(3));
  FdHessianCheckpoint(path, "frequencies/fd_hessian").store(plan, points, comm);
  const auto back = FdHessianCheckpoint(path, "frequencies/fd_hessian").restore(plan, comm);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back.at(3).energy, points[3].energy);
  EXPECT_EQ((back.at(3).gradient - points[3].gradient).cwiseAbs().maxCoeff(), 0.0);
  if (comm.is_root()) {
    const Hdf5File file = Hdf5File::open_read(path);
    EXPECT_EQ(file.read_double("energies/total"), -1.5);
    EXPECT_EQ(file.group("frequencies/fd_hessian").read_int_vector("indices"), std::vector<int>{3});
    EXPECT_EQ(file.group("frequencies/fd_hessian").shape("gradients"), (std::vector<std::uint64_t>{1, 9}));
  }
  comm.barrier();
  if (comm.is_root()) std::filesystem::remove(path);
}

// A failing point stops the job on every rank with its name; the points that succeeded in that
// round still reach the callback (and so the checkpoint).
TEST(FdHessian, FailingPointIsNamedAndOthersKept) {
  const Communicator comm;
  const auto terms = model_water_terms();
  const SurfaceFactory factory = [&](const Communicator&) -> std::unique_ptr<EnergySurface> {
    struct Failing : PairPotentialSurface {
      using PairPotentialSurface::PairPotentialSurface;
      SurfacePoint evaluate(const Molecule& m) override {
        if (m[2].position.z() > model_water()[2].position.z() + 1e-3) throw ComputationError("SCF did not converge");
        return PairPotentialSurface::evaluate(m);
      }
    };
    return std::make_unique<Failing>(terms);
  };
  std::size_t known = 0;
  try {
    compute_fd_hessian(model_water(), factory, comm, {}, {},
                       [&](const FdHessianRound& round) { known = round.points->size(); });
    ADD_FAILURE() << "no exception";
  } catch (const ComputationError& e) {
    // Point 17 = 2*(3*2 + 2) + 1: atom 3 z +h.
    EXPECT_NE(std::string(e.what()).find("point 17 (atom 3 (H) z +h) failed: SCF did not converge"), std::string::npos)
        << e.what();
  }
  // The reference and points 0..16 come before point 17; all of them that were in earlier rounds
  // or beside it in its round are known.
  EXPECT_EQ(known, 18u);
}
