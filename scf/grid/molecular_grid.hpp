#pragma once
// The molecular integration grid: the union of atom-centred grids (turned into Psi4's frame when
// the spec asks, orientation.hpp), each point's weight times its atomic partition weight, points
// beyond spec.max_distance of every nucleus and tiny weights dropped, points grouped into
// spatial batches.
// integral f(r) d^3r ~ sum_i weights(i) f(points.col(i)).
//
// Replicated: every rank holds the whole grid (a few MB per 100 atoms); work is split by
// batches (batches_for_rank). Built identically, bit for bit, on every rank and for any number
// of ranks: ranks share the partition-weight work and the weights are summed exactly
// (every point gets its value from exactly one rank, zeros from the others).

#include <Eigen/Core>
#include <vector>

#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "scf/grid/batching.hpp"
#include "scf/grid/grid_spec.hpp"

namespace atropos {

struct MolecularGrid {
  Eigen::Matrix3Xd points;        // bohr
  Eigen::VectorXd weights;        // bohr^3, partition weight included
  Eigen::VectorXd atomic_weights; // bohr^3, before partitioning: weights = atomic_weights * w_atom(point)
  std::vector<int> atom_of_point; // the atom whose grid each point came from
  std::vector<GridBatch> batches; // cover [0, size()) in order; spatially compact, atoms mixed
  std::size_t size() const { return static_cast<std::size_t>(weights.size()); }
};

// Serial (OpenMP threads only); needs no MPI.
MolecularGrid make_molecular_grid(const Molecule& molecule, const GridSpec& spec);
// The partition-weight work split over the ranks of `comm`; every rank returns the same grid.
MolecularGrid make_molecular_grid(const Molecule& molecule, const GridSpec& spec, const Communicator& comm);

// Batches owned by `rank` when the grid's batches are dealt to `nranks` ranks.
inline std::vector<std::size_t> batches_for_rank(const MolecularGrid& grid, int rank, int nranks) {
  return batches_for_rank(grid.batches, rank, nranks);
}

}  // namespace atropos
