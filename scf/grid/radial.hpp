#pragma once
// Radial quadratures on [0, inf): sum_i w_i f(r_i) ~ integral_0^inf f(r) r^2 dr.
// The r^2 of the spherical volume element is included in the weights; r in bohr, increasing.

#include <string>
#include <vector>

namespace atropos {

enum class RadialScheme {
  TreutlerAhlrichs,  // M4 map with alpha = 0.6 on Gauss-Chebyshev (2nd kind) nodes, JCP 102, 346
  MuraKnowles,       // log3 map r = -R ln(1 - x^3) on the midpoint rule, JCP 104, 9848
  Becke,             // r = R (1+x)/(1-x) on Gauss-Chebyshev (2nd kind) nodes, JCP 88, 2547
  // Psi4 1.3.2's radial grids (libfock/cubature.cc RadialGridMgr::makeRadialGrid): the same maps,
  // but every one scaled by R = psi4_grid_radius(Z) * bs_radius_alpha (atomic_radii.hpp).
  Psi4Treutler,  // DFT_RADIAL_SCHEME TREUTLER: r = R M4(x), nodes as TreutlerAhlrichs (T-A's xi unused)
  Psi4Becke,     // BECKE: r = R (1+x)/(1-x), nodes as Becke
  Psi4Mura,      // MURA: r = -R c ln(1 - x^3), c = 7 (Li, Be, Na, Mg, K, Ca) or 5, on x_i = i/(n+1)
};

struct RadialGrid {
  std::vector<double> r;  // bohr, increasing
  std::vector<double> w;  // bohr^3 (r^2 dr included)
  std::size_t size() const { return r.size(); }
};

// The maps with an explicit scale (bohr).
RadialGrid treutler_ahlrichs_radial_grid(int npoints, double xi, double alpha = 0.6);
RadialGrid mura_knowles_radial_grid(int npoints, double scale);
RadialGrid becke_radial_grid(int npoints, double scale);

// The scheme with its per-element scale: T-A xi, M-K R, or half the Bragg-Slater radius
// (the full radius for H) for Becke, as Becke proposed; Psi4's radius times `bs_radius_alpha`
// (Psi4's DFT_BS_RADIUS_ALPHA; the native schemes ignore it) for the Psi4 schemes.
RadialGrid make_radial_grid(RadialScheme scheme, int npoints, int Z, double bs_radius_alpha = 1.0);

// The Psi4 scheme with the same map (Psi4 schemes map to themselves).
RadialScheme psi4_radial_scheme(RadialScheme scheme);

// "treutler", "mura-knowles" (or "mk", "mura"), "becke", and "psi4-treutler", "psi4-becke",
// "psi4-mura"; case-insensitive. InputError otherwise.
RadialScheme parse_radial_scheme(const std::string& name, const std::string& where = "");
std::string to_string(RadialScheme scheme);

}  // namespace atropos
