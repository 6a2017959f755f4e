#pragma once
// Topological atom classes by iterated neighbourhood refinement (Morgan 1965; 1-dimensional
// Weisfeiler-Lehman): start from (element, degree) and repeatedly split classes by the multiset of
// neighbour classes until nothing splits. Atoms of different colours can never be images of each
// other under a graph isomorphism, so colours restrict atom matching. Colours are computed jointly
// for several graphs, so equal numbers mean the same class in each.

#include <vector>

#include "geometry/connectivity.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// One colour vector per (molecule, graph) pair; colours are 0..k-1 shared by all.
std::vector<std::vector<int>> refine_atom_colours(const std::vector<const Molecule*>& molecules,
                                                  const std::vector<const BondGraph*>& graphs);

}  // namespace atropos
