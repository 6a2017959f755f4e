#include "scf/libint_bridge.hpp"

#include <mutex>

namespace atropos::libint {

void ensure_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { libint2::initialize(); });
}

std::vector<libint2::Shell> to_libint(const BasisSet& basis) {
  ensure_initialized();
  std::vector<libint2::Shell> shells;
  shells.reserve(basis.shell_count());
  for (const Shell& s : basis.shells()) {
    libint2::svector<double> exponents(s.exponents.begin(), s.exponents.end());
    libint2::svector<double> coefficients(s.coefficients.begin(), s.coefficients.end());
    shells.emplace_back(std::move(exponents),
                        libint2::svector<libint2::Shell::Contraction>{{s.l, s.pure, std::move(coefficients)}},
                        std::array<double, 3>{s.center.x(), s.center.y(), s.center.z()});
  }
  return shells;
}

std::vector<std::pair<double, std::array<double, 3>>> point_charges(const Molecule& molecule) {
  std::vector<std::pair<double, std::array<double, 3>>> charges;
  for (const Atom& atom : molecule.atoms())
    charges.push_back({static_cast<double>(atom.Z), {atom.position.x(), atom.position.y(), atom.position.z()}});
  return charges;
}

}  // namespace atropos::libint
