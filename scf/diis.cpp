#include "scf/diis.hpp"

#include <Eigen/Dense>

namespace atropos {

namespace {
double dot(const std::vector<Eigen::MatrixXd>& a, const std::vector<Eigen::MatrixXd>& b) {
  double sum = 0.0;
  for (std::size_t s = 0; s < a.size(); ++s) sum += a[s].cwiseProduct(b[s]).sum();
  return sum;
}
}  // namespace

void Diis::push(const std::vector<Eigen::MatrixXd>& fock, const std::vector<Eigen::MatrixXd>& error) {
  focks_.push_back(fock);
  errors_.push_back(error);
  if (static_cast<int>(focks_.size()) > max_vectors_) {
    focks_.pop_front();
    errors_.pop_front();
  }
}

Eigen::VectorXd Diis::coefficients() const {
  const int n = static_cast<int>(focks_.size());
  if (n == 1) return Eigen::VectorXd::Ones(1);
  // Minimise |sum_i c_i e_i|^2 subject to sum_i c_i = 1 (Lagrange multiplier in the last row).
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(n + 1, n + 1);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j <= i; ++j) B(i, j) = B(j, i) = dot(errors_[i], errors_[j]);
  // Scale the error block to order one so the bordered system is well conditioned.
  const double scale = B.topLeftCorner(n, n).diagonal().maxCoeff();
  if (scale > 0.0) B.topLeftCorner(n, n) /= scale;
  B.row(n).head(n).setOnes();
  B.col(n).head(n).setOnes();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n + 1);
  rhs(n) = 1.0;
  // Pseudo-inverse through the eigen-decomposition drops the near-linear-dependent directions.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(B);
  Eigen::VectorXd inv = eig.eigenvalues();
  const double cutoff = 1e-12 * inv.cwiseAbs().maxCoeff();
  for (Eigen::Index k = 0; k < inv.size(); ++k) inv(k) = std::abs(inv(k)) > cutoff ? 1.0 / inv(k) : 0.0;
  return (eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose() * rhs).head(n);
}

std::vector<Eigen::MatrixXd> combine_focks(const std::deque<std::vector<Eigen::MatrixXd>>& history, const Eigen::VectorXd& c) {
  std::vector<Eigen::MatrixXd> result(history.back().size());
  for (std::size_t s = 0; s < result.size(); ++s) {
    result[s] = Eigen::MatrixXd::Zero(history.back()[s].rows(), history.back()[s].cols());
    for (int i = 0; i < c.size(); ++i) result[s] += c(i) * history[i][s];
  }
  return result;
}

}  // namespace atropos
