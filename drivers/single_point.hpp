#pragma once
// The single-point energy task: validate, build the basis, run the SCF from the requested guess,
// compute properties, print the report, write the checkpoint; optionally repeat for the mirror
// image and compare.

#include <optional>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "parallel/communicator.hpp"
#include "scf/grid/grid_spec.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "basis/basis_set.hpp"
#include "scf/scf_result.hpp"

namespace atropos {

struct SinglePointResult {
  ScfResult scf;
  BasisSet basis;
  std::size_t basis_functions = 0;
  Eigen::VectorXd mulliken_charges;
  Eigen::Vector3d dipole = Eigen::Vector3d::Zero();  // e*bohr
  double integrated_electrons = 0.0;                 // DFT quadrature check (0 for Hartree-Fock)
  std::optional<MolecularGrid> grid;                 // the DFT grid used (Kohn-Sham only)
  double wall_seconds = 0.0;
};

struct MirrorComparison {
  SinglePointResult original;
  SinglePointResult mirror;
  double energy_difference() const { return mirror.scf.total_energy - original.scf.total_energy; }
};

// Throws InputError for bad input, ComputationError for an unconverged SCF (unless allowed).
SinglePointResult run_single_point(const Job& job, const Communicator& comm, const Log& log);

// The analytic nuclear gradient (natom x 3, Eh/bohr) of a converged single point: Hartree-Fock
// or Kohn-Sham (any functional: LDA, GGA, meta-GGA, global and range-separated hybrids), exact
// or density-fitted Coulomb; the XC term with or without grid response (job.grid_response).
// Adds a /gradient group to the job's checkpoint.
Eigen::MatrixX3d compute_analytic_gradient(const Job& job, const SinglePointResult& energy, const Communicator& comm,
                                           const Log& log);

// Runs the job and its mirror image (reflection through the yz plane through the centroid).
MirrorComparison run_with_mirror_image(const Job& job, const Communicator& comm, const Log& log);

// The checks every task does before any integral: charge/multiplicity, atom distances,
// reference, functional name, grid.
void validate_job(const Job& job);

// "direct" or "df": the job's scf_type with "auto" resolved (df for functionals without exact
// exchange, where RI-J is the whole two-electron cost; direct for Hartree-Fock and hybrids).
std::string resolved_scf_type(const Job& job);

// The DFT grid the job asks for (named level or explicit sizes).
GridSpec grid_spec(const Job& job);

}  // namespace atropos
