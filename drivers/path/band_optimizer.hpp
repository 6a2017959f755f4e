#pragma once
// Optimisers that move the intermediate images of a band along their NEB forces. The NEB force
// is not the gradient of any function (springs act only along the tangent, the true force only
// across), so both work from forces alone: no energies, no line search.
//
// FIRE: Bitzek, Koskinen, Gahler, Moseler, Gumbsch, Phys. Rev. Lett. 97, 170201 (2006). Unit
// masses, Euler steps x += dt v after v += dt F, velocity mixed towards F while F.v > 0 and zeroed
// (with dt halved) when it turns uphill. Robust; the default.
// L-BFGS: Nocedal, Math. Comput. 35, 773 (1980), two-loop recursion; initial inverse Hessian
// s.y/y.y of the newest pair (1/curvature before the first pair), pairs with s.y <= 0 skipped,
// history cleared when the direction points uphill. No line search (the band has no energy to
// search on). Fewer iterations than FIRE on smooth surfaces; the default.
//
// Coordinates and forces are the stacked movable images (band_state.hpp: band_coordinates);
// `atom_count` lets the step limit act per atom. Units: bohr, Eh/bohr.

#include <Eigen/Core>

#include "drivers/path/band_state.hpp"

namespace atropos {

// Defaults are ASE's FIRE (dt 0.1, dtmax 1.0 in eV, Angstrom, amu-free units) carried over to
// Eh, bohr: a force F moves an atom by dt^2 F, and 1 eV/A^2 = 1/97.17 Eh/bohr^2 (Eh/bohr^2 =
// 27.211 eV / 0.28003 A^2), so dt scales by sqrt(97.17) ~ 9.9.
struct FireParameters {
  double initial_time_step = 1.0;
  double max_time_step = 10.0;
  int min_steps_before_growth = 5;  // N_min
  double time_step_growth = 1.1;    // f_inc
  double time_step_shrink = 0.5;    // f_dec
  double initial_mixing = 0.1;      // alpha_start
  double mixing_decay = 0.99;       // f_alpha
};

struct LbfgsParameters {
  int memory = 20;
  // Hessian guess for the first step (and after a reset), Eh/bohr^2: ASE's 70 eV/A^2, a typical
  // bond-stretch curvature.
  double curvature = 0.72;
};

// Next coordinates. The displacement of each image is scaled down so that no atom of that image
// moves more than `max_step` bohr.
Eigen::VectorXd fire_step(FireState& state, const Eigen::VectorXd& positions, const Eigen::VectorXd& forces,
                          const FireParameters& parameters, double max_step, int atom_count);

// Next coordinates. The whole step is scaled (direction kept) so that no atom of any image moves
// more than `max_step` bohr.
Eigen::VectorXd lbfgs_step(LbfgsState& state, const Eigen::VectorXd& positions, const Eigen::VectorXd& forces,
                           const LbfgsParameters& parameters, double max_step, int atom_count);

// Forget the L-BFGS history (after the force field changes, e.g. when climbing starts).
void reset(LbfgsState& state);

}  // namespace atropos
