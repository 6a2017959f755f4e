#include "drivers/path/neb.hpp"

#include <numeric>
#include <string>

#include "common/error.hpp"
#include "drivers/path/neb_forces.hpp"

namespace atropos {

namespace {

NebForceOptions force_options(const NebOptions& options, bool climbing) {
  NebForceOptions f;
  f.spring_constant = options.spring_constant;
  f.climbing = climbing;
  f.project_rigid_motion = options.project_rigid_motion;
  return f;
}

void validate(const BandState& state, const NebOptions& options) {
  const int n = state.image_count();
  if (n < 3) throw InputError("a band needs at least 3 images, got " + std::to_string(n));
  for (const auto& p : state.positions)
    if (p.rows() != state.atom_count()) throw InputError("band images differ in their number of atoms");
  if (state.iteration >= 0 &&
      (static_cast<int>(state.energies.size()) != n || static_cast<int>(state.gradients.size()) != n))
    throw InputError("an evaluated band state lacks energies or gradients");
  if (options.spring_constant < 0.0 || options.max_step <= 0.0 || options.max_force <= 0.0 ||
      options.climbing_max_force <= 0.0 || options.max_iterations < 0)
    throw InputError("NEB options: spring constant >= 0, max step, force thresholds > 0 and max iterations >= 0");
}

// Forces, climbing switch, convergence flags and measures of a freshly evaluated band.
void analyse(BandState& state, const NebOptions& options) {
  BandForces forces = neb_forces(state.positions, state.energies, state.gradients, force_options(options, state.climbing));
  if (options.climbing_image && !state.climbing && forces.max_perpendicular_force <= options.climb_switch_force) {
    state.climbing = true;
    reset(state.lbfgs);
    forces = neb_forces(state.positions, state.energies, state.gradients, force_options(options, true));
  }
  state.max_perpendicular_force = forces.max_perpendicular_force;
  state.climbing_image_force = forces.climbing_image_force;
  state.climbing_image = forces.climbing_image;
  state.converged = forces.max_perpendicular_force <= options.max_force &&
                    (!options.climbing_image ||
                     (state.climbing && forces.climbing_image_force <= options.climbing_max_force));
}

void evaluate(BandState& state, ImageEvaluator& evaluator, const std::vector<int>& which) {
  state.energies.resize(state.positions.size(), 0.0);
  state.gradients.resize(state.positions.size());
  evaluator.evaluate(state.images(), which, state.energies, state.gradients);
  state.image_evaluations += static_cast<int>(which.size());
}

}  // namespace

BandForces band_forces(const BandState& state, const NebOptions& options) {
  return neb_forces(state.positions, state.energies, state.gradients, force_options(options, state.climbing));
}

BandState run_neb(BandState state, ImageEvaluator& evaluator, const NebOptions& options,
                  const NebIterationCallback& after_iteration) {
  validate(state, options);
  if (state.optimizer != options.optimizer) {
    state.optimizer = options.optimizer;
    state.fire = FireState{};
    reset(state.lbfgs);
  }
  if (!options.climbing_image && state.climbing) {
    state.climbing = false;
    reset(state.lbfgs);
  }
  const int n = state.image_count();
  std::vector<int> intermediate(static_cast<std::size_t>(n - 2));
  std::iota(intermediate.begin(), intermediate.end(), 1);

  if (state.iteration < 0) {
    std::vector<int> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    evaluate(state, evaluator, all);
    state.iteration = 0;
    analyse(state, options);
    if (after_iteration && !after_iteration(state)) return state;
  } else {
    analyse(state, options);  // options may have changed since the state was written
  }

  while (!state.converged && state.iteration < options.max_iterations) {
    const BandForces forces = band_forces(state, options);
    const Eigen::VectorXd x = band_coordinates(state.positions);
    const Eigen::VectorXd f = band_coordinates(forces.forces);
    const Eigen::VectorXd next =
        options.optimizer == BandOptimizer::fire
            ? fire_step(state.fire, x, f, options.fire, options.max_step, state.atom_count())
            : lbfgs_step(state.lbfgs, x, f, options.lbfgs, options.max_step, state.atom_count());
    set_band_coordinates(state.positions, next);
    evaluate(state, evaluator, intermediate);
    ++state.iteration;
    analyse(state, options);
    if (after_iteration && !after_iteration(state)) break;
  }
  return state;
}

}  // namespace atropos
