#include "drivers/path/endpoints.hpp"

#include <numeric>
#include <string>

#include "common/error.hpp"
#include "geometry/atom_matching.hpp"
#include "geometry/kabsch.hpp"

namespace atropos {

PathEndpoints prepare_endpoints(const Molecule& first, const Molecule& last, bool match_atom_order,
                                const ConnectivityOptions& bonds) {
  if (first.size() == 0) throw InputError("path endpoints: the first structure has no atoms");
  if (first.charge() != last.charge() || first.multiplicity() != last.multiplicity())
    throw InputError("path endpoints: charge/multiplicity differ (" + std::to_string(first.charge()) + "/" +
                     std::to_string(first.multiplicity()) + " and " + std::to_string(last.charge()) + "/" +
                     std::to_string(last.multiplicity()) + ")");
  if (first.formula() != last.formula())
    throw InputError("path endpoints cannot be matched: formulas differ (" + first.formula() + " and " +
                     last.formula() + ")");
  PathEndpoints out;
  out.first = first;
  if (match_atom_order) {
    const auto match = match_atoms(first, find_bonds(first, bonds), last, find_bonds(last, bonds));
    if (!match)
      throw InputError("path endpoints cannot be matched: the bond graphs of the two " + first.formula() +
                       " structures are not isomorphic (a bond is made or broken between them; give the atoms "
                       "in the same order and switch atom matching off)");
    out.map = match->map;
  } else {
    for (std::size_t i = 0; i < first.size(); ++i)
      if (first[i].Z != last[i].Z)
        throw InputError("path endpoints: atom " + std::to_string(i + 1) +
                         " is a different element in the two structures (atom matching is off)");
    out.map.resize(first.size());
    std::iota(out.map.begin(), out.map.end(), 0);
  }
  const Molecule reordered = reorder_atoms(last, out.map);
  const Superposition fit = kabsch(first.positions(), reordered.positions());
  out.last = reordered.with_positions(apply(fit, reordered.positions()));
  out.last.set_charge_and_multiplicity(last.charge(), last.multiplicity());
  out.rmsd = fit.rmsd;
  return out;
}

}  // namespace atropos
