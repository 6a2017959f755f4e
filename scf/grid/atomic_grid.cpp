#include "scf/grid/atomic_grid.hpp"

#include "scf/grid/lebedev.hpp"
#include "scf/grid/pruning.hpp"

namespace atropos {

AtomicGrid make_atomic_grid(int Z, const GridSpec& spec) {
  const RadialGrid radial = make_radial_grid(spec.radial_scheme, radial_points_for_element(spec, Z), Z, spec.bs_radius_alpha);
  std::vector<int> shell_points(radial.size());
  Eigen::Index total = 0;
  for (std::size_t i = 0; i < radial.size(); ++i) {
    shell_points[i] = spec.prune ? pruned_angular_points(Z, radial.r[i], spec.angular_points) : spec.angular_points;
    total += shell_points[i];
  }
  AtomicGrid grid;
  grid.points.resize(3, total);
  grid.weights.resize(total);
  Eigen::Index k = 0;
  for (std::size_t i = 0; i < radial.size(); ++i) {
    const AngularGrid& sphere = lebedev_grid(shell_points[i]);
    const Eigen::Index n = sphere.points.cols();
    grid.points.middleCols(k, n) = radial.r[i] * sphere.points;
    grid.weights.segment(k, n) = radial.w[i] * sphere.weights;
    k += n;
  }
  return grid;
}

}  // namespace atropos
