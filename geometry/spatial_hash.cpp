#include "geometry/spatial_hash.hpp"

#include <stdexcept>

namespace atropos {

SpatialHash::SpatialHash(std::vector<Eigen::Vector3d> points, double cell_size)
    : points_(std::move(points)), cell_size_(cell_size) {
  if (!(cell_size_ > 0.0)) throw std::invalid_argument("SpatialHash: cell size must be positive");
  cells_.reserve(points_.size());
  for (std::size_t i = 0; i < points_.size(); ++i) {
    const auto c = cell_of(points_[i]);
    cells_[key(c[0], c[1], c[2])].push_back(static_cast<int>(i));
  }
}

std::array<std::int64_t, 3> SpatialHash::cell_of(const Eigen::Vector3d& p) const {
  return {static_cast<std::int64_t>(std::floor(p.x() / cell_size_)),
          static_cast<std::int64_t>(std::floor(p.y() / cell_size_)),
          static_cast<std::int64_t>(std::floor(p.z() / cell_size_))};
}

}  // namespace atropos
