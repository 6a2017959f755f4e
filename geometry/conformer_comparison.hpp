#pragma once
// Same conformer, enantiomer or different conformer? Two structures with the same bond graph are
// matched atom by atom (geometry/atom_matching.hpp) and superposed; the RMSD to the second
// structure and to its mirror image decide:
//   rmsd        <= threshold  -> same        (an achiral structure is its own mirror image)
//   rmsd_mirror <= threshold  -> enantiomer
//   otherwise                 -> different
// Different formulas or non-isomorphic bond graphs -> not comparable.

#include <string>
#include <vector>

#include "geometry/connectivity.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

enum class Verdict { same, enantiomer, different, not_comparable };

// "same", "enantiomer", "different", "not comparable".
std::string to_string(Verdict verdict);

struct ComparisonOptions {
  // Largest RMSD (Angstrom) for two structures to count as the same conformer. 0.1 Angstrom
  // separates symmetry copies and re-optimised structures (~0.01) from distinct conformers
  // (torsions differing by ~10 degrees or more move peripheral atoms by >0.2 Angstrom).
  double same_threshold_angstrom = 0.1;
  ConnectivityOptions connectivity;
};

struct Comparison {
  Verdict verdict = Verdict::not_comparable;
  double rmsd = 0.0;         // bohr, best superposition of b onto a; 0 when not comparable
  double rmsd_mirror = 0.0;  // bohr, of b's mirror image onto a
  std::vector<int> map;         // atom of b matched with each atom of a (empty if not comparable)
  std::vector<int> mirror_map;  // the same for b's mirror image (same atom order as b)
  // The correspondence of the verdict: mirror_map for enantiomers, map otherwise.
  const std::vector<int>& best_map() const { return verdict == Verdict::enantiomer ? mirror_map : map; }
  std::string reason;        // why not comparable
};

Comparison compare_structures(const Molecule& a, const Molecule& b, const ComparisonOptions& options = {});

// The same with bond graphs already at hand (find_bonds(a), find_bonds(b)).
Comparison compare_structures(const Molecule& a, const BondGraph& graph_a, const Molecule& b,
                              const BondGraph& graph_b, const ComparisonOptions& options = {});

}  // namespace atropos
