#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "scf/grid/batching.hpp"

using namespace atropos;

namespace {

Eigen::Matrix3Xd random_cloud(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, 3.0);
  Eigen::Matrix3Xd p(3, n);
  for (int i = 0; i < n; ++i) p.col(i) = Eigen::Vector3d(gauss(rng), gauss(rng), 0.3 * gauss(rng));
  return p;
}

}  // namespace

TEST(Batching, BatchesPartitionThePointsAndBoundThem) {
  const Eigen::Matrix3Xd points = random_cloud(5000, 3);
  std::vector<std::size_t> indices(5000);
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  const std::vector<GridBatch> batches = split_into_batches(points, indices, 256, 4);
  // A permutation of the input.
  std::vector<std::size_t> sorted = indices;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
  std::size_t next = 0;
  for (const GridBatch& b : batches) {
    EXPECT_EQ(b.begin, next);
    EXPECT_GT(b.size(), 128u);  // median splits: between max/2 and max
    EXPECT_LE(b.size(), 256u);
    EXPECT_EQ(b.atom, 4);
    for (std::size_t i = b.begin; i < b.end; ++i)
      EXPECT_LE((points.col(static_cast<Eigen::Index>(indices[i])) - b.centre).norm(), b.radius * (1 + 1e-15));
    next = b.end;
  }
  EXPECT_EQ(next, indices.size());
  // Compact: a batch is much smaller than the cloud (20 batches: radius ~ cloud / 20^(1/3)).
  double cloud_radius = 0.0, mean_radius = 0.0;
  for (Eigen::Index i = 0; i < points.cols(); ++i) cloud_radius = std::max(cloud_radius, points.col(i).norm());
  for (const GridBatch& b : batches) mean_radius += b.radius / batches.size();
  EXPECT_LT(mean_radius, 0.4 * cloud_radius);
}

TEST(Batching, SplittingIsDeterministic) {
  const Eigen::Matrix3Xd points = random_cloud(3000, 5);
  std::vector<std::size_t> a(3000), b(3000);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = b[i] = i;
  std::reverse(b.begin(), b.end());  // a different input order gives the same batches
  const auto ba = split_into_batches(points, a, 200, 0);
  const auto bb = split_into_batches(points, b, 200, 0);
  ASSERT_EQ(ba.size(), bb.size());
  EXPECT_EQ(a, b);
}

TEST(Batching, OwnersAreContiguousAndBalanced) {
  const Eigen::Matrix3Xd points = random_cloud(20000, 9);
  std::vector<std::size_t> indices(20000);
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  const std::vector<GridBatch> batches = split_into_batches(points, indices, 256, 0);
  for (int nranks : {1, 2, 3, 7}) {
    const std::vector<int> owner = batch_owners(batches, nranks);
    std::vector<std::size_t> load(static_cast<std::size_t>(nranks), 0);
    for (std::size_t i = 0; i < batches.size(); ++i) {
      if (i > 0) EXPECT_GE(owner[i], owner[i - 1]);
      load[static_cast<std::size_t>(owner[i])] += batches[i].size();
    }
    std::size_t covered = 0;
    for (int r = 0; r < nranks; ++r) {
      EXPECT_NEAR(static_cast<double>(load[r]), 20000.0 / nranks, 256.0) << nranks;
      covered += batches_for_rank(batches, r, nranks).size();
    }
    EXPECT_EQ(covered, batches.size());
  }
}

TEST(Batching, CostOwnersSpreadEachRankOverTheMolecule) {
  // Estimated costs that are off by 20 % for the first half of the batches (say, the batches near
  // one kind of atom): dealt in runs, every rank still gets close to its share of the true cost.
  std::mt19937 rng(3);
  std::gamma_distribution<double> spread(2.0, 1.0);
  const std::size_t count = 8192;
  std::vector<double> estimate(count), truth(count);
  for (std::size_t i = 0; i < count; ++i) {
    estimate[i] = spread(rng);
    truth[i] = estimate[i] * (i < count / 2 ? 1.2 : 1.0);
  }
  const double max_cost = *std::max_element(estimate.begin(), estimate.end());
  double total_estimate = 0.0, total_truth = 0.0;
  for (std::size_t i = 0; i < count; ++i) total_estimate += estimate[i], total_truth += truth[i];
  for (int nranks : {1, 2, 3, 7}) {
    const std::vector<int> owner = batch_owners(estimate, nranks);
    std::vector<double> load(nranks, 0.0), true_load(nranks, 0.0);
    std::vector<std::size_t> first(nranks, count), last(nranks, 0);
    for (std::size_t i = 0; i < count; ++i) {
      const auto r = static_cast<std::size_t>(owner[i]);
      load[r] += estimate[i];
      true_load[r] += truth[i];
      first[r] = std::min(first[r], i);
      last[r] = std::max(last[r], i);
    }
    std::size_t covered = 0;
    for (int r = 0; r < nranks; ++r) {
      // 16 runs per rank, each within one batch's cost of its share.
      EXPECT_NEAR(load[r], total_estimate / nranks, 16 * max_cost) << nranks;
      EXPECT_NEAR(true_load[r] / (total_truth / nranks), 1.0, 0.01) << nranks << " ranks, rank " << r;
      EXPECT_LT(first[r], count / 8) << nranks;
      EXPECT_GT(last[r], count - count / 8) << nranks;
      covered += batches_for_rank(estimate, r, nranks).size();
    }
    EXPECT_EQ(covered, count);
  }
}
