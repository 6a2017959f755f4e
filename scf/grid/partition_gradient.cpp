// Nuclear derivatives of the atomic partition weights (AtomicPartition::weight_gradient).
//
// With cell products P_k(r) = prod_{j != k} s(nu_kj), mu_kj = (r_k - r_j) / R_kj (r_k = |r - R_k|,
// R_kj = |R_k - R_j|), Becke's nu_kj = mu_kj + a_kj (1 - mu_kj^2) (SSF: nu = mu), and
// Z = sum_k P_k, the weight of atom G is w = P_G / Z and, at fixed r,
//
//   dw/dR_A = [(1 - w) dP_G/dR_A - w sum_{k != G} dP_k/dR_A] / Z,
//   dP_k/dR_A = sum_{j != k} (prod_{l != j} s(nu_kl)) s'(nu_kj) (dnu_kj/dmu_kj) dmu_kj/dR_A,
//   dmu_kj/dR_k = -(u_k + mu_kj e_kj) / R_kj,   dmu_kj/dR_j = (u_j + mu_kj e_kj) / R_kj,
//
// u_k = (r - R_k) / r_k, e_kj = (R_k - R_j) / R_kj; no other atom enters mu_kj. The point belongs
// to G's grid and moves with G; since w is unchanged when everything is translated, its total
// derivative with respect to R_G is -sum_{A != G} dw/dR_A (Baker et al. 1994).
//
// SSF: s is constant (0 or 1, zero derivative) outside |mu| < a and s'(+-a) = 0, so the screening
// that makes the weight cheap (partition.cpp) also bounds the derivatives: only the cells the
// weight visits, and in each only the factors with |mu| < a, contribute.

#include <algorithm>
#include <cmath>

#include "scf/grid/partition.hpp"

namespace atropos {

namespace {

// p(x) = 3/2 x - 1/2 x^3 and p'(x) = 3/2 (1 - x^2)
inline double becke_p(double x) { return 1.5 * x - 0.5 * x * x * x; }
inline double becke_dp(double x) { return 1.5 * (1.0 - x * x); }

}  // namespace

double ssf_cell_function_derivative(double mu) {
  if (mu <= -kSsfA || mu >= kSsfA) return 0.0;
  // s = (1 - g(z)) / 2, z = mu / a, g'(z) = 35/16 (1 - z^2)^3
  const double z = mu / kSsfA;
  const double t = 1.0 - z * z;
  return -35.0 / 32.0 * t * t * t / kSsfA;
}

double becke_cell_function_derivative(double nu) {
  const double f1 = becke_p(nu);
  const double f2 = becke_p(f1);
  return -0.5 * becke_dp(f2) * becke_dp(f1) * becke_dp(nu);
}

// Adds dmu_scale * dmu_kj/dR_k to atom k's column and dmu_scale * dmu_kj/dR_j to j's.
void AtomicPartition::add_pair_gradient(int k, int j, double r_k, double r_j, double dmu_scale,
                                        const Eigen::Vector3d& p, Workspace& work) const {
  const Eigen::Vector3d& Rk = positions_[static_cast<std::size_t>(k)];
  const Eigen::Vector3d& Rj = positions_[static_cast<std::size_t>(j)];
  const Eigen::Vector3d d = Rk - Rj;
  const double inv_R = 1.0 / d.norm();
  const Eigen::Vector3d e = d * inv_R;
  const double mu = (r_k - r_j) * inv_R;
  // A point exactly on a nucleus has no direction to it; the distance is not differentiable
  // there, and such points do not occur on the grids (radial points have r > 0).
  const Eigen::Vector3d u_k = r_k > 0.0 ? Eigen::Vector3d((p - Rk) / r_k) : Eigen::Vector3d::Zero();
  const Eigen::Vector3d u_j = r_j > 0.0 ? Eigen::Vector3d((p - Rj) / r_j) : Eigen::Vector3d::Zero();
  const auto touch = [&](int atom) {
    if (!work.is_touched[static_cast<std::size_t>(atom)]) {
      work.is_touched[static_cast<std::size_t>(atom)] = 1;
      work.touched.push_back(atom);
    }
  };
  touch(k);
  touch(j);
  work.gradient.col(k) -= (dmu_scale * inv_R) * (u_k + mu * e);
  work.gradient.col(j) += (dmu_scale * inv_R) * (u_j + mu * e);
}

double AtomicPartition::weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work,
                                        std::vector<WeightDerivative>& derivatives) const {
  derivatives.clear();
  if (natoms_ == 1) return 1.0;
  if (work.gradient.cols() != natoms_) {
    work.gradient = Eigen::Matrix3Xd::Zero(3, natoms_);
    work.is_touched.assign(static_cast<std::size_t>(natoms_), 0);
    work.touched.clear();
  }
  const double w = uses_becke_cells(scheme_) ? becke_weight_gradient(atom, p, work) : ssf_weight_gradient(atom, p, work);
  // Fixed-point derivatives of the other atoms; the owner's is minus their sum.
  std::sort(work.touched.begin(), work.touched.end());
  Eigen::Vector3d own = Eigen::Vector3d::Zero();
  for (int a : work.touched) {
    if (a != atom) {
      const Eigen::Vector3d g = work.gradient.col(a);
      derivatives.push_back({a, g});
      own -= g;
    }
    work.gradient.col(a).setZero();
    work.is_touched[static_cast<std::size_t>(a)] = 0;
  }
  work.touched.clear();
  if (!derivatives.empty()) derivatives.push_back({atom, own});
  return w;
}

