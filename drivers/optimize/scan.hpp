#pragma once
// Relaxed scan along one coordinate: the coordinate is held at each of `points` values evenly
// spaced from `start` to `stop` (inclusive) while everything else is optimised; each point starts
// from the previous point's optimised geometry (the first from the given molecule). Values in bohr
// or radians (dihedrals may run past pi: the target is wrapped, the reported value is unwrapped
// to follow the scan).

#include <functional>
#include <vector>

#include "drivers/energy_surface.hpp"
#include "drivers/optimize/constraint.hpp"
#include "drivers/optimize/optimizer.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct ScanCoordinate {
  Constraint coordinate;  // distance, angle or dihedral; its target is ignored
  double start = 0.0;
  double stop = 0.0;
  int points = 2;         // >= 2 (or 1: only `start`)
  double value(int k) const { return points == 1 ? start : start + (stop - start) * k / (points - 1); }
};

struct ScanPoint {
  int index = 0;
  double target = 0.0;       // the scan value (as given, unwrapped)
  double value = 0.0;        // the coordinate in the optimised geometry
  double energy = 0.0;       // Eh
  Molecule molecule;
  bool converged = false;
  int evaluations = 0;
};

// After each finished point; a driver can store the table and resume a killed scan by calling
// relaxed_scan again with first_point = the next index and the last stored geometry as `molecule`.
using ScanCallback = std::function<void(const ScanPoint&)>;

// `options.constraints` are kept at every point in addition to the scanned coordinate.
// InputError for a scan coordinate of kind frozen_atom or fewer than one point.
std::vector<ScanPoint> relaxed_scan(EnergySurface& surface, const Molecule& molecule, const ScanCoordinate& scan,
                                    const OptimizerOptions& options, const ScanCallback& on_point = {},
                                    const StepCallback& on_step = {}, int first_point = 0);

}  // namespace atropos
