#pragma once
// Geometry optimiser for minima and transition states on an EnergySurface
// (drivers/energy_surface.hpp), in the manner of geomeTRIC, Psi4's optking and ORCA: redundant
// internal coordinates (drivers/optimize/coordinate_set.hpp), Lindh model Hessian or a supplied
// Cartesian Hessian, RFO steps with an adaptive trust radius and BFGS updates for minima,
// partitioned RFO with Bofill updates for saddle points, Psi4's convergence sets, constraints
// (drivers/optimize/constraint.hpp). docs/optimizer.md describes the method.
//
// The optimiser does not call the surface: it asks for points and is told their energy and
// gradient, so a driver owns the loop, the output and the checkpoint:
//
//     Optimizer opt(molecule, options);                    // or Optimizer(molecule, options, state)
//     while (!opt.finished()) {
//       SurfacePoint p = surface.evaluate(opt.next_geometry());
//       StepReport r = opt.step(p);                       // consumes the point, plans the next one
//       print(format_step_line(r, opt.criteria()));       // output: see step_report.hpp
//       write_optimizer_state(h5, "optimization", opt.state());   // checkpoint after every step
//     }
//     opt.converged(); opt.accepted_geometry(); opt.accepted_energy();
//
// Resume after a kill: read the last written state and construct Optimizer(molecule, options,
// state); next_geometry() is the point that was about to be evaluated, so no finished evaluation
// is repeated, and the continued run is the same as an uninterrupted one. run_optimizer() below is
// that loop with a per-step callback.
//
// Per evaluated point, step():
//  1. first point: accepted; the Hessian is the model (or the supplied Cartesian Hessian, taken to
//     the working coordinates with the gradient term: H_q = B+^T (H_x - K) B+).
//     later points: actual/predicted energy change -> the step is rejected (geometry back to the
//     accepted point, trust radius / 4) when a minimisation step raised the energy by more than
//     1e-6 Eh with ratio < -1;
//     else accepted: Hessian update (BFGS for minima, Bofill for saddle points) and trust radius
//     (minima: ratio < 0.25: min(trust, step) / 4; ratio > 0.75 with a step of > 0.8 trust: x 2;
//     saddle points: ratio < 0 or > 3: / 2, 0.75..1.5 with a long step: x 1.5; within [min, max]).
//     Internal coordinates that break down at the new point (a bend passing linear_threshold) are
//     rebuilt there, the Hessian carried over through Cartesians.
//  2. forces and the next step from the accepted point: gradient g_q = B+^T g_x, projector
//     P = B B+ made to exclude constrained directions, RFO (minimum) or P-RFO (saddle point) on
//     P H P + 1000 (1 - P) and P g.
//  3. convergence (convergence.hpp) on |dE|, the projected forces and the proposed step, plus all
//     constraints within 1e-8 of their targets: finished, the evaluated point is the result.
//  4. otherwise the internal step is taken to Cartesians by iterating x += B+ (q_target - q(x));
//     when that fails (no convergence in back_transformation_max_iterations, growing steps or a
//     coordinate that breaks down), the step is redone as an RFO step in Cartesian coordinates
//     with the Hessian B^T H B + K, and the report says so. Constraints are then set exactly.
//
// MPI: every rank runs its own identical copy (the arithmetic is deterministic and the surface
// returns the same point on every rank).

#include <Eigen/Core>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "drivers/energy_surface.hpp"
#include "drivers/optimize/constraint.hpp"
#include "drivers/optimize/convergence.hpp"
#include "drivers/optimize/coordinate_set.hpp"
#include "drivers/optimize/optimizer_state.hpp"
#include "drivers/optimize/step_report.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

enum class OptimizationTarget { minimum, transition_state };

