#pragma once
// Nuclear Hessian by central differences of analytic gradients, spread over groups of MPI ranks
// and resumable after the job was killed.
//
// Displacements. Every Cartesian coordinate x_k (k = 3*atom + axis, axis 0/1/2 = x/y/z) is moved
// by -h and +h: 6N gradient evaluations for N atoms (three-point stencil, the default). Column k of the Hessian is
// (g(x + h e_k) - g(x - h e_k)) / 2h (error O(h^2)); the matrix is then symmetrised,
// H = (H + H^T)/2, and its asymmetry before that, max |H_ij - H_ji|, is reported as a measure of
// the step error and the gradient noise. Optionally the undisplaced point is evaluated too, for
// the electronic energy E0 and the residual gradient (is this a stationary point?).
//
// Step. h = 0.005 bohr in plain Cartesian coordinates (the default; docs/frequencies.md compares
// it with Psi4's findif, which steps 0.005 bohr u^1/2 along mass-weighted symmetry-adapted
// coordinates, i.e. 0.005/sqrt(m) bohr: 0.005 for H, 0.00125 for O). With SCF gradients converged
// to ~1e-8 Eh/bohr the noise in H is ~1e-8/h = 2e-6 Eh/bohr^2, and the truncation error of a
// stiff O-H stretch is ~1e-5 relative: both well below 0.1 cm^-1.
//
// Displacement numbering (the resume key). Point index p = 2k + s for coordinate k and sign
// s = 0 (-h) or 1 (+h), p = 0 .. 6N-1; the undisplaced reference point is index 6N
// (FdHessianPlan::reference_index()).
//
// Five-point stencil (points = 5, like Psi4's FINDIF POINTS 5): column k is
// (g(x - 2h) - 8 g(x - h) + 8 g(x + h) - g(x + 2h)) / 12h, error O(h^4), for 12N gradients; then
// p = 4k + s with s = 0, 1, 2, 3 for -2h, -h, +h, +2h, and the reference is 12N.

// Parallelism. The communicator is split (Communicator::split) into groups of
// `ranks_per_group` consecutive ranks (the last group takes any remainder). Each group asks the
// factory for its own EnergySurface (built on the group's communicator, so an SCF surface runs
// distributed over the group's ranks) and evaluates whole points. Work goes in rounds: in each
// round, group g takes the g-th next pending point; after the round one Communicator::sum gives
// every rank the round's points, so every rank ends with the same bits. Points take about the same
// time each, so the rounds cost little waiting.
//
// Reproducibility. A surface that carries state from one point to the next (ScfSurface starts each
// SCF from the previous point's orbitals) makes a gradient depend, at the level of its
// convergence threshold, on which points its group did before. Set fresh_surface_per_point to
// call the factory for every point instead: then each gradient depends only on its geometry, and
// 1 rank and N ranks give the same Hessian to the surface's own rank-count reproducibility.
//
// Resuming. The result of every point is handed to the `on_round` callback after each round (on
// every rank, the same data; it must act alike on every rank: one that throws on a single rank
// leaves the others waiting); storing those points and passing them back as `restored` to a
// later call skips them. fd_hessian_checkpoint.hpp does this with an HDF5 group. Restored points
// must belong to the same plan (atoms, geometry, step), which the checkpoint code checks.
//
// Errors. A point whose evaluation throws (SCF not converged) stops the computation after the
// round: the points that did succeed are still reported to `on_round` (so they are stored), then
// every rank throws ComputationError naming the displacement and the first failure's message.

#include <Eigen/Core>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/energy_surface.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// Makes the EnergySurface one group of ranks evaluates points on. Called collectively by the
// group's ranks; `group` is the group's communicator (it outlives the surface).
using SurfaceFactory = std::function<std::unique_ptr<EnergySurface>(const Communicator& group)>;

// The fixed set of points a finite-difference Hessian needs.
class FdHessianPlan {
 public:
  // `points`: 3 (central differences) or 5 (five-point stencil); InputError otherwise.
  FdHessianPlan(Molecule molecule, double step_bohr, int points = 3);

  const Molecule& molecule() const { return molecule_; }
  double step_bohr() const { return step_bohr_; }
  int points() const { return points_; }
  int coordinate_count() const { return 3 * static_cast<int>(molecule_.size()); }
  int displacements_per_coordinate() const { return points_ - 1; }
  int displacement_count() const { return displacements_per_coordinate() * coordinate_count(); }
  int reference_index() const { return displacement_count(); }
  // Multiple of h by which point `index` (< reference_index()) moves its coordinate: -1, +1 (or
  // -2, -1, +1, +2 for five points).
  int step_multiple(int index) const;

  // The molecule at point `index` (0 .. reference_index()).
  Molecule point(int index) const;
  // "atom 2 (H) y +h", "atom 1 (O) x -2h" or "reference", for messages.
  std::string describe(int index) const;

 private:
  Molecule molecule_;
  double step_bohr_;
  int points_;
};

struct FdHessianOptions {
  double step_bohr = 0.005;
  int points = 3;                       // stencil: 3 (6N gradients) or 5 (12N gradients, O(h^4))
  int ranks_per_group = 1;              // ranks that evaluate one point together
  bool evaluate_reference = true;       // also the undisplaced point (energy, residual gradient)
  bool fresh_surface_per_point = false; // a new surface from the factory for every point
};

// What the callback sees after each round (and once before the first, with no new points).
struct FdHessianRound {
  int finished = 0;            // points known so far, restored ones included
  int total = 0;               // points needed
  int restored = 0;            // points taken from `restored`
  int groups = 1;              // groups evaluating in parallel
  std::vector<int> new_points; // indices evaluated in this round
  const std::map<int, SurfacePoint>* points = nullptr;  // every point known so far, by index
};
using FdHessianCallback = std::function<void(const FdHessianRound&)>;

struct FdHessianResult {
  Eigen::MatrixXd hessian;     // 3N x 3N, Eh/bohr^2, symmetric; rows/cols 3*atom + axis
  double max_asymmetry = 0.0;  // max |H_ij - H_ji| before symmetrising, Eh/bohr^2
  std::optional<SurfacePoint> reference;   // when evaluated (or restored)
  std::map<int, SurfacePoint> points;      // every point used, by index
  int evaluated = 0;           // points computed by this call
  int restored = 0;            // points taken from `restored`
};

// Collective over `comm`. `restored` may hold points of an earlier run of the same plan (see
// fd_hessian_checkpoint.hpp); only the missing ones are evaluated. Throws InputError for a bad
// step or group size, ComputationError when a point fails (see above).
FdHessianResult compute_fd_hessian(const Molecule& molecule, const SurfaceFactory& factory,
                                   const Communicator& comm, const FdHessianOptions& options = {},
                                   const std::map<int, SurfacePoint>& restored = {},
                                   const FdHessianCallback& on_round = {});

// The finite-difference Hessian from a complete set of displaced points (indices below
// plan.reference_index()), symmetrised; `max_asymmetry` (optional) receives max |H_ij - H_ji| before symmetrising.
Eigen::MatrixXd assemble_fd_hessian(const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points,
                                    double* max_asymmetry = nullptr);

}  // namespace atropos
