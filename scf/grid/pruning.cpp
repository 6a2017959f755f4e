#include "scf/grid/pruning.hpp"

#include <algorithm>
#include <cmath>

#include "scf/grid/atomic_radii.hpp"
#include "scf/grid/lebedev.hpp"

namespace atropos {

namespace {

struct Region {
  double radius_fraction;  // region ends at this multiple of the Bragg-Slater radius
  double degree_fraction;  // of the full degree
};

constexpr Region kRegions[] = {{0.25, 0.25}, {0.5, 0.5}, {0.8, 0.75}};

}  // namespace

int pruned_angular_points(int Z, double r, int full_points) {
  const int full_degree = lebedev_degree(full_points);
  const double bragg = bragg_slater_radius_bohr(Z);
  for (const Region& region : kRegions) {
    if (r >= region.radius_fraction * bragg) continue;
    const int degree = static_cast<int>(std::ceil(region.degree_fraction * full_degree));
    const int npoints = lebedev_points_for_degree(degree);
    return std::min(npoints, full_points);
  }
  return full_points;
}

}  // namespace atropos
