#pragma once
// Per-element size parameters of the integration grids (H..Rn, Z = 1..86).

namespace atropos {

// Bragg-Slater radius in Angstrom: J.C. Slater, J. Chem. Phys. 41, 3199 (1964), with H = 0.35 A
// as chosen by Becke (J. Chem. Phys. 88, 2547 (1988)). Slater gives no noble-gas values; those
// (and At) are Turbomole's as quoted in Psi4 1.3 libfock/cubature.cc (BSRadiiTM). Used for
// Becke's atomic-size adjustment, the Becke radial scale, and the pruning regions.
double bragg_slater_radius_angstrom(int Z);
double bragg_slater_radius_bohr(int Z);

// Treutler-Ahlrichs xi scaling of the M4 radial map (dimensionless, multiplies 1 bohr):
// O. Treutler and R. Ahlrichs, J. Chem. Phys. 102, 346 (1995), Table 1, H..Kr. Beyond Kr the
// paper has no values; we use the extension kept (commented out) in Psi4 1.3
// libfock/cubature.cc (TreutlerEta), origin not stated there.
double treutler_xi(int Z);

// Mura-Knowles radial scale R in bohr: 7.0 for the alkali and alkaline-earth metals, 5.0 for all
// other elements (M.E. Mura and P.J. Knowles, J. Chem. Phys. 104, 9848 (1996); they give 7 for
// Li, Be, Na, Mg, K, Ca; we extend it to Rb, Sr, Cs, Ba).
double mura_knowles_scale(int Z);

// The per-element radius (bohr) that scales every radial grid of Psi4 1.3 and sets the size
// adjustment of its Becke and Treutler partitions: the table of Psi4 1.3.2 libfock/cubature.cc
// GetBSRadius (H..Xe; 1.881 beyond, as there). Psi4 says "Not sure where these numbers come
// from"; they are not Bragg-Slater radii (H 1.001, O 1.342). Later Psi4 versions switched to
// Turbomole's radii (GetBSRadiusNew); 1.3.2 has only this table.
double psi4_grid_radius(int Z);

// Row of the periodic table, 1 (H, He) .. 6 (Cs..Rn).
int periodic_row(int Z);

}  // namespace atropos
