#pragma once
// Mirror images: reflection through a plane containing the centroid, and inversion through it.
// A chiral structure and its reflection are enantiomers; every scalar property must agree.

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

// Reflects through the plane through the centroid with the given normal (need not be unit).
Molecule mirror_image(const Molecule& molecule, const Eigen::Vector3d& normal = Eigen::Vector3d::UnitX());

// Inverts through the centroid (a reflection followed by a C2 rotation).
Molecule inversion_image(const Molecule& molecule);

// The same reflection applied to per-atom vectors (gradients, displacements).
Eigen::MatrixX3d reflect_vectors(const Eigen::MatrixX3d& vectors, const Eigen::Vector3d& normal = Eigen::Vector3d::UnitX());

}  // namespace atropos
