#include "basis/basis_set.hpp"

#include <algorithm>
#include <stdexcept>

namespace atropos {

BasisSet::BasisSet(std::string name, std::vector<Shell> shells) : name_(std::move(name)), shells_(std::move(shells)) {
  int natom = 0;
  for (std::size_t i = 0; i < shells_.size(); ++i) {
    const Shell& shell = shells_[i];
    if (i > 0 && shell.atom < shells_[i - 1].atom)
      throw std::invalid_argument("BasisSet: shells must be grouped by atom in atom order");
    shell_offsets_.push_back(function_count_);
    function_count_ += static_cast<std::size_t>(shell.size());
    max_l_ = std::max(max_l_, shell.l);
    max_primitives_ = std::max(max_primitives_, shell.primitive_count());
    natom = std::max(natom, shell.atom + 1);
  }
  atom_shell_begin_.assign(static_cast<std::size_t>(natom) + 1, shells_.size());
  for (std::size_t i = shells_.size(); i-- > 0;) atom_shell_begin_[shells_[i].atom] = i;
  // Atoms without shells start where the next atom starts.
  for (int a = natom - 1; a >= 0; --a)
    atom_shell_begin_[a] = std::min(atom_shell_begin_[a], atom_shell_begin_[a + 1]);
}

std::pair<std::size_t, std::size_t> BasisSet::shells_of_atom(int atom) const {
  if (atom < 0) throw std::out_of_range("shells_of_atom: negative atom index");
  if (static_cast<std::size_t>(atom) + 1 >= atom_shell_begin_.size()) return {shells_.size(), shells_.size()};
  return {atom_shell_begin_[atom], atom_shell_begin_[atom + 1]};
}

std::vector<int> BasisSet::function_atoms() const {
  std::vector<int> atoms;
  atoms.reserve(function_count_);
  for (const Shell& shell : shells_) atoms.insert(atoms.end(), static_cast<std::size_t>(shell.size()), shell.atom);
  return atoms;
}

bool BasisSet::pure() const {
  return std::all_of(shells_.begin(), shells_.end(), [](const Shell& s) { return s.l < 2 || s.pure; });
}

}  // namespace atropos
