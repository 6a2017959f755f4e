#pragma once
// A potential-energy surface as the geometry drivers see it: energy and nuclear gradient at a
// geometry. Optimisers, bands, scans and Hessians are written against this interface only, so
// they run on the SCF (ScfSurface, drivers/scf_surface.hpp) and on model surfaces in tests alike.
// Atomic units: positions bohr (Molecule), energy Eh, gradient Eh/bohr (natom x 3).

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

struct SurfacePoint {
  double energy = 0.0;
  Eigen::MatrixX3d gradient;  // natom x 3, rows in the molecule's atom order
};

class EnergySurface {
 public:
  virtual ~EnergySurface() = default;
  // Same atoms (elements, order, charge, multiplicity) as the surface was made for; only the
  // positions change. Throws ComputationError when the point cannot be computed (e.g. the SCF does
  // not converge), never returns NaN.
  virtual SurfacePoint evaluate(const Molecule& molecule) = 0;
};

}  // namespace atropos
