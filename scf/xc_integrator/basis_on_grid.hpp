#pragma once
// Values (and first and second derivatives) of basis functions on blocks of grid points, with
// screening of the shells that cannot reach a batch.
//
// Conventions are libint2's (shell_normalisation.hpp, solid_harmonics.hpp), so the functions are
// the ones the one- and two-electron integrals, and hence the density matrices, refer to.
//
// Screening: a shell is significant for a batch (a sphere of given centre and radius holding all
// its points) when its extent (shell_extent.hpp: distance beyond which every function of the
// shell is below `threshold`) reaches the sphere. A kept shell is evaluated at every point of the
// block (vectorised; beyond the extent the values are below the threshold anyway).

#include <Eigen/Core>
#include <array>
#include <cstddef>
#include <vector>

#include "basis/basis_set.hpp"

namespace atropos {

class BasisOnGrid {
 public:
  // threshold: bohr^-3/2 (value of a normalised function); 1e-10 keeps the density error far
  // below the quadrature error. Throws InputError for malformed shells, std::invalid_argument
  // unless threshold > 0.
  explicit BasisOnGrid(const BasisSet& basis, double threshold = 1e-10);

  std::size_t function_count() const { return function_count_; }
  std::size_t shell_count() const { return shells_.size(); }
  double threshold() const { return threshold_; }
  double extent(std::size_t shell) const { return shells_[shell].extent; }  // bohr

  // Indices (ascending) of the shells whose extent reaches the sphere (centre, radius), bohr.
  void significant_shells(const Eigen::Vector3d& centre, double radius, std::vector<int>& shells) const;
  // Number of functions of `shells` and, in `functions`, their indices in the basis (ascending).
  std::size_t functions_of(const std::vector<int>& shells, std::vector<int>& functions) const;

  // Values of the functions of `shells` (in order) at the columns of `points` (bohr): value of
  // function f at point p goes to values[p + f * ld] (column-major, ld >= number of points).
  // When dx, dy, dz are non-null the Cartesian derivatives (bohr^-5/2) go there with the same
  // layout. The four blocks may be parts of one matrix (e.g. stacked rows with ld = 4 n).
  void evaluate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells, double* values,
                std::ptrdiff_t ld, double* dx = nullptr, double* dy = nullptr, double* dz = nullptr) const;

  // Values, first and second derivatives, same layout, one block per entry of `blocks`:
  // kSecondDerivativeBlocks = 10 blocks: value, d/dx, d/dy, d/dz, then d2/dxdx, dxdy, dxdz, dydy,
  // dydz, dzdz (bohr^-7/2). Values and first derivatives are bit-identical to evaluate()'s.
  static constexpr int kSecondDerivativeBlocks = 10;
  void evaluate_second(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells,
                       const std::array<double*, kSecondDerivativeBlocks>& blocks, std::ptrdiff_t ld) const;

  // Convenience for tests and small jobs: all functions of the basis at `points`, points x nbf.
  Eigen::MatrixXd values(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const;
  // The three derivative matrices, points x nbf each.
  std::array<Eigen::MatrixXd, 3> gradients(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const;
  // The six second-derivative matrices (xx, xy, xz, yy, yz, zz), points x nbf each.
  std::array<Eigen::MatrixXd, 6> hessians(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const;

 private:
  struct Term {  // one nonzero of the Cartesian -> spherical transformation
    int spherical;
    int cartesian;
    double coefficient;
  };
  struct ShellData {
    int l = 0;
    bool pure = false;
    int size = 0;
    std::size_t first_function = 0;
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
    std::vector<double> exponents;
    std::vector<double> coefficients;  // normalised (libint2 convention)
    double extent = 0.0;               // bohr
  };

  struct Workspace;  // per-call arrays over the points (basis_on_grid.cpp)
  // order 0: values; 1: and first derivatives; 2: and second derivatives. out[k] is block k
  // (1, 4 or 10 blocks) shifted to the shell's first column.
  void evaluate_shell(const ShellData& shell, const Eigen::Ref<const Eigen::Matrix3Xd>& points, Workspace& ws,
                      int order, double* const* out, std::ptrdiff_t ld) const;
  void evaluate_blocks(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells, int order,
                       double* const* blocks, std::ptrdiff_t ld) const;

  std::size_t function_count_ = 0;
  double threshold_;
  std::vector<ShellData> shells_;
  std::vector<std::vector<std::array<int, 3>>> cartesian_;  // components by l
  std::vector<std::vector<Term>> spherical_;                // transformation by l
};

}  // namespace atropos
