#pragma once
// The rotational symmetry number sigma of a point group: the number of proper rotations in the
// group (pure rotational subgroup order), which divides the classical rotational partition
// function. Same table as Psi4 (Molecule::rotational_symmetry_number) and Gaussian.
//
//   C1 Cs Ci C*v: 1     Cn Cnv Cnh: n     Dn Dnh Dnd: 2n     D*h: 2     S2n: n
//   T Td Th: 12         O Oh: 24          I Ih: 60          Kh (atom): 1

#include <string>

namespace atropos {

// `label` as geometry/point_group.hpp writes it ("C2v", "D3d", "S4", "C*v", "D*h", "Td");
// case-insensitive for the letters after the first. InputError for an unknown label.
int rotational_symmetry_number(const std::string& label);

}  // namespace atropos
