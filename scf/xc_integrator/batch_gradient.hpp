#pragma once
// The XC nuclear gradient on one grid batch (xc_gradient.hpp has the formulas and the driver).
//
// One object per thread, like BatchQuadrature: scratch buffers grown to the largest batch and
// the thread's natoms x 3 accumulator. With m significant functions, A = [Phi; dPhi_k; d2Phi_kl]
// (values, 3 first and, for GGA and meta-GGA, 6 second derivatives; n points each), per spin:
//   Y = Phi D_sub (meta-GGA: [Phi; dPhi_k] D_sub), densities and libxc as in BatchQuadrature,
//   Z = w (vrho Phi + g . grad Phi),  U = Z D_sub  (LDA: U = w vrho Y),
//   c_k(mu) = -2 sum_p [dPhi_k o U + sum_l d2Phi_kl o (g_l Y)] - sum_p w vtau sum_l d2Phi_kl o dY_l,
// c_k(mu) going to the atom of function mu. With the grid response, each point's share
// sum_mu c_k(p, mu) is taken off the atom that owns the point (the point moves with it), and the
// weight derivatives sum_p e_p w_atomic,p dP_owner(p)(p)/dR_A are added.

#include <Eigen/Core>
#include <vector>

#include "scf/grid/partition.hpp"
#include "scf/xc/xc_functional.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"

namespace atropos {

// Thread-seconds per phase.
struct BatchGradientTimings {
  double basis = 0.0;       // functions and first (and second) derivatives
  double density = 0.0;     // Y = Phi D, rho, grad rho, tau
  double functional = 0.0;  // libxc
  double gradient = 0.0;    // U = Z D and the per-function sums
  double weights = 0.0;     // partition-weight derivatives (grid response)
};

class BatchGradient {
 public:
  // nspin: 1 (total density, unpolarised functional) or 2 (alpha, beta; polarised).
  // atom_of_function: the atom of each basis function. partition: null for a grid fixed in space
  // (no grid response), else the partition the grid's weights were made with.
  BatchGradient(const BasisOnGrid& basis, const XcFunctional& functional, int nspin,
                const std::vector<int>& atom_of_function, int natoms, const AtomicPartition* partition);

  // Adds the batch of points (3 x n, bohr), point p owned by atom owners[p], with their weights and
  // unpartitioned atomic weights (n each, bohr^3; the latter only used with the grid response),
  // lying within `radius` of `centre`, for the symmetric density matrices D (one per spin).
  void add(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Ref<const Eigen::VectorXd>& weights,
           const Eigen::Ref<const Eigen::VectorXd>& atomic_weights, const Eigen::Vector3d& centre, double radius,
           const int* owners, const std::vector<Eigen::MatrixXd>& D);

  const Eigen::MatrixX3d& gradient() const { return gradient_; }  // natoms x 3, Eh/bohr
  const BatchGradientTimings& timings() const { return timings_; }

 private:
  Eigen::Index collocate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Vector3d& centre,
                         double radius);
  void densities(Eigen::Index n, Eigen::Index m, const std::vector<Eigen::MatrixXd>& D);
  void functional(Eigen::Index n);
  void basis_term(Eigen::Index n, Eigen::Index m, const Eigen::Ref<const Eigen::VectorXd>& weights, const int* owners);
  void weight_term(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Ref<const Eigen::VectorXd>& weights,
                   const Eigen::Ref<const Eigen::VectorXd>& atomic_weights, const int* owners);

  const BasisOnGrid& basis_;
  const XcFunctional& functional_;
  const int nspin_;
  const bool gga_, mgga_;
  const int blocks_;          // row blocks of A: 4 (LDA) or 10
  const int density_blocks_;  // blocks of A that meet D: 4 for meta-GGA (tau), else 1
  const std::vector<int>& atom_of_function_;
  const AtomicPartition* partition_;

  // Scratch, grown as needed.
  std::vector<int> shells_, functions_;
  std::vector<double> A_, D_, Y_, Z_, U_, Q_, P_, grad_, coef_, sums_, point_sums_;
  std::vector<double> rho_, sigma_, tau_, exc_, vrho_, vsigma_, vtau_;
  AtomicPartition::Workspace partition_work_;
  std::vector<WeightDerivative> weight_derivatives_;

  Eigen::MatrixX3d gradient_;
  BatchGradientTimings timings_;
};

}  // namespace atropos
