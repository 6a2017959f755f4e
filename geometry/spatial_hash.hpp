#pragma once
// A cell list (spatial hash) over points: neighbour queries in O(1) per point instead of
// O(N) scans, so connectivity and symmetry tests stay fast for crystals and ~1000-atom clusters.

#include <Eigen/Core>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace atropos {

class SpatialHash {
 public:
  // `cell_size` in the points' length unit; queries with radius <= cell_size visit 27 cells.
  SpatialHash(std::vector<Eigen::Vector3d> points, double cell_size);

  const std::vector<Eigen::Vector3d>& points() const { return points_; }

  // Calls visit(index, distance) for every point within `radius` of `centre`.
  template <class Visit>
  void for_each_within(const Eigen::Vector3d& centre, double radius, Visit&& visit) const {
    const int reach = static_cast<int>(std::ceil(radius / cell_size_));
    const auto c = cell_of(centre);
    for (int dx = -reach; dx <= reach; ++dx)
      for (int dy = -reach; dy <= reach; ++dy)
        for (int dz = -reach; dz <= reach; ++dz) {
          const auto it = cells_.find(key(c[0] + dx, c[1] + dy, c[2] + dz));
          if (it == cells_.end()) continue;
          for (int index : it->second) {
            const double d = (points_[index] - centre).norm();
            if (d <= radius) visit(index, d);
          }
        }
  }

  // Index of the nearest point within `radius` that passes `accept(index)`, or -1.
  template <class Accept>
  int nearest_within(const Eigen::Vector3d& centre, double radius, Accept&& accept) const {
    int best = -1;
    double best_distance = radius;
    for_each_within(centre, radius, [&](int index, double d) {
      if (d <= best_distance && accept(index)) {
        best = index;
        best_distance = d;
      }
    });
    return best;
  }

 private:
  std::array<std::int64_t, 3> cell_of(const Eigen::Vector3d& p) const;
  static std::int64_t key(std::int64_t x, std::int64_t y, std::int64_t z) {
    // 21 bits per axis (offset to be non-negative): unique for |cell index| < 2^20.
    constexpr std::int64_t offset = 1 << 20, mask = (1 << 21) - 1;
    return ((x + offset) & mask) << 42 | ((y + offset) & mask) << 21 | ((z + offset) & mask);
  }

  std::vector<Eigen::Vector3d> points_;
  double cell_size_;
  std::unordered_map<std::int64_t, std::vector<int>> cells_;
};

}  // namespace atropos
