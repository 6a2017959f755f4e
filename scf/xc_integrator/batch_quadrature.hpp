#pragma once
// The XC quadrature on one grid batch: basis functions on its points, densities, libxc, and the
// batch's contribution to the energy, electron counts and potential matrices.
//
// One object per thread: it owns the scratch buffers (grown to the largest batch seen, reused)
// and the thread's accumulators; XcIntegrator deals the batches and sums the accumulators.
// With m the batch's significant functions and A = [Phi; dPhi_x; dPhi_y; dPhi_z] (n points):
//   density:   Y = A D_sub (LDA, GGA: Phi D_sub only); rho = rowsum(Y o Phi),
//              grad rho = 2 rowsum(Y o dPhi_k), tau = 1/2 sum_k rowsum((dPhi_k D_sub) o dPhi_k)
//   potential: Z = w (1/2 vrho Phi + g . grad Phi) [+ blocks w vtau/4 dPhi_k],
//              V_sub = A^T Z + (A^T Z)^T, scattered into V.

#include <Eigen/Core>
#include <vector>

#include "scf/xc/xc_functional.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"

namespace atropos {

// Thread-seconds per phase (see XcTimings in xc_integrator.hpp).
struct BatchTimings {
  double basis = 0.0;
  double density = 0.0;
  double functional = 0.0;
  double potential = 0.0;
};

class BatchQuadrature {
 public:
  // nspin: 1 (total density, unpolarised functional) or 2 (alpha, beta; polarised).
  BatchQuadrature(const BasisOnGrid& basis, const XcFunctional& functional, int nspin);

  // Adds the contribution of the points (3 x n, bohr) with weights (n, bohr^3) lying within
  // `radius` of `centre`, for the symmetric density matrices D (one per spin, nbf x nbf).
  void add(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Ref<const Eigen::VectorXd>& weights,
           const Eigen::Vector3d& centre, double radius, const std::vector<Eigen::MatrixXd>& D);

  // Accumulated over every add() since construction.
  std::vector<Eigen::MatrixXd>& potential() { return V_; }  // per spin, nbf x nbf
  double energy() const { return energy_; }
  const std::vector<double>& electrons() const { return electrons_; }
  const BatchTimings& timings() const { return timings_; }

 private:
  Eigen::Index collocate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const Eigen::Vector3d& centre,
                         double radius);
  void densities(Eigen::Index n, Eigen::Index m, const std::vector<Eigen::MatrixXd>& D);
  void functional(Eigen::Index n, const Eigen::Ref<const Eigen::VectorXd>& weights);
  void potential(Eigen::Index n, Eigen::Index m, const Eigen::Ref<const Eigen::VectorXd>& weights);

  const BasisOnGrid& basis_;
  const XcFunctional& functional_;
  const int nspin_;
  const bool gga_, mgga_;
  const int blocks_;          // row blocks of A: 1 (values) or 4 (values, d/dx, d/dy, d/dz)
  const int density_blocks_;  // blocks of A that meet D: 4 for meta-GGA (tau), else 1

  // Scratch, grown as needed.
  std::vector<int> shells_, functions_;
  std::vector<double> A_, D_, Y_, Z_, M_, grad_, coef_;
  std::vector<double> rho_, sigma_, tau_, exc_, vrho_, vsigma_, vtau_;

  // Accumulators.
  std::vector<Eigen::MatrixXd> V_;
  double energy_ = 0.0;
  std::vector<double> electrons_;
  BatchTimings timings_;
};

}  // namespace atropos
