#pragma once
// Two-electron part of SCF nuclear gradients: the Coulomb and exact-exchange energies
//
//     E_J = c_J * 1/2 sum_{abcd} P_ab P_cd (ab|cd)
//     E_K = -c_K * 1/2 sum_d sum_{abcd} D^d_ac D^d_bd (ab|cd)
//
// differentiated with respect to the basis-function centres at fixed densities (the response of
// the densities is the energy-weighted-density term, see scf/hf_gradient.hpp). libint2's
// first-derivative ERIs are contracted with the densities as each shell quartet is computed, so
// no derivative integral is stored.
//
// Screening: Schwarz bounds of the value integrals times the largest density product the
// quartet's gradient contribution contains; 8-fold permutational symmetry; quartets with all
// four shells on one atom are skipped (their contribution vanishes exactly by translational
// invariance). Work split as in DirectJk: significant bra shell pairs round-robin over
// (rank, OpenMP thread), per-thread sums added in thread order, one sum over ranks (every rank
// gets the same bits).

#include <Eigen/Core>
#include <vector>

#include "basis/basis_set.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

struct TwoElectronGradientOptions {
  // Quartets whose Schwarz bound times the largest density product is below this are skipped
  // (Eh; the same meaning as DirectJkOptions::screening_threshold).
  double screening_threshold = 1e-12;
  // Range separation: 0 = Coulomb operator 1/r; > 0 = erf(omega r)/r (bohr^-1).
  double omega = 0.0;
};

// dE_J/dR and dE_K/dR, rows = basis_atom_count(basis), columns x, y, z, Eh/bohr.
struct TwoElectronGradient {
  Eigen::MatrixX3d coulomb;
  Eigen::MatrixX3d exchange;  // includes the minus sign of E_K
  // Unique shell quartets computed / skipped (by screening or because all four shells sit on one
  // atom), summed over ranks, for logs and timings.
  double quartets_computed = 0.0;
  double quartets_skipped = 0.0;
};

// `total_density`: P = D_alpha + D_beta (symmetric, nbf x nbf); ignored when coulomb_factor = 0.
// `exchange_densities`: the densities D^d of E_K (symmetric). Unrestricted: {D_alpha, D_beta}
// with c_K = exchange fraction. Restricted (D_beta = D_alpha): {D_alpha} with c_K = 2 x fraction.
// With exchange_factor = 0 or no exchange densities, only J is computed; with coulomb_factor = 0,
// only K (the erf-attenuated exchange of range-separated hybrids).
// Throws std::invalid_argument for matrices of the wrong size and for angular momenta above
// what the installed libint2 has first-derivative ERIs for.
TwoElectronGradient contract_two_electron_derivative(const BasisSet& basis, const Eigen::MatrixXd& total_density,
                                                     double coulomb_factor,
                                                     const std::vector<Eigen::MatrixXd>& exchange_densities,
                                                     double exchange_factor, const Communicator& comm,
                                                     const TwoElectronGradientOptions& options = {});

}  // namespace atropos
