#pragma once
// Analytic nuclear gradient of a converged SCF (RHF or UHF; hybrids' exact exchange included):
//
//   dE/dR_A = dV_nn/dR_A + sum P (dT + dV)/dR_A - sum W dS/dR_A + dE_J/dR_A + dE_K/dR_A (+ dE_xc/dR_A)
//
// P = total density (alpha + beta), W = energy-weighted density sum_s C_occ,s eps_occ,s C_occ,s^T
// (restricted: twice the one-spin sum). Because the SCF energy is stationary in the orbitals,
// the orbital response enters only through W (the orthonormality constraint).
//
// The terms are kept apart (ScfGradientTerms) so that Kohn-Sham adds its exchange-correlation
// term to the same assembly: compute_hf_gradient_terms with the functional's exact-exchange
// parameters, then fill `xc`. Every term is replicated on every rank with the same bits.
// Rows = atoms of the molecule, columns = x, y, z; hartree/bohr.

#include <Eigen/Core>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "scf/scf_result.hpp"

namespace atropos {

struct ScfGradientTerms {
  Eigen::MatrixX3d nuclear_repulsion;
  Eigen::MatrixX3d kinetic;             // sum P dT/dR
  Eigen::MatrixX3d nuclear_attraction;  // sum P dV/dR (basis centres and the nuclei's own charges)
  Eigen::MatrixX3d overlap;             // -sum W dS/dR (sign included)
  Eigen::MatrixX3d coulomb;
  Eigen::MatrixX3d exchange;  // exact exchange, 1/r and erf parts together
  Eigen::MatrixX3d xc;        // density-functional exchange-correlation: zero here, Kohn-Sham fills it

  Eigen::MatrixX3d total() const {
    return nuclear_repulsion + kinetic + nuclear_attraction + overlap + coulomb + exchange + xc;
  }
};

// Exact exchange as the SCF used it, in the CAM convention of ExactExchange (scf/xc):
// K_total = exchange_fraction * K[1/r] + long_range_exchange * K[erf(omega r)/r].
struct HfGradientOptions {
  double exchange_fraction = 1.0;    // HF: 1; global hybrids: their fraction; pure DFT: 0
  double long_range_exchange = 0.0;  // beta (needs omega > 0)
  double omega = 0.0;                // bohr^-1
  double screening_threshold = 1e-12;  // two-electron quartet screening (Eh), as DirectJk
  // false: leave `coulomb` zero for the caller to fill (density-fitted J, DfCoulomb).
  bool exact_coulomb = true;
};

// dV_nn/dR_A = -Z_A sum_{B != A} Z_B (R_A - R_B) / |R_A - R_B|^3.
Eigen::MatrixX3d nuclear_repulsion_gradient(const Molecule& molecule);

// Total density P and energy-weighted density W of the result's orbitals (nbf x nbf), with the
// restricted spin factor 2. Occupation numbers weight each orbital (0/1 for Aufbau results).
Eigen::MatrixXd total_density(const ScfResult& result);
// One spin channel's density (restricted: the alpha density, equal to the beta one).
Eigen::MatrixXd spin_density(const ScfResult& result, std::size_t spin);
Eigen::MatrixXd energy_weighted_density(const ScfResult& result);

// All terms but `xc` (which is zero). Throws ComputationError for an unconverged result and
// std::invalid_argument for a result or basis that does not belong to the molecule.
ScfGradientTerms compute_hf_gradient_terms(const Molecule& molecule, const BasisSet& basis, const ScfResult& result,
                                           const Communicator& comm, const HfGradientOptions& options = {});

// The Hartree-Fock gradient (exchange_fraction = 1), or that of an SCF whose only two-electron
// terms are J and exchange_fraction * K.
Eigen::MatrixX3d compute_hf_gradient(const Molecule& molecule, const BasisSet& basis, const ScfResult& result,
                                     const Communicator& comm, double exchange_fraction = 1.0);

}  // namespace atropos
