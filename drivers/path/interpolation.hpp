#pragma once
// Starting bands between two endpoints (already matched and superposed: endpoints.hpp).
//
// Linear: straight lines in Cartesian space. Cheap, but a torsion or a fragment rotation makes
// atoms cut corners: bonds shrink and atoms can pass through each other half way.
//
// IDPP (image-dependent pair potential; Smidstrup, Pedersen, Stokbro, Jonsson, J. Chem. Phys.
// 140, 214106 (2014)): image k of n+1 intervals wants every interatomic distance at its linear
// interpolation d_ij^k = d_ij^first + k/(n+1) (d_ij^last - d_ij^first). The objective
//   S_k(x) = 1/2 sum_{i<j} (d_ij^k - d_ij(x))^2 / d_ij(x)^4
// weights short distances most (so bonds are kept and atoms do not collide). As in the paper, the
// images are relaxed together by a nudged elastic band on the S_k surfaces (no climbing), starting
// from the linear band, so they stay spread along one path. S_k is in bohr^-2.

#include <vector>

#include "drivers/energy_surface.hpp"
#include "drivers/path/band_state.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

// first, n intermediate images, last (n + 2 molecules).
std::vector<Molecule> linear_interpolation(const Molecule& first, const Molecule& last, int intermediate_images);

struct IdppOptions {
  // Convergence of the IDPP band: largest atom-wise perpendicular "force" of S_k, bohr^-3.
  // (ASE's 0.1 A^-3 is 0.015 bohr^-3; tighter here, the objective costs nothing.)
  double max_force = 1e-3;
  int max_iterations = 2000;
  double spring_constant = 0.01;  // bohr^-4
  double max_step = 0.1;          // bohr
  // FIRE: the objective costs nothing, so robustness beats iteration count here.
  BandOptimizer optimizer = BandOptimizer::fire;
};

struct IdppBand {
  std::vector<Molecule> images;  // first, n intermediate images, last
  bool converged = false;        // max_force reached within max_iterations (else: the last band)
  int iterations = 0;
  double max_perpendicular_force = 0.0;  // bohr^-3
};

// Deterministic (every rank computes the same band). Not converging is not an error: the band
// is still a better start than the linear one.
IdppBand idpp_band(const Molecule& first, const Molecule& last, int intermediate_images, const IdppOptions& options = {});
// idpp_band(...).images
std::vector<Molecule> idpp_interpolation(const Molecule& first, const Molecule& last, int intermediate_images,
                                         const IdppOptions& options = {});

// S_k as an EnergySurface ("energy" bohr^-2, "gradient" bohr^-3) for fraction t = k/(n+1).
class IdppSurface : public EnergySurface {
 public:
  IdppSurface(const Molecule& first, const Molecule& last, double fraction);
  SurfacePoint evaluate(const Molecule& molecule) override;

 private:
  Eigen::MatrixXd target_;  // target distance of each pair, bohr (upper triangle used)
};

}  // namespace atropos
