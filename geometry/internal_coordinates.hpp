#pragma once
// Side-by-side internal coordinates of conformers with the same connectivity: every bond length,
// bond angle and (optionally) dihedral from the first structure's bond graph, evaluated in each
// structure (atoms already in corresponding order, see reorder_atoms), with symmetry-equivalent
// coordinates (related by the point-group operations of the first structure) merged into one row.
// Rows: bonds, then angles, then dihedrals, each sorted by spread (largest difference between
// structures first). Lengths Angstrom, angles
// degrees (converted here, at the output edge).

#include <string>
#include <vector>

#include "geometry/connectivity.hpp"
#include "geometry/molecule.hpp"
#include "geometry/point_group.hpp"

namespace atropos {

struct InternalCoordinateRow {
  enum class Kind { bond, angle, dihedral };
  Kind kind;
  std::vector<std::vector<int>> members;  // atom tuples (0-based) of the equivalent coordinates
  std::vector<double> values;             // per structure: mean over members (Angstrom or degrees)
  std::vector<double> member_range;       // per structure: max - min over members
  double spread = 0.0;                    // max - min of `values` over structures
  std::string label;                      // first member, "Cu1-Cu4", "O1-C2-O3" (1-based atoms)
};

struct InternalCoordinateTable {
  std::vector<std::string> names;  // one per structure (column headers)
  std::vector<InternalCoordinateRow> rows;
};

struct TableOptions {
  bool dihedrals = false;
};

// `structures` share atom order and the bond graph `graph` (of structures[0]); `symmetry` is the
// point group of structures[0] (its operations group equivalent coordinates; dihedrals are grouped
// by proper operations only, since a reflection flips their sign).
InternalCoordinateTable make_internal_coordinate_table(const std::vector<Molecule>& structures,
                                                       const std::vector<std::string>& names,
                                                       const BondGraph& graph, const PointGroup& symmetry,
                                                       const TableOptions& options = {});

std::string format_markdown(const InternalCoordinateTable& table);
std::string format_csv(const InternalCoordinateTable& table);

}  // namespace atropos
