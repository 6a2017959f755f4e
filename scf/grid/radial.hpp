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
// (the full radius for H) for Becke, as Becke proposed.
RadialGrid make_radial_grid(RadialScheme scheme, int npoints, int Z);

// "treutler", "mura-knowles" (or "mk"), "becke"; case-insensitive. InputError otherwise.
RadialScheme parse_radial_scheme(const std::string& name, const std::string& where = "");
std::string to_string(RadialScheme scheme);

}  // namespace atropos
