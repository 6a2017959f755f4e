#pragma once
// One contracted shell of Gaussian functions, as read from a basis-set file.
//
// Coefficients are the file's, for primitives normalised individually; the integral layer
// (scf/libint_bridge) hands them to libint2, which normalises the contracted function.

#include <Eigen/Core>
#include <vector>

namespace atropos {

struct Shell {
  int l = 0;                  // angular momentum
  bool pure = true;           // spherical harmonics (2l+1 functions) or Cartesian ((l+1)(l+2)/2)
  std::vector<double> exponents;     // bohr^-2
  std::vector<double> coefficients;  // one per exponent
  Eigen::Vector3d center = Eigen::Vector3d::Zero();  // bohr
  int atom = -1;              // index of the atom it sits on

  int size() const { return pure ? 2 * l + 1 : (l + 1) * (l + 2) / 2; }
  int primitive_count() const { return static_cast<int>(exponents.size()); }
};

}  // namespace atropos
