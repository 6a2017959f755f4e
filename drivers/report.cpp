#include "drivers/report.hpp"

#include <cmath>

#include "drivers/single_point.hpp"
#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

void print_job_header(const Log& log, const Job& job, const BasisSet& basis, Reference reference, int ranks, int threads) {
  const Molecule& m = job.molecule;
  log.print("\n  {} : {} atoms, {} electrons, charge {}, multiplicity {}\n", m.formula(), m.size(), m.electron_count(),
            m.charge(), m.multiplicity());
  log.print("  Method {} / {} ({} functions, {}), reference {}, integrals {}\n", job.method, job.basis,
            basis.function_count(), basis.pure() ? "spherical" : "Cartesian",
            reference == Reference::restricted ? "restricted" : "unrestricted", resolved_scf_type(job));
  log.print("  Parallel: {} MPI rank(s) x {} thread(s)\n", ranks, threads);
  log.print("  Convergence: |dE| < {:.1e} Eh and rms orbital gradient < {:.1e}, at most {} iterations\n",
            job.scf.energy_threshold, job.scf.gradient_threshold, job.scf.max_iterations);
}

namespace {

void print_orbitals(const Log& log, const char* label, const Eigen::VectorXd& energies, const Eigen::VectorXd& occupations) {
  long homo = -1;
  for (Eigen::Index i = 0; i < occupations.size(); ++i)
    if (occupations(i) > 0.5) homo = i;
  // Occupied orbitals and the first few virtuals, eight to a line.
  const long shown = std::min<long>(energies.size(), homo + 6);
  log.print("  {} orbital energies (Eh), occupied then virtual:\n", label);
  for (long i = 0; i < shown; ++i) {
    if (i % 8 == 0) log.print("   ");
    log.print(" {:>10.5f}{}", energies(i), i == homo ? "|" : " ");
    if (i % 8 == 7 || i == shown - 1) log.print("\n");
  }
  if (homo >= 0 && homo + 1 < energies.size()) {
    const double gap = energies(homo + 1) - energies(homo);
    log.print("  {} HOMO {:.6f}  LUMO {:.6f}  gap {:.6f} Eh = {:.3f} eV\n", label, energies(homo), energies(homo + 1),
              gap, gap * 27.211386245988);
  }
}

}  // namespace

void print_scf_report(const Log& log, const Job& job, const SinglePointResult& result) {
  const ScfResult& scf = result.scf;
  if (scf.initial_grid_iterations > 0)
    log.print("\n  SCF {} in {} iterations on the requested grid, after {} on the initial grid\n",
              scf.converged ? "converged" : "NOT converged", scf.iterations, scf.initial_grid_iterations);
  else
    log.print("\n  SCF {} in {} iterations\n", scf.converged ? "converged" : "NOT converged", scf.iterations);
  log.print("  Nuclear repulsion energy   {:>22.12f} Eh\n", scf.nuclear_repulsion);
  log.print("  One-electron energy        {:>22.12f} Eh\n", scf.one_electron);
  log.print("  Two-electron energy        {:>22.12f} Eh\n", scf.two_electron);
  log.print("    Coulomb                  {:>22.12f} Eh\n", scf.coulomb);
  log.print("    Exchange                 {:>22.12f} Eh\n", scf.exchange);
  if (!job.is_hartree_fock()) {
    log.print("    Exchange-correlation     {:>22.12f} Eh\n", scf.xc);
    const double expected = job.molecule.electron_count();
    log.print("  Integrated electrons       {:>22.12f} (error {:.2e})\n", result.integrated_electrons,
              result.integrated_electrons - expected);
  }
  log.print("  Total energy               {:>22.12f} Eh\n\n", scf.total_energy);
  if (scf.orbital_energies.size() == 1) {
    print_orbitals(log, "Doubly occupied/virtual", scf.energies(0), scf.occupation(0));
  } else {
    print_orbitals(log, "Alpha", scf.energies(0), scf.occupation(0));
    print_orbitals(log, "Beta", scf.energies(1), scf.occupation(1));
  }
  log.print("\n  Mulliken charges:\n");
  for (std::size_t a = 0; a < job.molecule.size(); ++a)
    log.print("    {:>4} {:<2} {:>10.6f}\n", a + 1, element_symbol(job.molecule[a].Z), result.mulliken_charges(a));
  const Eigen::Vector3d& d = result.dipole;
  log.print("  Dipole moment (origin at 0): {:.6f} {:.6f} {:.6f} e*bohr, |mu| = {:.6f} Debye\n", d.x(), d.y(), d.z(),
            d.norm() * units::au_dipole_in_debye);
  log.print("  Wall time {:.2f} s\n", result.wall_seconds);
}

void print_mirror_report(const Log& log, double original_energy, double mirror_energy) {
  const double difference = mirror_energy - original_energy;
  log.print("\n  Mirror-image check: E(original) = {:.12f}, E(mirror) = {:.12f} Eh\n", original_energy, mirror_energy);
  log.print("  E(mirror) - E(original) = {:.3e} Eh = {:.3e} kcal/mol ({})\n", difference,
            difference * units::hartree_in_kcal_mol, std::abs(difference) < 1e-9 ? "equal within 1e-9 Eh" : "NOT EQUAL");
}

void print_gradient(const Log& log, const Molecule& molecule, const Eigen::MatrixX3d& gradient, const std::string& title) {
  log.print("\n  {} (Eh/bohr)\n  {:>4} {:<2} {:>18} {:>18} {:>18}\n", title, "atom", "", "x", "y", "z");
  for (Eigen::Index a = 0; a < gradient.rows(); ++a)
    log.print("  {:>4} {:<2} {:>18.10f} {:>18.10f} {:>18.10f}\n", a + 1, element_symbol(molecule[a].Z), gradient(a, 0),
              gradient(a, 1), gradient(a, 2));
  log.print("  max |g| {:.3e}, rms {:.3e}, |sum over atoms| {:.3e}\n", gradient.cwiseAbs().maxCoeff(),
            std::sqrt(gradient.squaredNorm() / static_cast<double>(gradient.size())), gradient.colwise().sum().norm());
}

}  // namespace atropos
