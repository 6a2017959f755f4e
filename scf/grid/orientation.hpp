#pragma once
// Psi4 1.3.2's standard orientation of the atomic grids (libfock/cubature.cc, OrientationMgr):
// one matrix Q for the whole molecule, applied to every Lebedev sphere before it is moved to
// its nucleus: point = Q (r u) + R_A.
//
// Q comes from the second moment of the nuclear charges about their centre,
// I = sum_A Z_A (R_A - c)(R_A - c)^T, diagonalised with ascending eigenvalues; Q's columns are the
// eigenvectors. A Lebedev rule is invariant under the octahedral group (axis permutations and
// sign flips), so for three distinct moments only the principal frame matters and the grid
// turns with the molecule: energies do not change under rotations. Degenerate moments (within
// 1e-10) get Psi4's special treatment, reproduced step by step in orientation.cpp:
//   - one atom: Q = 1;  linear: Q as diagonalised;
//   - symmetric top: the unique axis moved to z (Psi4's cycleXtoZ), then a turn about z fixed by
//     the atom nearest the z axis (symmetricTopMatrix);
//   - spherical top: a C5 axis (then as a symmetric top), two C4 axes, or two C2 axes built
//     into Q (LookForIcosahedral/Octahedral/TetrahedralSymmetry), otherwise Q = 1.
// Psi4 treats Q in these branches as rows = axes while applying it as columns = axes, so its
// degenerate-case grids are not rotation invariant; we do the same. In a degenerate eigenspace
// the eigenvectors are arbitrary: Psi4 takes LAPACK's (dsyev), we take the unit vectors when the
// moment tensor is diagonal (its entries below 1e-14 cleared, as Psi4 does), which is what dsyev
// returns then, sorted the same way; so symmetric tops, linear molecules and spherical tops
// along the coordinate axes get Psi4's grid, others may not (docs/grids.md).
//
// The nuclear gradient's grid response (partition_gradient.cpp) moves each atom's points with
// their atom but does not differentiate Q: for three distinct moments a displacement that
// rotates the principal frame turns the grids, an O(grid error) effect the gradient misses.

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

Eigen::Matrix3d psi4_grid_orientation(const Molecule& molecule);

}  // namespace atropos
