#pragma once
// Geometric constraints of an optimisation: frozen atoms (all three Cartesian coordinates), and
// distances, bends and dihedrals kept at a value, either their value at the start (no target) or a
// given target (bohr, radians). A relaxed scan sets targets (drivers/optimize/scan.hpp).
//
// How the optimiser holds them (drivers/optimize/optimizer.hpp): the gradient and Hessian are
// projected onto the space where the constrained coordinates do not change (Peng et al. 1996,
// Baker 1997), the step towards a target not yet reached (at most max_constraint_change per step)
// is the smallest Cartesian displacement that makes it, and after every step the constrained
// coordinates are set to their step targets exactly by Newton iterations on the Cartesians
// (residual < 1e-12), so they hold to that precision at every evaluated point.

#include <optional>
#include <string>
#include <vector>

#include "drivers/optimize/primitive.hpp"

namespace atropos {

struct Constraint {
  enum class Kind { frozen_atom, distance, angle, dihedral };
  Kind kind = Kind::distance;
  std::vector<int> atoms;          // 0-based: 1, 2, 3 or 4 atoms
  std::optional<double> target;    // bohr or radians; none: the starting value

  static Constraint frozen_atom(int atom);
  static Constraint distance(int a, int b, std::optional<double> target = std::nullopt);
  static Constraint angle(int a, int b, int c, std::optional<double> target = std::nullopt);
  static Constraint dihedral(int a, int b, int c, int d, std::optional<double> target = std::nullopt);

  // The primitives it fixes: one, or three Cartesian ones for a frozen atom.
  std::vector<Primitive> primitives() const;
  std::string label() const;  // "frozen atom 3", "distance 1-2", ... (1-based)
};

}  // namespace atropos
