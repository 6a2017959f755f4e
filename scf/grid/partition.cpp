#include "scf/grid/partition.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "common/error.hpp"
#include "scf/grid/atomic_radii.hpp"

namespace atropos {

namespace {

inline double ssf_s(double mu) {
  if (mu <= -kSsfA) return 1.0;
  if (mu >= kSsfA) return 0.0;
  const double z = mu / kSsfA;
  const double z2 = z * z;
  // g(z) = (35 z - 35 z^3 + 21 z^5 - 5 z^7) / 16
  const double g = z * (35.0 + z2 * (-35.0 + z2 * (21.0 - 5.0 * z2))) / 16.0;
  return 0.5 * (1.0 - g);
}

}  // namespace

double ssf_cell_function(double mu) { return ssf_s(mu); }

double becke_cell_function(double nu) {
  double f = nu;
  for (int k = 0; k < 3; ++k) f = 1.5 * f - 0.5 * f * f * f;
  return 0.5 * (1.0 - f);
}

PartitionScheme parse_partition_scheme(const std::string& name, const std::string& where) {
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "becke") return PartitionScheme::Becke;
  if (key == "ssf" || key == "stratmann" || key == "stratmannscuseriafrisch") return PartitionScheme::StratmannScuseriaFrisch;
  if (key == "treutler" || key == "becketreutler") return PartitionScheme::BeckeTreutler;
  if (key == "beckepsi4" || key == "psi4becke") return PartitionScheme::BeckePsi4;
  throw InputError("unknown partition scheme '" + name + "'; allowed: becke, ssf (stratmann), treutler, becke-psi4",
                   where);
}

std::string to_string(PartitionScheme scheme) {
  switch (scheme) {
    case PartitionScheme::Becke: return "becke";
    case PartitionScheme::StratmannScuseriaFrisch: return "ssf";
    case PartitionScheme::BeckeTreutler: return "treutler";
    case PartitionScheme::BeckePsi4: return "becke-psi4";
  }
  return "?";
}

PartitionScheme psi4_partition_scheme(PartitionScheme scheme) {
  return scheme == PartitionScheme::Becke ? PartitionScheme::BeckePsi4 : scheme;
}

namespace {

// chi = R_i / R_j of the scheme's radii (Treutler: its square root).
double size_ratio(PartitionScheme scheme, int Z_i, int Z_j) {
  switch (scheme) {
    case PartitionScheme::BeckeTreutler: return std::sqrt(psi4_grid_radius(Z_i) / psi4_grid_radius(Z_j));
    case PartitionScheme::BeckePsi4: return psi4_grid_radius(Z_i) / psi4_grid_radius(Z_j);
    default: return bragg_slater_radius_bohr(Z_i) / bragg_slater_radius_bohr(Z_j);
  }
}

}  // namespace

AtomicPartition::AtomicPartition(const Molecule& molecule, PartitionScheme scheme) : scheme_(scheme) {
  natoms_ = static_cast<int>(molecule.size());
  for (const Atom& atom : molecule.atoms()) positions_.push_back(atom.position);
  if (uses_becke_cells(scheme_)) {
    inverse_distance_ = Eigen::MatrixXd::Zero(natoms_, natoms_);
    size_adjustment_ = Eigen::MatrixXd::Zero(natoms_, natoms_);
    for (int i = 0; i < natoms_; ++i)
      for (int j = 0; j < natoms_; ++j) {
        if (i == j) continue;
        inverse_distance_(i, j) = 1.0 / (positions_[i] - positions_[j]).norm();
        // Becke's appendix: chi = R_i/R_j, u = (chi-1)/(chi+1), a = u/(u^2-1), |a| <= 1/2.
        const double chi = size_ratio(scheme_, molecule[i].Z, molecule[j].Z);
        const double u = (chi - 1.0) / (chi + 1.0);
        const double a = (u == 0.0) ? 0.0 : u / (u * u - 1.0);
        size_adjustment_(i, j) = std::clamp(a, -0.5, 0.5);
      }
  } else {
    neighbours_.resize(static_cast<std::size_t>(natoms_));
    for (int i = 0; i < natoms_; ++i) {
      auto& list = neighbours_[static_cast<std::size_t>(i)];
      for (int j = 0; j < natoms_; ++j)
        if (j != i) {
          const double distance = (positions_[i] - positions_[j]).norm();
          list.push_back({distance, 1.0 / distance, j});
        }
      std::sort(list.begin(), list.end(), [](const Neighbour& x, const Neighbour& y) {
        return x.distance < y.distance || (x.distance == y.distance && x.atom < y.atom);
      });
    }
  }
}

double AtomicPartition::weight(int atom, const Eigen::Vector3d& p, Workspace& work) const {
  if (natoms_ == 1) return 1.0;
  return uses_becke_cells(scheme_) ? becke_weight(atom, p, work) : ssf_weight(atom, p, work);
}

