#pragma once
// The molecule as a rigid rotor: centre of mass, principal moments and axes, rotational constants,
// and whether it is an atom, linear, or nonlinear. Shared by the harmonic analysis (which
// rotations to project out) and the thermochemistry (rotational partition function), so the two
// always agree on linearity.

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

enum class RotorKind { atom, linear, nonlinear };

// Linear when the smallest principal moment is below this fraction of the largest: a bend of
// ~0.05 degree in a triatomic. Linear molecules optimised with symmetry are linear to ~1e-20.
inline constexpr double kLinearMomentRatio = 1e-6;

struct RigidRotor {
  double total_mass = 0.0;                                  // u
  Eigen::Vector3d centre_of_mass = Eigen::Vector3d::Zero(); // bohr
  Eigen::Vector3d moments = Eigen::Vector3d::Zero();        // principal moments, u bohr^2, ascending
  Eigen::Matrix3d axes = Eigen::Matrix3d::Identity();       // column a = axis of moments(a)
  RotorKind kind = RotorKind::atom;

  // h / (8 pi^2 c I) per principal axis in cm^-1 (infinite for a zero moment).
  Eigen::Vector3d rotational_constants_cm1() const;
};

// `masses` in u, one per atom.
RigidRotor rigid_rotor(const Molecule& molecule, const Eigen::VectorXd& masses);

const char* rotor_kind_name(RotorKind kind);  // "atom", "linear", "nonlinear"

}  // namespace atropos
