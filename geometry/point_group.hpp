#pragma once
// Point-group detection with a tolerance, Schoenflies labels in ASCII ("C2v", "D3d", "Td",
// "C*v" and "D*h" for linear molecules).
//
// An operation (rotation, reflection, inversion, improper rotation about the centroid) is a
// symmetry when it sends every atom to within `tolerance_angstrom` of an atom of the same element,
// one-to-one. Candidate axes come from the principal axes of the atom cloud and from sets of
// atoms that could be symmetry-equivalent (same element, same distance from the centroid, same
// mean distance to the others): atoms, midpoints of pairs, normals of equilateral triples.
// Candidate mirror normals: principal axes, axes found, and differences of such pairs. The label
// follows the usual flow chart (linear; cubic groups with several Cn, n>=3; Dn families when
// n C2 axes are perpendicular to the main axis; else Cn, Cnv, Cnh, S2n; Cs, Ci, C1).

#include <Eigen/Core>
#include <string>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos {

struct SymmetryOperation {
  enum class Kind { rotation, reflection, inversion, improper_rotation };
  Kind kind;
  int order = 1;                    // n of Cn or Sn (2 for reflection and inversion)
  Eigen::Vector3d axis;             // rotation axis or mirror normal (unit); zero for inversion
  Eigen::Matrix3d matrix;           // acts on positions relative to the centroid
  std::vector<int> permutation;     // atom i goes to atom permutation[i]
  bool proper() const { return kind == Kind::rotation; }
};

struct PointGroup {
  std::string label;                         // Schoenflies, ASCII
  bool chiral = true;                        // no improper operation
  std::vector<SymmetryOperation> operations; // generators found (not the whole group)
  Eigen::Vector3d centroid = Eigen::Vector3d::Zero();  // bohr
};

// Tolerance in Angstrom: the largest displacement of an atom from its symmetry image. 0.1 suits
// crystal structures (e.s.d.s ~0.005, thermal and packing distortions up to a few hundredths);
// use ~0.01 for optimised geometries to see small distortions.
PointGroup detect_point_group(const Molecule& molecule, double tolerance_angstrom = 0.1);

// Atoms related by the operations (orbits of the group they generate); orbit index per atom.
std::vector<int> equivalent_atoms(const PointGroup& group, std::size_t natoms, bool proper_only = false);

}  // namespace atropos
