#include "geometry/conformer_comparison.hpp"

#include "geometry/atom_matching.hpp"
#include "geometry/mirror.hpp"
#include "geometry/units.hpp"

namespace atropos {

std::string to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::same: return "same";
    case Verdict::enantiomer: return "enantiomer";
    case Verdict::different: return "different";
    case Verdict::not_comparable: return "not comparable";
  }
  return "not comparable";
}

Comparison compare_structures(const Molecule& a, const Molecule& b, const ComparisonOptions& options) {
  return compare_structures(a, find_bonds(a, options.connectivity), b, find_bonds(b, options.connectivity),
                            options);
}

Comparison compare_structures(const Molecule& a, const BondGraph& graph_a, const Molecule& b,
                              const BondGraph& graph_b, const ComparisonOptions& options) {
  Comparison result;
  if (a.formula() != b.formula()) {
    result.reason = "different formulas (" + a.formula() + ", " + b.formula() + ")";
    return result;
  }
  const auto direct = match_atoms(a, graph_a, b, graph_b);
  if (!direct) {
    result.reason = "different connectivity (bond graphs are not isomorphic)";
    return result;
  }
  // A reflection keeps every distance, so b's bond graph is also its mirror image's.
  const auto mirrored = match_atoms(a, graph_a, mirror_image(b), graph_b);
  result.rmsd = direct->superposition.rmsd;
  result.rmsd_mirror = mirrored ? mirrored->superposition.rmsd : direct->superposition.rmsd;
  result.map = direct->map;
  result.mirror_map = mirrored ? mirrored->map : direct->map;
  const double threshold = options.same_threshold_angstrom * units::angstrom_in_bohr;
  if (result.rmsd <= threshold)
    result.verdict = Verdict::same;
  else if (result.rmsd_mirror <= threshold)
    result.verdict = Verdict::enantiomer;
  else
    result.verdict = Verdict::different;
  return result;
}

}  // namespace atropos
