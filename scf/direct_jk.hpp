#pragma once
// Integral-direct J and K with libint2: every call recomputes the shell quartets it needs.
//
// Screening: Schwarz bounds Q_ab = max|(ab|ab)|^(1/2) times the largest density block the
// quartet touches (density-weighted screening, so incremental builds with small density
// changes skip most quartets). 8-fold permutational symmetry. Work split: significant bra
// shell pairs dealt round-robin over (rank, thread); one sum over ranks per call.

#include <memory>

#include "basis/basis_set.hpp"
#include "parallel/communicator.hpp"
#include "scf/jk_builder.hpp"

namespace atropos {

struct DirectJkOptions {
  double screening_threshold = 1e-12;  // quartets with bound below this are skipped (Eh)
  // Range separation: 0 = Coulomb operator 1/r; > 0 = erf(omega r)/r (long-range part, bohr^-1).
  double omega = 0.0;
};

class DirectJk : public JkBuilder {
 public:
  DirectJk(const BasisSet& basis, const Communicator& comm, DirectJkOptions options = {});
  ~DirectJk() override;

  void compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
               std::vector<Eigen::MatrixXd>* exchange) override;
  std::pair<double, double> last_quartet_counts() const override { return last_counts_; }

 private:
  struct Impl;  // libint2 objects stay out of this header
  std::unique_ptr<Impl> impl_;
  std::pair<double, double> last_counts_{0.0, 0.0};
};

}  // namespace atropos
