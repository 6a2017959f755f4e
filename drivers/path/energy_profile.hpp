#pragma once
// The energy profile along a band: table, barriers, and a cubic interpolation that estimates the
// top between images.
//
// Reaction coordinate s: cumulative Cartesian distance between consecutive images over all atoms
// (not mass-weighted), bohr. The slope dE/ds at each image is the gradient projected on the path
// direction R_i+1 - R_i-1 (one-sided at the ends), as ASE's NEBTools does; a cubic Hermite
// polynomial on each interval matches the energies and these slopes at both ends, and its
// largest value is the interpolated barrier top (exact for a converged climbing image, a better
// estimate than the highest image otherwise).
//
// Barriers: forward = max_i E_i - E_first, reverse = max_i E_i - E_last (kcal/mol, from the
// images; the interpolated ones from the spline maximum).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "drivers/path/band_state.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

struct EnergyProfile {
  std::vector<double> path_length;  // s_i, bohr
  std::vector<double> energies;     // E_i, Eh
  std::vector<double> slopes;       // dE/ds at image i, Eh/bohr
  int highest_image = 0;
  int climbing_image = -1;  // -1: none
  double barrier_forward = 0.0;  // kcal/mol
  double barrier_reverse = 0.0;  // kcal/mol
  // Maximum of the interpolation: where (bohr), energy (Eh), barriers (kcal/mol).
  double top_path_length = 0.0;
  double top_energy = 0.0;
  double top_barrier_forward = 0.0;
  double top_barrier_reverse = 0.0;

  double relative_kcal(int image) const;     // (E_i - E_first), kcal/mol
  double interpolated_energy(double s) const;  // the cubic at s (bohr), Eh; clamped to [0, s_last]
};

EnergyProfile energy_profile(const std::vector<Eigen::MatrixX3d>& positions, const std::vector<double>& energies,
                             const std::vector<Eigen::MatrixX3d>& gradients, int climbing_image = -1);
// Of an evaluated band (InputError when it has not been evaluated).
EnergyProfile energy_profile(const BandState& state);

// Text table: image, s (Angstrom), E (Eh), E - E_first (kcal/mol), climbing/highest marks; then
// the barriers and the interpolated top.
std::string format_energy_profile(const EnergyProfile& profile);

// The images as XYZ frames (Angstrom) with "image k  E = ... Eh  dE = ... kcal/mol" comments;
// write_xyz_file(path, band_frames(...)) writes the multi-frame XYZ.
std::vector<XyzFrame> band_frames(const BandState& state);

}  // namespace atropos
