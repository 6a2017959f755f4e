#include "scf/grid/radial.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/error.hpp"
#include "scf/grid/atomic_radii.hpp"

namespace atropos {

namespace {

void check_count(int npoints) {
  if (npoints < 1) throw InputError("radial grid needs at least 1 point, got " + std::to_string(npoints));
}

// Gauss-Chebyshev of the second kind in the form used by Treutler and Ahlrichs:
// integral_{-1}^{1} g(x) dx ~ sum_i pi/(n+1) sin(theta_i) g(x_i), x_i = cos(theta_i),
// theta_i = i pi/(n+1). `map` gives r(x) and dr/dx. Points are returned with r increasing.
template <typename Map>
RadialGrid chebyshev2_mapped(int npoints, Map map) {
  check_count(npoints);
  RadialGrid grid;
  grid.r.resize(static_cast<std::size_t>(npoints));
  grid.w.resize(static_cast<std::size_t>(npoints));
  const double step = M_PI / (npoints + 1);
  for (int i = 1; i <= npoints; ++i) {
    // x runs from near +1 (large r) to near -1 (small r); store reversed so r increases.
    const double theta = (npoints + 1 - i) * step;
    const double x = std::cos(theta);
    double r = 0.0, drdx = 0.0;
    map(x, r, drdx);
    const auto k = static_cast<std::size_t>(i - 1);
    grid.r[k] = r;
    grid.w[k] = step * std::sin(theta) * drdx * r * r;
  }
  return grid;
}

// The log3 map on equally spaced nodes x_i = (i + shift) / (n + extra), i = 0..n-1, weight
// 1/(n + extra): Mura-Knowles' midpoint rule (shift 1/2, extra 0) or Psi4's trapezoid rule
// without its end points (shift 1, extra 1; both ends carry f = 0).
RadialGrid log3_radial_grid(int npoints, double scale, double shift, int extra) {
  check_count(npoints);
  RadialGrid grid;
  grid.r.resize(static_cast<std::size_t>(npoints));
  grid.w.resize(static_cast<std::size_t>(npoints));
  const int denominator = npoints + extra;
  for (int i = 0; i < npoints; ++i) {
    const double x = (i + shift) / denominator;
    const double x3 = x * x * x;
    const double r = -scale * std::log1p(-x3);
    const double drdx = 3.0 * scale * x * x / (1.0 - x3);
    grid.r[static_cast<std::size_t>(i)] = r;
    grid.w[static_cast<std::size_t>(i)] = drdx / denominator * r * r;
  }
  return grid;
}

}  // namespace

RadialGrid treutler_ahlrichs_radial_grid(int npoints, double xi, double alpha) {
  // M4: r = (xi/ln 2) (1+x)^alpha ln(2/(1-x)).
  const double c = xi / std::log(2.0);
  return chebyshev2_mapped(npoints, [=](double x, double& r, double& drdx) {
    const double p = std::pow(1.0 + x, alpha);
    const double l = std::log(2.0 / (1.0 - x));
    r = c * p * l;
    drdx = c * (alpha * p / (1.0 + x) * l + p / (1.0 - x));
  });
}

RadialGrid becke_radial_grid(int npoints, double scale) {
  return chebyshev2_mapped(npoints, [=](double x, double& r, double& drdx) {
    r = scale * (1.0 + x) / (1.0 - x);
    drdx = 2.0 * scale / ((1.0 - x) * (1.0 - x));
  });
}

RadialGrid mura_knowles_radial_grid(int npoints, double scale) { return log3_radial_grid(npoints, scale, 0.5, 0); }

RadialGrid make_radial_grid(RadialScheme scheme, int npoints, int Z, double bs_radius_alpha) {
  const auto psi4_radius = [&] { return psi4_grid_radius(Z) * bs_radius_alpha; };
  switch (scheme) {
    case RadialScheme::TreutlerAhlrichs: return treutler_ahlrichs_radial_grid(npoints, treutler_xi(Z));
    case RadialScheme::MuraKnowles: return mura_knowles_radial_grid(npoints, mura_knowles_scale(Z));
    case RadialScheme::Becke: {
      const double bragg = bragg_slater_radius_bohr(Z);
      return becke_radial_grid(npoints, Z == 1 ? bragg : 0.5 * bragg);
    }
    // The M4 map with xi = R is Psi4's R * (1/ln 2) (1+x)^0.6 ln(2/(1-x)); the Becke node set
    // is symmetric in x, so Psi4's (1-x)/(1+x) gives the same points.
    case RadialScheme::Psi4Treutler: return treutler_ahlrichs_radial_grid(npoints, psi4_radius());
    case RadialScheme::Psi4Becke: return becke_radial_grid(npoints, psi4_radius());
    case RadialScheme::Psi4Mura: {
      // Psi4 (MuraKnowlesHack) uses 7 for the first two groups only up to Ca.
      const bool seven = Z == 3 || Z == 4 || Z == 11 || Z == 12 || Z == 19 || Z == 20;
      return log3_radial_grid(npoints, (seven ? 7.0 : 5.0) * psi4_radius(), 1.0, 1);
    }
  }
  throw std::logic_error("unknown radial scheme");
}

RadialScheme psi4_radial_scheme(RadialScheme scheme) {
  switch (scheme) {
    case RadialScheme::TreutlerAhlrichs: return RadialScheme::Psi4Treutler;
    case RadialScheme::MuraKnowles: return RadialScheme::Psi4Mura;
    case RadialScheme::Becke: return RadialScheme::Psi4Becke;
    default: return scheme;
  }
}

RadialScheme parse_radial_scheme(const std::string& name, const std::string& where) {
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "treutler" || key == "treutlerahlrichs" || key == "ta" || key == "m4") return RadialScheme::TreutlerAhlrichs;
  if (key == "muraknowles" || key == "mk" || key == "mura" || key == "log3") return RadialScheme::MuraKnowles;
  if (key == "becke") return RadialScheme::Becke;
  if (key == "psi4treutler") return RadialScheme::Psi4Treutler;
  if (key == "psi4becke") return RadialScheme::Psi4Becke;
  if (key == "psi4mura") return RadialScheme::Psi4Mura;
  throw InputError("unknown radial scheme '" + name +
                       "'; allowed: treutler, mura-knowles, becke, psi4-treutler, psi4-mura, psi4-becke",
                   where);
}

std::string to_string(RadialScheme scheme) {
  switch (scheme) {
    case RadialScheme::TreutlerAhlrichs: return "treutler";
    case RadialScheme::MuraKnowles: return "mura-knowles";
    case RadialScheme::Becke: return "becke";
    case RadialScheme::Psi4Treutler: return "psi4-treutler";
    case RadialScheme::Psi4Becke: return "psi4-becke";
    case RadialScheme::Psi4Mura: return "psi4-mura";
  }
  return "?";
}

}  // namespace atropos
