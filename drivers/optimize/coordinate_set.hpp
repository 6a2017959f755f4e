#pragma once
// The optimiser's working coordinates: a list of primitives (drivers/optimize/primitive.hpp),
// either redundant internal coordinates (Peng, Ayala, Schlegel & Frisch, J. Comput. Chem. 17, 49
// (1996)) made from the bond graph, or plain Cartesian coordinates (three `cartesian` primitives
// per atom, B = identity).
//
// Redundant internals: bonds where r < bond_scale * (r_cov,a + r_cov,b) (Cordero radii); separate
// fragments are joined by their closest atom pair until the bond graph is connected; every angle
// a-b-c between bonded neighbours; near-linear angles (> linear_threshold) at two-coordinate
// centres become a pair of linear bends with perpendicular axes (dropped at centres with more
// neighbours, whose other angles span the space); dihedrals around every bond, extended through
// linear chains and skipped where an end angle is near-linear; an out-of-plane coordinate at each
// near-planar three-coordinate centre. When these do not span the 3N-6 (3N-5) internal degrees of
// freedom (rank of B), Cartesian primitives of every atom are added (and said so in `notes`).
// Primitives that constraints need are added when missing.
//
// Linear algebra (B is size x 3N): B^+ = (B^T B)^+ B^T through the 3N x 3N eigenproblem (cheaper
// than the size x size one of G = B B^T, same generalized inverse: B^T G^- = B^+); the gradient in
// these coordinates g_q = (B^+)^T g_x; the projector onto the non-redundant space P = B B^+ = G G^-.

#include <Eigen/Core>
#include <string>
#include <vector>

#include "drivers/optimize/primitive.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct InternalCoordinateOptions {
  double bond_scale = 1.3;                  // x sum of covalent radii
  double linear_threshold_degrees = 175.0;  // bends above this are treated as linear
  bool out_of_plane = true;                 // improper torsions at planar 3-coordinate centres
};

class CoordinateSet {
 public:
  enum class System { redundant_internal, cartesian };

  // Builds redundant internals for `molecule` (see above); `required` primitives are added when
  // not already present.
  static CoordinateSet redundant_internals(const Molecule& molecule, const InternalCoordinateOptions& options = {},
                                           const std::vector<Primitive>& required = {});
  static CoordinateSet cartesian(std::size_t natoms);
  // From stored parts (checkpoint restore); no checks beyond sizes.
  CoordinateSet(System system, std::size_t natoms, std::vector<Primitive> primitives);
  CoordinateSet() = default;

  System system() const { return system_; }
  bool is_cartesian() const { return system_ == System::cartesian; }
  std::size_t natoms() const { return natoms_; }
  int size() const { return static_cast<int>(primitives_.size()); }
  const std::vector<Primitive>& primitives() const { return primitives_; }
  const std::vector<std::string>& notes() const { return notes_; }  // what the builder had to do
  // Index of a primitive equal to `p` (Primitive::same_as), or -1.
  int find(const Primitive& p) const;

  Eigen::VectorXd values(const Eigen::MatrixX3d& positions) const;
  Eigen::MatrixXd b_matrix(const Eigen::MatrixX3d& positions) const;  // size x 3N
  // a - b per primitive, periodic ones wrapped into (-pi, pi].
  Eigen::VectorXd difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) const;
  // Sum_i g_i d^2 q_i / dx dx (3N x 3N): the term that relates Cartesian and internal Hessians
  // away from stationary points, H_x = B^T H_q B + K(g_q).
  Eigen::MatrixXd second_derivative_term(const Eigen::MatrixX3d& positions, const Eigen::VectorXd& g) const;
  // Empty when every primitive is well defined at `positions`; otherwise why not (a bend or a
  // dihedral end angle beyond linear_threshold, coinciding atoms). Cartesian sets never break down.
  std::string breakdown(const Eigen::MatrixX3d& positions, double linear_threshold_degrees = 175.0) const;

 private:
  System system_ = System::cartesian;
  std::size_t natoms_ = 0;
  std::vector<Primitive> primitives_;
  std::vector<std::string> notes_;
};

// (B^T B)^+ B^T with eigenvalues of B^T B below `threshold` treated as zero (3N x size).
Eigen::MatrixXd b_pseudo_inverse(const Eigen::MatrixXd& b, double threshold = 1e-8);
// Number of eigenvalues of B^T B above `threshold`.
int b_rank(const Eigen::MatrixXd& b, double threshold = 1e-8);

// Whether all atoms lie on one line (within 1e-6 bohr^2 of spread perpendicular to it).
bool is_linear_molecule(const Eigen::MatrixX3d& positions);

}  // namespace atropos
