#include "drivers/vibration/rigid_rotor.hpp"

#include <Eigen/Eigenvalues>
#include <limits>
#include <stdexcept>

#include "drivers/vibration/physical_constants.hpp"

namespace atropos {

Eigen::Vector3d RigidRotor::rotational_constants_cm1() const {
  using namespace codata2018;
  Eigen::Vector3d constants;
  for (int a = 0; a < 3; ++a) {
    const double moment_si = moments(a) * atomic_mass_unit * bohr * bohr;  // kg m^2
    constants(a) = moment_si > 0.0 ? planck / (8.0 * pi * pi * speed_of_light * moment_si) / 100.0
                                   : std::numeric_limits<double>::infinity();
  }
  return constants;
}

RigidRotor rigid_rotor(const Molecule& molecule, const Eigen::VectorXd& masses) {
  if (static_cast<std::size_t>(masses.size()) != molecule.size())
    throw std::invalid_argument("rigid_rotor: one mass per atom expected");
  RigidRotor rotor;
  for (std::size_t i = 0; i < molecule.size(); ++i) {
    rotor.total_mass += masses(static_cast<Eigen::Index>(i));
    rotor.centre_of_mass += masses(static_cast<Eigen::Index>(i)) * molecule[i].position;
  }
  if (rotor.total_mass <= 0.0) throw std::invalid_argument("rigid_rotor: total mass must be positive");
  rotor.centre_of_mass /= rotor.total_mass;

  Eigen::Matrix3d inertia = Eigen::Matrix3d::Zero();
  for (std::size_t i = 0; i < molecule.size(); ++i) {
    const Eigen::Vector3d r = molecule[i].position - rotor.centre_of_mass;
    inertia += masses(static_cast<Eigen::Index>(i)) * (r.squaredNorm() * Eigen::Matrix3d::Identity() - r * r.transpose());
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(inertia);
  rotor.moments = solver.eigenvalues().cwiseMax(0.0);
  rotor.axes = solver.eigenvectors();
  if (molecule.size() == 1 || rotor.moments(2) <= 0.0)
    rotor.kind = RotorKind::atom;
  else if (rotor.moments(0) < kLinearMomentRatio * rotor.moments(2))
    rotor.kind = RotorKind::linear;
  else
    rotor.kind = RotorKind::nonlinear;
  return rotor;
}

const char* rotor_kind_name(RotorKind kind) {
  switch (kind) {
    case RotorKind::atom: return "atom";
    case RotorKind::linear: return "linear";
    case RotorKind::nonlinear: return "nonlinear";
  }
  return "unknown";
}

}  // namespace atropos
