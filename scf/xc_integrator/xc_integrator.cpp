#include "scf/xc_integrator/xc_integrator.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "scf/xc_integrator/batch_costs.hpp"
#include "scf/xc_integrator/batch_quadrature.hpp"

namespace atropos {

namespace {

// Per-thread quadrature state and any exception thrown inside the parallel region.
struct ThreadWork {
  std::unique_ptr<BatchQuadrature> quadrature;
  std::exception_ptr error;
};

}  // namespace

XcIntegrator::XcIntegrator(const Molecule& molecule, const BasisSet& basis, const MolecularGrid& grid,
                           const XcFunctional& functional, const Communicator& comm, XcIntegratorOptions options)
    : basis_(&basis),
      grid_(&grid),
      functional_(&functional),
      comm_(comm),
      basis_on_grid_(basis, options.basis_threshold),
      my_batches_(batches_for_rank(xc_batch_costs(basis_on_grid_, grid), comm.rank(), comm.size())) {
  const auto natoms = static_cast<int>(molecule.size());
  for (std::size_t s = 0; s < basis.shell_count(); ++s) {
    const Shell& shell = basis[s];
    if (shell.atom < 0 || shell.atom >= natoms)
      throw std::invalid_argument("XcIntegrator: shell " + std::to_string(s) + " sits on atom " +
                                  std::to_string(shell.atom) + ", the molecule has " + std::to_string(natoms));
    if ((shell.center - molecule[static_cast<std::size_t>(shell.atom)].position).norm() > 1e-8)
      throw std::invalid_argument("XcIntegrator: shell " + std::to_string(s) + " is not at the position of atom " +
                                  std::to_string(shell.atom));
  }
  for (const GridBatch& b : grid.batches)
    if (b.atom >= natoms || b.end > grid.size())
      throw std::invalid_argument("XcIntegrator: the grid was not built for this molecule");
}

XcResult XcIntegrator::compute(const std::vector<Eigen::MatrixXd>& densities) const {
  const double wall_start = omp_get_wtime();
  const XcFunctional& f = *functional_;
  const MolecularGrid& grid = *grid_;
  const int nspin = static_cast<int>(densities.size());
  if (nspin != f.rho_components())
    throw std::invalid_argument(
        std::string("XcIntegrator::compute: a ") +
        (f.polarised() ? "polarised functional needs {D_alpha, D_beta}" : "unpolarised functional needs {D_total}") +
        ", got " + std::to_string(nspin) + " matrices");
  const auto nbf = static_cast<Eigen::Index>(basis_->function_count());
  std::vector<Eigen::MatrixXd> D(densities.size());
  for (std::size_t s = 0; s < densities.size(); ++s) {
    if (densities[s].rows() != nbf || densities[s].cols() != nbf)
      throw std::invalid_argument("XcIntegrator::compute: density matrix " + std::to_string(s) + " is " +
                                  std::to_string(densities[s].rows()) + " x " + std::to_string(densities[s].cols()) +
                                  ", the basis has " + std::to_string(nbf) + " functions");
    D[s] = 0.5 * (densities[s] + densities[s].transpose());
  }

  const int nthreads = std::max(1, omp_get_max_threads());
  std::vector<ThreadWork> work(static_cast<std::size_t>(nthreads));

#pragma omp parallel num_threads(nthreads)
  {
    ThreadWork& w = work[static_cast<std::size_t>(omp_get_thread_num())];
    const auto team = static_cast<std::size_t>(omp_get_num_threads());
    try {
      w.quadrature = std::make_unique<BatchQuadrature>(basis_on_grid_, f, nspin);
      // Round-robin over this rank's batches: a fixed assignment, so the sums do not depend on
      // timing and repeated calls give the same bits.
      for (std::size_t i = static_cast<std::size_t>(omp_get_thread_num()); i < my_batches_.size(); i += team) {
        const GridBatch& b = grid.batches[my_batches_[i]];
        const auto begin = static_cast<Eigen::Index>(b.begin);
        const auto n = static_cast<Eigen::Index>(b.size());
        w.quadrature->add(grid.points.middleCols(begin, n), grid.weights.segment(begin, n), b.centre, b.radius, D);
      }
    } catch (...) {
      w.error = std::current_exception();
    }
  }
  for (const ThreadWork& w : work)
    if (w.error) std::rethrow_exception(w.error);

  // Threads in a fixed order, then ranks.
  const double reduce_start = omp_get_wtime();
  XcResult result;
  result.potential = std::move(work[0].quadrature->potential());
  std::vector<double> scalars(1 + static_cast<std::size_t>(nspin), 0.0);  // energy, electrons
  for (std::size_t t = 0; t < work.size(); ++t) {
    if (!work[t].quadrature) continue;  // the runtime gave a smaller team than asked for
    BatchQuadrature& q = *work[t].quadrature;
    for (int s = 0; s < nspin && t > 0; ++s)
      result.potential[static_cast<std::size_t>(s)] += q.potential()[static_cast<std::size_t>(s)];
    scalars[0] += q.energy();
    for (int s = 0; s < nspin; ++s)
      scalars[1 + static_cast<std::size_t>(s)] += q.electrons()[static_cast<std::size_t>(s)];
    result.timings.basis += q.timings().basis;
    result.timings.density += q.timings().density;
    result.timings.functional += q.timings().functional;
    result.timings.potential += q.timings().potential;
  }
  for (auto& V : result.potential) comm_.sum(V);
  comm_.sum(scalars);
  result.energy = scalars[0];
  result.electrons.assign(scalars.begin() + 1, scalars.end());
  const double end = omp_get_wtime();
  result.timings.reduction = end - reduce_start;
  result.timings.wall = end - wall_start;
  return result;
}

}  // namespace atropos