double AtomicPartition::becke_weight(int atom, const Eigen::Vector3d& p, Workspace& work) const {
  work.distance.resize(static_cast<std::size_t>(natoms_));
  work.cell_product.assign(static_cast<std::size_t>(natoms_), 1.0);
  for (int k = 0; k < natoms_; ++k) work.distance[k] = (p - positions_[k]).norm();
  // s(-nu) = 1 - s(nu) and nu_ji = -nu_ij, so each pair is evaluated once.
  for (int i = 0; i < natoms_; ++i)
    for (int j = i + 1; j < natoms_; ++j) {
      const double mu = (work.distance[i] - work.distance[j]) * inverse_distance_(i, j);
      const double nu = mu + size_adjustment_(i, j) * (1.0 - mu * mu);
      const double s = becke_cell_function(nu);
      work.cell_product[i] *= s;
      work.cell_product[j] *= 1.0 - s;
    }
  double total = 0.0;
  for (int k = 0; k < natoms_; ++k) total += work.cell_product[k];
  return total > 0.0 ? work.cell_product[atom] / total : 0.0;
}

double AtomicPartition::cached_distance(int j, const Eigen::Vector3d& p, Workspace& work) const {
  const auto k = static_cast<std::size_t>(j);
  if (work.stamp[k] != work.current) {
    work.stamp[k] = work.current;
    work.distance[k] = (p - positions_[k]).norm();
  }
  return work.distance[k];
}

// P_k = prod_j s(mu_kj). For R_kj >= 2 r_k / (1 - a): r_j >= R_kj - r_k gives
// mu_kj <= 2 r_k / R_kj - 1 <= -a, so s = 1 and only nearer atoms are visited.
double AtomicPartition::ssf_cell_product(int k, double r_k, const Eigen::Vector3d& p, Workspace& work) const {
  const double cutoff = 2.0 * r_k / (1.0 - kSsfA);
  double product = 1.0;
  for (const Neighbour& n : neighbours_[static_cast<std::size_t>(k)]) {
    if (n.distance >= cutoff) break;
    const double mu = (r_k - cached_distance(n.atom, p, work)) * n.inverse_distance;
    if (mu <= -kSsfA) continue;
    if (mu >= kSsfA) return 0.0;
    product *= ssf_s(mu);
  }
  return product;
}

// A new point for cached_distance.
void AtomicPartition::start_ssf_point(Workspace& work) const {
  if (work.stamp.size() != static_cast<std::size_t>(natoms_)) {
    work.stamp.assign(static_cast<std::size_t>(natoms_), 0);
    work.distance.assign(static_cast<std::size_t>(natoms_), 0.0);
    work.current = 0;
  }
  if (++work.current == 0) {  // wrapped around: forget every cached distance
    std::fill(work.stamp.begin(), work.stamp.end(), 0u);
    work.current = 1;
  }
}

double AtomicPartition::ssf_weight(int atom, const Eigen::Vector3d& p, Workspace& work) const {
  start_ssf_point(work);
  const double r_a = (p - positions_[atom]).norm();
  // Atoms k at R_kA >= 2 r_A / (1 - a) have mu_kA >= a, hence P_k = 0: only nearer atoms
  // compete, and only they can make P_A < 1 (same argument as in ssf_cell_product).
  const double cutoff = 2.0 * r_a / (1.0 - kSsfA);
  const auto& list = neighbours_[static_cast<std::size_t>(atom)];
  double p_a = 1.0;
  std::size_t ncand = 0;
  // Nearest neighbours first: a point outside A's cell usually meets the atom that owns it early.
  for (; ncand < list.size() && list[ncand].distance < cutoff; ++ncand) {
    const double mu = (r_a - cached_distance(list[ncand].atom, p, work)) * list[ncand].inverse_distance;
    if (mu >= kSsfA) return 0.0;
    if (mu > -kSsfA) p_a *= ssf_s(mu);
  }
  if (ncand == 0) return 1.0;  // SSF's screening: inside the atom's own sphere

  // Nearest atom m: any k with r_k - r_m >= a R_km has mu_km >= a, so P_k = 0.
  int nearest = atom;
  double r_m = r_a;
  for (std::size_t c = 0; c < ncand; ++c) {
    const double r = work.distance[static_cast<std::size_t>(list[c].atom)];
    if (r < r_m) {
      r_m = r;
      nearest = list[c].atom;
    }
  }
  double total = p_a;
  for (std::size_t c = 0; c < ncand; ++c) {
    const int k = list[c].atom;
    const double r_k = work.distance[static_cast<std::size_t>(k)];
    if (k != nearest && r_k - r_m >= kSsfA * (positions_[k] - positions_[nearest]).norm()) continue;
    total += ssf_cell_product(k, r_k, p, work);
  }
  return p_a / total;
}

}  // namespace atropos
