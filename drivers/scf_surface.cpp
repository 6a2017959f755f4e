#include "drivers/scf_surface.hpp"

#include <filesystem>
#include <stdexcept>

#include "common/error.hpp"
#include "drivers/single_point.hpp"

namespace atropos {

ScfSurface::ScfSurface(Job job, Communicator comm, Log log, std::string work_checkpoint)
    : job_(std::move(job)), comm_(comm), log_(std::move(log)) {
  job_.checkpoint = work_checkpoint.empty() ? job_.name + "_surface.h5" : std::move(work_checkpoint);
  job_.mirror = false;
  validate_job(job_);
}

SurfacePoint ScfSurface::evaluate(const Molecule& molecule) {
  if (molecule.size() != job_.molecule.size() || molecule.charge() != job_.molecule.charge() ||
      molecule.multiplicity() != job_.molecule.multiplicity())
    throw std::invalid_argument("ScfSurface::evaluate: the molecule's atoms differ from the surface's");
  for (std::size_t i = 0; i < molecule.size(); ++i)
    if (molecule[i].Z != job_.molecule[i].Z)
      throw std::invalid_argument("ScfSurface::evaluate: the molecule's atoms differ from the surface's");
  job_.molecule = molecule;
  if (evaluations_ > 0 && std::filesystem::exists(job_.checkpoint)) {
    // The previous point's orbitals, placed on this geometry's basis.
    job_.guess = "read";
    job_.guess_checkpoint = job_.checkpoint;
  }
  const SinglePointResult energy = run_single_point(job_, comm_, log_);
  SurfacePoint point;
  point.energy = energy.scf.total_energy;
  point.gradient = compute_analytic_gradient(job_, energy, comm_, log_);
  ++evaluations_;
  return point;
}

}  // namespace atropos
