#pragma once
// Multi-frame XYZ trajectory of an optimisation (Angstrom, geometry/xyz.hpp format), one frame per
// evaluated point, flushed at once so that a killed run leaves every finished frame on disk.
// Usable directly as a StepCallback:
//     XyzTrajectory trajectory("water_opt.xyz");
//     run_optimizer(surface, optimizer, std::ref(trajectory));   // or inside a larger callback

#include <string>

#include "drivers/optimize/optimizer.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

class XyzTrajectory {
 public:
  // Truncates the file unless `append` (resumed runs append). InputError when it cannot be opened.
  explicit XyzTrajectory(std::string path, bool append = false);

  void write(const Molecule& molecule, const std::string& comment);
  // Frame comment: "step 7 E=-150.6529816924 dE=-2.98e-07 internal [converged]".
  void operator()(const StepReport& report, const Optimizer& optimizer);

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace atropos
