#pragma once
// The human-readable output of a calculation (rank 0 only, through Log).

#include "basis/basis_set.hpp"
#include "common/log.hpp"
#include "drivers/job.hpp"

namespace atropos {

struct SinglePointResult;

void print_job_header(const Log& log, const Job& job, const BasisSet& basis, Reference reference, int ranks, int threads);
void print_scf_report(const Log& log, const Job& job, const SinglePointResult& result);
void print_mirror_report(const Log& log, double original_energy, double mirror_energy);
// Per-atom table of a gradient (Eh/bohr) with its largest and RMS component.
void print_gradient(const Log& log, const Molecule& molecule, const Eigen::MatrixX3d& gradient, const std::string& title);

}  // namespace atropos
