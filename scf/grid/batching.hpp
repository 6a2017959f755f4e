#pragma once
// Spatial batches of grid points and their static distribution over MPI ranks.
//
// The points are split recursively at the median of the longest side of their bounding box (a
// k-d tree) until a part holds at most max_points; parts are listed depth-first, lower half
// first, so the order depends only on the points (deterministic on every rank).

#include <Eigen/Core>
#include <cstddef>
#include <vector>

namespace atropos {

struct GridBatch {
  std::size_t begin = 0;  // points [begin, end) of the molecular grid
  std::size_t end = 0;
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();  // bohr: centre of the bounding box
  double radius = 0.0;                               // bohr: every point lies within it of centre
  int atom = -1;  // the atom whose grid all the points came from; -1 when they come from several
  std::size_t size() const { return end - begin; }
};

// Reorders `indices` (into the columns of `points`) so that each batch is contiguous, and
// returns the batches relative to the start of `indices` (begin/end index into `indices`).
std::vector<GridBatch> split_into_batches(const Eigen::Matrix3Xd& points, std::vector<std::size_t>& indices,
                                          int max_points, int atom);

// Owner rank of each batch: contiguous runs of batches with about total/nranks points each.
// Static and deterministic, the same on every rank; runs stay spatially compact.
std::vector<int> batch_owners(const std::vector<GridBatch>& batches, int nranks);
// With a cost per batch (>= 0) instead of its point count: the batches are cut into 16 runs of
// equal cost per rank (a run holds the batches whose cost midpoints fall in it), dealt to the
// ranks round-robin, so that every rank's share spans the whole molecule and errors of the cost
// estimate average out; each run stays spatially compact.
std::vector<int> batch_owners(const std::vector<double>& costs, int nranks);

// Indices of the batches that `rank` owns (see batch_owners).
std::vector<std::size_t> batches_for_rank(const std::vector<GridBatch>& batches, int rank, int nranks);
std::vector<std::size_t> batches_for_rank(const std::vector<double>& costs, int rank, int nranks);

}  // namespace atropos
