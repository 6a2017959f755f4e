#include "scf/xc_integrator/grid_density.hpp"

namespace atropos {

namespace {
using Stride = Eigen::InnerStride<>;
using StridedMap = Eigen::Map<Eigen::VectorXd, 0, Stride>;
using VectorMap = Eigen::Map<Eigen::VectorXd>;
}  // namespace

void density_on_points(const Eigen::Ref<const Eigen::MatrixXd>& A, const Eigen::Ref<const Eigen::MatrixXd>& Y,
                       Eigen::Index n, int s, int nspin, bool gga, bool mgga, double* rho, double* grad, double* tau) {
  StridedMap(rho + s, n, Stride(nspin)) = Y.topRows(n).cwiseProduct(A.topRows(n)).rowwise().sum();
  if (gga)
    for (int k = 0; k < 3; ++k)
      VectorMap(grad + (s * 3 + k) * n, n) = 2.0 * Y.topRows(n).cwiseProduct(A.middleRows((k + 1) * n, n)).rowwise().sum();
  if (mgga)
    StridedMap(tau + s, n, Stride(nspin)) =
        0.5 * (Y.middleRows(n, n).cwiseProduct(A.middleRows(n, n)).rowwise().sum() +
               Y.middleRows(2 * n, n).cwiseProduct(A.middleRows(2 * n, n)).rowwise().sum() +
               Y.middleRows(3 * n, n).cwiseProduct(A.middleRows(3 * n, n)).rowwise().sum());
}

void sigma_on_points(const double* grad, Eigen::Index n, int nspin, double* sigma) {
  const auto dot = [&](Eigen::Index p, int s1, int s2) {
    double d = 0.0;
    for (int k = 0; k < 3; ++k) d += grad[(s1 * 3 + k) * n + p] * grad[(s2 * 3 + k) * n + p];
    return d;
  };
  for (Eigen::Index p = 0; p < n; ++p) {
    if (nspin == 1) {
      sigma[p] = dot(p, 0, 0);
    } else {
      sigma[3 * p] = dot(p, 0, 0);
      sigma[3 * p + 1] = dot(p, 0, 1);
      sigma[3 * p + 2] = dot(p, 1, 1);
    }
  }
}

}  // namespace atropos
