#include "drivers/fd_gradient.hpp"

#include "drivers/single_point.hpp"

namespace atropos {

Eigen::MatrixX3d compute_fd_gradient(const Job& job, double step_bohr, const Communicator& comm, const Log& log) {
  validate_job(job);
  const Communicator self(MPI_COMM_SELF);
  const Eigen::MatrixX3d reference = job.molecule.positions();
  const long ncoord = 3 * reference.rows();
  // energies(k, 0) = E(x_k - h), energies(k, 1) = E(x_k + h); filled by the owning rank only.
  Eigen::MatrixXd energies = Eigen::MatrixXd::Zero(ncoord, 2);
  log.print("  Finite-difference gradient: {} displaced calculations, step {:.1e} bohr, {} rank(s)\n", 2 * ncoord,
            step_bohr, comm.size());
  long done = 0;
  for (long k = 0; k < ncoord; ++k) {
    for (int sign = 0; sign < 2; ++sign) {
      if ((2 * k + sign) % comm.size() != comm.rank()) continue;
      Eigen::MatrixX3d displaced = reference;
      displaced(k / 3, k % 3) += (sign == 0 ? -1.0 : 1.0) * step_bohr;
      Job shifted = job;
      shifted.molecule = job.molecule.with_positions(displaced);
      shifted.checkpoint.clear();
      shifted.mirror = false;
      energies(k, sign) = run_single_point(shifted, self, Log::silent()).scf.total_energy;
      ++done;
      if (comm.is_root())
        log.print("    rank 0: {} of about {} displacements done\n", done, (2 * ncoord + comm.size() - 1) / comm.size());
    }
  }
  comm.sum(energies);
  Eigen::MatrixX3d gradient(reference.rows(), 3);
  for (long k = 0; k < ncoord; ++k) gradient(k / 3, k % 3) = (energies(k, 1) - energies(k, 0)) / (2.0 * step_bohr);
  return gradient;
}

}  // namespace atropos
