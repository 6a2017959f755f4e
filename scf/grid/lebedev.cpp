#include "scf/grid/lebedev.hpp"

#include <array>
#include <cmath>
#include <map>

#include "common/error.hpp"
#include "scf/grid/lebedev_table.hpp"

namespace atropos {

namespace {

using lebedev_detail::Orbit;
using lebedev_detail::Rule;

constexpr double kFourPi = 4.0 * M_PI;

// Appends the points of one Oh orbit (Laikov's gen_oh), all with weight v.
void expand_orbit(const Orbit& orbit, std::vector<Eigen::Vector3d>& points) {
  const auto add_signed = [&points](double x, double y, double z) {
    // Every sign combination, skipping duplicates where a coordinate is zero.
    for (int sx : {1, -1})
      for (int sy : {1, -1})
        for (int sz : {1, -1}) {
          if ((x == 0.0 && sx < 0) || (y == 0.0 && sy < 0) || (z == 0.0 && sz < 0)) continue;
          points.emplace_back(sx * x, sy * y, sz * z);
        }
  };
  // The distinct coordinate permutations of (p, q, r), in a fixed order.
  const auto add_permutations = [&](double p, double q, double r) {
    const std::array<std::array<double, 3>, 6> perms = {{{p, q, r}, {p, r, q}, {q, p, r},
                                                          {q, r, p}, {r, p, q}, {r, q, p}}};
    std::vector<std::array<double, 3>> seen;
    for (const auto& c : perms) {
      bool duplicate = false;
      for (const auto& s : seen) duplicate = duplicate || s == c;
      if (duplicate) continue;
      seen.push_back(c);
      add_signed(c[0], c[1], c[2]);
    }
  };
  const double a = orbit.a, b = orbit.b;
  switch (orbit.code) {
    case 1: add_permutations(1.0, 0.0, 0.0); break;
    case 2: add_permutations(0.0, std::sqrt(0.5), std::sqrt(0.5)); break;
    case 3: add_permutations(std::sqrt(1.0 / 3.0), std::sqrt(1.0 / 3.0), std::sqrt(1.0 / 3.0)); break;
    case 4: add_permutations(a, a, std::sqrt(1.0 - 2.0 * a * a)); break;
    case 5: add_permutations(a, std::sqrt(1.0 - a * a), 0.0); break;
    case 6: add_permutations(a, b, std::sqrt(1.0 - a * a - b * b)); break;
    default: throw std::logic_error("lebedev table: unknown orbit code");
  }
}

AngularGrid expand_rule(const Rule& rule) {
  std::vector<Eigen::Vector3d> points;
  std::vector<double> weights;
  points.reserve(static_cast<std::size_t>(rule.npoints));
  for (int k = 0; k < rule.norbits; ++k) {
    expand_orbit(rule.orbits[k], points);
    weights.resize(points.size(), kFourPi * rule.orbits[k].v);
  }
  if (static_cast<int>(points.size()) != rule.npoints)
    throw std::logic_error("lebedev table: rule " + std::to_string(rule.npoints) + " expands to " +
                           std::to_string(points.size()) + " points");
  AngularGrid grid;
  grid.degree = rule.degree;
  grid.points.resize(3, rule.npoints);
  grid.weights.resize(rule.npoints);
  for (int i = 0; i < rule.npoints; ++i) {
    grid.points.col(i) = points[static_cast<std::size_t>(i)];
    grid.weights(i) = weights[static_cast<std::size_t>(i)];
  }
  return grid;
}

// All rules, expanded once on first use (function-local static: thread-safe initialisation).
const std::map<int, AngularGrid>& all_grids() {
  static const std::map<int, AngularGrid> grids = [] {
    std::map<int, AngularGrid> result;
    for (int i = 0; i < lebedev_detail::rule_count(); ++i) {
      const Rule& rule = lebedev_detail::rules()[i];
      result.emplace(rule.npoints, expand_rule(rule));
    }
    return result;
  }();
  return grids;
}

void throw_unknown(int npoints, const std::string& where) {
  throw InputError("no Lebedev grid with " + std::to_string(npoints) +
                       " angular points; allowed: " + lebedev_point_counts_text(),
                   where);
}

}  // namespace

const std::vector<int>& lebedev_point_counts() {
  static const std::vector<int> counts = [] {
    std::vector<int> result;
    for (int i = 0; i < lebedev_detail::rule_count(); ++i) result.push_back(lebedev_detail::rules()[i].npoints);
    return result;
  }();
  return counts;
}

bool is_lebedev_point_count(int npoints) { return all_grids().count(npoints) != 0; }

int lebedev_degree(int npoints, const std::string& where) { return lebedev_grid(npoints, where).degree; }

int lebedev_points_for_degree(int degree) {
  int chosen = 0;
  for (const auto& [npoints, grid] : all_grids()) {
    if (grid.weights.minCoeff() <= 0.0) continue;
    chosen = npoints;
    if (grid.degree >= degree) break;
  }
  return chosen;
}

const AngularGrid& lebedev_grid(int npoints, const std::string& where) {
  const auto& grids = all_grids();
  const auto it = grids.find(npoints);
  if (it == grids.end()) throw_unknown(npoints, where);
  return it->second;
}

std::string lebedev_point_counts_text() {
  std::string text;
  for (int n : lebedev_point_counts()) text += (text.empty() ? "" : ", ") + std::to_string(n);
  return text;
}

}  // namespace atropos
