#pragma once
// Cartesian component order and the Cartesian -> real solid harmonic transformation, in
// libint2's conventions (the integrals the densities come from use them):
//
// - Cartesian components of a shell of angular momentum l: for lx = l..0, for ly = l-lx..0,
//   lz = l-lx-ly; i.e. xx, xy, xz, yy, yz, zz for l = 2. All share the normalisation of x^l.
// - Spherical functions in the order m = -l..l (p: y, z, x), each
//     S_lm = sqrt((2 - delta_m0) (l-|m|)! / (l+|m|)!) r^l P_l^|m|(cos theta) {cos, sin}(|m| phi)
//   (cos for m >= 0, sin for m < 0; P_l^m without the Condon-Shortley phase): Racah's
//   normalisation, in which the integral of S_lm^2 over the unit sphere equals that of x^(2l),
//   so the shell's x^l normalisation makes every spherical function unit normalised.
//   E.g. S_20 = z^2 - (x^2 + y^2)/2, S_22 = sqrt(3)/2 (x^2 - y^2), S_2-2 = sqrt(3) xy.
//
// The coefficients are computed here from the associated Legendre polynomials, not copied; a
// test checks the resulting functions against libint2's overlap matrix.

#include <Eigen/Core>
#include <array>
#include <vector>

namespace atropos {

inline int cartesian_count(int l) { return (l + 1) * (l + 2) / 2; }

// Exponents {lx, ly, lz} of the Cartesian components of angular momentum l, in libint2's order.
std::vector<std::array<int, 3>> cartesian_components(int l);

// (2l+1) x cartesian_count(l): row m + l holds the coefficients of S_lm over the Cartesian
// monomials x^lx y^ly z^lz in the order above. Valid for 0 <= l <= 12.
Eigen::MatrixXd solid_harmonic_coefficients(int l);

}  // namespace atropos
