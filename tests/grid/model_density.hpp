#pragma once
// Promolecular model densities with known integrals, for grid tests.
// Each atom carries Z electrons: a hydrogen-like 1s Slater core (exponent 2Z, cusp at the
// nucleus, the hard part radially) holding min(Z, 2) electrons, and a diffuse normalised
// Gaussian (exponent 0.5 bohr^-2, the hard part for the partitioning) holding the rest.
// So the exact integral over space is the electron count of the neutral molecule.

#include <Eigen/Core>
#include <cmath>

#include "geometry/molecule.hpp"
#include "scf/grid/molecular_grid.hpp"

namespace atropos::test {

inline double model_density(const Molecule& molecule, const Eigen::Vector3d& p) {
  double rho = 0.0;
  for (const Atom& a : molecule.atoms()) {
    const double r = (p - a.position).norm();
    const double core = std::min(a.Z, 2);
    const double zeta = 2.0 * a.Z;
    rho += core * zeta * zeta * zeta / (8.0 * M_PI) * std::exp(-zeta * r);
    const double alpha = 0.5;
    rho += (a.Z - core) * std::pow(alpha / M_PI, 1.5) * std::exp(-alpha * r * r);
  }
  return rho;
}

// sum_i w_i f(rho(r_i)) over the whole grid.
template <typename F>
double integrate_density_function(const MolecularGrid& grid, const Molecule& molecule, F f) {
  double total = 0.0;
  for (std::size_t i = 0; i < grid.size(); ++i)
    total += grid.weights(static_cast<Eigen::Index>(i)) *
             f(model_density(molecule, grid.points.col(static_cast<Eigen::Index>(i))));
  return total;
}

inline double integrate_density(const MolecularGrid& grid, const Molecule& molecule) {
  return integrate_density_function(grid, molecule, [](double rho) { return rho; });
}

// integral rho^(4/3): the shape of LDA exchange, a stand-in for an XC energy.
inline double integrate_rho43(const MolecularGrid& grid, const Molecule& molecule) {
  return integrate_density_function(grid, molecule, [](double rho) { return std::cbrt(rho) * rho; });
}

inline std::string data_path(const std::string& name) { return std::string(ATROPOS_TEST_DATA) + "/grid/" + name; }

}  // namespace atropos::test
