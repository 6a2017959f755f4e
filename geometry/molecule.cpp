#include "geometry/molecule.hpp"

#include <fmt/format.h>

#include <map>

#include "common/error.hpp"
#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

Molecule::Molecule(std::vector<Atom> atoms, int charge, int multiplicity)
    : atoms_(std::move(atoms)), charge_(charge), multiplicity_(multiplicity) {}

void Molecule::set_charge_and_multiplicity(int charge, int multiplicity) {
  charge_ = charge;
  multiplicity_ = multiplicity;
}

int Molecule::nuclear_charge() const {
  int total = 0;
  for (const auto& atom : atoms_) total += atom.Z;
  return total;
}

void Molecule::validate_charge_and_multiplicity() const {
  const int electrons = electron_count();
  const std::string what = fmt::format("charge {} and multiplicity {} with {} electrons ({})",
                                       charge_, multiplicity_, electrons, formula());
  if (multiplicity_ < 1) throw InputError("multiplicity must be at least 1, got " + what);
  if (electrons < 1) throw InputError("no electrons left: " + what);
  const int unpaired = multiplicity_ - 1;
  if (unpaired > electrons)
    throw InputError("more unpaired electrons than electrons: " + what);
  if ((electrons - unpaired) % 2 != 0)
    throw InputError("inconsistent " + what + ": an " +
                     std::string(electrons % 2 ? "odd" : "even") + " electron count needs an " +
                     std::string(electrons % 2 ? "even" : "odd") + " multiplicity");
}

void Molecule::validate_distances(double min_angstrom) const {
  const double min_bohr = min_angstrom * units::angstrom_in_bohr;
  for (std::size_t i = 0; i < atoms_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const double r = (atoms_[i].position - atoms_[j].position).norm();
      if (r < min_bohr)
        throw InputError(fmt::format("atoms {} ({}) and {} ({}) are {:.4f} Angstrom apart, closer "
                                     "than {} Angstrom",
                                     j + 1, element_symbol(atoms_[j].Z), i + 1,
                                     element_symbol(atoms_[i].Z), r * units::bohr_in_angstrom,
                                     min_angstrom));
    }
}

double Molecule::nuclear_repulsion_energy() const {
  double energy = 0.0;
  for (std::size_t i = 0; i < atoms_.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      energy += atoms_[i].Z * atoms_[j].Z / (atoms_[i].position - atoms_[j].position).norm();
  return energy;
}

Eigen::Vector3d Molecule::nuclear_dipole() const {
  Eigen::Vector3d dipole = Eigen::Vector3d::Zero();
  for (const auto& atom : atoms_) dipole += atom.Z * atom.position;
  return dipole;
}

Eigen::MatrixX3d Molecule::positions() const {
  Eigen::MatrixX3d xyz(atoms_.size(), 3);
  for (std::size_t i = 0; i < atoms_.size(); ++i) xyz.row(i) = atoms_[i].position.transpose();
  return xyz;
}

Molecule Molecule::with_positions(const Eigen::MatrixX3d& positions) const {
  if (static_cast<std::size_t>(positions.rows()) != atoms_.size())
    throw std::invalid_argument("with_positions: row count differs from atom count");
  Molecule moved = *this;
  for (std::size_t i = 0; i < atoms_.size(); ++i)
    moved.atoms_[i].position = positions.row(i).transpose();
  return moved;
}

std::string Molecule::formula() const {
  std::map<std::string, int> counts;
  for (const auto& atom : atoms_) ++counts[element_symbol(atom.Z)];
  std::string result;
  auto append = [&](const std::string& symbol) {
    auto it = counts.find(symbol);
    if (it == counts.end()) return;
    result += symbol;
    if (it->second > 1) result += std::to_string(it->second);
    counts.erase(it);
  };
  // Hill order: carbon first, then hydrogen, then the rest alphabetically; without carbon,
  // everything alphabetically.
  if (counts.count("C")) {
    append("C");
    append("H");
  }
  for (const auto& [symbol, count] : counts)
    result += symbol + (count > 1 ? std::to_string(count) : "");
  return result;
}

}  // namespace atropos
