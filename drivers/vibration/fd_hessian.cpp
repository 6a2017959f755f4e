#include "drivers/vibration/fd_hessian.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <exception>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

namespace {

constexpr const char* kAxisNames[] = {"x", "y", "z"};

// Owns a communicator made by Communicator::split (the caller must free it).
class OwnedCommunicator {
 public:
  explicit OwnedCommunicator(Communicator comm) : comm_(comm) {}
  ~OwnedCommunicator() {
    MPI_Comm handle = comm_.handle();
    if (handle != MPI_COMM_NULL && handle != MPI_COMM_WORLD && handle != MPI_COMM_SELF) MPI_Comm_free(&handle);
  }
  OwnedCommunicator(const OwnedCommunicator&) = delete;
  OwnedCommunicator& operator=(const OwnedCommunicator&) = delete;
  const Communicator& get() const { return comm_; }

 private:
  Communicator comm_;
};

void check_point(const FdHessianPlan& plan, int index, const SurfacePoint& point, const char* origin) {
  const auto natom = static_cast<Eigen::Index>(plan.molecule().size());
  if (index < 0 || index > plan.reference_index())
    throw InputError(fmt::format("{} point index {} outside 0..{}", origin, index, plan.reference_index()));
  if (point.gradient.rows() != natom)
    throw InputError(fmt::format("{} point {} has a gradient for {} atoms, the molecule has {}", origin, index,
                                 point.gradient.rows(), natom));
}

}  // namespace

FdHessianPlan::FdHessianPlan(Molecule molecule, double step_bohr, int points)
    : molecule_(std::move(molecule)), step_bohr_(step_bohr), points_(points) {
  if (molecule_.size() == 0) throw InputError("finite-difference Hessian: the molecule has no atoms");
  if (points_ != 3 && points_ != 5)
    throw InputError(fmt::format("finite-difference Hessian: {} points (3 or 5 possible)", points_));
  if (!std::isfinite(step_bohr_) || step_bohr_ <= 0.0 || step_bohr_ > 0.1)
    throw InputError(fmt::format("finite-difference Hessian: step {} bohr outside (0, 0.1]", step_bohr_));
}

int FdHessianPlan::step_multiple(int index) const {
  if (index < 0 || index >= reference_index())
    throw std::out_of_range(fmt::format("finite-difference displacement {} outside 0..{}", index, reference_index() - 1));
  static constexpr int kThree[] = {-1, 1};
  static constexpr int kFive[] = {-2, -1, 1, 2};
  const int s = index % displacements_per_coordinate();
  return points_ == 3 ? kThree[s] : kFive[s];
}

Molecule FdHessianPlan::point(int index) const {
  if (index < 0 || index > reference_index())
    throw std::out_of_range(fmt::format("finite-difference point {} outside 0..{}", index, reference_index()));
  if (index == reference_index()) return molecule_;
  Eigen::MatrixX3d positions = molecule_.positions();
  const int k = index / displacements_per_coordinate();
  positions(k / 3, k % 3) += step_multiple(index) * step_bohr_;
  return molecule_.with_positions(positions);
}

std::string FdHessianPlan::describe(int index) const {
  if (index == reference_index()) return "reference";
  const int k = index / displacements_per_coordinate();
  const int atom = k / 3;
  const int multiple = step_multiple(index);
  return fmt::format("atom {} ({}) {} {}{}h", atom + 1, element_symbol(molecule_[static_cast<std::size_t>(atom)].Z),
                     kAxisNames[k % 3], multiple < 0 ? "-" : "+", std::abs(multiple) == 2 ? "2" : "");
}

Eigen::MatrixXd assemble_fd_hessian(const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points,
                                    double* max_asymmetry) {
  const int n = plan.coordinate_count();
  const int per = plan.displacements_per_coordinate();
  // Stencil weights per displacement s of a coordinate, over the denominator h (3 points: 2h,
  // 5 points: 12h).
  static constexpr double kThree[] = {-1.0, 1.0};
  static constexpr double kFive[] = {1.0, -8.0, 8.0, -1.0};
  const double* weights = plan.points() == 3 ? kThree : kFive;
  const double denominator = (plan.points() == 3 ? 2.0 : 12.0) * plan.step_bohr();
  Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(n, n);
  for (int k = 0; k < n; ++k) {
    for (int s = 0; s < per; ++s) {
      const int index = per * k + s;
      const auto found = points.find(index);
      if (found == points.end())
        throw InputError(fmt::format("finite-difference Hessian: point {} ({}) missing", index, plan.describe(index)));
      check_point(plan, index, found->second, "assemble_fd_hessian:");
      // Row-major flattening of the natom x 3 gradients: entry 3*atom + axis.
      for (int i = 0; i < n; ++i) hessian(i, k) += weights[s] * found->second.gradient(i / 3, i % 3);
    }
  }
  hessian /= denominator;
  if (max_asymmetry) *max_asymmetry = (hessian - hessian.transpose()).cwiseAbs().maxCoeff();
  const Eigen::MatrixXd symmetric = 0.5 * (hessian + hessian.transpose());
  return symmetric;
}

