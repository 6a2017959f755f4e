#pragma once
// Physical constants used at the program's edges. Atomic units inside, Angstrom outside.

namespace atropos::units {

// CODATA 2018, the value libint2 2.7 uses by default and every reference input here was made with.
inline constexpr double bohr_in_angstrom = 0.529177210903;
inline constexpr double angstrom_in_bohr = 1.0 / bohr_in_angstrom;
// CODATA 2018 Hartree energy in kcal/mol (4.3597447222071e-18 J * N_A / 4184).
inline constexpr double hartree_in_kcal_mol = 627.5094740631;
// Atomic unit of electric dipole moment in Debye (CODATA 2018: e*a0 = 8.4783536255e-30 C m).
inline constexpr double au_dipole_in_debye = 2.541746473;

}  // namespace atropos::units
