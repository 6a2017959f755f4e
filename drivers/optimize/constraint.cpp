#include "drivers/optimize/constraint.hpp"

#include <fmt/format.h>

namespace atropos {

Constraint Constraint::frozen_atom(int atom) { return {Kind::frozen_atom, {atom}, std::nullopt}; }
Constraint Constraint::distance(int a, int b, std::optional<double> target) { return {Kind::distance, {a, b}, target}; }
Constraint Constraint::angle(int a, int b, int c, std::optional<double> target) {
  return {Kind::angle, {a, b, c}, target};
}
Constraint Constraint::dihedral(int a, int b, int c, int d, std::optional<double> target) {
  return {Kind::dihedral, {a, b, c, d}, target};
}

std::vector<Primitive> Constraint::primitives() const {
  switch (kind) {
    case Kind::frozen_atom:
      return {Primitive::cartesian(atoms.at(0), 0), Primitive::cartesian(atoms.at(0), 1), Primitive::cartesian(atoms.at(0), 2)};
    case Kind::distance: return {Primitive::distance(atoms.at(0), atoms.at(1))};
    case Kind::angle: return {Primitive::angle(atoms.at(0), atoms.at(1), atoms.at(2))};
    case Kind::dihedral: return {Primitive::dihedral(atoms.at(0), atoms.at(1), atoms.at(2), atoms.at(3))};
  }
  return {};
}

std::string Constraint::label() const {
  std::string list;
  for (int a : atoms) list += (list.empty() ? "" : "-") + std::to_string(a + 1);
  switch (kind) {
    case Kind::frozen_atom: return "frozen atom " + list;
    case Kind::distance: return "distance " + list;
    case Kind::angle: return "angle " + list;
    case Kind::dihedral: return "dihedral " + list;
  }
  return list;
}

}  // namespace atropos
