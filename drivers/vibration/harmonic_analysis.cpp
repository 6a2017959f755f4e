#include "drivers/vibration/harmonic_analysis.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>

#include "common/error.hpp"
#include "drivers/vibration/physical_constants.hpp"

namespace atropos {

namespace {

// sqrt(E_h / (a_0^2 u)) / (2 pi c), per cm: 5140.48 cm^-1 for lambda = 1 Eh/(bohr^2 u).
const double kWavenumberPerRootEigenvalue =
    std::sqrt(codata2018::hartree / (codata2018::bohr * codata2018::bohr * codata2018::atomic_mass_unit)) /
    (2.0 * codata2018::pi * codata2018::speed_of_light) / 100.0;

// 1 Eh/bohr^2 in mdyn/Angstrom (1 mdyn/A = 100 N/m).
const double kMdynPerAngstromPerAtomic = codata2018::hartree / (codata2018::bohr * codata2018::bohr) / 100.0;

void validate(const Molecule& molecule, const Eigen::MatrixXd& hessian, const Eigen::VectorXd& masses) {
  const auto n = static_cast<Eigen::Index>(3 * molecule.size());
  if (molecule.size() == 0) throw InputError("harmonic analysis: the molecule has no atoms");
  if (hessian.rows() != n || hessian.cols() != n)
    throw InputError("harmonic analysis: the Hessian is " + std::to_string(hessian.rows()) + "x" +
                     std::to_string(hessian.cols()) + ", expected " + std::to_string(n) + "x" + std::to_string(n));
  if (!hessian.allFinite()) throw InputError("harmonic analysis: the Hessian has non-finite entries");
  if (masses.size() != static_cast<Eigen::Index>(molecule.size()))
    throw InputError("harmonic analysis: one mass per atom expected");
  if (!(masses.array() > 0.0).all() || !masses.allFinite())
    throw InputError("harmonic analysis: masses must be positive");
}

}  // namespace

double wavenumber_from_eigenvalue(double lambda) {
  const double magnitude = std::sqrt(std::abs(lambda)) * kWavenumberPerRootEigenvalue;
  return lambda < 0.0 ? -magnitude : magnitude;
}

Eigen::MatrixXd external_motions(const Molecule& molecule, const Eigen::VectorXd& masses) {
  const RigidRotor rotor = rigid_rotor(molecule, masses);
  const auto natom = static_cast<Eigen::Index>(molecule.size());
  Eigen::MatrixXd vectors = Eigen::MatrixXd::Zero(3 * natom, 6);
  int count = 0;
  for (int a = 0; a < 3; ++a, ++count)
    for (Eigen::Index i = 0; i < natom; ++i) vectors(3 * i + a, count) = std::sqrt(masses(i));
  for (int a = 0; a < 3; ++a) {
    // An atom has no rotations; a linear molecule none about its axis (the smallest moment).
    if (rotor.kind == RotorKind::atom) break;
    if (rotor.kind == RotorKind::linear && a == 0) continue;
    const Eigen::Vector3d axis = rotor.axes.col(a);
    for (Eigen::Index i = 0; i < natom; ++i) {
      const Eigen::Vector3d r = molecule[static_cast<std::size_t>(i)].position - rotor.centre_of_mass;
      vectors.block<3, 1>(3 * i, count) = std::sqrt(masses(i)) * axis.cross(r);
    }
    ++count;
  }
  // Orthonormal basis of their span (they are orthogonal in exact arithmetic already).
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(vectors.leftCols(count));
  return qr.householderQ() * Eigen::MatrixXd::Identity(3 * natom, count);
}

HarmonicAnalysis analyse_harmonic(const Molecule& molecule, const Eigen::MatrixXd& hessian,
                                  const Eigen::VectorXd& masses) {
  validate(molecule, hessian, masses);
  const auto n = static_cast<Eigen::Index>(3 * molecule.size());
  HarmonicAnalysis result;
  result.rotor = rigid_rotor(molecule, masses).kind;

  Eigen::VectorXd inverse_root_mass(n);
  for (Eigen::Index i = 0; i < n; ++i) inverse_root_mass(i) = 1.0 / std::sqrt(masses(i / 3));
  const Eigen::MatrixXd symmetric = 0.5 * (hessian + hessian.transpose());
  const Eigen::MatrixXd weighted = inverse_root_mass.asDiagonal() * symmetric * inverse_root_mass.asDiagonal();

  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> full(weighted, Eigen::EigenvaluesOnly);
  result.unprojected_frequencies_cm1 = full.eigenvalues().unaryExpr(&wavenumber_from_eigenvalue);

  // Complement of the external space: the last n - external columns of the full Q of the QR.
  const Eigen::MatrixXd external = external_motions(molecule, masses);
  result.external_count = static_cast<int>(external.cols());
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(external);
  const Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, n);
  const Eigen::Index nvib = n - external.cols();
  const Eigen::MatrixXd internal = q.rightCols(nvib);

  const Eigen::MatrixXd projected = internal.transpose() * weighted * internal;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(0.5 * (projected + projected.transpose()));
  result.eigenvalues = solver.eigenvalues();
  result.modes_mass_weighted = internal * solver.eigenvectors();
  result.frequencies_cm1 = result.eigenvalues.unaryExpr(&wavenumber_from_eigenvalue);
  result.imaginary_count = static_cast<int>((result.eigenvalues.array() < 0.0).count());
  result.external_overlap = nvib > 0 ? (external.transpose() * result.modes_mass_weighted).cwiseAbs().maxCoeff() : 0.0;

  result.modes_cartesian.resize(n, nvib);
  result.reduced_masses.resize(nvib);
  result.force_constants_mdyn_per_angstrom.resize(nvib);
  for (Eigen::Index k = 0; k < nvib; ++k) {
    // Sign convention: the largest mass-weighted component (first of equals) is positive.
    Eigen::Index largest = 0;
    const double top = result.modes_mass_weighted.col(k).cwiseAbs().maxCoeff();
    while (std::abs(result.modes_mass_weighted(largest, k)) < top * (1.0 - 1e-10)) ++largest;
    if (result.modes_mass_weighted(largest, k) < 0.0) result.modes_mass_weighted.col(k) *= -1.0;

    const Eigen::VectorXd cartesian = inverse_root_mass.asDiagonal() * result.modes_mass_weighted.col(k);
    result.reduced_masses(k) = 1.0 / cartesian.squaredNorm();
    result.modes_cartesian.col(k) = cartesian / cartesian.norm();
    result.force_constants_mdyn_per_angstrom(k) =
        result.reduced_masses(k) * result.eigenvalues(k) * kMdynPerAngstromPerAtomic;
  }
  return result;
}

}  // namespace atropos
