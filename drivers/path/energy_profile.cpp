#include "drivers/path/energy_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "common/error.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

// Cubic Hermite coefficients on one interval, in t = (s - s_i) / h: E = d + c t + b t^2 + a t^3.
struct Cubic {
  double a, b, c, d;
  double at(double t) const { return ((a * t + b) * t + c) * t + d; }
};

Cubic interval_cubic(const EnergyProfile& p, std::size_t i) {
  const double h = p.path_length[i + 1] - p.path_length[i];
  const double e0 = p.energies[i], e1 = p.energies[i + 1];
  const double m0 = p.slopes[i] * h, m1 = p.slopes[i + 1] * h;
  return {2.0 * (e0 - e1) + m0 + m1, 3.0 * (e1 - e0) - 2.0 * m0 - m1, m0, e0};
}

}  // namespace

double EnergyProfile::relative_kcal(int image) const {
  return (energies.at(static_cast<std::size_t>(image)) - energies.front()) * units::hartree_in_kcal_mol;
}

double EnergyProfile::interpolated_energy(double s) const {
  if (path_length.empty()) return 0.0;
  s = std::clamp(s, path_length.front(), path_length.back());
  std::size_t i = 0;
  while (i + 2 < path_length.size() && s > path_length[i + 1]) ++i;
  const double h = path_length[i + 1] - path_length[i];
  if (h <= 0.0) return energies[i];
  return interval_cubic(*this, i).at((s - path_length[i]) / h);
}

EnergyProfile energy_profile(const std::vector<Eigen::MatrixX3d>& positions, const std::vector<double>& energies,
                             const std::vector<Eigen::MatrixX3d>& gradients, int climbing_image) {
  const std::size_t n = positions.size();
  if (n < 2 || energies.size() != n || gradients.size() != n)
    throw std::invalid_argument("energy_profile: need >= 2 images with energies and gradients");
  EnergyProfile p;
  p.energies = energies;
  p.climbing_image = climbing_image;
  p.path_length.assign(n, 0.0);
  for (std::size_t i = 1; i < n; ++i) p.path_length[i] = p.path_length[i - 1] + (positions[i] - positions[i - 1]).norm();
  p.slopes.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Eigen::MatrixX3d direction =
        positions[std::min(i + 1, n - 1)] - positions[i == 0 ? 0 : i - 1];
    const double norm = direction.norm();
    if (norm > 0.0) p.slopes[i] = gradients[i].cwiseProduct(direction).sum() / norm;
  }
  p.highest_image = static_cast<int>(std::max_element(energies.begin(), energies.end()) - energies.begin());
  const double top = energies[static_cast<std::size_t>(p.highest_image)];
  p.barrier_forward = (top - energies.front()) * units::hartree_in_kcal_mol;
  p.barrier_reverse = (top - energies.back()) * units::hartree_in_kcal_mol;

  // Maximum of the piecewise cubic: interval ends and the roots of its derivative.
  p.top_path_length = p.path_length[static_cast<std::size_t>(p.highest_image)];
  p.top_energy = top;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const double h = p.path_length[i + 1] - p.path_length[i];
    if (h <= 0.0) continue;
    const Cubic cubic = interval_cubic(p, i);
    // dE/dt = 3a t^2 + 2b t + c
    std::array<double, 2> roots{-1.0, -1.0};
    const double qa = 3.0 * cubic.a, qb = 2.0 * cubic.b, qc = cubic.c;
    if (std::abs(qa) < 1e-14 * (std::abs(qb) + std::abs(qc) + 1e-300)) {
      if (qb != 0.0) roots[0] = -qc / qb;
    } else {
      const double disc = qb * qb - 4.0 * qa * qc;
      if (disc >= 0.0) {
        // Numerically stable pair of roots.
        const double q = -0.5 * (qb + std::copysign(std::sqrt(disc), qb));
        roots[0] = q / qa;
        if (q != 0.0) roots[1] = qc / q;
      }
    }
    for (double t : roots)
      if (t > 0.0 && t < 1.0 && cubic.at(t) > p.top_energy) {
        p.top_energy = cubic.at(t);
        p.top_path_length = p.path_length[i] + t * h;
      }
  }
  p.top_barrier_forward = (p.top_energy - energies.front()) * units::hartree_in_kcal_mol;
  p.top_barrier_reverse = (p.top_energy - energies.back()) * units::hartree_in_kcal_mol;
  return p;
}

EnergyProfile energy_profile(const BandState& state) {
  if (state.iteration < 0) throw InputError("the band has not been evaluated yet: no energy profile");
  return energy_profile(state.positions, state.energies, state.gradients, state.climbing ? state.climbing_image : -1);
}

std::string format_energy_profile(const EnergyProfile& p) {
  std::string out = fmt::format("{:>6}  {:>12}  {:>20}  {:>14}\n", "image", "s/Angstrom", "E/Eh", "dE/(kcal/mol)");
  for (std::size_t i = 0; i < p.energies.size(); ++i) {
    const int image = static_cast<int>(i);
    std::string mark;
    if (image == p.climbing_image) mark = "  climbing";
    else if (image == p.highest_image) mark = "  highest";
    out += fmt::format("{:>6}  {:>12.6f}  {:>20.10f}  {:>14.4f}{}\n", image,
                       p.path_length[i] * units::bohr_in_angstrom, p.energies[i], p.relative_kcal(image), mark);
  }
  out += fmt::format("Barrier forward  (max - first): {:.4f} kcal/mol at image {}\n", p.barrier_forward, p.highest_image);
  out += fmt::format("Barrier reverse  (max - last):  {:.4f} kcal/mol\n", p.barrier_reverse);
  out += fmt::format(
      "Interpolated top (cubic through energies and tangential forces): s = {:.6f} Angstrom, E = {:.10f} Eh, "
      "forward {:.4f}, reverse {:.4f} kcal/mol\n",
      p.top_path_length * units::bohr_in_angstrom, p.top_energy, p.top_barrier_forward, p.top_barrier_reverse);
  return out;
}

std::vector<XyzFrame> band_frames(const BandState& state) {
  std::vector<XyzFrame> frames;
  const bool evaluated = state.iteration >= 0;
  for (int k = 0; k < state.image_count(); ++k) {
    std::string comment = fmt::format("image {}", k);
    if (evaluated) {
      const double e = state.energies[static_cast<std::size_t>(k)];
      comment += fmt::format("  E = {:.10f} Eh  dE = {:.4f} kcal/mol", e,
                             (e - state.energies.front()) * units::hartree_in_kcal_mol);
      if (state.climbing && k == state.climbing_image) comment += "  climbing image";
    }
    frames.push_back({state.image(k), comment});
  }
  return frames;
}

}  // namespace atropos
