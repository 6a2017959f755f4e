#pragma once
// Auxiliary (fitting) basis sets generated from the orbital basis: the AutoAux algorithm of
// G. L. Stoychev, A. A. Auer, F. Neese, J. Chem. Theory Comput. 13, 554 (2017), as in ORCA.
//
// For each element, from the primitive exponents a of its orbital shells (angular momentum l):
//   a_min(l), a_max(l)   smallest and largest primitive exponent,
//   a_eff(l)             largest effective exponent of a contracted shell, the exponent of the
//                        primitive Gaussian of the same <r> (equal to a for one primitive).
// Products of shells l1, l2 carry angular momenta L with |l1 - l2| <= L <= l1 + l2; over all
// such pairs, for each L:
//   e_min(L) = min a_min(l1) + a_min(l2),   e_max(L) = max a_max(l1) + a_max(l2),
//   e_aux(L) = max a_eff(l1) + a_eff(l2).
// The auxiliary set has one even-tempered series e_min(L) beta^k, k = 0..n-1, per L up to
// L_max = min(max(2 l_val, l_max + l_inc), 2 l_max), with n the least count whose last exponent
// reaches the upper end:
//   L <= 2 l_val: upper end min(f_L e_aux(L), e_max(L)), beta = 1.8 (the densely spaced part
//                 that fits the valence density),
//   L >  2 l_val: upper end e_aux(L),                   beta = beta_L.
// l_val is the highest occupied angular momentum of the free atom (0 for H-He, 1 up to Ca, 2 up
// to Ba, 3 beyond), l_inc = 1 up to Ar and 2 beyond. f_L and beta_L are the paper's Table 1.
// Shells are uncontracted and spherical. L is further capped at `max_l` (the integral library's
// limit), which only bites for elements whose orbital set has f functions beyond Ar.
//
// The extended set ("autoaux-extended", atropos's own, not the paper's) reaches one angular
// momentum higher (still at most 2 l_max) and starts every series at e_min(L) / 2. Made for RI-J
// errors below 5e-6 Eh per atom with def2-SVP: on H2O2 PBE/def2-SVP the paper's set (262
// functions) is off by -9.3e-5 Eh, the extended one (350 functions) by -1.6e-5 Eh; the higher L
// alone gives -4.4e-5, the more diffuse start alone -5.2e-5 (docs/density_fitting.md).

#include <vector>

#include "basis/basis_set.hpp"
#include "basis/shell.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// Exponent (bohr^-2) of the primitive Gaussian r^l exp(-a r^2) with the same <r> as the
// normalised contracted radial function of `shell`: a = 2 k_l^2 / (pi <r>^2), with
// k_l = 2^(2l+1) ((l+1)!)^2 / (2l+2)! (the paper's eq. 9, with <r>^2 in the denominator).
double effective_exponent(const Shell& shell);

// AutoAux shells of element `Z` from that element's orbital shells (centre and atom copied from
// the first orbital shell). Throws InputError when `orbital_shells` is empty.
struct AutoAuxOptions {
  int max_l = 4;          // cap on the auxiliary angular momentum
  bool extended = false;  // the extended set above
};

std::vector<Shell> autoaux_element_shells(int Z, const std::vector<Shell>& orbital_shells, const AutoAuxOptions& options);

// AutoAux basis for every atom of `molecule`, each from the orbital shells on that atom.
// Named "autoaux" or "autoaux-extended".
BasisSet make_autoaux_basis(const BasisSet& orbital, const Molecule& molecule, const AutoAuxOptions& options);

}  // namespace atropos
