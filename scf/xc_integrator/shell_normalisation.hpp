#pragma once
// Contraction coefficients of a shell with libint2's normalisation folded in, so that values on
// grid points match the functions libint2's integrals are computed over.
//
// libint2's convention (libint2::Shell::renorm, as in Psi4): each primitive x^l exp(-a r^2) is
// normalised, then the contraction is scaled to unit norm. For Cartesian shells that normalises
// the x^l component only (x^a y^b z^c with a+b+c = l share the x^l constant, so xy is not unit
// normalised); spherical shells are unit normalised through the solid-harmonic coefficients
// (solid_harmonics.hpp). The coefficients returned here multiply exp(-a_p r^2); the angular
// factor x^a y^b z^c (bohr^l) is applied by the caller.

#include <vector>

#include "basis/shell.hpp"

namespace atropos {

// Norm of x^l exp(-a r^2) is 1 / primitive_normalisation(a, l); a in bohr^-2.
double primitive_normalisation(double exponent, int l);

// c_p * N_p * K with K making the contraction of x^l exp(-a_p r^2) unit normalised.
// Throws InputError for a shell without primitives, a non-positive exponent or a zero norm.
std::vector<double> normalised_contraction(const Shell& shell);

}  // namespace atropos
