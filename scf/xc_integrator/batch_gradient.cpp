#include "scf/xc_integrator/batch_gradient.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "scf/xc_integrator/grid_density.hpp"

namespace atropos {

namespace {

using MatrixMap = Eigen::Map<Eigen::MatrixXd>;
using VectorMap = Eigen::Map<Eigen::VectorXd>;
using Stride = Eigen::InnerStride<>;
using StridedMap = Eigen::Map<Eigen::VectorXd, 0, Stride>;

double* sized(std::vector<double>& buffer, Eigen::Index size) {
  if (buffer.size() < static_cast<std::size_t>(size)) buffer.resize(static_cast<std::size_t>(size));
  return buffer.data();
}

// Row block of A holding d2/dx_k dx_l (BasisOnGrid::evaluate_second's order xx, xy, xz, yy, yz, zz).
constexpr int kSecondBlock[3][3] = {{4, 5, 6}, {5, 7, 8}, {6, 8, 9}};

}  // namespace

BatchGradient::BatchGradient(const BasisOnGrid& basis, const XcFunctional& functional, int nspin,
                             const std::vector<int>& atom_of_function, int natoms, const AtomicPartition* partition)
    : basis_(basis),
      functional_(functional),
      nspin_(nspin),
      gga_(functional.needs_sigma()),
      mgga_(functional.needs_tau()),
      blocks_(gga_ ? BasisOnGrid::kSecondDerivativeBlocks : 4),
      density_blocks_(mgga_ ? 4 : 1),
      atom_of_function_(atom_of_function),
      partition_(partition),
      gradient_(Eigen::MatrixX3d::Zero(natoms, 3)) {}

void BatchGradient::add(const Eigen::Ref<const Eigen::Matrix3Xd>& points,
                        const Eigen::Ref<const Eigen::VectorXd>& weights,
                        const Eigen::Ref<const Eigen::VectorXd>& atomic_weights, const Eigen::Vector3d& centre,
                        double radius, const int* owners, const std::vector<Eigen::MatrixXd>& D) {
  const Eigen::Index n = points.cols();
  if (n == 0) return;
  const double t0 = omp_get_wtime();
  const Eigen::Index m = collocate(points, centre, radius);
  const double t1 = omp_get_wtime();
  timings_.basis += t1 - t0;
  if (m == 0) return;  // no density here: nothing depends on the nuclei
  densities(n, m, D);
  const double t2 = omp_get_wtime();
  timings_.density += t2 - t1;
  functional(n);
  const double t3 = omp_get_wtime();
  timings_.functional += t3 - t2;
  basis_term(n, m, weights, owners);
  const double t4 = omp_get_wtime();
  timings_.gradient += t4 - t3;
  if (partition_) {
    weight_term(points, weights, atomic_weights, owners);
    timings_.weights += omp_get_wtime() - t4;
  }
}

// A (blocks_ row blocks of n x m) for the significant functions; returns m.
Eigen::Index BatchGradient::collocate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Vector3d& centre,
                                      double radius) {
  const Eigen::Index n = points.cols();
  basis_.significant_shells(centre, radius, shells_);
  const auto m_all = static_cast<Eigen::Index>(basis_.functions_of(shells_, functions_));
  if (m_all == 0) return 0;
  const Eigen::Index rows = blocks_ * n;
  double* a = sized(A_, rows * m_all);
  if (gga_) {
    std::array<double*, BasisOnGrid::kSecondDerivativeBlocks> blocks{};
    for (int k = 0; k < BasisOnGrid::kSecondDerivativeBlocks; ++k) blocks[static_cast<std::size_t>(k)] = a + k * n;
    basis_.evaluate_second(points, shells_, blocks, rows);
  } else {
    basis_.evaluate(points, shells_, a, rows, a + n, a + 2 * n, a + 3 * n);
  }
  // Drop the functions below the threshold, with all their derivatives, at every point.
  const double threshold = basis_.threshold();
  Eigen::Index m = 0;
  for (Eigen::Index j = 0; j < m_all; ++j) {
    const double* col = a + j * rows;
    bool significant = false;
    for (Eigen::Index r = 0; r < rows && !significant; ++r) significant = std::abs(col[r]) > threshold;
    if (!significant) continue;
    if (m != j) std::copy(col, col + rows, a + m * rows);
    functions_[static_cast<std::size_t>(m)] = functions_[static_cast<std::size_t>(j)];
    ++m;
  }
  return m;
}

