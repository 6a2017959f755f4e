#include "drivers/path/interpolation.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "common/error.hpp"
#include "drivers/path/band_state.hpp"
#include "drivers/path/image_evaluator.hpp"
#include "drivers/path/neb.hpp"

namespace atropos {

namespace {

void check_pair(const Molecule& first, const Molecule& last, int intermediate_images) {
  if (intermediate_images < 1)
    throw InputError("a band needs at least one intermediate image, got " + std::to_string(intermediate_images));
  bool same = first.size() == last.size();
  for (std::size_t i = 0; same && i < first.size(); ++i) same = first[i].Z == last[i].Z;
  if (!same) throw InputError("interpolation: the endpoints have different atoms (match them first)");
}

Eigen::MatrixXd distances(const Eigen::MatrixX3d& r) {
  const long n = r.rows();
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
  for (long i = 0; i < n; ++i)
    for (long j = i + 1; j < n; ++j) d(i, j) = d(j, i) = (r.row(i) - r.row(j)).norm();
  return d;
}

}  // namespace

std::vector<Molecule> linear_interpolation(const Molecule& first, const Molecule& last, int intermediate_images) {
  check_pair(first, last, intermediate_images);
  const Eigen::MatrixX3d a = first.positions(), b = last.positions();
  std::vector<Molecule> band;
  const int intervals = intermediate_images + 1;
  for (int k = 0; k <= intervals; ++k) {
    const double t = static_cast<double>(k) / intervals;
    band.push_back(k == intervals ? first.with_positions(b) : first.with_positions(a + t * (b - a)));
  }
  return band;
}

IdppSurface::IdppSurface(const Molecule& first, const Molecule& last, double fraction) {
  const Eigen::MatrixXd d0 = distances(first.positions()), d1 = distances(last.positions());
  target_ = d0 + fraction * (d1 - d0);
}

SurfacePoint IdppSurface::evaluate(const Molecule& molecule) {
  const Eigen::MatrixX3d r = molecule.positions();
  const long n = r.rows();
  if (n != target_.rows()) throw std::invalid_argument("IdppSurface: wrong number of atoms");
  SurfacePoint point;
  point.gradient = Eigen::MatrixX3d::Zero(n, 3);
  for (long i = 0; i < n; ++i)
    for (long j = i + 1; j < n; ++j) {
      const Eigen::RowVector3d v = r.row(i) - r.row(j);
      const double d = v.norm();
      if (d < 1e-6)
        throw ComputationError("IDPP: atoms " + std::to_string(i + 1) + " and " + std::to_string(j + 1) + " coincide");
      const double miss = target_(i, j) - d;
      const double d2 = d * d, d4 = d2 * d2;
      point.energy += 0.5 * miss * miss / d4;
      // dS/dd = -miss/d^4 - 2 miss^2/d^5
      const double slope = -miss / d4 - 2.0 * miss * miss / (d4 * d);
      const Eigen::RowVector3d g = slope / d * v;
      point.gradient.row(i) += g;
      point.gradient.row(j) -= g;
    }
  return point;
}

IdppBand idpp_band(const Molecule& first, const Molecule& last, int intermediate_images, const IdppOptions& options) {
  const std::vector<Molecule> linear = linear_interpolation(first, last, intermediate_images);
  const int intervals = intermediate_images + 1;
  SerialImageEvaluator evaluator([&](int image) {
    return std::make_unique<IdppSurface>(first, last, static_cast<double>(image) / intervals);
  });
  NebOptions neb;
  neb.optimizer = options.optimizer;
  neb.climbing_image = false;
  neb.spring_constant = options.spring_constant;
  neb.max_force = options.max_force;
  neb.max_iterations = options.max_iterations;
  neb.max_step = options.max_step;
  neb.project_rigid_motion = true;
  const BandState relaxed = run_neb(new_band(linear), evaluator, neb);
  IdppBand out;
  out.images = relaxed.images();
  out.converged = relaxed.converged;
  out.iterations = relaxed.iteration;
  out.max_perpendicular_force = relaxed.max_perpendicular_force;
  return out;
}

std::vector<Molecule> idpp_interpolation(const Molecule& first, const Molecule& last, int intermediate_images,
                                         const IdppOptions& options) {
  return idpp_band(first, last, intermediate_images, options).images;
}

}  // namespace atropos
