#include "drivers/tasks/task_report.hpp"

#include <omp.h>

#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

void print_task_header(const Log& log, const Job& job, const TaskCheckpoint& checkpoint, const Communicator& comm) {
  const Molecule& m = job.molecule;
  log.print("\n  Task {}: {} ({} atoms, charge {}, multiplicity {}), {} / {}\n", job.task, m.formula(), m.size(), m.charge(),
            m.multiplicity(), job.method, job.basis);
  log.print("  SCF at every point: |dE| < {:.1e} Eh, rms orbital gradient < {:.1e}; {} MPI rank(s) x {} thread(s)\n",
            job.scf.energy_threshold, job.scf.gradient_threshold, comm.size(), omp_get_max_threads());
  log.print("  Checkpoint {}{}\n", checkpoint.paths().checkpoint,
            checkpoint.resuming() ? " (found: resuming where the last run stopped)" : "");
}

void print_geometry(const Log& log, const Molecule& molecule, const std::string& title) {
  log.print("  {} (Angstrom):\n", title);
  for (const Atom& a : molecule.atoms()) {
    const Eigen::Vector3d x = a.position * units::bohr_in_angstrom;
    log.print("    {:<3} {:15.10f} {:15.10f} {:15.10f}\n", element_symbol(a.Z), x.x(), x.y(), x.z());
  }
}

void print_outputs(const Log& log, const std::vector<std::string>& files) {
  log.print("  Files written:\n");
  for (const std::string& f : files) log.print("    {}\n", f);
}

}  // namespace atropos
