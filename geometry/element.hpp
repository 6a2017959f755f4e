#pragma once
// The periodic table as far as atropos needs it: symbols, atomic numbers, covalent radii.

#include <optional>
#include <string>
#include <string_view>

namespace atropos {

inline constexpr int kMaxAtomicNumber = 86;  // H..Rn: the range of the def2 basis sets

// Atomic number for a symbol ("cu", "CU", "Cu" all accepted); std::nullopt when unknown.
std::optional<int> atomic_number(std::string_view symbol);

// Canonical symbol ("Cu") for 1 <= Z <= kMaxAtomicNumber.
const std::string& element_symbol(int Z);

// Single-bond covalent radius in Angstrom (Cordero et al., Dalton Trans. 2832 (2008)).
double covalent_radius_angstrom(int Z);

}  // namespace atropos
