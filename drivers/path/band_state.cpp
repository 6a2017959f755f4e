#include "drivers/path/band_state.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/error.hpp"

namespace atropos {

const char* band_optimizer_name(BandOptimizer optimizer) {
  return optimizer == BandOptimizer::fire ? "fire" : "lbfgs";
}

BandOptimizer parse_band_optimizer(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "fire") return BandOptimizer::fire;
  if (lower == "lbfgs" || lower == "l-bfgs") return BandOptimizer::lbfgs;
  throw InputError("unknown band optimiser '" + name + "' (expected fire or lbfgs)");
}

std::vector<Molecule> BandState::images() const {
  std::vector<Molecule> out;
  out.reserve(positions.size());
  for (const auto& p : positions) out.push_back(atoms.with_positions(p));
  return out;
}

int BandState::highest_image() const {
  if (energies.empty()) return -1;
  return static_cast<int>(std::max_element(energies.begin(), energies.end()) - energies.begin());
}

BandState new_band(const std::vector<Molecule>& images, BandOptimizer optimizer) {
  if (images.size() < 3)
    throw InputError("a band needs at least 3 images (two endpoints and one to move), got " +
                     std::to_string(images.size()));
  const Molecule& first = images.front();
  for (std::size_t k = 1; k < images.size(); ++k) {
    const Molecule& m = images[k];
    bool same = m.size() == first.size() && m.charge() == first.charge() &&
                m.multiplicity() == first.multiplicity();
    for (std::size_t i = 0; same && i < m.size(); ++i) same = m[i].Z == first[i].Z;
    if (!same)
      throw InputError("band image " + std::to_string(k) +
                       " has other atoms, charge or multiplicity than image 0");
  }
  BandState state;
  state.atoms = first;
  state.optimizer = optimizer;
  for (const Molecule& m : images) state.positions.push_back(m.positions());
  return state;
}

Eigen::VectorXd band_coordinates(const std::vector<Eigen::MatrixX3d>& images) {
  const long movable = static_cast<long>(images.size()) - 2;
  if (movable <= 0) return {};
  const long natom = images.front().rows();
  Eigen::VectorXd x(movable * natom * 3);
  for (long k = 0; k < movable; ++k)
    for (long a = 0; a < natom; ++a)
      for (int c = 0; c < 3; ++c) x((k * natom + a) * 3 + c) = images[k + 1](a, c);
  return x;
}

void set_band_coordinates(std::vector<Eigen::MatrixX3d>& images, const Eigen::VectorXd& coordinates) {
  const long movable = static_cast<long>(images.size()) - 2;
  const long natom = images.front().rows();
  if (coordinates.size() != movable * natom * 3)
    throw std::invalid_argument("set_band_coordinates: coordinate count does not fit the band");
  for (long k = 0; k < movable; ++k)
    for (long a = 0; a < natom; ++a)
      for (int c = 0; c < 3; ++c) images[k + 1](a, c) = coordinates((k * natom + a) * 3 + c);
}

}  // namespace atropos
