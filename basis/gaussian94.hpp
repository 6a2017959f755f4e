#pragma once
// Reader for basis-set files in Gaussian94 format (as written by the Basis Set Exchange and
// shipped with Psi4): element blocks separated by "****", "SP" shells split in two, Fortran
// "D" exponents accepted, ECP blocks recognised (the elements that need them are recorded).

#include <map>
#include <set>
#include <string>
#include <vector>

#include "basis/shell.hpp"

namespace atropos {

struct Gaussian94Library {
  bool pure = true;                          // from the file's first line: spherical / cartesian
  std::map<int, std::vector<Shell>> shells;  // by atomic number; centre and atom unset
  std::set<int> ecp_elements;                // elements whose block comes with an ECP
};

// `source` names the text in error messages (usually the file path).
Gaussian94Library parse_gaussian94(const std::string& text, const std::string& source);
Gaussian94Library read_gaussian94_file(const std::string& path);

}  // namespace atropos
