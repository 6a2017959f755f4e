#include "scf/xc_integrator/xc_gradient.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "scf/xc_integrator/batch_costs.hpp"
#include "scf/grid/partition.hpp"
#include "scf/xc_integrator/basis_on_grid.hpp"
#include "scf/xc_integrator/batch_gradient.hpp"

namespace atropos {

namespace {

struct ThreadWork {
  std::unique_ptr<BatchGradient> batch;
  std::exception_ptr error;
};

void check_inputs(const Molecule& molecule, const BasisSet& basis, const MolecularGrid& grid,
                  const XcFunctional& functional, const std::vector<Eigen::MatrixXd>& densities, bool grid_response) {
  const auto natoms = static_cast<int>(molecule.size());
  for (std::size_t s = 0; s < basis.shell_count(); ++s) {
    const Shell& shell = basis[s];
    if (shell.atom < 0 || shell.atom >= natoms)
      throw std::invalid_argument("compute_xc_gradient: shell " + std::to_string(s) + " sits on atom " +
                                  std::to_string(shell.atom) + ", the molecule has " + std::to_string(natoms));
    if ((shell.center - molecule[static_cast<std::size_t>(shell.atom)].position).norm() > 1e-8)
      throw std::invalid_argument("compute_xc_gradient: shell " + std::to_string(s) +
                                  " is not at the position of atom " + std::to_string(shell.atom));
  }
  for (const GridBatch& b : grid.batches)
    if (b.atom >= natoms || b.end > grid.size())
      throw std::invalid_argument("compute_xc_gradient: the grid was not built for this molecule");
  if (grid.atom_of_point.size() != grid.size())
    throw std::invalid_argument("compute_xc_gradient: the grid has no atom for each point");
  for (int a : grid.atom_of_point)
    if (a < 0 || a >= natoms) throw std::invalid_argument("compute_xc_gradient: the grid was not built for this molecule");
  if (grid_response && static_cast<std::size_t>(grid.atomic_weights.size()) != grid.size())
    throw std::invalid_argument("compute_xc_gradient: the grid response needs the grid's atomic weights");
  const auto nspin = static_cast<int>(densities.size());
  if (nspin != functional.rho_components())
    throw std::invalid_argument(std::string("compute_xc_gradient: a ") +
                                (functional.polarised() ? "polarised functional needs {D_alpha, D_beta}"
                                                        : "unpolarised functional needs {D_total}") +
                                ", got " + std::to_string(nspin) + " matrices");
  const auto nbf = static_cast<Eigen::Index>(basis.function_count());
  for (std::size_t s = 0; s < densities.size(); ++s)
    if (densities[s].rows() != nbf || densities[s].cols() != nbf)
      throw std::invalid_argument("compute_xc_gradient: density matrix " + std::to_string(s) + " is " +
                                  std::to_string(densities[s].rows()) + " x " + std::to_string(densities[s].cols()) +
                                  ", the basis has " + std::to_string(nbf) + " functions");
}

}  // namespace

Eigen::MatrixX3d compute_xc_gradient(const Molecule& molecule, const BasisSet& basis, const MolecularGrid& grid,
                                     const GridSpec& spec, const XcFunctional& functional,
                                     const std::vector<Eigen::MatrixXd>& densities, const Communicator& comm,
                                     const XcGradientOptions& options, XcGradientTimings* timings) {
  const double wall_start = omp_get_wtime();
  check_inputs(molecule, basis, grid, functional, densities, options.grid_response);
  const auto natoms = static_cast<Eigen::Index>(molecule.size());
  Eigen::MatrixX3d gradient = Eigen::MatrixX3d::Zero(natoms, 3);
  if (timings) *timings = XcGradientTimings{};
  if (!functional.has_dft()) return gradient;

  const int nspin = static_cast<int>(densities.size());
  std::vector<Eigen::MatrixXd> D(densities.size());
  for (std::size_t s = 0; s < densities.size(); ++s) D[s] = 0.5 * (densities[s] + densities[s].transpose());
  std::vector<int> atom_of_function;
  atom_of_function.reserve(basis.function_count());
  for (std::size_t s = 0; s < basis.shell_count(); ++s)
    atom_of_function.insert(atom_of_function.end(), static_cast<std::size_t>(basis[s].size()), basis[s].atom);

  const BasisOnGrid basis_on_grid(basis, options.basis_threshold);
  std::optional<AtomicPartition> partition;
  if (options.grid_response) partition.emplace(molecule, spec.partition);
  const std::vector<std::size_t> my_batches = batches_for_rank(xc_batch_costs(basis_on_grid, grid), comm.rank(), comm.size());
  const Eigen::VectorXd no_atomic_weights = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(grid.size()));
  const Eigen::VectorXd& atomic_weights = options.grid_response ? grid.atomic_weights : no_atomic_weights;

  const int nthreads = std::max(1, omp_get_max_threads());
  std::vector<ThreadWork> work(static_cast<std::size_t>(nthreads));
#pragma omp parallel num_threads(nthreads)
  {
    ThreadWork& w = work[static_cast<std::size_t>(omp_get_thread_num())];
    const auto team = static_cast<std::size_t>(omp_get_num_threads());
    try {
      w.batch = std::make_unique<BatchGradient>(basis_on_grid, functional, nspin, atom_of_function,
                                                static_cast<int>(natoms), partition ? &*partition : nullptr);
      // Round-robin, a fixed assignment, as XcIntegrator::compute.
      for (std::size_t i = static_cast<std::size_t>(omp_get_thread_num()); i < my_batches.size(); i += team) {
        const GridBatch& b = grid.batches[my_batches[i]];
        const auto begin = static_cast<Eigen::Index>(b.begin);
        const auto n = static_cast<Eigen::Index>(b.size());
        w.batch->add(grid.points.middleCols(begin, n), grid.weights.segment(begin, n),
                     atomic_weights.segment(begin, n), b.centre, b.radius, grid.atom_of_point.data() + b.begin, D);
      }
    } catch (...) {
      w.error = std::current_exception();
    }
  }
  for (const ThreadWork& w : work)
    if (w.error) std::rethrow_exception(w.error);

  const double reduce_start = omp_get_wtime();
  XcGradientTimings t;
  for (const ThreadWork& w : work) {  // threads in a fixed order, then ranks
    if (!w.batch) continue;
    gradient += w.batch->gradient();
    t.basis += w.batch->timings().basis;
    t.density += w.batch->timings().density;
    t.functional += w.batch->timings().functional;
    t.gradient += w.batch->timings().gradient;
    t.weights += w.batch->timings().weights;
  }
  comm.sum(gradient.data(), static_cast<std::size_t>(gradient.size()));
  const double end = omp_get_wtime();
  t.reduction = end - reduce_start;
  t.wall = end - wall_start;
  if (timings) *timings = t;
  return gradient;
}

}  // namespace atropos
