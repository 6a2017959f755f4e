#include "drivers/path/band_optimizer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace atropos {

namespace {

// Largest displacement of one atom in the block [begin, begin + length) of `step`.
double max_atom_step(const Eigen::VectorXd& step, long begin, long length) {
  double largest = 0.0;
  for (long a = begin; a < begin + length; a += 3) largest = std::max(largest, step.segment(a, 3).norm());
  return largest;
}

void check_sizes(const Eigen::VectorXd& positions, const Eigen::VectorXd& forces, int atom_count) {
  if (positions.size() != forces.size() || atom_count <= 0 || positions.size() % (3L * atom_count) != 0)
    throw std::invalid_argument("band optimiser: coordinates and forces do not fit the band");
}

}  // namespace

Eigen::VectorXd fire_step(FireState& state, const Eigen::VectorXd& positions, const Eigen::VectorXd& forces,
                          const FireParameters& p, double max_step, int atom_count) {
  check_sizes(positions, forces, atom_count);
  if (state.velocity.size() != positions.size()) {
    state.velocity = Eigen::VectorXd::Zero(positions.size());
    state.time_step = p.initial_time_step;
    state.mixing = p.initial_mixing;
    state.steps_downhill = 0;
  } else {
    const double power = forces.dot(state.velocity);
    if (power > 0.0) {
      const double force_norm = forces.norm();
      if (force_norm > 0.0)
        state.velocity = (1.0 - state.mixing) * state.velocity +
                         state.mixing * state.velocity.norm() / force_norm * forces;
      if (state.steps_downhill > p.min_steps_before_growth) {
        state.time_step = std::min(state.time_step * p.time_step_growth, p.max_time_step);
        state.mixing *= p.mixing_decay;
      }
      ++state.steps_downhill;
    } else {
      state.velocity.setZero();
      state.time_step *= p.time_step_shrink;
      state.mixing = p.initial_mixing;
      state.steps_downhill = 0;
    }
  }
  state.velocity += state.time_step * forces;
  Eigen::VectorXd step = state.time_step * state.velocity;
  const long block = 3L * atom_count;
  for (long begin = 0; begin < step.size(); begin += block) {
    const double largest = max_atom_step(step, begin, block);
    if (largest > max_step) step.segment(begin, block) *= max_step / largest;
  }
  return positions + step;
}

void reset(LbfgsState& state) {
  state.steps.clear();
  state.gradient_changes.clear();
  state.previous_positions.resize(0);
  state.previous_forces.resize(0);
}

Eigen::VectorXd lbfgs_step(LbfgsState& state, const Eigen::VectorXd& positions, const Eigen::VectorXd& forces,
                           const LbfgsParameters& p, double max_step, int atom_count) {
  check_sizes(positions, forces, atom_count);
  if (state.previous_positions.size() == positions.size()) {
    const Eigen::VectorXd s = positions - state.previous_positions;
    const Eigen::VectorXd y = state.previous_forces - forces;  // change of -force
    // Only pairs with positive curvature keep the inverse Hessian positive definite.
    if (s.dot(y) > 1e-12 * s.norm() * y.norm()) {
      state.steps.push_back(s);
      state.gradient_changes.push_back(y);
      if (static_cast<int>(state.steps.size()) > p.memory) {
        state.steps.erase(state.steps.begin());
        state.gradient_changes.erase(state.gradient_changes.begin());
      }
    }
  } else if (state.previous_positions.size() != 0) {
    reset(state);
  }
  // Two-loop recursion for H * (-forces).
  const int m = static_cast<int>(state.steps.size());
  std::vector<double> rho(m), a(m);
  Eigen::VectorXd q = -forces;
  for (int i = m - 1; i >= 0; --i) {
    rho[i] = 1.0 / state.steps[i].dot(state.gradient_changes[i]);
    a[i] = rho[i] * state.steps[i].dot(q);
    q -= a[i] * state.gradient_changes[i];
  }
  // Initial inverse Hessian: the newest pair's s.y / y.y (Nocedal & Wright eq. 7.20), which
  // adapts to the surface's units; 1/curvature before there is a pair.
  const double h0 = m > 0 ? state.steps.back().dot(state.gradient_changes.back()) /
                                state.gradient_changes.back().squaredNorm()
                          : 1.0 / p.curvature;
  Eigen::VectorXd r = h0 * q;
  for (int i = 0; i < m; ++i) {
    const double b = rho[i] * state.gradient_changes[i].dot(r);
    r += state.steps[i] * (a[i] - b);
  }
  Eigen::VectorXd step = -r;
  if (step.dot(forces) <= 0.0) {
    // The history has gone stale (NEB forces are not a gradient field): start again.
    state.steps.clear();
    state.gradient_changes.clear();
    step = forces / p.curvature;
  }
  double largest = 0.0;
  const long block = 3L * atom_count;
  for (long begin = 0; begin < step.size(); begin += block)
    largest = std::max(largest, max_atom_step(step, begin, block));
  if (largest > max_step) step *= max_step / largest;
  state.previous_positions = positions;
  state.previous_forces = forces;
  return positions + step;
}

}  // namespace atropos