// Per spin: D_sub and Y kept for basis_term; rho, sigma, tau in libxc's layout.
void BatchGradient::densities(Eigen::Index n, Eigen::Index m, const std::vector<Eigen::MatrixXd>& D) {
  const MatrixMap A(A_.data(), blocks_ * n, m);
  const auto Ad = A.topRows(density_blocks_ * n);
  double* rho = sized(rho_, nspin_ * n);
  double* grad = gga_ ? sized(grad_, nspin_ * 3 * n) : nullptr;
  double* tau = mgga_ ? sized(tau_, nspin_ * n) : nullptr;
  double* dsub = sized(D_, nspin_ * m * m);
  double* y = sized(Y_, nspin_ * density_blocks_ * n * m);
  for (int s = 0; s < nspin_; ++s) {
    const Eigen::MatrixXd& Ds = D[static_cast<std::size_t>(s)];
    MatrixMap Dsub(dsub + s * m * m, m, m);
    MatrixMap Y(y + s * density_blocks_ * n * m, density_blocks_ * n, m);
    for (Eigen::Index j = 0; j < m; ++j)
      for (Eigen::Index k = 0; k < m; ++k) Dsub(k, j) = Ds(functions_[k], functions_[j]);
    Y.noalias() = Ad * Dsub;
    density_on_points(A, Y, n, s, nspin_, gga_, mgga_, rho, grad, tau);
  }
  if (!gga_) return;
  sigma_on_points(grad, n, nspin_, sized(sigma_, functional_.sigma_components() * n));
}

void BatchGradient::functional(Eigen::Index n) {
  const Eigen::Index nsigma = functional_.sigma_components();
  XcInputs in;
  in.npoints = static_cast<std::size_t>(n);
  in.rho = rho_.data();
  in.sigma = gga_ ? sigma_.data() : nullptr;
  in.tau = mgga_ ? tau_.data() : nullptr;
  XcOutputs out;
  out.exc = sized(exc_, n);
  out.vrho = sized(vrho_, nspin_ * n);
  out.vsigma = gga_ ? sized(vsigma_, nsigma * n) : nullptr;
  out.vtau = mgga_ ? sized(vtau_, nspin_ * n) : nullptr;
  std::fill(out.exc, out.exc + n, 0.0);
  std::fill(out.vrho, out.vrho + nspin_ * n, 0.0);
  if (out.vsigma) std::fill(out.vsigma, out.vsigma + nsigma * n, 0.0);
  if (out.vtau) std::fill(out.vtau, out.vtau + nspin_ * n, 0.0);
  functional_.evaluate(in, out);
}

