#pragma once
// Names chemists type ("b3lyp", "pbe0", "svwn") and what they mean in libxc components.
//
// The definitions follow Psi4 1.3.2 (procrouting/dft/*_functionals.py), so energies can be
// compared with Psi4 reference numbers; docs/functionals.md is the human-readable table.

#include <string_view>
#include <vector>

namespace atropos {

struct FunctionalAlias {
  std::string_view name;       // lower case, as matched (case-insensitively) against input
  std::string_view expansion;  // a functional specification in XcFunctional's syntax
  std::string_view note;       // one line for documentation and logs
};

// All aliases, in the order of docs/functionals.md.
const std::vector<FunctionalAlias>& functional_aliases();

// The alias with this (lower-case) name, or nullptr.
const FunctionalAlias* find_functional_alias(std::string_view lower_case_name);

}  // namespace atropos
