#pragma once
// Estimated cost of each grid batch for the XC quadrature, for a static load balance over MPI
// ranks: the work per batch is dominated by the two products with the m x m density block
// (2 n m^2 each) plus the basis-function evaluation (~ n m), with m the functions whose extent
// reaches the batch. Point counts alone misjudge it by a factor of several between a batch in a
// dense region and one in the far tail.
// Depends only on the geometry, basis and grid, so every rank computes the same costs.

#include <vector>

#include "scf/grid/molecular_grid.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"

namespace atropos {

std::vector<double> xc_batch_costs(const BasisOnGrid& basis, const MolecularGrid& grid);

}  // namespace atropos
