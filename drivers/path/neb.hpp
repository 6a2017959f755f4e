#pragma once
// Climbing-image nudged elastic band (Henkelman, Uberuaga, Jonsson, J. Chem. Phys. 113, 9901
// (2000); improved tangent: Henkelman, Jonsson, J. Chem. Phys. 113, 9978 (2000)) as a loop with a
// per-iteration callback, so a driver can checkpoint, print progress or stop at any iteration.
//
// Usage:
//   BandState band = new_band(idpp_interpolation(first, last, 7));
//   ParallelImageEvaluator evaluator(world, factory, band.image_count());
//   band = run_neb(std::move(band), evaluator, options, [&](const BandState& s) {
//     if (world.is_root()) save_band_state(path, s);  // band_state_io.hpp; atomic; one rank
//     return true;   // false stops the loop after this iteration (e.g. out of time)
//   });
//   resume: band = load_band_state(path) on every rank (after the writer's barrier).
//
// One iteration:
//   iteration -1 -> 0: every image (endpoints included) is evaluated, forces analysed, callback.
//   iteration k -> k+1: one optimiser step of the intermediate images from the stored state,
//   evaluation of the intermediate images, analysis, callback.
// Analysis: NEB forces without climbing; if climbing is allowed, still off and the largest
// perpendicular force is below `climb_switch_force`, climbing switches on (the L-BFGS history
// is cleared: the force field changed) and the forces are taken again with the highest image
// climbing. Converged when the largest perpendicular force of the non-climbing images is below
// `max_force` and, with climbing allowed, climbing is on and the climbing image's largest atomic
// gradient is below `climbing_max_force`.
//
// The callback sees the state after each finished iteration; the state holds everything the
// next step needs, so a run resumed from the last state written takes the same steps, with the
// same bits, as one that was never stopped, and never re-evaluates a finished iteration. The
// loop ends when converged, at `max_iterations` (state.converged false: the caller reports it),
// or when the callback returns false. Endpoints stay where they are (relax them first if they
// should be minima). Every rank runs the loop with the same data; only the evaluator
// communicates.
//
// Units: bohr, Eh, Eh/bohr, Eh/bohr^2.

#include <functional>

#include "drivers/path/band_optimizer.hpp"
#include "drivers/path/band_state.hpp"
#include "drivers/path/image_evaluator.hpp"
#include "drivers/path/neb_forces.hpp"

namespace atropos {

struct NebOptions {
  // Eh/bohr^2. Springs only set the spacing of the images; 0.01 keeps images evenly spaced on
  // molecular torsion paths (a 0.1 bohr spacing error costs 1e-3 Eh/bohr, like the forces it
  // competes with) without stiffening the band.
  double spring_constant = 0.01;
  bool climbing_image = true;
  // The band counts as roughly converged, and climbing starts, below this largest perpendicular
  // force (Eh/bohr, ~0.26 eV/A).
  double climb_switch_force = 5e-3;
  // Largest atom-wise perpendicular force of the non-climbing images at convergence, Eh/bohr.
  // 1e-3 Eh/bohr = 0.051 eV/A, ASE's usual fmax = 0.05 eV/A.
  double max_force = 1e-3;
  // Largest atom-wise gradient of the climbing image at convergence, Eh/bohr: 4.5e-4 is the
  // maximum-force criterion of common geometry optimisers (Gaussian's default), so the top image
  // is as good a saddle point as an ordinary optimisation gives a minimum.
  double climbing_max_force = 4.5e-4;
  int max_iterations = 500;
  // L-BFGS took 8 band iterations on the HF H2O2 torsion (FIRE 42) and 27 on the torsion model
  // (FIRE 96); FIRE is the fallback when L-BFGS keeps resetting on a rough surface.
  BandOptimizer optimizer = BandOptimizer::lbfgs;
  // Largest displacement of any atom in one step, bohr (per image for FIRE, the whole step scaled
  // for L-BFGS): keeps SCF images close to their previous orbitals.
  double max_step = 0.2;
  // Remove rigid translation/rotation from image forces (for molecules; turn off for model
  // surfaces that are not invariant under rotation).
  bool project_rigid_motion = true;
  FireParameters fire;
  LbfgsParameters lbfgs;
};

// Returns true to go on, false to stop after this iteration.
using NebIterationCallback = std::function<bool(const BandState& state)>;

// Runs (or resumes) the band. `state` comes from new_band() or read_band_state(); its optimiser
// memory is dropped when options.optimizer differs from the one it was made with.
// InputError when the state does not fit the options/evaluator; ComputationError from the
// evaluator.
BandState run_neb(BandState state, ImageEvaluator& evaluator, const NebOptions& options,
                  const NebIterationCallback& after_iteration = {});

// The forces of `state` as the next step would use them (climbing as stored).
BandForces band_forces(const BandState& state, const NebOptions& options);

}  // namespace atropos
