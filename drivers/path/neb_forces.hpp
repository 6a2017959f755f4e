#pragma once
// Nudged-elastic-band forces on the images of a band.
//
// Tangent: the improved tangent of Henkelman and Jonsson (J. Chem. Phys. 113, 9978 (2000)):
// towards the higher neighbour when the image lies on a slope, an energy-weighted mix of both
// neighbours at extrema, so kinks do not form where the energy changes fast along the band.
// Force on an intermediate image i with unit tangent t (whole-image 3N vectors, g = gradient):
//   ordinary image:  F = -(g - (g.t) t) + k (|R_i+1 - R_i| - |R_i - R_i-1|) t
//   climbing image:  F = -g + 2 (g.t) t   (no spring; Henkelman, Uberuaga, Jonsson,
//                    J. Chem. Phys. 113, 9901 (2000)): it climbs along the band, descends across.
// Endpoints carry no force. With `project_rigid_motion` the net translation and the
// infinitesimal rotations about each image's centroid are removed from its force, so springs
// cannot drift or spin the images (the true gradient of an isolated molecule has none of them).
//
// Units: positions bohr, energies Eh, gradients and forces Eh/bohr, spring constant Eh/bohr^2.

#include <Eigen/Core>
#include <vector>

namespace atropos {

struct BandForces {
  std::vector<Eigen::MatrixX3d> forces;    // every image; zero rows for the endpoints
  std::vector<Eigen::MatrixX3d> tangents;  // unit 3N tangent of each intermediate image; zero at ends
  int climbing_image = -1;                 // -1 when climbing is off
  // Largest atom-wise norm of the perpendicular true force -(g - (g.t)t) (after the rigid
  // projection) over the intermediate images that do not climb.
  double max_perpendicular_force = 0.0;
  // Largest atom-wise norm of the gradient of the climbing image (0 when climbing is off): at a
  // saddle point it vanishes.
  double climbing_image_force = 0.0;
};

struct NebForceOptions {
  double spring_constant = 0.01;  // Eh/bohr^2
  bool climbing = false;          // the highest intermediate image climbs
  bool project_rigid_motion = true;
};

BandForces neb_forces(const std::vector<Eigen::MatrixX3d>& positions, const std::vector<double>& energies,
                      const std::vector<Eigen::MatrixX3d>& gradients, const NebForceOptions& options);

// The improved tangent of image i (0 < i < n-1), unit length over all 3N coordinates.
Eigen::MatrixX3d improved_tangent(const std::vector<Eigen::MatrixX3d>& positions,
                                  const std::vector<double>& energies, int image);

// `vectors` (natom x 3) without net translation and without the infinitesimal rotations of
// `positions` about their centroid (orthogonal projection; linear molecules lose 5 modes).
Eigen::MatrixX3d remove_rigid_motion(const Eigen::MatrixX3d& positions, const Eigen::MatrixX3d& vectors);

// Largest norm of a row (an atom's 3-vector).
double max_atom_norm(const Eigen::MatrixX3d& vectors);

}  // namespace atropos
