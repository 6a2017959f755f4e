#include "basis/basis_library.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "basis/auto_auxiliary.hpp"
#include "basis/gaussian94.hpp"
#include "common/error.hpp"
#include "geometry/element.hpp"

#ifndef ATROPOS_BASIS_DIR
#error "ATROPOS_BASIS_DIR must be defined by the build"
#endif

namespace atropos {

namespace fs = std::filesystem;

std::string canonical_basis_name(const std::string& name) {
  std::string key;
  for (char c : name)
    if (!std::isspace(static_cast<unsigned char>(c))) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Psi4's names for the same files, and the usual spellings of Pople sets.
  static const std::map<std::string, std::string> kAliases = {
      {"6-31g*", "6-31gs"},
      {"6-31g(d)", "6-31gs"},
      {"def2-universal-jfit", "def2-universal-jfit"},
      {"def2/j", "def2-universal-jfit"},
      {"def2-universal-jkfit", "def2-universal-jkfit"},
      {"def2/jk", "def2-universal-jkfit"},
      {"def2-qzvpp-jkfit", "def2-universal-jkfit"},
  };
  if (auto it = kAliases.find(key); it != kAliases.end()) return it->second;
  // Psi4 ships one def2/J file per orbital set (def2-svp-jfit, def2-tzvp-jfit, ...): all the same
  // universal set.
  if (key.rfind("def2-", 0) == 0 && key.size() > 5 && key.compare(key.size() - 5, 5, "-jfit") == 0)
    return "def2-universal-jfit";
  return key;
}

std::vector<std::string> basis_search_path() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("ATROPOS_BASIS_PATH")) {
    std::stringstream in(env);
    std::string dir;
    while (std::getline(in, dir, ':'))
      if (!dir.empty()) dirs.push_back(dir);
  }
  dirs.push_back(ATROPOS_BASIS_DIR);
  return dirs;
}

std::vector<std::string> available_basis_sets() {
  std::vector<std::string> names;
  for (const auto& dir : basis_search_path()) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".gbs") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

std::string find_basis_file(const std::string& user_name) {
  const std::string stem = canonical_basis_name(user_name);
  for (const auto& dir : basis_search_path()) {
    const fs::path candidate = fs::path(dir) / (stem + ".gbs");
    if (fs::exists(candidate)) return candidate.string();
  }
  std::string known;
  for (const auto& name : available_basis_sets()) known += (known.empty() ? "" : ", ") + name;
  throw InputError(fmt::format("unknown basis set '{}' (looked for {}.gbs in the basis library); available: {}",
                               user_name, stem, known));
}

}  // namespace

BasisSet load_basis(const std::string& name, const Molecule& molecule, std::optional<bool> pure) {
  const std::string path = find_basis_file(name);
  const Gaussian94Library library = read_gaussian94_file(path);
  std::vector<Shell> shells;
  for (std::size_t a = 0; a < molecule.size(); ++a) {
    const Atom& atom = molecule[a];
    const auto it = library.shells.find(atom.Z);
    if (it == library.shells.end())
      throw InputError(fmt::format("basis set '{}' has no functions for element {} (atom {})", name,
                                   element_symbol(atom.Z), a + 1));
    if (library.ecp_elements.count(atom.Z))
      throw InputError(fmt::format("basis set '{}' needs an effective core potential for {} (atom {}); "
                                   "ECPs are not supported yet",
                                   name, element_symbol(atom.Z), a + 1));
    for (Shell shell : it->second) {
      shell.center = atom.position;
      shell.atom = static_cast<int>(a);
      if (pure) shell.pure = *pure;
      shells.push_back(std::move(shell));
    }
  }
  return BasisSet(name, std::move(shells));
}

BasisSet load_auxiliary_basis(const std::string& name, const Molecule& molecule, const BasisSet& orbital, int max_l) {
  const std::string key = canonical_basis_name(name);
  if (key == "autoaux" || key == "autoaux-extended")
    return make_autoaux_basis(orbital, molecule, AutoAuxOptions{max_l, key == "autoaux-extended"});
  return load_basis(name, molecule);
}

}  // namespace atropos
