#include "drivers/optimize/step_model.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace atropos {

namespace {

// Components below this are treated as zero gradient (redundant or symmetry-forbidden directions).
constexpr double kZeroGradient = 1e-14;

// The lowest root mu < min h_i (over modes in `use` with a gradient) of the RFO secular equation
// mu = sum_i gt_i^2 / (mu - h_i), by bisection (the left side minus the right rises monotonically).
double rfo_shift(const Eigen::VectorXd& h, const Eigen::VectorXd& gt, const std::vector<bool>& use) {
  double h_low = std::numeric_limits<double>::infinity(), g2 = 0.0;
  for (Eigen::Index i = 0; i < h.size(); ++i)
    if (use[i] && std::abs(gt(i)) > kZeroGradient) h_low = std::min(h_low, h(i)), g2 += gt(i) * gt(i);
  if (g2 == 0.0) return std::min(0.0, h.minCoeff());
  const auto f = [&](double mu) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < h.size(); ++i)
      if (use[i] && std::abs(gt(i)) > kZeroGradient) sum += gt(i) * gt(i) / (mu - h(i));
    return mu - sum;
  };
  double hi = h_low, lo = std::min(h_low, 0.0) - std::sqrt(g2) - 1.0;
  for (int it = 0; it < 200 && hi - lo > 1e-14 * (1.0 + std::abs(lo)); ++it) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < 0.0 ? lo : hi) = mid;
  }
  return lo;
}

// Step components -gt_i / (h_i - mu) for the modes in `use`.
Eigen::VectorXd shifted_components(const Eigen::VectorXd& h, const Eigen::VectorXd& gt, const std::vector<bool>& use, double mu) {
  Eigen::VectorXd s = Eigen::VectorXd::Zero(h.size());
  for (Eigen::Index i = 0; i < h.size(); ++i) {
    if (!use[i] || std::abs(gt(i)) <= kZeroGradient) continue;
    const double denominator = h(i) - mu;
    if (std::abs(denominator) > 1e-12) s(i) = -gt(i) / denominator;
  }
  return s;
}

}  // namespace

RfoStep rfo_step(const Eigen::MatrixXd& h, const Eigen::VectorXd& g, double trust) {
  if (trust <= 0.0) throw std::invalid_argument("rfo_step: trust radius must be positive");
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(h);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const Eigen::VectorXd gt = eig.eigenvectors().transpose() * g;
  const std::vector<bool> all(w.size(), true);
  double mu = rfo_shift(w, gt, all);
  Eigen::VectorXd s = shifted_components(w, gt, all, mu);
  RfoStep result;
  if (s.norm() > trust) {
    // |s(mu)| grows monotonically with mu below the lowest mode: bisect for |s| = trust.
    double h_low = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < w.size(); ++i)
      if (std::abs(gt(i)) > kZeroGradient) h_low = std::min(h_low, w(i));
    double hi = mu, lo = std::min(mu, h_low - gt.norm() / trust);
    for (int it = 0; it < 200 && hi - lo > 1e-14 * (1.0 + std::abs(lo)); ++it) {
      const double mid = 0.5 * (lo + hi);
      (shifted_components(w, gt, all, mid).norm() > trust ? hi : lo) = mid;
    }
    s = shifted_components(w, gt, all, lo);
    result.trust_limited = true;
  }
  result.step = eig.eigenvectors() * s;
  return result;
}

PrfoStep prfo_step(const Eigen::MatrixXd& h, const Eigen::VectorXd& g, double trust, const Eigen::VectorXd& follow,
                   const Eigen::MatrixXd& allowed) {
  if (trust <= 0.0) throw std::invalid_argument("prfo_step: trust radius must be positive");
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(h);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const Eigen::MatrixXd& v = eig.eigenvectors();
  const Eigen::VectorXd gt = v.transpose() * g;
  int mode = -1;
  double best = -1.0;
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    if (allowed.size() > 0 && v.col(i).dot(allowed * v.col(i)) < 0.5) continue;
    const double score = follow.size() > 0 ? std::abs(v.col(i).dot(follow)) : -w(i);
    if (mode < 0 || score > best) mode = static_cast<int>(i), best = score;
  }
  if (mode < 0) throw std::runtime_error("prfo_step: no Hessian eigenvector left to maximise along");

  Eigen::VectorXd s = Eigen::VectorXd::Zero(w.size());
  // Maximisation along `mode`: the upper root of the 2x2 augmented Hessian [[h, g], [g, 0]].
  const double hk = w(mode), gk = gt(mode);
  if (std::abs(gk) > kZeroGradient) {
    const double upper = 0.5 * hk + 0.5 * std::sqrt(hk * hk + 4.0 * gk * gk);
    s(mode) = -gk / (hk - upper);
  }
  std::vector<bool> rest(w.size(), true);
  rest[mode] = false;
  s += shifted_components(w, gt, rest, rfo_shift(w, gt, rest));

  PrfoStep result;
  if (s.norm() > trust) {
    s *= trust / s.norm();
    result.trust_limited = true;
  }
  result.step = v * s;
  result.mode = v.col(mode);
  if (follow.size() > 0 && result.mode.dot(follow) < 0.0) result.mode = -result.mode;  // keep the sign
  result.mode_eigenvalue = hk;
  return result;
}

bool bfgs_update(Eigen::MatrixXd& h, const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
  const double sy = s.dot(y);
  const Eigen::VectorXd hs = h * s;
  const double shs = s.dot(hs);
  if (!(sy > 1e-12 * s.norm() * y.norm()) || sy <= 0.0 || shs <= 0.0) return false;
  h += y * y.transpose() / sy - hs * hs.transpose() / shs;
  h = 0.5 * (h + h.transpose()).eval();
  return true;
}

bool bofill_update(Eigen::MatrixXd& h, const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
  const double ss = s.squaredNorm();
  if (ss < 1e-20) return false;
  const Eigen::VectorXd e = y - h * s;
  const double ee = e.squaredNorm(), se = s.dot(e);
  if (ee < 1e-24) return false;  // the model already reproduces the gradient change
  const double phi = se * se / (ee * ss);
  // phi * SR1 written as se / (ee ss) E E^T: no division by a vanishing s.E.
  const Eigen::MatrixXd sr1_part = se / (ee * ss) * e * e.transpose();
  const Eigen::MatrixXd psb = (e * s.transpose() + s * e.transpose()) / ss - se * s * s.transpose() / (ss * ss);
  h += sr1_part + (1.0 - phi) * psb;
  h = 0.5 * (h + h.transpose()).eval();
  return true;
}

double quadratic_change(const Eigen::VectorXd& g, const Eigen::MatrixXd& h, const Eigen::VectorXd& s) {
  return g.dot(s) + 0.5 * s.dot(h * s);
}

}  // namespace atropos
