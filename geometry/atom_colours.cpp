#include "geometry/atom_colours.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace atropos {

std::vector<std::vector<int>> refine_atom_colours(const std::vector<const Molecule*>& molecules,
                                                  const std::vector<const BondGraph*>& graphs) {
  if (molecules.size() != graphs.size())
    throw std::invalid_argument("refine_atom_colours: one graph per molecule");
  std::vector<std::vector<int>> colours(molecules.size());
  std::size_t total_atoms = 0;
  {
    std::map<std::pair<int, int>, int> initial;
    for (std::size_t m = 0; m < molecules.size(); ++m)
      for (std::size_t i = 0; i < molecules[m]->size(); ++i)
        initial.emplace(std::make_pair((*molecules[m])[i].Z,
                                       static_cast<int>(graphs[m]->neighbours(static_cast<int>(i)).size())), 0);
    int next = 0;
    for (auto& entry : initial) entry.second = next++;
    for (std::size_t m = 0; m < molecules.size(); ++m) {
      total_atoms += molecules[m]->size();
      for (std::size_t i = 0; i < molecules[m]->size(); ++i)
        colours[m].push_back(initial.at({(*molecules[m])[i].Z,
                                         static_cast<int>(graphs[m]->neighbours(static_cast<int>(i)).size())}));
    }
  }
  std::size_t classes = 0;
  for (std::size_t round = 0; round <= total_atoms; ++round) {
    // Signature: own colour followed by the sorted colours of the neighbours. A std::map keyed by
    // signature renumbers classes in a canonical (order-independent) way.
    std::map<std::vector<int>, int> renumber;
    std::vector<std::vector<std::vector<int>>> signatures(molecules.size());
    for (std::size_t m = 0; m < molecules.size(); ++m)
      for (std::size_t i = 0; i < colours[m].size(); ++i) {
        std::vector<int> signature{colours[m][i]};
        for (int j : graphs[m]->neighbours(static_cast<int>(i))) signature.push_back(colours[m][j]);
        std::sort(signature.begin() + 1, signature.end());
        renumber.emplace(signature, 0);
        signatures[m].push_back(std::move(signature));
      }
    int next = 0;
    for (auto& entry : renumber) entry.second = next++;
    for (std::size_t m = 0; m < molecules.size(); ++m)
      for (std::size_t i = 0; i < colours[m].size(); ++i) colours[m][i] = renumber.at(signatures[m][i]);
    if (renumber.size() == classes) break;  // stable partition
    classes = renumber.size();
  }
  return colours;
}

}  // namespace atropos
