#include "drivers/optimize/scan.hpp"

#include <cmath>

#include "common/error.hpp"

namespace atropos {

std::vector<ScanPoint> relaxed_scan(EnergySurface& surface, const Molecule& molecule, const ScanCoordinate& scan,
                                    const OptimizerOptions& options, const ScanCallback& on_point, const StepCallback& on_step,
                                    int first_point) {
  if (scan.coordinate.kind == Constraint::Kind::frozen_atom)
    throw InputError("a relaxed scan needs a distance, angle or dihedral, not a frozen atom");
  if (scan.points < 1) throw InputError("a relaxed scan needs at least one point");
  std::vector<ScanPoint> table;
  Molecule current = molecule;
  for (int k = first_point; k < scan.points; ++k) {
    OptimizerOptions point_options = options;
    Constraint held = scan.coordinate;
    held.target = scan.value(k);
    point_options.constraints.push_back(held);
    const OptimizationResult result = optimize_geometry(surface, current, point_options, on_step);
    ScanPoint point;
    point.index = k;
    point.target = scan.value(k);
    point.value = primitive_value(held.primitives().front(), result.molecule.positions());
    if (scan.coordinate.kind == Constraint::Kind::dihedral)  // follow the scan past +-pi
      point.value = point.target + wrap_angle(point.value - point.target);
    point.energy = result.energy;
    point.molecule = result.molecule;
    point.converged = result.converged;
    point.evaluations = result.evaluations;
    table.push_back(point);
    if (on_point) on_point(point);
    current = result.molecule;
  }
  return table;
}

}  // namespace atropos
