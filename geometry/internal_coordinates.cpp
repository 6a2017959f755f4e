#include "geometry/internal_coordinates.hpp"

#include <fmt/format.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

using Kind = InternalCoordinateRow::Kind;
using Tuple = std::vector<int>;

// A coordinate reads the same backwards: keep the smaller of the two orders.
Tuple canonical(Tuple t) {
  Tuple reversed(t.rbegin(), t.rend());
  return std::min(t, reversed);
}

std::vector<Tuple> enumerate(const BondGraph& g, Kind kind) {
  std::vector<Tuple> out;
  if (kind == Kind::bond) {
    for (const auto& [i, j] : g.bonds()) out.push_back({i, j});
  } else if (kind == Kind::angle) {
    for (int j = 0; j < static_cast<int>(g.size()); ++j)
      for (int i : g.neighbours(j))
        for (int k : g.neighbours(j))
          if (i < k) out.push_back({i, j, k});
  } else {
    for (const auto& [j, k] : g.bonds())
      for (int i : g.neighbours(j))
        for (int l : g.neighbours(k))
          if (i != k && l != j && i != l) out.push_back(canonical({i, j, k, l}));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double evaluate(const Molecule& m, Kind kind, const Tuple& t) {
  auto r = [&](int i) { return m[t[i]].position; };
  if (kind == Kind::bond) return (r(0) - r(1)).norm() * units::bohr_in_angstrom;
  if (kind == Kind::angle) {
    const Eigen::Vector3d a = r(0) - r(1), b = r(2) - r(1);
    return std::atan2(a.cross(b).norm(), a.dot(b)) * 180.0 / M_PI;
  }
  const Eigen::Vector3d b1 = r(1) - r(0), b2 = r(2) - r(1), b3 = r(3) - r(2);
  const Eigen::Vector3d n1 = b1.cross(b2), n2 = b2.cross(b3);
  return std::atan2(n1.cross(n2).dot(b2.normalized()), n1.dot(n2)) * 180.0 / M_PI;
}

// Difference of two values; dihedrals on the circle.
double difference(Kind kind, double a, double b) {
  double d = a - b;
  if (kind == Kind::dihedral) d = std::remainder(d, 360.0);
  return d;
}

std::string kind_name(Kind kind) {
  return kind == Kind::bond ? "bond" : kind == Kind::angle ? "angle" : "dihedral";
}

}  // namespace

InternalCoordinateTable make_internal_coordinate_table(const std::vector<Molecule>& structures,
                                                       const std::vector<std::string>& names,
                                                       const BondGraph& graph, const PointGroup& symmetry,
                                                       const TableOptions& options) {
  InternalCoordinateTable table;
  table.names = names;
  if (structures.empty()) return table;
  const Molecule& first = structures.front();
  std::vector<Kind> kinds{Kind::bond, Kind::angle};
  if (options.dihedrals) kinds.push_back(Kind::dihedral);
  for (Kind kind : kinds) {
    const std::vector<Tuple> coordinates = enumerate(graph, kind);
    // Group: union of coordinates mapped onto each other by an operation's atom permutation.
    std::map<Tuple, int> index;
    for (std::size_t c = 0; c < coordinates.size(); ++c) index[coordinates[c]] = static_cast<int>(c);
    std::vector<int> parent(coordinates.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const auto& op : symmetry.operations) {
      if (op.permutation.size() != first.size()) continue;
      if (kind == Kind::dihedral && !op.proper()) continue;
      for (std::size_t c = 0; c < coordinates.size(); ++c) {
        Tuple image;
        for (int atom : coordinates[c]) image.push_back(op.permutation[atom]);
        const auto it = index.find(canonical(image));
        if (it != index.end()) parent[find(static_cast<int>(c))] = find(it->second);
      }
    }
    std::map<int, InternalCoordinateRow> groups;  // keyed by root, ordered by first member
    for (std::size_t c = 0; c < coordinates.size(); ++c) {
      auto& row = groups[find(static_cast<int>(c))];
      row.kind = kind;
      row.members.push_back(coordinates[c]);
    }
    for (auto& [root, row] : groups) {
      for (const Molecule& m : structures) {
        std::vector<double> v;
        for (const auto& t : row.members) v.push_back(evaluate(m, kind, t));
        // Mean (dihedrals: around the first member, so values near +-180 average correctly).
        double mean = 0.0;
        for (double x : v) mean += difference(kind, x, v[0]);
        mean = v[0] + mean / v.size();
        if (kind == Kind::dihedral) mean = std::remainder(mean, 360.0);
        double lo = 0.0, hi = 0.0;
        for (double x : v) {
          lo = std::min(lo, difference(kind, x, mean));
          hi = std::max(hi, difference(kind, x, mean));
        }
        row.values.push_back(mean);
        row.member_range.push_back(hi - lo);
      }
      double lo = 0.0, hi = 0.0;
      for (double x : row.values) {
        lo = std::min(lo, difference(kind, x, row.values[0]));
        hi = std::max(hi, difference(kind, x, row.values[0]));
      }
      row.spread = hi - lo;
      for (std::size_t k = 0; k < row.members[0].size(); ++k) {
        const int atom = row.members[0][k];
        row.label += (k ? "-" : "") + element_symbol(first[atom].Z) + std::to_string(atom + 1);
      }
      table.rows.push_back(std::move(row));
    }
  }
  // Spreads equal to 1e-8 (rounding noise) tie and keep atom order, so tables are reproducible.
  auto key = [](const InternalCoordinateRow& r) {
    return std::make_tuple(static_cast<int>(r.kind), -std::llround(r.spread * 1e8), r.members[0]);
  };
  std::sort(table.rows.begin(), table.rows.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return table;
}

namespace {

std::string format_value(Kind kind, double v) {
  return kind == Kind::bond ? fmt::format("{:.4f}", v) : fmt::format("{:.2f}", v);
}

double largest(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

}  // namespace

std::string format_markdown(const InternalCoordinateTable& table) {
  std::string out = "| type | coordinate | n |";
  std::string rule = "|---|---|---:|";
  for (const auto& name : table.names) {
    out += " " + name + " |";
    rule += "---:|";
  }
  out += " spread | within group |\n" + rule + "---:|---:|\n";
  for (const auto& row : table.rows) {
    out += fmt::format("| {} | {} | {} |", kind_name(row.kind), row.label, row.members.size());
    for (double v : row.values) out += " " + format_value(row.kind, v) + " |";
    out += " " + format_value(row.kind, row.spread) + " | " + format_value(row.kind, largest(row.member_range)) + " |\n";
  }
  out += "\nLengths in Angstrom, angles in degrees; n = symmetry-equivalent coordinates in the row "
         "(values are their mean); within group = largest spread among them in any structure.\n";
  return out;
}

std::string format_csv(const InternalCoordinateTable& table) {
  std::string out = "type,coordinate,atoms,n";
  for (const auto& name : table.names) out += "," + name;
  out += ",spread,within_group\n";
  for (const auto& row : table.rows) {
    std::string atoms;
    for (const auto& member : row.members) {
      if (!atoms.empty()) atoms += ";";
      for (std::size_t k = 0; k < member.size(); ++k) atoms += (k ? "-" : "") + std::to_string(member[k] + 1);
    }
    out += fmt::format("{},{},{},{}", kind_name(row.kind), row.label, atoms, row.members.size());
    for (double v : row.values) out += fmt::format(",{:.6f}", v);
    out += fmt::format(",{:.6f},{:.6f}\n", row.spread, largest(row.member_range));
  }
  return out;
}

}  // namespace atropos
