#pragma once
// How far from its centre a shell's functions matter: the radius beyond which
//     sum_p |c_p| r^l exp(-a_p r^2) < threshold
// (c_p: normalised contraction coefficients, shell_normalisation.hpp). Every Cartesian function
// of the shell is bounded by that sum, since |x^a y^b z^c| <= r^l; spherical functions are
// combinations whose coefficients make |S_lm| <= r^l as well (Racah normalisation: the
// maximum of |S_lm| / r^l over directions is at most 1). So beyond the extent every function of
// the shell is below `threshold` (in bohr^-3/2, the unit of a normalised basis function).

#include <vector>

namespace atropos {

// exponents in bohr^-2, coefficients from normalised_contraction; result in bohr.
// Throws std::invalid_argument unless 0 < threshold.
double shell_extent(int l, const std::vector<double>& exponents, const std::vector<double>& coefficients,
                    double threshold);

}  // namespace atropos
