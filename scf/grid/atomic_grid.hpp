#pragma once
// The grid of one atom before partitioning: radial shells times (possibly pruned) Lebedev
// spheres, centred at the origin. Order: shells by increasing r, Lebedev order within a shell.

#include <Eigen/Core>

#include "scf/grid/grid_spec.hpp"

namespace atropos {

struct AtomicGrid {
  Eigen::Matrix3Xd points;  // bohr, relative to the nucleus
  Eigen::VectorXd weights;  // bohr^3: radial weight (with r^2) times angular weight
};

AtomicGrid make_atomic_grid(int Z, const GridSpec& spec);

}  // namespace atropos
