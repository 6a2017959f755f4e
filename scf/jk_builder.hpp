#pragma once
// Coulomb and exchange matrices from densities: the two-electron part of every Fock matrix.
//
// For each symmetric AO density D_i:
//   J[D_i]_ab = sum_cd (ab|cd) D_i,cd        K[D_i]_ab = sum_cd (ac|bd) D_i,cd
// Densities and results are replicated on every rank; implementations split the integral
// work over the builder's communicator and threads and sum once per call.

#include <Eigen/Core>
#include <vector>

namespace atropos {

class JkBuilder {
 public:
  virtual ~JkBuilder() = default;

  // Pass nullptr for the matrices that are not wanted (pure DFT needs no K).
  virtual void compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
                       std::vector<Eigen::MatrixXd>* exchange) = 0;

  // Quartets computed / skipped by screening in the last call (summed over ranks), for logs.
  virtual std::pair<double, double> last_quartet_counts() const { return {0.0, 0.0}; }
};

}  // namespace atropos
