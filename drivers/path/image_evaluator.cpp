#include "drivers/path/image_evaluator.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/error.hpp"

namespace atropos {

namespace {

void check_request(const std::vector<Molecule>& images, const std::vector<int>& which, std::vector<double>& energies,
                   std::vector<Eigen::MatrixX3d>& gradients) {
  for (int i : which)
    if (i < 0 || i >= static_cast<int>(images.size()))
      throw std::invalid_argument("image evaluation: image index out of range");
  if (energies.size() < images.size()) energies.resize(images.size(), 0.0);
  if (gradients.size() < images.size()) gradients.resize(images.size());
}

// The checks every surface result must pass before it enters the band.
void check_point(const SurfacePoint& point, const Molecule& image, int index) {
  if (point.gradient.rows() != static_cast<long>(image.size()))
    throw ComputationError("NEB image " + std::to_string(index) + ": the surface returned a gradient with " +
                           std::to_string(point.gradient.rows()) + " rows for " + std::to_string(image.size()) +
                           " atoms");
  if (!std::isfinite(point.energy) || !point.gradient.allFinite())
    throw ComputationError("NEB image " + std::to_string(index) + ": the surface returned a non-finite energy or gradient");
}

}  // namespace

ParallelImageEvaluator::ParallelImageEvaluator(const Communicator& world, SurfaceFactory factory, int image_count,
                                               int groups)
    : world_(world), factory_(std::move(factory)) {
  if (image_count < 3) throw InputError("a band needs at least 3 images, got " + std::to_string(image_count));
  if (groups < 0) throw InputError("the number of image groups cannot be negative");
  if (groups > world.size())
    throw InputError("cannot make " + std::to_string(groups) + " image groups from " + std::to_string(world.size()) +
                     " MPI ranks");
  groups_ = groups > 0 ? groups : std::max(1, std::min(world.size(), image_count - 2));
  // Contiguous blocks of ranks, sizes differing by at most one.
  group_ = static_cast<int>(static_cast<long>(world.rank()) * groups_ / world.size());
  group_comm_ = world.split(group_);
  surfaces_.resize(static_cast<std::size_t>(image_count));
}

ParallelImageEvaluator::~ParallelImageEvaluator() {
  surfaces_.clear();  // surfaces may hold copies of the group communicator
  MPI_Comm handle = group_comm_.handle();
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised && handle != MPI_COMM_NULL && handle != MPI_COMM_WORLD) MPI_Comm_free(&handle);
}

int ParallelImageEvaluator::surfaces_created() const {
  return static_cast<int>(std::count_if(surfaces_.begin(), surfaces_.end(), [](const auto& s) { return s != nullptr; }));
}

void ParallelImageEvaluator::evaluate(const std::vector<Molecule>& images, const std::vector<int>& which,
                                      std::vector<double>& energies, std::vector<Eigen::MatrixX3d>& gradients) {
  check_request(images, which, energies, gradients);
  if (images.size() != surfaces_.size())
    throw std::invalid_argument("ParallelImageEvaluator: the band has " + std::to_string(images.size()) +
                                " images, the evaluator was made for " + std::to_string(surfaces_.size()));
  const long natom = images.empty() ? 0 : static_cast<long>(images.front().size());
  const long stride = 1 + 3 * natom;  // energy, then the gradient row by row
  std::vector<double> buffer(which.size() * static_cast<std::size_t>(stride), 0.0);
  bool failed = false;
  std::string message;
  for (std::size_t k = 0; k < which.size() && !failed; ++k) {
    const int image = which[k];
    if (owner(image) != group_) continue;
    try {
      auto& surface = surfaces_[static_cast<std::size_t>(image)];
      if (!surface) {
        surface = factory_(group_comm_, image);
        if (!surface) throw std::invalid_argument("the surface factory returned no surface");
      }
      const SurfacePoint point = surface->evaluate(images[static_cast<std::size_t>(image)]);
      check_point(point, images[static_cast<std::size_t>(image)], image);
      if (group_comm_.is_root()) {
        double* out = buffer.data() + k * static_cast<std::size_t>(stride);
        out[0] = point.energy;
        for (long a = 0; a < natom; ++a)
          for (int c = 0; c < 3; ++c) out[1 + 3 * a + c] = point.gradient(a, c);
      }
    } catch (const std::exception& error) {
      failed = true;
      message = "NEB image " + std::to_string(image) + ": " + error.what();
    }
  }
  if (world_.any(failed)) {
    // Report the first failing rank's message on every rank.
    std::vector<double> failing(static_cast<std::size_t>(world_.size()), 0.0);
    if (failed) failing[static_cast<std::size_t>(world_.rank())] = 1.0;
    world_.sum(failing);
    const int root = static_cast<int>(std::find(failing.begin(), failing.end(), 1.0) - failing.begin());
    world_.broadcast(message, root);
    throw ComputationError(message);
  }
  world_.sum(buffer);
  for (std::size_t k = 0; k < which.size(); ++k) {
    const double* in = buffer.data() + k * static_cast<std::size_t>(stride);
    const auto image = static_cast<std::size_t>(which[k]);
    energies[image] = in[0];
    gradients[image].resize(natom, 3);
    for (long a = 0; a < natom; ++a)
      for (int c = 0; c < 3; ++c) gradients[image](a, c) = in[1 + 3 * a + c];
  }
}

SerialImageEvaluator::SerialImageEvaluator(std::function<std::unique_ptr<EnergySurface>(int image)> factory)
    : factory_(std::move(factory)) {}

void SerialImageEvaluator::evaluate(const std::vector<Molecule>& images, const std::vector<int>& which,
                                    std::vector<double>& energies, std::vector<Eigen::MatrixX3d>& gradients) {
  check_request(images, which, energies, gradients);
  if (surfaces_.size() < images.size()) surfaces_.resize(images.size());
  for (int image : which) {
    auto& surface = surfaces_[static_cast<std::size_t>(image)];
    if (!surface) {
      surface = factory_(image);
      if (!surface) throw std::invalid_argument("the surface factory returned no surface");
    }
    SurfacePoint point;
    try {
      point = surface->evaluate(images[static_cast<std::size_t>(image)]);
    } catch (const ComputationError& error) {
      throw ComputationError("NEB image " + std::to_string(image) + ": " + error.what());
    }
    check_point(point, images[static_cast<std::size_t>(image)], image);
    energies[static_cast<std::size_t>(image)] = point.energy;
    gradients[static_cast<std::size_t>(image)] = point.gradient;
  }
}

}  // namespace atropos
