#pragma once
// Energies and gradients of the images of a band, serially or in parallel over groups of MPI ranks.
//
// ParallelImageEvaluator splits the communicator into groups (contiguous blocks of ranks); image i
// belongs to group i % groups. A group creates the surface of each of its images on first use and
// keeps it, so an SCF surface starts every evaluation of that image from the same image's previous
// orbitals. After each round, energies and gradients are summed over all ranks (the group root
// contributes its images, everyone else zeros), so every rank holds the whole band with the same
// bits, and a band computed on 1 rank and on N ranks differs only by what the surface itself does
// differently on a group of another size. A surface must fail on all ranks of its group or on
// none (as the replicated SCF does): a rank that throws alone leaves its group's collectives
// waiting.

#include <Eigen/Core>
#include <functional>
#include <memory>
#include <vector>

#include "drivers/energy_surface.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

class ImageEvaluator {
 public:
  virtual ~ImageEvaluator() = default;
  // Evaluates images[i] for each i in `which`, writing energies[i] (Eh) and gradients[i]
  // (natom x 3, Eh/bohr); other entries are left alone. Every rank calls it with the same
  // arguments; on return every rank holds the same values. Throws ComputationError (on every
  // rank) when an image cannot be computed.
  virtual void evaluate(const std::vector<Molecule>& images, const std::vector<int>& which,
                        std::vector<double>& energies, std::vector<Eigen::MatrixX3d>& gradients) = 0;
};

// Makes the surface of image `image` (0 = first endpoint) for the ranks of `group`; called on
// every rank of that group, once per image.
using SurfaceFactory = std::function<std::unique_ptr<EnergySurface>(const Communicator& group, int image)>;

class ParallelImageEvaluator : public ImageEvaluator {
 public:
  // `image_count`: images in the band, endpoints included. `groups` = number of rank groups;
  // 0 = one per rank but no more than there are intermediate images. InputError when `groups`
  // exceeds the number of ranks.
  ParallelImageEvaluator(const Communicator& world, SurfaceFactory factory, int image_count, int groups = 0);
  ~ParallelImageEvaluator() override;
  ParallelImageEvaluator(const ParallelImageEvaluator&) = delete;
  ParallelImageEvaluator& operator=(const ParallelImageEvaluator&) = delete;

  void evaluate(const std::vector<Molecule>& images, const std::vector<int>& which, std::vector<double>& energies,
                std::vector<Eigen::MatrixX3d>& gradients) override;

  int group_count() const { return groups_; }
  int group() const { return group_; }  // this rank's group
  int owner(int image) const { return image % groups_; }
  const Communicator& group_communicator() const { return group_comm_; }
  int surfaces_created() const;  // by this rank

 private:
  Communicator world_;
  Communicator group_comm_;
  SurfaceFactory factory_;
  int groups_ = 1;
  int group_ = 0;
  std::vector<std::unique_ptr<EnergySurface>> surfaces_;  // by image; null = not owned / not yet made
};

// Surfaces made by `factory(image)` and evaluated in turn, with no communication (model surfaces,
// IDPP): every rank computes every image itself.
class SerialImageEvaluator : public ImageEvaluator {
 public:
  explicit SerialImageEvaluator(std::function<std::unique_ptr<EnergySurface>(int image)> factory);
  void evaluate(const std::vector<Molecule>& images, const std::vector<int>& which, std::vector<double>& energies,
                std::vector<Eigen::MatrixX3d>& gradients) override;

 private:
  std::function<std::unique_ptr<EnergySurface>(int image)> factory_;
  std::vector<std::unique_ptr<EnergySurface>> surfaces_;
};

}  // namespace atropos
