#pragma once
// Quadratic-model steps and Hessian updates, in whatever coordinates the caller works in.
//
// rfo_step: rational function optimisation (Banerjee, Adams, Simons & Shepard, J. Phys. Chem.
//   89, 52 (1985)): the lowest eigenpair of the augmented Hessian [[H, g], [g^T, 0]] gives the
//   level shift mu, s = -(H - mu)^-1 g. Longer than `trust`: mu is lowered further until |s| =
//   trust (the restricted-step, trust-region form of RFO), which stays a descent step.
// prfo_step: partitioned RFO for saddle points (eigenvector following; Baker, J. Comput. Chem.
//   7, 385 (1986)): maximise along one Hessian eigenvector, minimise along the rest; the whole step
//   scaled down to `trust` when longer.
// bfgs_update: skipped (returns false) unless s.y > 0 (curvature condition), which keeps H
//   positive definite.
// bofill_update: Bofill, J. Comput. Chem. 15, 1 (1994): phi SR1 + (1 - phi) PSB, phi =
//   (E.s)^2 / (|E|^2 |s|^2), E = y - H s. For saddle points (does not force positive definiteness).

#include <Eigen/Core>

namespace atropos {

struct RfoStep {
  Eigen::VectorXd step;
  bool trust_limited = false;  // shortened to the trust radius
};

// `h` symmetric, `g` the gradient, both in the same coordinates; trust > 0.
RfoStep rfo_step(const Eigen::MatrixXd& h, const Eigen::VectorXd& g, double trust);

struct PrfoStep {
  Eigen::VectorXd step;
  Eigen::VectorXd mode;        // the eigenvector maximised along (unit length)
  double mode_eigenvalue = 0;  // its Hessian eigenvalue (negative near a saddle point)
  bool trust_limited = false;
};

// Maximises along the eigenvector of `h` with the largest |overlap| with `follow` (unit length is
// not required), or, when `follow` is empty, the lowest eigenvector. Eigenvectors whose weight in
// `allowed` (a projector, v^T allowed v) is below 0.5 are never chosen: redundant or constrained
// directions. `allowed` may be empty (all allowed).
PrfoStep prfo_step(const Eigen::MatrixXd& h, const Eigen::VectorXd& g, double trust, const Eigen::VectorXd& follow,
                   const Eigen::MatrixXd& allowed);

bool bfgs_update(Eigen::MatrixXd& h, const Eigen::VectorXd& s, const Eigen::VectorXd& y);
bool bofill_update(Eigen::MatrixXd& h, const Eigen::VectorXd& s, const Eigen::VectorXd& y);

// g.s + s.H.s / 2
double quadratic_change(const Eigen::VectorXd& g, const Eigen::MatrixXd& h, const Eigen::VectorXd& s);

}  // namespace atropos
