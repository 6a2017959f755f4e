#include "scf/xc_integrator/batch_quadrature.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "scf/xc_integrator/grid_density.hpp"

namespace atropos {

namespace {

using MatrixMap = Eigen::Map<Eigen::MatrixXd>;
using VectorMap = Eigen::Map<Eigen::VectorXd>;
using Stride = Eigen::InnerStride<>;
using StridedMap = Eigen::Map<Eigen::VectorXd, 0, Stride>;

// A buffer that only grows, so that a thread allocates a few times per call, not per batch.
double* sized(std::vector<double>& buffer, Eigen::Index size) {
  if (buffer.size() < static_cast<std::size_t>(size)) buffer.resize(static_cast<std::size_t>(size));
  return buffer.data();
}

}  // namespace

BatchQuadrature::BatchQuadrature(const BasisOnGrid& basis, const XcFunctional& functional, int nspin)
    : basis_(basis),
      functional_(functional),
      nspin_(nspin),
      gga_(functional.needs_sigma()),
      mgga_(functional.needs_tau()),
      blocks_(gga_ ? 4 : 1),
      density_blocks_(mgga_ ? 4 : 1) {
  const auto nbf = static_cast<Eigen::Index>(basis.function_count());
  V_.assign(static_cast<std::size_t>(nspin), Eigen::MatrixXd::Zero(nbf, nbf));
  electrons_.assign(static_cast<std::size_t>(nspin), 0.0);
}

void BatchQuadrature::add(const Eigen::Ref<const Eigen::Matrix3Xd>& points,
                          const Eigen::Ref<const Eigen::VectorXd>& weights, const Eigen::Vector3d& centre,
                          double radius, const std::vector<Eigen::MatrixXd>& D) {
  const Eigen::Index n = points.cols();
  if (n == 0) return;
  const double t0 = omp_get_wtime();
  const Eigen::Index m = collocate(points, centre, radius);
  const double t1 = omp_get_wtime();
  timings_.basis += t1 - t0;
  if (m == 0) return;
  densities(n, m, D);
  const double t2 = omp_get_wtime();
  timings_.density += t2 - t1;
  functional(n, weights);
  const double t3 = omp_get_wtime();
  timings_.functional += t3 - t2;
  potential(n, m, weights);
  timings_.potential += omp_get_wtime() - t3;
}

// A (blocks n x m) for the significant functions; returns m.
Eigen::Index BatchQuadrature::collocate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Vector3d& centre,
                                        double radius) {
  const Eigen::Index n = points.cols();
  basis_.significant_shells(centre, radius, shells_);
  const auto m_all = static_cast<Eigen::Index>(basis_.functions_of(shells_, functions_));
  if (m_all == 0) return 0;
  const Eigen::Index rows = blocks_ * n;
  double* a = sized(A_, rows * m_all);
  if (gga_)
    basis_.evaluate(points, shells_, a, rows, a + n, a + 2 * n, a + 3 * n);
  else
    basis_.evaluate(points, shells_, a, rows);
  // The sphere test keeps every shell that reaches the batch's bounding sphere; drop the functions
  // (columns) that stay below the threshold at all of its points (about an eighth of them in a
  // compact molecule), which shrinks the two m x m products.
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

// rho, sigma, tau in libxc's layout (spins of a point adjacent); grad rho kept per spin.
void BatchQuadrature::densities(Eigen::Index n, Eigen::Index m, const std::vector<Eigen::MatrixXd>& D) {
  const MatrixMap A(A_.data(), blocks_ * n, m);
  const auto Ad = A.topRows(density_blocks_ * n);
  double* rho = sized(rho_, nspin_ * n);
  double* grad = gga_ ? sized(grad_, nspin_ * 3 * n) : nullptr;
  double* tau = mgga_ ? sized(tau_, nspin_ * n) : nullptr;
  MatrixMap Dsub(sized(D_, m * m), m, m);
  MatrixMap Y(sized(Y_, density_blocks_ * n * m), density_blocks_ * n, m);
  for (int s = 0; s < nspin_; ++s) {
    const Eigen::MatrixXd& Ds = D[static_cast<std::size_t>(s)];
    for (Eigen::Index j = 0; j < m; ++j)
      for (Eigen::Index k = 0; k < m; ++k) Dsub(k, j) = Ds(functions_[k], functions_[j]);
    Y.noalias() = Ad * Dsub;
    density_on_points(A, Y, n, s, nspin_, gga_, mgga_, rho, grad, tau);
  }
  if (!gga_) return;
  sigma_on_points(grad, n, nspin_, sized(sigma_, functional_.sigma_components() * n));
}

// libxc, then the energy and the electron counts.
void BatchQuadrature::functional(Eigen::Index n, const Eigen::Ref<const Eigen::VectorXd>& weights) {
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
  // Outputs a functional does not produce are left untouched by evaluate(): start from zero.
  std::fill(out.exc, out.exc + n, 0.0);
  std::fill(out.vrho, out.vrho + nspin_ * n, 0.0);
  if (out.vsigma) std::fill(out.vsigma, out.vsigma + nsigma * n, 0.0);
  if (out.vtau) std::fill(out.vtau, out.vtau + nspin_ * n, 0.0);
  functional_.evaluate(in, out);
  for (Eigen::Index p = 0; p < n; ++p) {
    double total = 0.0;
    for (int s = 0; s < nspin_; ++s) {
      total += rho_[static_cast<std::size_t>(nspin_ * p + s)];
      electrons_[static_cast<std::size_t>(s)] += weights[p] * rho_[static_cast<std::size_t>(nspin_ * p + s)];
    }
    energy_ += weights[p] * exc_[static_cast<std::size_t>(p)] * total;
  }
}

// V_s += A^T Z_s + (A^T Z_s)^T over the batch's functions.
void BatchQuadrature::potential(Eigen::Index n, Eigen::Index m, const Eigen::Ref<const Eigen::VectorXd>& weights) {
  const MatrixMap A(A_.data(), blocks_ * n, m);
  const auto Ad = A.topRows(density_blocks_ * n);
  MatrixMap Z(sized(Z_, density_blocks_ * n * m), density_blocks_ * n, m);
  MatrixMap M(sized(M_, m * m), m, m);
  double* coef = sized(coef_, 5 * n);
  VectorMap cv(coef, n), gx(coef + n, n), gy(coef + 2 * n, n), gz(coef + 3 * n, n), ct(coef + 4 * n, n);
  const double* vrho = vrho_.data();
  const double* vsigma = vsigma_.data();
  const double* grad = grad_.data();
  for (int s = 0; s < nspin_; ++s) {
    // Z = w (1/2 vrho phi + g . grad phi), g = 2 vsigma_ss grad rho_s + vsigma_ab grad rho_s'
    for (Eigen::Index p = 0; p < n; ++p) cv[p] = 0.5 * weights[p] * vrho[nspin_ * p + s];
    Z.topRows(n) = cv.asDiagonal() * A.topRows(n);
    if (gga_) {
      double* g[3] = {gx.data(), gy.data(), gz.data()};
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
      Z.topRows(n) += gx.asDiagonal() * A.middleRows(n, n);
      Z.topRows(n) += gy.asDiagonal() * A.middleRows(2 * n, n);
      Z.topRows(n) += gz.asDiagonal() * A.middleRows(3 * n, n);
    }
    if (mgga_) {
      // 1/2 vtau grad phi_u . grad phi_v = M + M^T with M = sum_k dPhi_k^T (w vtau / 4) dPhi_k
      for (Eigen::Index p = 0; p < n; ++p) ct[p] = 0.25 * weights[p] * vtau_[static_cast<std::size_t>(nspin_ * p + s)];
      for (int k = 1; k <= 3; ++k) Z.middleRows(k * n, n) = ct.asDiagonal() * A.middleRows(k * n, n);
    }
    M.noalias() = Ad.transpose() * Z;
    // M + M^T: each element and its mirror get the same sum, so V stays exactly symmetric.
    Eigen::MatrixXd& V = V_[static_cast<std::size_t>(s)];
    for (Eigen::Index j = 0; j < m; ++j) {
      const int fj = functions_[static_cast<std::size_t>(j)];
      for (Eigen::Index k = 0; k < m; ++k) V(functions_[static_cast<std::size_t>(k)], fj) += M(k, j) + M(j, k);
    }
  }
}

}  // namespace atropos
