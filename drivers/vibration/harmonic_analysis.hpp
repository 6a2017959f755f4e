#pragma once
// Harmonic vibrational analysis of a Cartesian Hessian: mass-weighting, removal of the overall
// translations and rotations, diagonalisation, frequencies, normal modes, reduced masses.
//
// With M the diagonal matrix of atomic masses (u), the mass-weighted Hessian is
// M^-1/2 H M^-1/2 (Eh / (bohr^2 u)). Its eigenvalues lambda give wavenumbers
// nu~ = sqrt(lambda E_h / (a_0^2 u)) / (2 pi c), in cm^-1.
//
// Projection (Eckart conditions): the translations sqrt(m_i) e_a and the infinitesimal rotations
// sqrt(m_i) (u_a x (r_i - R_com)) about the principal axes u_a span the external space (6
// vectors; 5 for a linear molecule, whose rotation about its axis moves nothing; 3 for an atom).
// An orthonormal basis C of its complement is built (Householder QR) and C^T M^-1/2 H M^-1/2 C is
// diagonalised: the external motions are removed exactly, whatever the noise in H, and exactly
// 3N-6 (3N-5) vibrations come out. At a non-stationary point, or with a noisy Hessian, the
// unprojected spectrum shows how far from zero the external "frequencies" were.
//
// Imaginary frequencies (negative eigenvalues: a saddle point, or noise on a very flat mode) are
// reported as negative numbers and counted in imaginary_count.
//
// Normal modes: l (mass-weighted, orthonormal); Cartesian displacements w = M^-1/2 l; reduced mass
// mu = 1 / |w|^2 (u); Cartesian unit vectors x = sqrt(mu) w, what Molden's [FR-NORM-COORD] and
// Psi4 write. Each mode's sign is fixed so that its largest mass-weighted component is positive.

#include <Eigen/Core>

#include "drivers/vibration/rigid_rotor.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct HarmonicAnalysis {
  RotorKind rotor = RotorKind::nonlinear;
  int external_count = 6;   // translations + rotations removed: 6, 5 (linear) or 3 (atom)

  // Vibrations only, ascending (imaginary first, as negative numbers). n_vib = 3N - external_count.
  Eigen::VectorXd frequencies_cm1;
  Eigen::VectorXd eigenvalues;        // of the projected mass-weighted Hessian, Eh/(bohr^2 u)
  int imaginary_count = 0;
  Eigen::MatrixXd modes_mass_weighted;  // 3N x n_vib, orthonormal columns l
  Eigen::MatrixXd modes_cartesian;      // 3N x n_vib, unit columns x (bohr, dimensionless scale)
  Eigen::VectorXd reduced_masses;       // u
  // Force constants mu * lambda in mdyn/Angstrom (negative for imaginary modes).
  Eigen::VectorXd force_constants_mdyn_per_angstrom;

  // All 3N eigenvalues of the mass-weighted Hessian before projection, as wavenumbers (cm^-1,
  // ascending, negative = imaginary): the external_count smallest in magnitude are the
  // translations and rotations, ~0 for an accurate Hessian at a stationary point.
  Eigen::VectorXd unprojected_frequencies_cm1;
  // Largest |overlap| of a vibration with the external space (0 up to rounding: a check).
  double external_overlap = 0.0;
};

// `hessian`: 3N x 3N, Eh/bohr^2, rows/cols 3*atom + axis (symmetrised here). `masses`: u, one per
// atom. Throws InputError for wrong shapes, non-finite entries or non-positive masses.
HarmonicAnalysis analyse_harmonic(const Molecule& molecule, const Eigen::MatrixXd& hessian,
                                  const Eigen::VectorXd& masses);

// sqrt(lambda) -> cm^-1 for lambda in Eh/(bohr^2 u), signed: negative lambda gives -sqrt(|lambda|).
double wavenumber_from_eigenvalue(double lambda);

// The 3N x external_count orthonormal basis of translations and rotations in mass-weighted
// coordinates, as used for the projection.
Eigen::MatrixXd external_motions(const Molecule& molecule, const Eigen::VectorXd& masses);

}  // namespace atropos
