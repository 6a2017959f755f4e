#include "scf/grid/atomic_radii.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

// clang-format off
// Angstrom; index = Z (0 unused). Sources in atomic_radii.hpp.
constexpr std::array<double, kMaxAtomicNumber + 1> kBraggSlater = {
    0.00,
    0.35, 0.40,                                                                        // H  He
    1.45, 1.05, 0.85, 0.70, 0.65, 0.60, 0.50, 0.55,                                    // Li-Ne
    1.80, 1.50, 1.25, 1.10, 1.00, 1.00, 1.00, 0.90,                                    // Na-Ar
    2.20, 1.80, 1.60, 1.40, 1.35, 1.40, 1.40, 1.40, 1.35, 1.35, 1.35, 1.35,            // K -Zn
    1.30, 1.25, 1.15, 1.15, 1.15, 1.20,                                                // Ga-Kr
    2.35, 2.00, 1.80, 1.55, 1.45, 1.45, 1.35, 1.30, 1.35, 1.40, 1.60, 1.55,            // Rb-Cd
    1.55, 1.45, 1.45, 1.40, 1.40, 1.40,                                                // In-Xe
    2.60, 2.15, 1.95, 1.85, 1.85, 1.85, 1.85, 1.85, 1.85, 1.80, 1.75, 1.75, 1.75,      // Cs-Ho
    1.75, 1.75, 1.75, 1.75,                                                            // Er-Lu
    1.55, 1.45, 1.35, 1.35, 1.30, 1.35, 1.35, 1.35, 1.50,                              // Hf-Hg
    1.90, 1.80, 1.60, 1.90, 1.90, 1.90};                                               // Tl-Rn

// Treutler-Ahlrichs xi; index = Z.
constexpr std::array<double, kMaxAtomicNumber + 1> kTreutlerXi = {
    0.0,
    0.8, 0.9,                                                                          // H  He
    1.8, 1.4, 1.3, 1.1, 0.9, 0.9, 0.9, 0.9,                                            // Li-Ne
    1.4, 1.3, 1.3, 1.2, 1.1, 1.0, 1.0, 1.0,                                            // Na-Ar
    1.5, 1.4, 1.3, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 1.1, 1.1,                        // K -Zn
    1.1, 1.0, 0.9, 0.9, 0.9, 0.9,                                                      // Ga-Kr
    2.0, 1.7, 1.5, 1.5, 1.35, 1.35, 1.25, 1.2, 1.25, 1.3, 1.5, 1.5,                    // Rb-Cd
    1.3, 1.2, 1.2, 1.15, 1.15, 1.15,                                                   // In-Xe
    2.5, 2.2, 2.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, // Cs-Lu
    1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5,                                       // Hf-Hg
    1.5, 1.5, 1.5, 1.5, 1.5, 1.5};                                                     // Tl-Rn

// Psi4 1.3.2 GetBSRadius, bohr; index = Z, Z > 54 use kPsi4RadiusBeyondXe.
constexpr std::array<double, 55> kPsi4GridRadius = {
    1.000,
    1.001, 1.012,                                                                      // H  He
    0.825, 1.408, 1.485, 1.452, 1.397, 1.342, 1.287, 1.243,                            // Li-Ne
    1.144, 1.364, 1.639, 1.716, 1.705, 1.683, 1.639, 1.595,                            // Na-Ar
    1.485, 1.474, 1.562, 1.562, 1.562, 1.562, 1.562, 1.562, 1.562, 1.562, 1.562, 1.562, // K -Zn
    1.650, 1.727, 1.760, 1.771, 1.749, 1.727,                                          // Ga-Kr
    1.628, 1.606, 1.639, 1.639, 1.639, 1.639, 1.639, 1.639, 1.639, 1.639, 1.639, 1.639, // Rb-Cd
    1.672, 1.804, 1.881, 1.892, 1.892, 1.881};                                         // In-Xe
constexpr double kPsi4RadiusBeyondXe = 1.881;
// clang-format on

void check(int Z) {
  if (Z < 1 || Z > kMaxAtomicNumber)
    throw std::out_of_range("grid parameters: atomic number " + std::to_string(Z) + " outside 1.." +
                            std::to_string(kMaxAtomicNumber));
}

}  // namespace

double bragg_slater_radius_angstrom(int Z) {
  check(Z);
  return kBraggSlater[static_cast<std::size_t>(Z)];
}

double bragg_slater_radius_bohr(int Z) { return bragg_slater_radius_angstrom(Z) * units::angstrom_in_bohr; }

double treutler_xi(int Z) {
  check(Z);
  return kTreutlerXi[static_cast<std::size_t>(Z)];
}

double psi4_grid_radius(int Z) {
  check(Z);
  return Z < static_cast<int>(kPsi4GridRadius.size()) ? kPsi4GridRadius[static_cast<std::size_t>(Z)] : kPsi4RadiusBeyondXe;
}

double mura_knowles_scale(int Z) {
  check(Z);
  switch (Z) {
    case 3: case 4: case 11: case 12: case 19: case 20: case 37: case 38: case 55: case 56:
      return 7.0;
    default:
      return 5.0;
  }
}

int periodic_row(int Z) {
  check(Z);
  if (Z <= 2) return 1;
  if (Z <= 10) return 2;
  if (Z <= 18) return 3;
  if (Z <= 36) return 4;
  if (Z <= 54) return 5;
  return 6;
}

}  // namespace atropos