// The basis-function term, per function, summed over spins, then given to the functions' atoms.
void BatchGradient::basis_term(Eigen::Index n, Eigen::Index m, const Eigen::Ref<const Eigen::VectorXd>& weights,
                               const int* owners) {
  const MatrixMap A(A_.data(), blocks_ * n, m);
  MatrixMap U(sized(U_, n * m), n, m);
  MatrixMap Z(sized(Z_, gga_ ? n * m : 0), n, gga_ ? m : 0);
  MatrixMap Q(sized(Q_, gga_ ? 3 * n * m : 0), gga_ ? 3 * n : 0, gga_ ? m : 0);  // blocks Q_l, l = x, y, z
  MatrixMap c(sized(sums_, 3 * m), m, 3);
  c.setZero();
  // With the grid response, the per-point sums too: P_k = 2 dPhi_k o U + sum_l d2Phi_kl o Q_l.
  MatrixMap P(sized(P_, n * m), n, m);
  MatrixMap point_sums(sized(point_sums_, 3 * n), n, 3);
  point_sums.setZero();
  double* coef = sized(coef_, 5 * n);
  VectorMap cv(coef, n), ct(coef + 4 * n, n);
  VectorMap g[3] = {VectorMap(coef + n, n), VectorMap(coef + 2 * n, n), VectorMap(coef + 3 * n, n)};
  const double* vrho = vrho_.data();
  const double* vsigma = vsigma_.data();
  const double* grad = grad_.data();
  for (int s = 0; s < nspin_; ++s) {
    const MatrixMap Dsub(D_.data() + s * m * m, m, m);
    const MatrixMap Y(Y_.data() + s * density_blocks_ * n * m, density_blocks_ * n, m);
    for (Eigen::Index p = 0; p < n; ++p) cv[p] = weights[p] * vrho[nspin_ * p + s];
    if (!gga_) {
      U = cv.asDiagonal() * Y.topRows(n);
    } else {
      // g = w (2 vsigma_ss grad rho_s + vsigma_ab grad rho_s') (unpolarised: w 2 vsigma grad rho)
      const int other = 1 - s;
      for (int k = 0; k < 3; ++k)
        for (Eigen::Index p = 0; p < n; ++p) {
          if (nspin_ == 1) {
            g[k][p] = weights[p] * 2.0 * vsigma[p] * grad[k * n + p];
          } else {
            const double v_same = vsigma[3 * p + (s == 0 ? 0 : 2)];
            const double v_cross = vsigma[3 * p + 1];
            g[k][p] = weights[p] * (2.0 * v_same * grad[(s * 3 + k) * n + p] + v_cross * grad[(other * 3 + k) * n + p]);
          }
        }
      Z = cv.asDiagonal() * A.topRows(n);
      for (int k = 0; k < 3; ++k) Z += g[k].asDiagonal() * A.middleRows((k + 1) * n, n);
      U.noalias() = Z * Dsub;
      // Q_l = 2 g_l Y (+ w vtau dY_l): what d2Phi_kl multiplies.
      if (mgga_)
        for (Eigen::Index p = 0; p < n; ++p) ct[p] = weights[p] * vtau_[static_cast<std::size_t>(nspin_ * p + s)];
      for (int l = 0; l < 3; ++l) {
        Q.middleRows(l * n, n) = (2.0 * g[l]).asDiagonal() * Y.topRows(n);
        if (mgga_) Q.middleRows(l * n, n) += ct.asDiagonal() * Y.middleRows((l + 1) * n, n);
      }
    }
    for (int k = 0; k < 3; ++k) {
      P = 2.0 * A.middleRows((k + 1) * n, n).cwiseProduct(U);
      if (gga_)
        for (int l = 0; l < 3; ++l) P += A.middleRows(kSecondBlock[k][l] * n, n).cwiseProduct(Q.middleRows(l * n, n));
      c.col(k) -= P.colwise().sum().transpose();
      if (partition_) point_sums.col(k) += P.rowwise().sum();
    }
  }
  for (Eigen::Index j = 0; j < m; ++j)
    gradient_.row(atom_of_function_[static_cast<std::size_t>(functions_[static_cast<std::size_t>(j)])]) += c.row(j);
  // Grid response: each point moves with its owner, and moving a point by dr changes the
  // integrand as moving every function by -dr does.
  if (partition_)
    for (Eigen::Index p = 0; p < n; ++p) gradient_.row(owners[p]) += point_sums.row(p);
}

// Grid response of the weights: sum_p e_p w_atomic,p dP_owner(p)/dR_A, e = exc rho.
void BatchGradient::weight_term(const Eigen::Ref<const Eigen::Matrix3Xd>& points,
                                const Eigen::Ref<const Eigen::VectorXd>& weights,
                                const Eigen::Ref<const Eigen::VectorXd>& atomic_weights, const int* owners) {
  for (Eigen::Index p = 0; p < points.cols(); ++p) {
    // Partition weight exactly 1: the point lies inside its atom's cell, away from every other
    // (SSF), where the weight is flat.
    if (weights[p] == atomic_weights[p]) continue;
    double rho = 0.0;
    for (int s = 0; s < nspin_; ++s) rho += rho_[static_cast<std::size_t>(nspin_ * p + s)];
    const double e = exc_[static_cast<std::size_t>(p)] * rho * atomic_weights[p];
    if (e == 0.0) continue;
    partition_->weight_gradient(owners[p], points.col(p), partition_work_, weight_derivatives_);
    for (const WeightDerivative& d : weight_derivatives_) gradient_.row(d.atom) += e * d.gradient.transpose();
  }
}

}  // namespace atropos
