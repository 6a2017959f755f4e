#pragma once
// SI constants for vibrational analysis and thermochemistry: CODATA 2018 (E. Tiesinga et al.,
// Rev. Mod. Phys. 93, 025010 (2021); https://physics.nist.gov/cuu/Constants). h, k_B, N_A and c
// are exact since the 2019 SI redefinition; the others carry their CODATA 2018 digits.
// Atomic units stay inside the program; these convert at the edges (cm^-1, K, Pa, kcal/mol).

#include "geometry/units.hpp"

namespace atropos::codata2018 {

inline constexpr double planck = 6.62607015e-34;              // h, J s (exact)
inline constexpr double boltzmann = 1.380649e-23;             // k_B, J/K (exact)
inline constexpr double avogadro = 6.02214076e23;             // N_A, 1/mol (exact)
inline constexpr double speed_of_light = 299792458.0;         // c, m/s (exact)
inline constexpr double atomic_mass_unit = 1.66053906660e-27; // u, kg
inline constexpr double hartree = 4.3597447222071e-18;        // E_h, J
inline constexpr double bohr = 0.529177210903e-10;            // a_0, m (= units::bohr_in_angstrom)
inline constexpr double pi = 3.14159265358979323846;

// k_B in E_h/K (3.1668115634556e-6).
inline constexpr double boltzmann_hartree_per_kelvin = boltzmann / hartree;
// One wavenumber (cm^-1) as an energy h c (100 cm/m), in E_h (4.556335252912e-6).
inline constexpr double wavenumber_in_hartree = planck * speed_of_light * 100.0 / hartree;
// E_h in kcal/mol (CODATA 2018, the value geometry/units.hpp carries).
inline constexpr double hartree_in_kcal_mol = units::hartree_in_kcal_mol;

}  // namespace atropos::codata2018
