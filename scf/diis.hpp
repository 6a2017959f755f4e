#pragma once
// Pulay's direct inversion in the iterative subspace (DIIS) for Fock matrices.
// Works on one or two spin blocks at once (UHF extrapolates both with common coefficients).

#include <Eigen/Core>
#include <deque>
#include <vector>

namespace atropos {

// sum_i c_i F_i over a history of (per-spin) Fock matrices, oldest first: how DIIS and ADIIS
// both turn their coefficients into a Fock matrix.
std::vector<Eigen::MatrixXd> combine_focks(const std::deque<std::vector<Eigen::MatrixXd>>& history, const Eigen::VectorXd& c);

class Diis {
 public:
  explicit Diis(int max_vectors = 8) : max_vectors_(max_vectors) {}

  // Stores (Fock, error) and returns the extrapolated Fock matrices.
  std::vector<Eigen::MatrixXd> extrapolate(const std::vector<Eigen::MatrixXd>& fock,
                                           const std::vector<Eigen::MatrixXd>& error) {
    push(fock, error);
    return combine(coefficients());
  }
  void push(const std::vector<Eigen::MatrixXd>& fock, const std::vector<Eigen::MatrixXd>& error);
  // Pulay coefficients over the stored vectors (oldest first; they sum to one).
  Eigen::VectorXd coefficients() const;
  std::vector<Eigen::MatrixXd> combine(const Eigen::VectorXd& c) const { return combine_focks(focks_, c); }
  void reset() { focks_.clear(); errors_.clear(); }
  std::size_t size() const { return focks_.size(); }

 private:
  int max_vectors_;
  std::deque<std::vector<Eigen::MatrixXd>> focks_;
  std::deque<std::vector<Eigen::MatrixXd>> errors_;
};

}  // namespace atropos
