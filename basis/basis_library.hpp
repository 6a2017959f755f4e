#pragma once
// Finds a basis set by name and places it on a molecule.
//
// Search order for "<canonical name>.gbs": directories in $ATROPOS_BASIS_PATH (colon-separated),
// then the library compiled in (basis/library of the source tree).

#include <optional>
#include <string>
#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// Lower-case file stem for a user's basis name: "6-31G(d)" -> "6-31gs", "def2-QZVPP-JKFIT" ->
// "def2-universal-jkfit". Case-insensitive; unknown names pass through lower-cased.
std::string canonical_basis_name(const std::string& name);

std::vector<std::string> basis_search_path();
// Names of every basis file found on the search path (file stems), sorted.
std::vector<std::string> available_basis_sets();

// The basis on every atom of `molecule`. `pure` overrides the file's spherical/Cartesian
// convention. Throws InputError for an unknown set, an element the set lacks (naming the atom),
// or an element that needs an effective core potential (not supported yet).
BasisSet load_basis(const std::string& name, const Molecule& molecule, std::optional<bool> pure = std::nullopt);

// A fitting basis for `orbital` (on the same molecule): "autoaux" and "autoaux-extended" (any
// case) are generated from the orbital shells (basis/auto_auxiliary.hpp, angular momenta capped
// at `max_l`); any other name is loaded with load_basis.
BasisSet load_auxiliary_basis(const std::string& name, const Molecule& molecule, const BasisSet& orbital, int max_l);

}  // namespace atropos
