#pragma once
// One-electron derivative integrals for analytic nuclear gradients, contracted with a density as
// they are computed, so nothing of size natom * 3 * nbf^2 is ever stored.
//
// Written here (McMurchie-Davidson Hermite expansion) because Debian's libint2 2.7.2 aborts on a
// one-body Engine with deriv_order >= 1. Conventions match scf/one_electron_integrals exactly
// (libint2's contraction normalisation, Cartesian order and solid harmonics), so these are the
// derivatives of the matrices compute_overlap / compute_kinetic / compute_nuclear_attraction return.
//
// Every function returns rows = atoms (or charges), columns = x, y, z: sum_{mu nu} D_{mu nu}
// d M_{mu nu} / d R_{atom, k}, in hartree/bohr when D is a density (W for the overlap). D may be
// unsymmetric; only its symmetric part contributes (the matrices are symmetric). Shell pairs are
// split over ranks and OpenMP threads and summed once; every rank gets the same bits.

#include <Eigen/Core>
#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// Number of atoms a basis spans: highest Shell::atom + 1 (rows of the basis-only contractions).
std::size_t basis_atom_count(const BasisSet& basis);

// sum W_{mu nu} dS_{mu nu}/dR_A (W: energy-weighted density; the Pulay term is minus this).
Eigen::MatrixX3d contract_overlap_derivative(const BasisSet& basis, const Eigen::MatrixXd& W, const Communicator& comm);

// sum P_{mu nu} dT_{mu nu}/dR_A.
Eigen::MatrixX3d contract_kinetic_derivative(const BasisSet& basis, const Eigen::MatrixXd& P, const Communicator& comm);

// sum P_{mu nu} dV_{mu nu}/dR_A for V = attraction to the nuclei of `molecule` (as in
// compute_nuclear_attraction): both the basis-centre terms and the Hellmann-Feynman term of
// nucleus A's charge. Rows: the atoms of `molecule`; basis shells must sit on those atoms.
Eigen::MatrixX3d contract_nuclear_derivative(const BasisSet& basis, const Molecule& molecule, const Eigen::MatrixXd& P,
                                             const Communicator& comm);

// A point charge (e) at a position (bohr): a nucleus, or an external (QM/MM) charge.
struct PointCharge {
  double charge = 0.0;
  Eigen::Vector3d position = Eigen::Vector3d::Zero();
};

// The two parts of sum P dV/dR for V = sum_C -q_C / |r - R_C|, kept apart so that external
// charges (QM/MM) get their own forces.
struct PointChargeDerivative {
  Eigen::MatrixX3d basis_centres;  // basis_atom_count(basis) x 3: moving the functions of an atom
  Eigen::MatrixX3d charges;        // charges.size() x 3: moving each charge (Hellmann-Feynman term)
};
PointChargeDerivative contract_point_charge_derivative(const BasisSet& basis, const std::vector<PointCharge>& charges,
                                                       const Eigen::MatrixXd& P, const Communicator& comm);

}  // namespace atropos
