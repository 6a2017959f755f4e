#pragma once
// Atomic partition (fuzzy cell) weights: w_A(r) >= 0 with sum over atoms w_A(r) = 1, so that
// integral f = sum_A integral w_A f, each term done on the grid centred at atom A.
//
// Becke: A.D. Becke, J. Chem. Phys. 88, 2547 (1988): cell function from three iterations of
// p(mu) = 3/2 mu - 1/2 mu^3, with Becke's atomic-size adjustment (appendix) from the
// Bragg-Slater radii of atomic_radii.hpp. Cost O(N_atoms^2) per point.
// Psi4 1.3.2's Becke-type partitions (libfock/cubature.cc NuclearWeightMgr), the same cells with
// a_ij from Psi4's radius table (psi4_grid_radius): BeckePsi4 (DFT_NUCLEAR_SCHEME BECKE,
// chi = R_i/R_j) and BeckeTreutler (TREUTLER, Psi4's default: chi = sqrt(R_i/R_j), the milder
// adjustment of Treutler and Ahlrichs, J. Chem. Phys. 102, 346 (1995)). Psi4's STRATMANN is SSF.
// SSF: R.E. Stratmann, G.E. Scuseria, M.J. Frisch, Chem. Phys. Lett. 257, 213 (1996): piecewise
// polynomial cell function with a = 0.64, exactly 0 or 1 outside |mu| < a, no size adjustment.
// Exact screening makes it O(1) per point for compact molecules: only atoms within
// 2 r_A / (1 - a) of the grid's own atom A can have a nonzero cell product (see partition.cpp).
//
// Nuclear derivatives of the weights (weight_gradient, partition_gradient.cpp) for the grid
// response of analytic gradients, following Baker, Andzelm, Scheiner, Delley, J. Chem. Phys.
// 101, 8894 (1994) (Becke) and Stratmann, Scuseria, Frisch (SSF), with the weights' screening.

#include <Eigen/Core>
#include <string>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos {

enum class PartitionScheme { Becke, StratmannScuseriaFrisch, BeckeTreutler, BeckePsi4 };

// "becke", "ssf" (or "stratmann"), "treutler", "becke-psi4"; case-insensitive. InputError otherwise.
PartitionScheme parse_partition_scheme(const std::string& name, const std::string& where = "");
std::string to_string(PartitionScheme scheme);
// Psi4's scheme for a name shared with Psi4: becke -> BeckePsi4; the others map to themselves.
PartitionScheme psi4_partition_scheme(PartitionScheme scheme);
// Becke's cell function with a size adjustment a_ij (Becke, BeckeTreutler, BeckePsi4).
inline bool uses_becke_cells(PartitionScheme scheme) { return scheme != PartitionScheme::StratmannScuseriaFrisch; }

// SSF's a: s(mu) is 1 for mu <= -a and 0 for mu >= a.
inline constexpr double kSsfA = 0.64;

// SSF cell function s(mu), a = 0.64 (exposed for tests).
double ssf_cell_function(double mu);
// Becke cell function s(nu) after three iterations (exposed for tests).
double becke_cell_function(double nu);
// Their derivatives ds/dmu and ds/dnu (partition_gradient.cpp).
double ssf_cell_function_derivative(double mu);
double becke_cell_function_derivative(double nu);

// d w_G(r_i) / dR_B for one atom B (bohr^-1), see AtomicPartition::weight_gradient.
struct WeightDerivative {
  int atom;
  Eigen::Vector3d gradient;
};

class AtomicPartition {
 public:
  AtomicPartition(const Molecule& molecule, PartitionScheme scheme);

  // Scratch memory for one thread; reuse it across calls.
  struct Workspace {
    std::vector<double> distance;     // point-atom distances (SSF: valid where stamp == current)
    std::vector<double> cell_product; // P_k (Becke; SSF weight_gradient: the candidates' P_k)
    std::vector<unsigned> stamp;      // SSF: which point each cached distance belongs to
    unsigned current = 0;
    // weight_gradient only:
    std::vector<int> zero_factors;        // Becke: factors s = 0 in P_k
    Eigen::Matrix3Xd gradient;            // 3 x natoms accumulator, zero between calls
    std::vector<int> touched;             // atoms with a column written in `gradient`
    std::vector<char> is_touched;
  };

  // Weight of atom `atom` at point `p` (bohr). Const and thread-safe with one Workspace per thread.
  double weight(int atom, const Eigen::Vector3d& p, Workspace& work) const;

  // The weight of `atom` at `p` (as weight() returns it, to rounding) and its derivatives with
  // respect to the nuclear positions, for a point that belongs to `atom`'s grid and so moves
  // with it: for B != atom the derivative at fixed p; for B = atom the derivative including the
  // point's motion, which translational invariance makes minus the sum of the others.
  // `derivatives` is cleared, then receives the atoms with a (possibly) nonzero derivative, `atom`
  // itself last; SSF's screening lists only the few atoms near p. Thread-safe like weight().
  double weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work,
                         std::vector<WeightDerivative>& derivatives) const;

  PartitionScheme scheme() const { return scheme_; }

 private:
  double becke_weight(int atom, const Eigen::Vector3d& p, Workspace& work) const;
  double ssf_weight(int atom, const Eigen::Vector3d& p, Workspace& work) const;
  double ssf_cell_product(int k, double r_k, const Eigen::Vector3d& p, Workspace& work) const;
  double cached_distance(int j, const Eigen::Vector3d& p, Workspace& work) const;
  void start_ssf_point(Workspace& work) const;
  // partition_gradient.cpp
  double becke_weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work) const;
  double ssf_weight_gradient(int atom, const Eigen::Vector3d& p, Workspace& work) const;
  void add_ssf_cell_gradient(int k, double r_k, double scale, const Eigen::Vector3d& p, Workspace& work) const;
  void add_pair_gradient(int k, int j, double r_k, double r_j, double dmu_scale, const Eigen::Vector3d& p,
                         Workspace& work) const;

  struct Neighbour {
    double distance;          // bohr
    double inverse_distance;  // 1/bohr
    int atom;
  };

  PartitionScheme scheme_;
  std::vector<Eigen::Vector3d> positions_;
  int natoms_ = 0;
  Eigen::MatrixXd inverse_distance_;  // 1/R_ij (Becke cells)
  Eigen::MatrixXd size_adjustment_;   // a_ij (Becke cells)
  std::vector<std::vector<Neighbour>> neighbours_;  // per atom, others by increasing distance (SSF)
};

}  // namespace atropos
