#pragma once
// Kohn-Sham exchange-correlation energy and potential matrices by numerical quadrature.
//
//   E_xc = sum_p w_p e(rho_p, sigma_p, tau_p)          (e = rho * exc, libxc's energy density)
//   V^s_uv = dE_xc / dD^s_uv                           (s = spin channel)
//
// Restricted (one density matrix, the TOTAL density D = D_alpha + D_beta, unpolarised
// functional): V = dE/dD, which is also dE/dD_alpha at D_alpha = D_beta, i.e. the XC part of each
// spin's Fock matrix. Unrestricted (D_alpha, D_beta, polarised functional): V_alpha, V_beta.
//
// Per grid batch (batch_quadrature.hpp, docs/xc_quadrature.md): the shells that reach the
// batch are selected (basis_on_grid.hpp), the density submatrix over their functions gathered,
// rho, grad rho, tau formed by matrix products, libxc evaluated, and Phi^T Z + Z^T Phi added to V.
// Batches are dealt to MPI ranks (batches_for_rank) and, within a rank, round-robin to OpenMP
// threads; each thread accumulates its own matrices, which are summed in thread order, then one
// Communicator::sum per matrix. The result is deterministic for a given number of threads and
// ranks, and agrees across them to rounding (tested to 1e-12).

#include <Eigen/Core>
#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/xc/xc_functional.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"

namespace atropos {

struct XcIntegratorOptions {
  // |phi| (bohr^-3/2) below which a basis function is treated as zero at a point; sets each
  // shell's extent for batch screening. 1e-10 changes energies by far less than 1e-8 Eh.
  double basis_threshold = 1e-10;
};

// Thread-seconds spent in each phase of the last compute(), summed over this rank's threads.
struct XcTimings {
  double basis = 0.0;       // basis functions and derivatives on the points
  double density = 0.0;     // gather D_sub, X = Phi D, rho, grad rho, tau
  double functional = 0.0;  // libxc
  double potential = 0.0;   // Z, M = Phi^T Z, scatter into V
  double reduction = 0.0;   // wall seconds: summing threads and ranks
  double wall = 0.0;        // wall seconds of the whole call
};

struct XcResult {
  double energy = 0.0;                     // E_xc, Eh (the DFT part only; exact exchange is not included)
  std::vector<Eigen::MatrixXd> potential;  // one per density matrix given, nbf x nbf, Eh
  std::vector<double> electrons;           // integral of each channel's density (restricted: total)
  XcTimings timings;
};

class XcIntegrator {
 public:
  // The basis, grid and functional are referenced, not copied: they must outlive the integrator.
  // Throws std::invalid_argument when the basis, grid and molecule do not belong together (a shell
  // or a batch on an atom the molecule does not have).
  XcIntegrator(const Molecule& molecule, const BasisSet& basis, const MolecularGrid& grid,
               const XcFunctional& functional, const Communicator& comm, XcIntegratorOptions options = {});

  // densities: {D_total} with an unpolarised functional, {D_alpha, D_beta} with a polarised one;
  // each nbf x nbf (symmetrised on entry). Throws std::invalid_argument for the wrong count or
  // shape. Every rank must call it with the same densities; every rank gets the same result.
  XcResult compute(const std::vector<Eigen::MatrixXd>& densities) const;
  XcResult compute_restricted(const Eigen::MatrixXd& total_density) const { return compute({total_density}); }
  XcResult compute_unrestricted(const Eigen::MatrixXd& alpha, const Eigen::MatrixXd& beta) const {
    return compute({alpha, beta});
  }

  const BasisOnGrid& basis_on_grid() const { return basis_on_grid_; }
  const XcFunctional& functional() const { return *functional_; }

 private:
  const BasisSet* basis_;
  const MolecularGrid* grid_;
  const XcFunctional* functional_;
  Communicator comm_;
  BasisOnGrid basis_on_grid_;
  std::vector<std::size_t> my_batches_;  // this rank's batches
};

}  // namespace atropos
