#include "geometry/connectivity.hpp"

#include <algorithm>
#include <numeric>

#include "geometry/element.hpp"
#include "geometry/spatial_hash.hpp"
#include "geometry/units.hpp"

namespace atropos {

bool is_bonded(int Z1, int Z2, double distance_bohr, const ConnectivityOptions& options) {
  const double limit =
      covalent_radius_angstrom(Z1) + covalent_radius_angstrom(Z2) + options.tolerance_angstrom;
  const double d = distance_bohr * units::bohr_in_angstrom;
  return d >= options.min_distance_angstrom && d <= limit;
}

double max_bond_length_bohr(const ConnectivityOptions& options) {
  double largest = 0.0;
  for (int Z = 1; Z <= kMaxAtomicNumber; ++Z) largest = std::max(largest, covalent_radius_angstrom(Z));
  return (2.0 * largest + options.tolerance_angstrom) * units::angstrom_in_bohr;
}

void BondGraph::add_bond(int i, int j) {
  if (i == j || bonded(i, j)) return;
  bonds_.emplace_back(std::min(i, j), std::max(i, j));
  neighbours_[i].push_back(j);
  neighbours_[j].push_back(i);
}

bool BondGraph::bonded(int i, int j) const {
  const auto& n = neighbours_[i];
  return std::find(n.begin(), n.end(), j) != n.end();
}

void BondGraph::finalise() {
  std::sort(bonds_.begin(), bonds_.end());
  for (auto& n : neighbours_) std::sort(n.begin(), n.end());
}

BondGraph find_bonds(const Molecule& molecule, const ConnectivityOptions& options) {
  const std::size_t n = molecule.size();
  BondGraph graph(n);
  if (n == 0) return graph;
  // The cut-off of the actual elements present (not the whole table) keeps cells small.
  double largest = 0.0;
  for (const auto& atom : molecule.atoms()) largest = std::max(largest, covalent_radius_angstrom(atom.Z));
  const double cutoff = (2.0 * largest + options.tolerance_angstrom) * units::angstrom_in_bohr;
  std::vector<Eigen::Vector3d> points;
  points.reserve(n);
  for (const auto& atom : molecule.atoms()) points.push_back(atom.position);
  const SpatialHash hash(std::move(points), cutoff);
  for (std::size_t i = 0; i < n; ++i)
    hash.for_each_within(molecule[i].position, cutoff, [&](int j, double d) {
      if (j > static_cast<int>(i) && is_bonded(molecule[i].Z, molecule[j].Z, d, options))
        graph.add_bond(static_cast<int>(i), j);
    });
  graph.finalise();
  return graph;
}

std::vector<std::vector<int>> fragments(const BondGraph& graph) {
  const int n = static_cast<int>(graph.size());
  std::vector<int> component(n, -1);
  std::vector<std::vector<int>> result;
  for (int start = 0; start < n; ++start) {
    if (component[start] >= 0) continue;
    const int id = static_cast<int>(result.size());
    std::vector<int> members{start}, stack{start};
    component[start] = id;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      for (int j : graph.neighbours(i))
        if (component[j] < 0) {
          component[j] = id;
          members.push_back(j);
          stack.push_back(j);
        }
    }
    std::sort(members.begin(), members.end());
    result.push_back(std::move(members));
  }
  return result;
}

Molecule select_atoms(const Molecule& molecule, const std::vector<int>& indices) {
  std::vector<Atom> atoms;
  atoms.reserve(indices.size());
  for (int i : indices) atoms.push_back(molecule[i]);
  return Molecule(std::move(atoms));
}

}  // namespace atropos
