#pragma once
// ADIIS (Hu & Yang, J. Chem. Phys. 132, 054109 (2010)): far from convergence, choose the convex
// combination of earlier Fock matrices that minimises the augmented Roothaan-Hall energy
//   E(c) = E_n + 2 sum_i c_i <D_i - D_n, F_n> + sum_ij c_i c_j <D_i - D_n, F_j - F_n>,
// c_i >= 0, sum c_i = 1. Unlike DIIS it cannot extrapolate into wild Fock matrices, which is
// what makes it robust for metal clusters; the solver blends it into DIIS as the orbital
// gradient falls (Garza & Scuseria, J. Chem. Phys. 137, 054110 (2012)).

#include <Eigen/Core>
#include <deque>
#include <vector>

#include "scf/diis.hpp"

namespace atropos {

// Minimises a + 2 b.c + c.M.c over the probability simplex exactly: the minimum of a quadratic
// on a simplex is a stationary point of its restriction to one face, so every face's KKT point
// (and every vertex) is tried. Fine for the <= 10 vectors an SCF keeps.
Eigen::VectorXd minimise_on_simplex(const Eigen::VectorXd& b, const Eigen::MatrixXd& M);

class Adiis {
 public:
  explicit Adiis(int max_vectors = 8) : max_vectors_(max_vectors) {}

  // Stores one iteration's spin densities and Fock matrices (the oldest goes beyond max_vectors).
  void push(const std::vector<Eigen::MatrixXd>& densities, const std::vector<Eigen::MatrixXd>& focks);
  // ADIIS coefficients over the stored pairs, newest last (`spin_factor` 2 for restricted blocks
  // standing for both spins).
  Eigen::VectorXd coefficients(double spin_factor) const;
  std::vector<Eigen::MatrixXd> combine(const Eigen::VectorXd& c) const { return combine_focks(focks_, c); }
  void reset() { densities_.clear(); focks_.clear(); }

 private:
  int max_vectors_;
  std::deque<std::vector<Eigen::MatrixXd>> densities_;
  std::deque<std::vector<Eigen::MatrixXd>> focks_;
};

}  // namespace atropos
