#pragma once
// Covalent connectivity: atoms i and j are bonded when their distance is at most
// r_i + r_j + tolerance (Cordero covalent radii, geometry/element.hpp). Fragments are the
// connected components of that graph.

#include <utility>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos {

struct ConnectivityOptions {
  // Added to the sum of covalent radii, Angstrom. 0.4 is the usual choice (Jmol, OpenBabel use
  // 0.4-0.45); it catches long metal-metal and metal-hydride contacts without bonding
  // non-bonded neighbours in organic molecules (shortest C...H across a ring ~2.1 > 1.47).
  double tolerance_angstrom = 0.4;
  // Pairs closer than this are never bonds (overlapping/duplicate sites), Angstrom.
  double min_distance_angstrom = 0.1;
};

// Whether two atoms at distance `distance_bohr` count as bonded under `options`.
bool is_bonded(int Z1, int Z2, double distance_bohr, const ConnectivityOptions& options);
// The largest bond length any element pair can have under `options`, bohr (the neighbour cut-off).
double max_bond_length_bohr(const ConnectivityOptions& options);

class BondGraph {
 public:
  BondGraph() = default;
  explicit BondGraph(std::size_t natoms) : neighbours_(natoms) {}
  void add_bond(int i, int j);

  std::size_t size() const { return neighbours_.size(); }
  const std::vector<std::pair<int, int>>& bonds() const { return bonds_; }  // i < j, sorted
  const std::vector<int>& neighbours(int i) const { return neighbours_[i]; }  // sorted
  bool bonded(int i, int j) const;
  void finalise();  // sorts bond and neighbour lists (done by find_bonds)

 private:
  std::vector<std::pair<int, int>> bonds_;
  std::vector<std::vector<int>> neighbours_;
};

// Bonds of a molecule; uses a cell list, O(N) for molecules of ordinary density.
BondGraph find_bonds(const Molecule& molecule, const ConnectivityOptions& options = {});

// Connected components, each a sorted list of atom indices; ordered by their smallest index.
std::vector<std::vector<int>> fragments(const BondGraph& graph);

// The atoms `indices` of a molecule, in that order (charge 0, singlet).
Molecule select_atoms(const Molecule& molecule, const std::vector<int>& indices);

}  // namespace atropos
