#pragma once
// Model (guess) Hessians. Lindh, Bernhardsson, Karlstrom & Malmqvist, Chem. Phys. Lett. 241, 423
// (1995): force constants k_r = 0.45, k_phi = 0.15, k_tau = 0.005 scaled by products of
// rho_ij = exp(alpha_ij (r_ref,ij^2 - r_ij^2)), with alpha and r_ref (bohr) tabulated by the rows
// of the periodic table of i and j (H-He, Li-Ne, beyond). Eh, bohr, radians.

#include <Eigen/Core>

#include "drivers/optimize/coordinate_set.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// rho for atoms of atomic numbers Za, Zb at distance r (bohr).
double lindh_rho(int Za, int Zb, double r);

// Diagonal model Hessian in the primitives of `coordinates` (size x size): distances k_r rho_ab,
// bends and linear bends k_phi rho_ab rho_bc, dihedrals k_tau rho_ab rho_bc rho_cd; out-of-plane
// 0.05 rho_ab rho_ac rho_ad and Cartesian primitives 0.05 Eh/bohr^2 (not in Lindh's model:
// moderate guesses that the Hessian update corrects). A Cartesian coordinate set gets the
// Cartesian Lindh Hessian.
Eigen::MatrixXd model_hessian(const CoordinateSet& coordinates, const Molecule& molecule);

// Lindh's model in Cartesian coordinates (3N x 3N): sum over atom pairs, triples and quadruples of
// k rho...rho b b^T with b the Wilson B row of the distance, bend or torsion, terms below 1e-6
// Eh/bohr^2 (or with near-linear bends) skipped. Invariant to translations and rotations.
Eigen::MatrixXd lindh_cartesian_hessian(const Molecule& molecule);

}  // namespace atropos
