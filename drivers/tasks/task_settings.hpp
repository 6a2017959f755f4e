#pragma once
// What the geometry tasks (task = "optimize", "scan", "neb", "ts", "frequencies") take from the
// input, as the front ends (TOML tables, QCSchema keywords: drivers/tasks/task_keywords.hpp) fill
// it in. Atomic units and 0-based atoms here (the scan limits excepted); the front ends convert
// from Angstrom, degrees and 1-based atom numbers. docs/input.md lists every key with its default.

#include <optional>
#include <string>
#include <vector>

#include "drivers/optimize/optimizer.hpp"

namespace atropos {

// [scan]: a relaxed scan of one distance, angle or dihedral from `start` to `stop` in `points`
// evenly spaced values (inclusive), everything else optimised at each ([optimizer] settings).
struct ScanSettings {
  bool given = false;       // a [scan] table was read
  Constraint coordinate;    // distance, angle or dihedral (its target is ignored)
  std::optional<double> start;  // as given: Angstrom (distance) or degrees (angle, dihedral)
  std::optional<double> stop;
  int points = 0;           // >= 2
};

// [neb]: climbing-image nudged elastic band from the input molecule to a second structure.
struct NebSettings {
  std::string endpoint;           // XYZ file of the last structure ("" with mirror_endpoint)
  bool mirror_endpoint = false;   // the last structure is the input molecule's mirror image
  int images = 7;                 // intermediate images (endpoints not counted)
  double spring_constant = 0.01;  // Eh/bohr^2
  bool climbing = true;
  std::string interpolation = "idpp";  // "idpp" or "linear"
  int max_iterations = 200;
  double max_force = 1e-3;             // largest perpendicular force of the other images, Eh/bohr
  double climbing_max_force = 4.5e-4;  // largest gradient of the climbing image, Eh/bohr
  std::string optimizer = "lbfgs";     // band optimiser: "lbfgs" or "fire"
  bool relax_endpoints = false;   // optimise both ends first ([optimizer] settings)
  int groups = 0;                 // rank groups evaluating images (0: one per rank, at most one per image)
};

// [ts]: transition-state search (P-RFO, [optimizer] settings for convergence and constraints).
struct TsSettings {
  std::string initial_hessian = "fd";  // "fd" (finite differences of gradients) or "model" (Lindh)
  std::optional<Primitive> follow;     // climb along the Hessian mode most like this coordinate
  bool frequencies = true;             // finite-difference frequencies at the saddle point found
};

// [frequencies]: finite-difference Hessian (also the Hessians of task "ts"), harmonic analysis,
// thermochemistry.
struct FrequencySettings {
  double temperature = 298.15;        // K
  double pressure = 101325.0;         // Pa
  double step = 0.005;                // bohr
  int points = 3;                     // stencil: 3 or 5
  std::optional<int> symmetry_number; // default: from the detected point group
  double qrrho_cutoff = 100.0;        // cm^-1 (Grimme's nu0)
  int ranks_per_group = 1;            // ranks that evaluate one displacement together
};

struct TaskOptions {
  OptimizerOptions optimizer;  // [optimizer] (tasks optimize, scan, ts, and neb's relax_endpoints)
  ScanSettings scan;
  NebSettings neb;
  TsSettings ts;
  FrequencySettings frequencies;
};

// The tasks `task` may name besides "energy" and "gradient".
inline bool is_geometry_task(const std::string& task) {
  return task == "optimize" || task == "scan" || task == "neb" || task == "ts" || task == "frequencies";
}

}  // namespace atropos
