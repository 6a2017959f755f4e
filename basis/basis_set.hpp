#pragma once
// An orbital or auxiliary basis on a molecule: an ordered list of shells with the bookkeeping
// every integral and Fock builder needs (function offsets, shell -> atom, atom -> shells).

#include <string>
#include <vector>

#include "basis/shell.hpp"

namespace atropos {

class BasisSet {
 public:
  BasisSet() = default;
  BasisSet(std::string name, std::vector<Shell> shells);

  const std::string& name() const { return name_; }
  const std::vector<Shell>& shells() const { return shells_; }
  const Shell& operator[](std::size_t i) const { return shells_[i]; }
  std::size_t shell_count() const { return shells_.size(); }

  std::size_t function_count() const { return function_count_; }  // "nbf"
  // Index of the first function of each shell.
  const std::vector<std::size_t>& shell_offsets() const { return shell_offsets_; }
  // First shell of each atom and one past its last (atoms without functions have empty ranges).
  std::pair<std::size_t, std::size_t> shells_of_atom(int atom) const;
  // Atom of each basis function.
  std::vector<int> function_atoms() const;

  int max_l() const { return max_l_; }
  int max_primitives() const { return max_primitives_; }
  bool pure() const;  // true when every shell with l >= 2 is spherical

 private:
  std::string name_;
  std::vector<Shell> shells_;
  std::vector<std::size_t> shell_offsets_;
  std::vector<std::size_t> atom_shell_begin_;  // indexed by atom, size natom + 1
  std::size_t function_count_ = 0;
  int max_l_ = 0;
  int max_primitives_ = 0;
};

}  // namespace atropos
