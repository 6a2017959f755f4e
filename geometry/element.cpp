#include "geometry/element.hpp"

#include <array>
#include <cctype>
#include <stdexcept>

namespace atropos {

namespace {

const std::array<std::string, kMaxAtomicNumber + 1> kSymbols = {
    "X",  "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si",
    "P",  "S",  "Cl", "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu",
    "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru",
    "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr",
    "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W",
    "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn"};

// Cordero et al. 2008, Table 2 (low-spin values for Mn, Fe, Co; sp3 carbon).
constexpr std::array<double, kMaxAtomicNumber + 1> kCovalentRadii = {
    0.00, 0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58, 1.66, 1.41, 1.21, 1.11,
    1.07, 1.05, 1.02, 1.06, 2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32,
    1.22, 1.22, 1.20, 1.19, 1.20, 1.20, 1.16, 2.20, 1.95, 1.90, 1.75, 1.64, 1.54, 1.47, 1.46,
    1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.40, 2.44, 2.15, 2.07, 2.04, 2.03,
    2.01, 1.99, 1.98, 1.98, 1.96, 1.94, 1.92, 1.92, 1.89, 1.90, 1.87, 1.87, 1.75, 1.70, 1.62,
    1.51, 1.44, 1.41, 1.36, 1.36, 1.32, 1.45, 1.46, 1.48, 1.40, 1.50, 1.50};

void check_range(int Z) {
  if (Z < 1 || Z > kMaxAtomicNumber)
    throw std::out_of_range("atomic number " + std::to_string(Z) + " outside 1.." +
                            std::to_string(kMaxAtomicNumber));
}

}  // namespace

std::optional<int> atomic_number(std::string_view symbol) {
  if (symbol.empty() || symbol.size() > 2) return std::nullopt;
  std::string canonical(symbol);
  canonical[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(canonical[0])));
  if (canonical.size() == 2)
    canonical[1] = static_cast<char>(std::tolower(static_cast<unsigned char>(canonical[1])));
  for (int Z = 1; Z <= kMaxAtomicNumber; ++Z)
    if (kSymbols[Z] == canonical) return Z;
  return std::nullopt;
}

const std::string& element_symbol(int Z) {
  check_range(Z);
  return kSymbols[Z];
}

double covalent_radius_angstrom(int Z) {
  check_range(Z);
  return kCovalentRadii[Z];
}

}  // namespace atropos
