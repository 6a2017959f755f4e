#pragma once
// Nuclear gradient by central finite differences of SCF energies: a check of analytic
// gradients for users and tests, and a fallback for methods without one. The 6N displaced
// calculations are dealt round-robin to the ranks, each running its SCFs alone
// (MPI_COMM_SELF); one sum collects them.

#include <Eigen/Core>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// dE/dR (natom x 3, Eh/bohr) with step `step_bohr`: (E(R + h) - E(R - h)) / 2h per coordinate.
Eigen::MatrixX3d compute_fd_gradient(const Job& job, double step_bohr, const Communicator& comm, const Log& log);

}  // namespace atropos
