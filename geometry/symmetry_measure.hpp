#pragma once
// Continuous symmetry measures (Zabrodsky, Peleg & Avnir, J. Am. Chem. Soc. 114, 7843 (1992)):
//   S(G) = 100 * sum_i |Q_i - P_i|^2 / sum_i |Q_i - Q_0|^2,
// P the nearest structure with exact symmetry G (same atoms, any atom pairing within an element),
// Q_0 the centroid. 0 for an exactly symmetric structure, at most 100; size-independent.
// S(Cs) is the continuous chirality measure: the distance to the nearest mirror-symmetric shape.
//
// For a symmetry element (mirror normal or C3 axis) and a pairing of atoms, P is the average of
// the images; the element is then re-optimised for that pairing (mirror: smallest-eigenvalue
// eigenvector, Pinsky et al., J. Comput. Chem. 29, 2712 (2008); C3: local search on the sphere),
// the pairing re-derived by Hungarian matching, until the measure stops falling, from several
// starting directions in the principal-axis frame. Pairings are forced to be valid (mirror:
// pairs and fixed atoms; C3: 3-cycles and fixed atoms), so P is always exactly symmetric and the
// value is an upper bound of the true minimum that equals it when the search finds the optimum.

#include <Eigen/Core>

#include "geometry/molecule.hpp"

namespace atropos {

struct SymmetryMeasure {
  double value = 0.0;           // S, 0..100
  Eigen::Vector3d direction;    // mirror normal or C3 axis (unit)
  Molecule nearest_symmetric;   // P, same atom order, bohr
};

SymmetryMeasure measure_mirror_symmetry(const Molecule& molecule);  // S(Cs)
SymmetryMeasure measure_c3_symmetry(const Molecule& molecule);      // S(C3)

inline double chirality_measure(const Molecule& m) { return measure_mirror_symmetry(m).value; }
inline double c3_measure(const Molecule& m) { return measure_c3_symmetry(m).value; }

}  // namespace atropos
