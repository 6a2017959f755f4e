#pragma once
// How far a basis reaches from its atoms, as Psi4 1.3.2 measures it (libfock/cubature.cc,
// BasisExtents::computeExtents). Psi4 drops DFT grid points farther than the largest extent from
// every nucleus (scf/grid GridSpec::max_distance); its DFT_BASIS_TOLERANCE default is 1e-12.

#include "basis/basis_set.hpp"

namespace atropos {

// The radius r (bohr) where sum_K |c_K| r^l exp(-alpha_K r^2) = threshold, c_K the coefficients
// of the normalised contracted shell, found by Psi4's doubling, halving and bisection (to a
// relative 1e-8) so that the result is Psi4's to rounding. threshold 0: infinity.
double shell_extent(const Shell& shell, double threshold);

// The largest shell extent (0 for an empty basis).
double basis_extent(const BasisSet& basis, double threshold);

}  // namespace atropos