struct OptimizerOptions {
  OptimizationTarget target = OptimizationTarget::minimum;
  std::string convergence = "qchem";   // Psi4 g_convergence name (convergence.hpp)
  int max_iterations = 100;            // surface evaluations
  bool cartesian = false;              // work in Cartesian coordinates instead of redundant internals
  InternalCoordinateOptions internals;
  std::vector<Constraint> constraints;
  // Trust radius of the step in working coordinates (bohr and radians), Psi4's optking defaults
  // (intrafrag_step_limit 0.5, min 0.001, max 1.0); transition-state searches start at 0.3.
  std::optional<double> trust_radius;
  double min_trust_radius = 1e-3;
  double max_trust_radius = 1.0;
  // Initial Hessian: the Lindh model unless this Cartesian Hessian (3N x 3N, Eh/bohr^2) is given.
  Eigen::MatrixXd initial_cartesian_hessian;
  // Saddle point: follow the Hessian eigenvector with the largest overlap with this primitive (it
  // is added to the coordinates when missing), instead of the lowest eigenvector.
  std::optional<Primitive> ts_follow;
  // Per-step cap on the change of a constrained coordinate towards its target (bohr or radians).
  double max_constraint_change = 0.3;
  int back_transformation_max_iterations = 50;
  double back_transformation_tolerance = 1e-10;  // rms Cartesian change, bohr
  int max_consecutive_rejections = 5;  // then the step is accepted anyway
};

class Optimizer {
 public:
  // InputError when an option or constraint does not fit the molecule (atom index out of range,
  // unknown convergence set, Hessian of the wrong size).
  Optimizer(const Molecule& molecule, OptimizerOptions options);
  // Resumes from a saved state; `molecule` and `options` as in the interrupted run (the state's
  // atoms must match the molecule's).
  Optimizer(const Molecule& molecule, OptimizerOptions options, OptimizerState state);

  Molecule next_geometry() const;
  // Consumes the surface point at next_geometry(). std::logic_error after finished().
  StepReport step(const SurfacePoint& point);

  bool finished() const { return state_.finished; }
  bool converged() const { return state_.converged; }
  const OptimizerState& state() const { return state_; }
  const OptimizerOptions& options() const { return options_; }
  const ConvergenceCriteria& criteria() const { return criteria_; }
  const CoordinateSet& coordinates() const { return state_.coordinates; }

  // The last accepted point (the converged one when converged()).
  Molecule accepted_geometry() const;
  double accepted_energy() const { return state_.accepted_energy; }
  const Eigen::MatrixX3d& accepted_gradient() const { return state_.accepted_gradient; }

  // Constraint primitives (all constraints' primitives in order) and their final targets.
  const std::vector<Primitive>& constraint_primitives() const { return constraint_primitives_; }

 private:
  struct Plan;  // a step planned from the accepted point (optimizer.cpp)

  void initialise_coordinates(const Molecule& molecule);
  void accept(const Eigen::MatrixX3d& x, const SurfacePoint& point);
  void initial_hessian();
  void rebuild_coordinates(const Eigen::MatrixX3d& x, StepReport& report);
  void update_hessian(const Eigen::MatrixX3d& x, const Eigen::MatrixX3d& gradient, StepReport& report);
  void update_trust(double ratio, double step_length);
  Plan plan_step() const;
  void take_step(const Plan& plan, StepReport& report);

  Molecule molecule_;  // atoms, charge, multiplicity; positions of the start
  OptimizerOptions options_;
  ConvergenceCriteria criteria_;
  std::vector<Primitive> constraint_primitives_;
  OptimizerState state_;
};

using StepCallback = std::function<void(const StepReport&, const Optimizer&)>;

struct OptimizationResult {
  Molecule molecule;               // the accepted (converged) geometry
  double energy = 0.0;
  Eigen::MatrixX3d gradient;
  bool converged = false;
  int evaluations = 0;             // surface evaluations in this run and before a resume
  std::vector<StepReport> steps;   // this run's steps
};

// The driver loop above; `callback` (may be empty) runs after every step.
OptimizationResult run_optimizer(EnergySurface& surface, Optimizer& optimizer, const StepCallback& callback = {});
OptimizationResult optimize_geometry(EnergySurface& surface, const Molecule& molecule, const OptimizerOptions& options,
                                     const StepCallback& callback = {});

}  // namespace atropos
