#pragma once
// Angular pruning: close to a nucleus the integrand is nearly spherical (core density, and the
// other atoms' densities vary slowly there), so fewer angular points suffice. The regions are
// fractions of the element's Bragg-Slater radius R (atomic_radii.hpp); inside each, the Lebedev
// degree is a fraction of the full degree L, rounded up to the next rule with positive weights:
//   r <  0.25 R : L/4      r < 0.5 R : L/2      r < 0.8 R : 3L/4      otherwise : L
// (a "robust"-style region scheme in the spirit of SG-1 and Treutler-Ahlrichs, tuned on model
// densities; see docs/grids.md for the accuracy check).

namespace atropos {

// Lebedev point count for a radial shell at r (bohr) of element Z, when the unpruned shells use
// `full_points`. Never more than full_points.
int pruned_angular_points(int Z, double r, int full_points);

}  // namespace atropos
