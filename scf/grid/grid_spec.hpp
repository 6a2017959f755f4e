#pragma once
// What grid to build: radial/angular sizes, schemes, pruning, thresholds. Named levels
// (coarse, default, fine, ultrafine) or explicit [radial, angular] sizes like Psi4's (75, 302).
// The point counts of each level are documented in docs/grids.md.

#include <array>
#include <limits>
#include <string>

#include "scf/grid/partition.hpp"
#include "scf/grid/radial.hpp"

namespace atropos {

enum class GridLevel { Coarse, Default, Fine, UltraFine };

struct GridSpec {
  std::string name = "default";  // for logs: a level name or "explicit"
  // Radial points by periodic row: H-He, Li-Ne, Na-Ar, K-Kr, Rb-Xe, Cs-Rn.
  std::array<int, 6> radial_points{50, 60, 65, 70, 75, 80};
  int angular_points = 302;  // Lebedev count used away from the nuclei (the largest one)
  bool prune = true;         // fewer angular points close to the nuclei (pruning.hpp)
  RadialScheme radial_scheme = RadialScheme::MuraKnowles;
  PartitionScheme partition = PartitionScheme::StratmannScuseriaFrisch;
  double weight_threshold = 1e-15;  // points with |weight| at or below this are dropped (bohr^3); < 0: none
  int max_batch_points = 256;       // batches hold at most this many points
  // Psi4 1.3.2 compatibility (psi4_grid_spec; all off by default):
  double bs_radius_alpha = 1.0;   // Psi4's DFT_BS_RADIUS_ALPHA: scales the Psi4 radial schemes (radial.hpp)
  bool psi4_orientation = false;  // turn every atomic grid into Psi4's standard frame (orientation.hpp)
  // Points farther than this from every nucleus are dropped (bohr); Psi4 uses the extent of the
  // most diffuse basis function (basis/basis_extent.hpp).
  double max_distance = std::numeric_limits<double>::infinity();
};

GridSpec grid_spec_for_level(GridLevel level);
// "coarse", "default", "fine", "ultrafine" (case-insensitive); InputError otherwise.
GridSpec grid_spec_for_level(const std::string& level, const std::string& where = "");
// The same radial count for every element and an unpruned Lebedev grid, like Psi4's
// dft_radial_points / dft_spherical_points. InputError for unsupported sizes.
GridSpec explicit_grid_spec(int radial_points, int angular_points, const std::string& where = "");
// Psi4 1.3.2's grid for dft_radial_points / dft_spherical_points (docs/grids.md, "Psi4's grid"):
// the Psi4 variant of `radial` and `nuclear` (psi4_radial_scheme, psi4_partition_scheme; its
// defaults TREUTLER and TREUTLER), no pruning, Psi4's orientation, every point kept (even zero
// weights) except those farther than `max_distance` from every nucleus.
GridSpec psi4_grid_spec(int radial_points, int angular_points, double max_distance,
                        RadialScheme radial = RadialScheme::Psi4Treutler,
                        PartitionScheme nuclear = PartitionScheme::BeckeTreutler, const std::string& where = "");

// Throws InputError naming the field when a spec cannot be built.
void validate(const GridSpec& spec, const std::string& where = "");

int radial_points_for_element(const GridSpec& spec, int Z);

}  // namespace atropos
