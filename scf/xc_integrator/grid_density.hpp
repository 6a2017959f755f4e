#pragma once
// Densities on a batch of grid points from the products the XC quadrature already has, shared by
// the energy/potential (batch_quadrature.hpp) and the gradient (batch_gradient.hpp):
//   A = [Phi; dPhi_x; dPhi_y; dPhi_z] (n points per block, m functions), Y = A_d D_sub
//   rho_s = rowsum(Y o Phi), grad rho_s = 2 rowsum(Y o dPhi_k), tau_s = 1/2 sum_k rowsum(Y_k o dPhi_k)
// in libxc's layout (the spins of a point adjacent for rho and tau; grad rho kept per spin and
// component, grad[(s * 3 + k) * n + p]).

#include <Eigen/Core>

namespace atropos {

// rho (always), grad rho (gga) and tau (mgga) of spin s of nspin. Y has the rows of A's density
// blocks: n (LDA, GGA) or 4n (meta-GGA).
void density_on_points(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       Eigen::Index n, int s, int nspin, bool gga, bool mgga, double* rho, double* grad, double* tau);

// sigma in libxc's layout from the per-spin gradients: |grad rho|^2 (one spin), or
// (aa, ab, bb) per point (two spins).
void sigma_on_points(const double* grad, Eigen::Index n, int nspin, double* sigma);

}  // namespace atropos
