#pragma once
// Exchange-correlation contribution to the analytic nuclear gradient, dE_xc/dR_A, for LDA, GGA
// and meta-GGA (tau; no Laplacian), restricted ({D_total}, unpolarised functional) or
// unrestricted ({D_alpha, D_beta}, polarised), at fixed density matrices (the orbital response
// of a converged SCF enters the total gradient through the energy-weighted density, see
// scf/hf_gradient.hpp).
//
// Basis-function term (grid fixed in space). A function phi_mu on atom A moves with A, so
// d phi_mu / dR_A = -grad phi_mu. With Y^s = Phi D^s (Y^s_mu(p) = sum_nu D^s_mu,nu phi_nu(p)),
// g_s = 2 vsigma_ss grad rho_s + vsigma_ab grad rho_s' (unpolarised: g = 2 vsigma grad rho) and
// quadrature weights w:
//   dE/dR_A = -2 sum_{mu on A} sum_p w [d_x phi_mu (vrho_s Y^s_mu + g_s . grad Y^s_mu)
//                                        + (g_s . grad d_x phi_mu) Y^s_mu]
//             - sum_{mu on A} sum_p w vtau_s sum_k (d_k d_x phi_mu) d_k Y^s_mu     (summed over s)
// (tau = 1/2 sum D grad phi . grad phi, as in the energy).
//
// Grid response (XcGradientOptions::grid_response). Point i belongs to the grid of atom G and
// moves with it; its weight is w_i = w_atomic,i P_G(r_i) with the partition function P_G
// depending on all nuclei. With b_B(i) point i's share of atom B's basis-function term and
// e_i = exc rho at point i:
//   dE/dR_A = sum_i b_A(i) - sum_{i of A} sum_B b_B(i) + sum_i e_i w_atomic,i dP_G(r_i)/dR_A,
// the last with P_G differentiated at fixed r for A != G and by translational invariance for
// A = G (AtomicPartition::weight_gradient: Becke with size adjustment, SSF with its screening).
// Then the XC gradient is the exact derivative of the quadrature E_xc whose grid moves with the
// atoms, and it sums to zero over the atoms (translational invariance) for any fixed D.
// Without it, it is the derivative of E_xc on a grid fixed in space.
//
// Parallel like XcIntegrator: batches dealt to ranks (batches_for_rank) and round-robin to
// OpenMP threads; per-thread natoms x 3 sums added in thread order, then one Communicator::sum.
// Deterministic for given thread and rank counts; 1 and 2 ranks agree to rounding.

#include <Eigen/Core>
#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "scf/grid/grid_spec.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/xc/xc_functional.hpp"

namespace atropos {

struct XcGradientOptions {
  bool grid_response = true;       // include the motion of the grid points and weights
  double basis_threshold = 1e-10;  // bohr^-3/2, as XcIntegratorOptions::basis_threshold
};

// Thread-seconds per phase summed over this rank's threads, and wall seconds.
struct XcGradientTimings {
  double basis = 0.0;       // functions, first and second derivatives
  double density = 0.0;     // Y = Phi D, rho, grad rho, tau
  double functional = 0.0;  // libxc
  double gradient = 0.0;    // U = Z D and the sums per function
  double weights = 0.0;     // partition-weight derivatives
  double reduction = 0.0;   // wall: thread and rank sums
  double wall = 0.0;
};

// natoms x 3, Eh/bohr. densities as XcIntegrator::compute takes them ({D_total} unpolarised,
// {D_alpha, D_beta} polarised; symmetrised on entry). `grid` must be the one built for
// `molecule` with `spec` (whose partition scheme the grid response differentiates); every rank
// passes the same arguments and gets the same result. Throws std::invalid_argument for a density
// count or shape that does not fit, a basis or grid of another molecule, or (with the grid
// response) a grid without atomic weights. A functional without DFT part gives zeros.
Eigen::MatrixX3d compute_xc_gradient(const Molecule& molecule, const BasisSet& basis, const MolecularGrid& grid,
                                     const GridSpec& spec, const XcFunctional& functional,
                                     const std::vector<Eigen::MatrixXd>& densities, const Communicator& comm,
                                     const XcGradientOptions& options = {}, XcGradientTimings* timings = nullptr);

}  // namespace atropos
