#pragma once
// Reader for basis-set files in Gaussian94 format (as written by the Basis Set Exchange and
// shipped with Psi4): element blocks separated by "****", "SP" shells split in two, Fortran
// "D" exponents accepted, ECP blocks recognised (the elements that need them are recorded).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "basis/basis_set.hpp"
#include "basis/shell.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct Gaussian94Library {
  bool pure = true;                          // from the file's first line: spherical / cartesian
  std::map<int, std::vector<Shell>> shells;  // by atomic number; centre and atom unset
  std::set<int> ecp_elements;                // elements whose block comes with an ECP
};

// `source` names the text in error messages (usually the file path).
Gaussian94Library parse_gaussian94(const std::string& text, const std::string& source);
Gaussian94Library read_gaussian94_file(const std::string& path);

// The library as Gaussian94 text that parse_gaussian94 (and Psi4, NWChem's importer, ...) reads
// back: a spherical/cartesian line, then one "****"-terminated block per element, exponents and
// coefficients with 17 significant digits (exact round trip). `comment` lines go first, with "!".
std::string format_gaussian94(const Gaussian94Library& library, const std::vector<std::string>& comment = {});

// The shells of the first atom of each element of a basis on a molecule (an element's atoms all
// carry the same shells when the basis came from a library file or from AutoAux).
Gaussian94Library element_library(const BasisSet& basis, const Molecule& molecule);

}  // namespace atropos
