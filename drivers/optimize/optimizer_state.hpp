#pragma once
// Everything an Optimizer (drivers/optimize/optimizer.hpp) needs to go on after a kill: written
// after each step, read back to resume without repeating a finished evaluation.
//
// HDF5 layout (one group, e.g. "/optimization" of the job's checkpoint; units atomic):
//   format              attribute "atropos-optimizer-state", format_version attribute 1
//   atomic_numbers      int [natom]
//   coordinate_system   string "redundant_internal" | "cartesian"
//   primitive_kinds     int [m]  (Primitive::Kind order: distance 0, angle 1, linear_bend 2,
//                                 dihedral 3, out_of_plane 4, cartesian 5)
//   primitive_atoms     int [4 m] (unused -1), primitive_components int [m], primitive_axes [m, 3]
//   constraint_targets  [c]  final targets of the constraint primitives (constraint order)
//   iteration           int  evaluations done; next_positions [natom, 3] bohr: to evaluate next
//   has_accepted        bool; accepted_positions [natom, 3], accepted_energy, accepted_gradient [natom, 3]
//   hessian             [m, m] in the working coordinates; trust_radius; predicted_change;
//                       last_step_length
//   last_step_cartesian_fallback bool; ts_mode [m] (empty when not a TS search)
//   energies            [iteration] every evaluated energy
//   consecutive_rejections int; converged, finished bool

#include <Eigen/Core>
#include <string>
#include <vector>

#include "drivers/optimize/coordinate_set.hpp"
#include "io/hdf5_file.hpp"

namespace atropos {

struct OptimizerState {
  std::vector<int> atomic_numbers;
  CoordinateSet coordinates;
  Eigen::VectorXd constraint_targets;

  int iteration = 0;                 // points evaluated so far
  Eigen::MatrixX3d next_positions;   // the geometry the optimiser wants evaluated next (bohr)
  bool has_accepted = false;         // whether an accepted point exists
  Eigen::MatrixX3d accepted_positions;
  double accepted_energy = 0.0;
  Eigen::MatrixX3d accepted_gradient;
  Eigen::MatrixXd hessian;           // at the accepted point, working coordinates
  double trust_radius = 0.5;
  double predicted_change = 0.0;     // model energy change of next_positions vs the accepted point
  double last_step_length = 0.0;     // length of that step in working coordinates
  bool last_step_cartesian_fallback = false;
  Eigen::VectorXd ts_mode;           // followed eigenvector (TS search), working coordinates
  std::vector<double> energies;      // every evaluated energy, in order
  int consecutive_rejections = 0;
  bool converged = false;
  bool finished = false;
};

// Replaces `name` under `parent` with the state (see layout above).
void write_optimizer_state(Hdf5Group& parent, const std::string& name, const OptimizerState& state);
// InputError (naming the object) when the group is missing, not an optimizer state, or damaged.
OptimizerState read_optimizer_state(const Hdf5Group& parent, const std::string& name);

}  // namespace atropos
