#include "scf/grid/grid_spec.hpp"

#include <cctype>
#include <cmath>

#include "common/error.hpp"
#include "scf/grid/atomic_radii.hpp"
#include "scf/grid/lebedev.hpp"

namespace atropos {

namespace {

std::string field(const std::string& where, const std::string& name) {
  return where.empty() ? name : where + " " + name;
}

}  // namespace

GridSpec grid_spec_for_level(GridLevel level) {
  GridSpec spec;
  switch (level) {
    case GridLevel::Coarse:
      spec.name = "coarse";
      spec.radial_points = {35, 40, 45, 50, 55, 60};
      spec.angular_points = 194;
      break;
    case GridLevel::Default:
      spec.name = "default";
      spec.radial_points = {50, 60, 65, 70, 75, 80};
      spec.angular_points = 302;
      break;
    case GridLevel::Fine:
      // About Psi4's (99, 590): Mura-Knowles radial grids converge faster than Treutler's.
      spec.name = "fine";
      spec.radial_points = {75, 99, 99, 110, 120, 130};
      spec.angular_points = 590;
      break;
    case GridLevel::UltraFine:
      spec.name = "ultrafine";
      spec.radial_points = {99, 150, 150, 175, 200, 225};
      spec.angular_points = 974;
      break;
  }
  return spec;
}

GridSpec grid_spec_for_level(const std::string& level, const std::string& where) {
  std::string key;
  for (char c : level)
    if (c != '-' && c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "coarse") return grid_spec_for_level(GridLevel::Coarse);
  if (key == "default" || key == "medium") return grid_spec_for_level(GridLevel::Default);
  if (key == "fine") return grid_spec_for_level(GridLevel::Fine);
  if (key == "ultrafine") return grid_spec_for_level(GridLevel::UltraFine);
  throw InputError("unknown grid level '" + level + "'; allowed: coarse, default, fine, ultrafine", where);
}

GridSpec explicit_grid_spec(int radial_points, int angular_points, const std::string& where) {
  GridSpec spec;
  spec.name = "explicit";
  spec.radial_points.fill(radial_points);
  spec.angular_points = angular_points;
  spec.prune = false;
  validate(spec, where);
  return spec;
}

GridSpec psi4_grid_spec(int radial_points, int angular_points, double max_distance, RadialScheme radial,
                        PartitionScheme nuclear, const std::string& where) {
  GridSpec spec = explicit_grid_spec(radial_points, angular_points, where);
  spec.name = "psi4";
  spec.radial_scheme = psi4_radial_scheme(radial);
  spec.partition = psi4_partition_scheme(nuclear);
  spec.psi4_orientation = true;
  spec.weight_threshold = -1.0;  // Psi4 keeps zero weights
  spec.max_distance = max_distance;
  validate(spec, where);
  return spec;
}

void validate(const GridSpec& spec, const std::string& where) {
  for (int n : spec.radial_points)
    if (n < 1 || n > 10000)
      throw InputError("radial point count " + std::to_string(n) + " outside 1..10000", field(where, "radial_points"));
  lebedev_degree(spec.angular_points, field(where, "angular_points"));  // throws listing the allowed counts
  if (std::isnan(spec.weight_threshold)) throw InputError("weight threshold is NaN", field(where, "weight_threshold"));
  if (!(spec.bs_radius_alpha > 0.0))
    throw InputError("must be positive, got " + std::to_string(spec.bs_radius_alpha), field(where, "dft_bs_radius_alpha"));
  if (!(spec.max_distance > 0.0))
    throw InputError("must be positive, got " + std::to_string(spec.max_distance), field(where, "max_distance"));
  if (spec.max_batch_points < 1)
    throw InputError("batch size must be >= 1, got " + std::to_string(spec.max_batch_points),
                     field(where, "max_batch_points"));
}

int radial_points_for_element(const GridSpec& spec, int Z) {
  return spec.radial_points[static_cast<std::size_t>(periodic_row(Z) - 1)];
}

}  // namespace atropos
