#include "scf/xc_integrator/batch_costs.hpp"

namespace atropos {

std::vector<double> xc_batch_costs(const BasisOnGrid& basis, const MolecularGrid& grid) {
  // Relative weight of the evaluation of one function at one point against one multiply-add of
  // the products (exponentials, monomials, derivatives); measured on dnbpa/def2-SVP, where basis
  // evaluation takes about a third of the time the products take.
  constexpr double kEvaluationPerFunction = 30.0;
  std::vector<double> costs(grid.batches.size(), 0.0);
  std::vector<int> shells, functions;
  for (std::size_t b = 0; b < grid.batches.size(); ++b) {
    const GridBatch& batch = grid.batches[b];
    basis.significant_shells(batch.centre, batch.radius, shells);
    const auto m = static_cast<double>(basis.functions_of(shells, functions));
    costs[b] = static_cast<double>(batch.size()) * m * (m + kEvaluationPerFunction);
  }
  return costs;
}

}  // namespace atropos