// Becke cells (any size adjustment a_ij): every pair, as in becke_weight. P_k without the factor of pair (k, j): the product of
// its other factors; a factor that rounds to 0 is handled by counting zeros instead of dividing.
double AtomicPartition::becke_weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work) const {
  const auto n = static_cast<std::size_t>(natoms_);
  work.distance.resize(n);
  work.cell_product.assign(n, 1.0);  // product of the nonzero factors
  work.zero_factors.assign(n, 0);
  for (int k = 0; k < natoms_; ++k) work.distance[k] = (p - positions_[k]).norm();
  const auto multiply = [&](int k, double factor) {
    if (factor == 0.0)
      ++work.zero_factors[static_cast<std::size_t>(k)];
    else
      work.cell_product[static_cast<std::size_t>(k)] *= factor;
  };
  for (int i = 0; i < natoms_; ++i)
    for (int j = i + 1; j < natoms_; ++j) {
      const double mu = (work.distance[i] - work.distance[j]) * inverse_distance_(i, j);
      const double s = becke_cell_function(mu + size_adjustment_(i, j) * (1.0 - mu * mu));
      multiply(i, s);
      multiply(j, 1.0 - s);
    }
  const auto cell = [&](int k) {
    return work.zero_factors[static_cast<std::size_t>(k)] ? 0.0 : work.cell_product[static_cast<std::size_t>(k)];
  };
  double total = 0.0;
  for (int k = 0; k < natoms_; ++k) total += cell(k);
  if (!(total > 0.0)) return 0.0;
  const double w = cell(atom) / total;

  // P_k with the factor `factor` taken out.
  const auto without = [&](int k, double factor) {
    const int zeros = work.zero_factors[static_cast<std::size_t>(k)];
    const double product = work.cell_product[static_cast<std::size_t>(k)];
    if (zeros == 0) return product / factor;
    return (zeros == 1 && factor == 0.0) ? product : 0.0;
  };
  const auto scale = [&](int k) { return (k == atom ? 1.0 - w : -w) / total; };
  for (int i = 0; i < natoms_; ++i)
    for (int j = i + 1; j < natoms_; ++j) {
      const double mu = (work.distance[i] - work.distance[j]) * inverse_distance_(i, j);
      const double a = size_adjustment_(i, j);
      const double nu = mu + a * (1.0 - mu * mu);
      const double s = becke_cell_function(nu);
      const double ds_dmu = becke_cell_function_derivative(nu) * (1.0 - 2.0 * a * mu);
      // P_i has the factor s(nu_ij), P_j the factor 1 - s(nu_ij).
      const double coefficient = (scale(i) * without(i, s) - scale(j) * without(j, 1.0 - s)) * ds_dmu;
      if (coefficient != 0.0) add_pair_gradient(i, j, work.distance[i], work.distance[j], coefficient, p, work);
    }
  return w;
}

