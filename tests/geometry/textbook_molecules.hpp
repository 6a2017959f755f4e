#pragma once
// Idealised textbook geometries built here (Angstrom in, bohr out), each with its known point
// group. Bond lengths are typical values; exact symmetry comes from construction, not from them.

#include <Eigen/Geometry>
#include <cmath>
#include <vector>

#include "geometry/molecule.hpp"
#include "geometry/units.hpp"

namespace atropos::testing {

inline Atom atom_at(int Z, double x, double y, double z) {
  return {Z, Eigen::Vector3d(x, y, z) * units::angstrom_in_bohr};
}

inline Molecule ammonia() {  // C3v: N-H 1.012, H-N-H 106.7 deg
  std::vector<Atom> a{atom_at(7, 0, 0, 0)};
  for (int k = 0; k < 3; ++k)
    a.push_back(atom_at(1, 0.9377 * std::cos(2 * M_PI * k / 3), 0.9377 * std::sin(2 * M_PI * k / 3), -0.3816));
  return Molecule(a);
}

inline Molecule methane() {  // Td: C-H 1.087
  const double s = 1.087 / std::sqrt(3.0);
  return Molecule({atom_at(6, 0, 0, 0), atom_at(1, s, s, s), atom_at(1, s, -s, -s), atom_at(1, -s, s, -s),
                   atom_at(1, -s, -s, s)});
}

inline Molecule benzene() {  // D6h: C-C 1.39, C-H 1.08
  std::vector<Atom> a;
  for (int k = 0; k < 6; ++k) {
    const double t = M_PI / 3 * k;
    a.push_back(atom_at(6, 1.39 * std::cos(t), 1.39 * std::sin(t), 0));
    a.push_back(atom_at(1, 2.47 * std::cos(t), 2.47 * std::sin(t), 0));
  }
  return Molecule(a);
}

inline Molecule allene() {  // D2d: C=C 1.31, C-H 1.08, H-C-H 118 deg; end groups perpendicular
  const double hx = 1.08 * std::sin(59.0 * M_PI / 180), hz = 1.31 + 1.08 * std::cos(59.0 * M_PI / 180);
  return Molecule({atom_at(6, 0, 0, 0), atom_at(6, 0, 0, 1.31), atom_at(6, 0, 0, -1.31), atom_at(1, hx, 0, hz),
                   atom_at(1, -hx, 0, hz), atom_at(1, 0, hx, -hz), atom_at(1, 0, -hx, -hz)});
}

inline Molecule ethane_staggered() {  // D3d: C-C 1.535, C-H 1.094, H-C-C 111.2 deg
  const double r = 1.094 * std::sin(68.8 * M_PI / 180), z = 0.7675 + 1.094 * std::cos(68.8 * M_PI / 180);
  std::vector<Atom> a{atom_at(6, 0, 0, 0.7675), atom_at(6, 0, 0, -0.7675)};
  for (int k = 0; k < 3; ++k) {
    const double up = 2 * M_PI * k / 3, down = up + M_PI / 3;
    a.push_back(atom_at(1, r * std::cos(up), r * std::sin(up), z));
    a.push_back(atom_at(1, r * std::cos(down), r * std::sin(down), -z));
  }
  return Molecule(a);
}

// A phenyl ring whose ipso carbon sits at `anchor`, pointing along `outward` (unit), its plane
// containing `outward` and `lateral` (unit, perpendicular). C-C 1.39, C-H 1.08 Angstrom.
inline void add_phenyl(std::vector<Atom>& a, const Eigen::Vector3d& anchor, const Eigen::Vector3d& outward,
                       const Eigen::Vector3d& lateral) {
  const Eigen::Vector3d centre = anchor + 1.39 * outward;
  for (int k = 0; k < 6; ++k) {
    const double t = M_PI / 3 * k;
    const Eigen::Vector3d dir = -std::cos(t) * outward + std::sin(t) * lateral;  // k = 0: ipso
    const Eigen::Vector3d c = centre + 1.39 * dir;
    a.push_back(atom_at(6, c.x(), c.y(), c.z()));
    if (k != 0) {
      const Eigen::Vector3d h = centre + 2.47 * dir;
      a.push_back(atom_at(1, h.x(), h.y(), h.z()));
    }
  }
}

// Biphenyl along z with inter-ring bond 1.49 Angstrom and torsion `twist_degrees`: D2 when twisted
// (0 < twist < 90), D2h when planar, D2d at 90.
inline Molecule biphenyl(double twist_degrees) {
  std::vector<Atom> a;
  const double half = 0.5 * twist_degrees * M_PI / 180;
  add_phenyl(a, {0, 0, 0.745}, {0, 0, 1}, {std::cos(half), std::sin(half), 0});
  add_phenyl(a, {0, 0, -0.745}, {0, 0, -1}, {std::cos(-half), std::sin(-half), 0});
  return Molecule(a);
}

// Triphenylphosphine-like propeller: pyramidal P (0.8 Angstrom above the plane of the ipso
// carbons), each ring turned 35 degrees about its P-C direction: C3 and chiral.
inline Molecule phosphine_propeller() {
  std::vector<Atom> a{atom_at(15, 0, 0, 0.8)};
  for (int k = 0; k < 3; ++k) {
    const double t = 2 * M_PI * k / 3;
    const Eigen::Vector3d out(std::cos(t), std::sin(t), 0), up(0, 0, 1);
    const Eigen::Vector3d tangent = up.cross(out);
    const Eigen::Vector3d lateral = std::cos(35 * M_PI / 180) * up + std::sin(35 * M_PI / 180) * tangent;
    add_phenyl(a, 1.6 * out, out, lateral);
  }
  // Scale: atom_at took Angstrom; the P-C(ipso) distance is sqrt(1.6^2 + 0.8^2) = 1.79.
  return Molecule(a);
}

}  // namespace atropos::testing
