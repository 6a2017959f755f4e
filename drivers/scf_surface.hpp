#pragma once
// The SCF as an EnergySurface: each evaluate() runs a single point at the new geometry and its
// analytic gradient. Orbitals carry over from one point to the next (the previous point's
// checkpoint is read and projected as the guess), so a geometry step costs a few SCF iterations.

#include <string>

#include "common/log.hpp"
#include "drivers/energy_surface.hpp"
#include "drivers/job.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

class ScfSurface : public EnergySurface {
 public:
  // `job` gives method, basis, SCF options; its molecule fixes the atoms. `work_checkpoint` is the
  // HDF5 file that holds the latest point's orbitals ("" = job.name + "_surface.h5").
  ScfSurface(Job job, Communicator comm, Log log, std::string work_checkpoint = "");

  SurfacePoint evaluate(const Molecule& molecule) override;

  int evaluations() const { return evaluations_; }
  const std::string& checkpoint() const { return job_.checkpoint; }

 private:
  Job job_;
  Communicator comm_;
  Log log_;
  int evaluations_ = 0;
};

}  // namespace atropos