// d P_k / dR adds `scale` times sum_j P_k s'(mu_kj)/s(mu_kj) dmu_kj/dR over the factors with
// |mu_kj| < a (the same neighbour cutoff as ssf_cell_product; P_k > 0, so no factor is 0).
void AtomicPartition::add_ssf_cell_gradient(int k, double r_k, double scale, const Eigen::Vector3d& p,
                                            Workspace& work) const {
  const double cutoff = 2.0 * r_k / (1.0 - kSsfA);
  for (const Neighbour& n : neighbours_[static_cast<std::size_t>(k)]) {
    if (n.distance >= cutoff) break;
    const double r_j = cached_distance(n.atom, p, work);
    const double mu = (r_k - r_j) * n.inverse_distance;
    if (mu <= -kSsfA || mu >= kSsfA) continue;
    const double coefficient = scale * ssf_cell_function_derivative(mu) / ssf_cell_function(mu);
    if (coefficient != 0.0) add_pair_gradient(k, n.atom, r_k, r_j, coefficient, p, work);
  }
}

// The same screening as ssf_weight (see there for why each skipped cell has P_k = 0 with zero
// derivative), then the derivatives of the cells that count.
double AtomicPartition::ssf_weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work) const {
  start_ssf_point(work);
  const double r_a = (p - positions_[atom]).norm();
  const double cutoff = 2.0 * r_a / (1.0 - kSsfA);
  const auto& list = neighbours_[static_cast<std::size_t>(atom)];
  double p_a = 1.0;
  std::size_t ncand = 0;
  for (; ncand < list.size() && list[ncand].distance < cutoff; ++ncand) {
    const double mu = (r_a - cached_distance(list[ncand].atom, p, work)) * list[ncand].inverse_distance;
    if (mu >= kSsfA) return 0.0;  // w = 0 around p (or s' = 0 at mu = a)
    if (mu > -kSsfA) p_a *= ssf_cell_function(mu);
  }
  if (ncand == 0) return 1.0;  // w = 1 around p

  int nearest = atom;
  double r_m = r_a;
  for (std::size_t c = 0; c < ncand; ++c) {
    const double r = work.distance[static_cast<std::size_t>(list[c].atom)];
    if (r < r_m) {
      r_m = r;
      nearest = list[c].atom;
    }
  }
  // Cells of the candidates that count, as ssf_weight sums them (cell_product[c], 0 if skipped).
  work.cell_product.assign(ncand, 0.0);
  double total = p_a;
  for (std::size_t c = 0; c < ncand; ++c) {
    const int k = list[c].atom;
    const double r_k = work.distance[static_cast<std::size_t>(k)];
    if (k != nearest && r_k - r_m >= kSsfA * (positions_[k] - positions_[nearest]).norm()) continue;
    work.cell_product[c] = ssf_cell_product(k, r_k, p, work);
    total += work.cell_product[c];
  }
  const double w = p_a / total;
  if (p_a > 0.0) add_ssf_cell_gradient(atom, r_a, (1.0 - w) / total * p_a, p, work);
  for (std::size_t c = 0; c < ncand; ++c) {
    const double cell = work.cell_product[c];
    if (cell > 0.0) {
      const int k = list[c].atom;
      add_ssf_cell_gradient(k, work.distance[static_cast<std::size_t>(k)], -w / total * cell, p, work);
    }
  }
  return w;
}

}  // namespace atropos
