#pragma once
// Atom correspondence between two structures with the same connectivity but any atom order.
//
// Method: topological colours (geometry/atom_colours.hpp) restrict which atoms may match; from a
// set of starting orientations (principal axes with their sign/degeneracy ambiguities, and atoms
// that are topologically unique) the assignment is refined by alternating Hungarian matching
// within each colour class and Kabsch superposition. If the final assignment breaks a bond, a
// graph-isomorphism search ordered by distance in the current superposition replaces it, so the
// result is always a true isomorphism of the bond graphs. The lowest RMSD over starts wins.

#include <optional>
#include <vector>

#include "geometry/connectivity.hpp"
#include "geometry/kabsch.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct AtomMatch {
  std::vector<int> map;         // map[i]: the atom of b matched with atom i of a
  Superposition superposition;  // moves b, reordered by map, onto a; rmsd in bohr
};

// std::nullopt when the structures are not comparable: different element counts or bond graphs
// that are not isomorphic.
std::optional<AtomMatch> match_atoms(const Molecule& a, const BondGraph& graph_a, const Molecule& b,
                                     const BondGraph& graph_b);

// The atoms of `molecule` in the order of `map` (result[i] = molecule[map[i]]).
Molecule reorder_atoms(const Molecule& molecule, const std::vector<int>& map);

}  // namespace atropos
