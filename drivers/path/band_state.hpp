#pragma once
// Everything a nudged-elastic-band run needs to continue exactly where it stopped: the images,
// their energies and gradients, the band optimiser's memory, the iteration count and whether the
// climbing image is on. Written to HDF5 by band_state_io.hpp after every iteration, so a killed
// run resumes without recomputing a finished iteration (neb.hpp: run_neb).
//
// Atomic units: positions bohr, energies Eh, gradients Eh/bohr.

#include <Eigen/Core>
#include <string>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos {

// FIRE (Bitzek et al., Phys. Rev. Lett. 97, 170201 (2006)) memory.
struct FireState {
  Eigen::VectorXd velocity;  // movable coordinates (band_coordinates layout); empty before step 1
  double time_step = 0.0;    // current dt
  double mixing = 0.0;       // current alpha
  int steps_downhill = 0;    // consecutive steps with F.v > 0
};

// Limited-memory BFGS memory: the last pairs (s, y) with y the change of -force (the NEB force
// stands in for minus a gradient), oldest first, and the point the next pair starts from.
struct LbfgsState {
  std::vector<Eigen::VectorXd> steps;
  std::vector<Eigen::VectorXd> gradient_changes;
  Eigen::VectorXd previous_positions;  // empty = no previous point
  Eigen::VectorXd previous_forces;
};

enum class BandOptimizer { fire, lbfgs };
const char* band_optimizer_name(BandOptimizer optimizer);  // "fire", "lbfgs"
// InputError for anything but "fire"/"lbfgs" (also "l-bfgs", any case).
BandOptimizer parse_band_optimizer(const std::string& name);

struct BandState {
  Molecule atoms;  // elements, charge and multiplicity of every image (positions: image 0)
  std::vector<Eigen::MatrixX3d> positions;  // every image, endpoints included, bohr
  std::vector<double> energies;             // Eh; valid once iteration >= 0
  std::vector<Eigen::MatrixX3d> gradients;  // Eh/bohr; valid once iteration >= 0

  // -1: the band has not been evaluated; 0: the starting band is evaluated; k: k optimiser
  // steps taken and the band evaluated after each.
  int iteration = -1;
  bool climbing = false;   // the climbing image is switched on
  bool converged = false;  // the criteria of NebOptions are met at this iteration
  int image_evaluations = 0;  // energy+gradient evaluations so far, endpoints included

  // Convergence measures at this iteration (neb_forces.hpp), Eh/bohr.
  double max_perpendicular_force = 0.0;
  double climbing_image_force = 0.0;  // 0 while climbing is off
  int climbing_image = -1;            // the image that climbs (-1 while climbing is off)

  BandOptimizer optimizer = BandOptimizer::lbfgs;
  FireState fire;
  LbfgsState lbfgs;

  int image_count() const { return static_cast<int>(positions.size()); }
  int atom_count() const { return static_cast<int>(atoms.size()); }
  Molecule image(int index) const { return atoms.with_positions(positions.at(index)); }
  std::vector<Molecule> images() const;
  int highest_image() const;  // index of the highest energy over all images (first on ties)
};

// A band ready for run_neb: `images` (endpoints included, at least 3) must have the same atoms,
// charge and multiplicity (InputError otherwise). Not evaluated yet (iteration -1).
BandState new_band(const std::vector<Molecule>& images, BandOptimizer optimizer = BandOptimizer::lbfgs);

// The coordinates the optimiser moves: images 1..n-2 stacked, each as x1 y1 z1 x2 ... (bohr).
Eigen::VectorXd band_coordinates(const std::vector<Eigen::MatrixX3d>& images);
// Writes `coordinates` back into images 1..n-2 of `images`.
void set_band_coordinates(std::vector<Eigen::MatrixX3d>& images, const Eigen::VectorXd& coordinates);

}  // namespace atropos
