#include "scf/adiis.hpp"

#include <Eigen/Dense>
#include <limits>

namespace atropos {

Eigen::VectorXd minimise_on_simplex(const Eigen::VectorXd& b, const Eigen::MatrixXd& M) {
  const int n = static_cast<int>(b.size());
  const Eigen::MatrixXd sym = 0.5 * (M + M.transpose());
  auto objective = [&](const Eigen::VectorXd& c) { return 2.0 * b.dot(c) + c.dot(sym * c); };
  Eigen::VectorXd best = Eigen::VectorXd::Zero(n);
  double best_value = std::numeric_limits<double>::infinity();
  for (unsigned mask = 1; mask < (1u << n); ++mask) {
    std::vector<int> face;
    for (int i = 0; i < n; ++i)
      if (mask & (1u << i)) face.push_back(i);
    const int k = static_cast<int>(face.size());
    // Stationary point on the face: [2 M_ff 1; 1^T 0] [c; lambda] = [-2 b_f; 1].
    Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(k + 1, k + 1);
    Eigen::VectorXd rhs(k + 1);
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) kkt(i, j) = 2.0 * sym(face[i], face[j]);
      kkt(i, k) = kkt(k, i) = 1.0;
      rhs(i) = -2.0 * b(face[i]);
    }
    rhs(k) = 1.0;
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(kkt);
    if (!lu.isInvertible()) continue;
    const Eigen::VectorXd solution = lu.solve(rhs);
    Eigen::VectorXd c = Eigen::VectorXd::Zero(n);
    bool feasible = true;
    for (int i = 0; i < k; ++i) {
      if (solution(i) < -1e-14) feasible = false;
      c(face[i]) = std::max(0.0, solution(i));
    }
    if (!feasible) continue;
    c /= c.sum();
    const double value = objective(c);
    if (value < best_value) {
      best_value = value;
      best = c;
    }
  }
  return best;
}

void Adiis::push(const std::vector<Eigen::MatrixXd>& densities, const std::vector<Eigen::MatrixXd>& focks) {
  densities_.push_back(densities);
  focks_.push_back(focks);
  if (static_cast<int>(densities_.size()) > max_vectors_) {
    densities_.pop_front();
    focks_.pop_front();
  }
}

Eigen::VectorXd Adiis::coefficients(double spin_factor) const {
  const int n = static_cast<int>(densities_.size());
  const auto& Dn = densities_.back();
  const auto& Fn = focks_.back();
  Eigen::VectorXd b(n);
  Eigen::MatrixXd M(n, n);
  for (int i = 0; i < n; ++i) {
    b(i) = 0.0;
    for (std::size_t s = 0; s < Dn.size(); ++s) b(i) += spin_factor * (densities_[i][s] - Dn[s]).cwiseProduct(Fn[s]).sum();
    for (int j = 0; j < n; ++j) {
      M(i, j) = 0.0;
      for (std::size_t s = 0; s < Dn.size(); ++s)
        M(i, j) += spin_factor * (densities_[i][s] - Dn[s]).cwiseProduct(focks_[j][s] - Fn[s]).sum();
    }
  }
  // The energy function of Hu and Yang carries 1/2 per spin-summed trace; constant factors do
  // not move the minimiser, so b and M are used as they are.
  return minimise_on_simplex(b, M);
}

}  // namespace atropos
