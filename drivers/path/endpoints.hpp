#pragma once
// The two ends of a path brought into one frame: the atoms of the second structure put in the
// order of the first (geometry/atom_matching.hpp: a bond-graph isomorphism that minimises RMSD)
// and the second structure superposed onto the first by a proper rotation (Kabsch), so the band
// carries no rigid rotation or atom relabelling, only the internal change.
//
// For a chiral conformer and its mirror image the superposition is the best proper fit of the
// mirror image onto the original, and the band finds the path that interconverts them.

#include <vector>

#include "geometry/connectivity.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct PathEndpoints {
  Molecule first;  // as given
  Molecule last;   // atoms reordered like `first`, superposed onto it (bohr)
  std::vector<int> map;  // last[i] is atom map[i] of the structure given as last
  double rmsd = 0.0;     // bohr, after superposition
};

// `match_atom_order` false: the atoms must already correspond one to one (same elements in the
// same order); only the superposition is done. InputError naming the reason when the structures
// cannot be matched (different formula, charge or multiplicity, bond graphs that are not
// isomorphic, elements out of order without matching).
PathEndpoints prepare_endpoints(const Molecule& first, const Molecule& last, bool match_atom_order = true,
                                const ConnectivityOptions& bonds = {});

}  // namespace atropos