FdHessianResult compute_fd_hessian(const Molecule& molecule, const SurfaceFactory& factory, const Communicator& comm,
                                   const FdHessianOptions& options, const std::map<int, SurfacePoint>& restored,
                                   const FdHessianCallback& on_round) {
  const FdHessianPlan plan(molecule, options.step_bohr, options.points);
  if (options.ranks_per_group < 1)
    throw InputError(fmt::format("finite-difference Hessian: ranks_per_group {} < 1", options.ranks_per_group));
  if (!factory) throw InputError("finite-difference Hessian: no surface factory");
  const int natom = static_cast<int>(molecule.size());
  const int width = 3 * natom;

  FdHessianResult result;
  for (const auto& [index, point] : restored) {
    check_point(plan, index, point, "restored");
    if (index == plan.reference_index() && !options.evaluate_reference) continue;
    result.points.emplace(index, point);
  }
  result.restored = static_cast<int>(result.points.size());

  // Reference first: a warm-started surface then walks outwards from the undisplaced geometry.
  std::vector<int> pending;
  if (options.evaluate_reference && !result.points.count(plan.reference_index()))
    pending.push_back(plan.reference_index());
  for (int p = 0; p < plan.displacement_count(); ++p)
    if (!result.points.count(p)) pending.push_back(p);
  const int total = plan.displacement_count() + (options.evaluate_reference ? 1 : 0);

  const int groups = std::max(1, comm.size() / options.ranks_per_group);
  const int colour = std::min(comm.rank() / options.ranks_per_group, groups - 1);
  const OwnedCommunicator group_owner(comm.split(colour));
  const Communicator& group = group_owner.get();
  std::unique_ptr<EnergySurface> surface;

  auto report = [&](std::vector<int> new_points) {
    if (!on_round) return;
    FdHessianRound round;
    round.finished = static_cast<int>(result.points.size());
    round.total = total;
    round.restored = result.restored;
    round.groups = groups;
    round.new_points = std::move(new_points);
    round.points = &result.points;
    on_round(round);
  };
  report({});

  // Buffer row g: [point index + 1 (0 = none), failures, energy, gradient (3N, row-major)].
  for (std::size_t start = 0; start < pending.size(); start += static_cast<std::size_t>(groups)) {
    const std::size_t mine = start + static_cast<std::size_t>(colour);
    Eigen::MatrixXd buffer = Eigen::MatrixXd::Zero(groups, 3 + width);
    std::string error;
    if (mine < pending.size()) {
      const int index = pending[mine];
      try {
        if (options.fresh_surface_per_point || !surface) {
          surface.reset();
          surface = factory(group);
          if (!surface) throw ComputationError("the surface factory returned no surface");
        }
        const SurfacePoint point = surface->evaluate(plan.point(index));
        if (point.gradient.rows() != natom || point.gradient.cols() != 3)
          throw ComputationError(fmt::format("the surface returned a {}x{} gradient for {} atoms", point.gradient.rows(),
                                             point.gradient.cols(), natom));
        if (!std::isfinite(point.energy) || !point.gradient.allFinite())
          throw ComputationError("the surface returned a non-finite energy or gradient");
        if (group.is_root()) {
          buffer(colour, 0) = index + 1;
          buffer(colour, 2) = point.energy;
          for (int i = 0; i < width; ++i) buffer(colour, 3 + i) = point.gradient(i / 3, i % 3);
        }
      } catch (const std::exception& e) {
        error = e.what();
        buffer(colour, 1) = 1.0;
      }
    }
    // Exactly one rank writes each entry (others add zeros), so the sum is exact on every rank.
    comm.sum(buffer);

    std::vector<int> new_points;
    int failed_point = -1;
    for (int g = 0; g < groups; ++g) {
      const std::size_t slot = start + static_cast<std::size_t>(g);
      if (slot >= pending.size()) break;
      if (buffer(g, 1) > 0.0) {
        if (failed_point < 0) failed_point = pending[slot];
        continue;
      }
      SurfacePoint point;
      point.energy = buffer(g, 2);
      point.gradient.resize(natom, 3);
      for (int i = 0; i < width; ++i) point.gradient(i / 3, i % 3) = buffer(g, 3 + i);
      result.points[pending[slot]] = std::move(point);
      new_points.push_back(pending[slot]);
      ++result.evaluated;
    }
    report(std::move(new_points));

    if (failed_point >= 0) {
      // The message of the lowest failing rank, the same on every rank.
      Eigen::MatrixXd failed = Eigen::MatrixXd::Zero(comm.size(), 1);
      failed(comm.rank(), 0) = error.empty() ? 0.0 : 1.0;
      comm.sum(failed);
      int source = 0;
      while (source < comm.size() && failed(source, 0) == 0.0) ++source;
      std::string message = error;
      comm.broadcast(message, std::min(source, comm.size() - 1));
      throw ComputationError(fmt::format("finite-difference Hessian: point {} ({}) failed: {}", failed_point,
                                         plan.describe(failed_point), message));
    }
  }
  surface.reset();

  result.hessian = assemble_fd_hessian(plan, result.points, &result.max_asymmetry);
  if (options.evaluate_reference) result.reference = result.points.at(plan.reference_index());
  return result;
}

}  // namespace atropos
