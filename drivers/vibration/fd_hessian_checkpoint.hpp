#pragma once
// Finished finite-difference points in an HDF5 group, so that a killed frequency job resumes
// where it stopped instead of redoing every displaced gradient.
//
// Layout of the group (default "/fd_hessian"; N atoms, n points stored):
//   attributes  format = "atropos-fd-hessian", format_version = 1, step_bohr (float64),
//               points (int32: the stencil, 3 or 5), units = "bohr, hartree, hartree/bohr"
//   atomic_numbers  int32   [N]
//   geometry_bohr   float64 [N, 3]     the undisplaced geometry
//   charge, multiplicity  int32 scalars
//   indices         int32   [n]        point index p (fd_hessian.hpp; three points: p =
//                                      2*(3*atom + axis) + s, s = 0 for -h, 1 for +h, and
//                                      p = 6N is the undisplaced point)
//   energies        float64 [n]        Eh
//   gradients       float64 [n, 3N]    Eh/bohr, row j = gradient of point indices[j],
//                                      atom-major (x1 y1 z1 x2 ...)
//
// Usage in a driver (every rank runs the same code):
//
//   FdHessianCheckpoint store(path);                       // e.g. "<job>_hessian.h5"
//   FdHessianPlan plan(molecule, options.step_bohr, options.points);
//   auto done = store.restore(plan, comm);                 // {} when nothing stored yet
//   auto result = compute_fd_hessian(molecule, factory, comm, options, done,
//                                    store.saving_callback(plan, comm, print_progress));
//
// restore() refuses (InputError naming the file) points stored for other atoms, another
// geometry (any coordinate off by more than 1e-10 bohr), another step or another stencil: they
// would silently mix two Hessians.

#include <map>
#include <string>

#include "drivers/vibration/fd_hessian.hpp"
#include "io/hdf5_file.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// Writes (replacing) the layout above into `group`.
void write_fd_hessian_points(Hdf5Group& group, const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points);

// Reads the points in `group`, checking they belong to `plan`.
std::map<int, SurfacePoint> read_fd_hessian_points(const Hdf5Group& group, const FdHessianPlan& plan);

// The points of one frequency job in a file, for MPI drivers: rank 0 does the file I/O, the other
// ranks receive what it read; failures throw on every rank.
class FdHessianCheckpoint {
 public:
  explicit FdHessianCheckpoint(std::string path, std::string group = "fd_hessian");

  const std::string& path() const { return path_; }
  const std::string& group() const { return group_; }

  // Collective. The stored points; {} when the file or the group does not exist.
  std::map<int, SurfacePoint> restore(const FdHessianPlan& plan, const Communicator& comm) const;

  // Collective. Replaces the group with `points`. The file is rewritten atomically
  // (io/atomic_rewrite.hpp: built beside, then renamed), keeping its other objects, so a job
  // killed while writing leaves the previous version. Each call copies the whole file: keep the
  // points in a file of their own rather than in a large SCF checkpoint.
  void store(const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points, const Communicator& comm) const;

  // An on_round callback for compute_fd_hessian that stores every round that produced new points,
  // then calls `then` (e.g. progress printing) when given.
  FdHessianCallback saving_callback(const FdHessianPlan& plan, const Communicator& comm,
                                    FdHessianCallback then = {}) const;

 private:
  std::string path_;
  std::string group_;
};

}  // namespace atropos
