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

RadialGrid mura_knowles_radial_grid(int npoints, double scale) {
  check_count(npoints);
  RadialGrid grid;
  grid.r.resize(static_cast<std::size_t>(npoints));
  grid.w.resize(static_cast<std::size_t>(npoints));
  for (int i = 0; i < npoints; ++i) {
    const double x = (i + 0.5) / npoints;
    const double x3 = x * x * x;
    const double r = -scale * std::log1p(-x3);
    const double drdx = 3.0 * scale * x * x / (1.0 - x3);
    grid.r[static_cast<std::size_t>(i)] = r;
    grid.w[static_cast<std::size_t>(i)] = drdx / npoints * r * r;
  }
  return grid;
}

RadialGrid make_radial_grid(RadialScheme scheme, int npoints, int Z) {
  switch (scheme) {
    case RadialScheme::TreutlerAhlrichs: return treutler_ahlrichs_radial_grid(npoints, treutler_xi(Z));
    case RadialScheme::MuraKnowles: return mura_knowles_radial_grid(npoints, mura_knowles_scale(Z));
    case RadialScheme::Becke: {
      const double bragg = bragg_slater_radius_bohr(Z);
      return becke_radial_grid(npoints, Z == 1 ? bragg : 0.5 * bragg);
    }
  }
  throw std::logic_error("unknown radial scheme");
}

RadialScheme parse_radial_scheme(const std::string& name, const std::string& where) {
  std::string key;
  for (char c : name)
    if (c != '-' && c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (key == "treutler" || key == "treutlerahlrichs" || key == "ta" || key == "m4") return RadialScheme::TreutlerAhlrichs;
  if (key == "muraknowles" || key == "mk" || key == "log3") return RadialScheme::MuraKnowles;
  if (key == "becke") return RadialScheme::Becke;
  throw InputError("unknown radial scheme '" + name + "'; allowed: treutler, mura-knowles, becke", where);
}

std::string to_string(RadialScheme scheme) {
  switch (scheme) {
    case RadialScheme::TreutlerAhlrichs: return "treutler";
    case RadialScheme::MuraKnowles: return "mura-knowles";
    case RadialScheme::Becke: return "becke";
  }
  return "?";
}

}  // namespace atropos
