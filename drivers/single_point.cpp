#include "drivers/single_point.hpp"

#include <omp.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

#include "basis/basis_extent.hpp"
#include "basis/basis_library.hpp"
#include "common/error.hpp"
#include "common/stopwatch.hpp"
#include "drivers/report.hpp"
#include "geometry/mirror.hpp"
#include "io/scf_checkpoint.hpp"
#include "scf/composite_jk.hpp"
#include "scf/df_coulomb.hpp"
#include "scf/direct_jk.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/hf_gradient.hpp"
#include "scf/hartree_fock_model.hpp"
#include "scf/kohn_sham_model.hpp"
#include "scf/orbital_projection.hpp"
#include "scf/properties.hpp"
#include "scf/sad_guess.hpp"
#include "scf/xc_integrator/xc_gradient.hpp"
#include "scf/scf_solver.hpp"

#ifndef ATROPOS_VERSION
#define ATROPOS_VERSION "unknown"
#endif

namespace atropos {

namespace {

std::vector<Eigen::MatrixXd> guess_from_checkpoint(const Job& job, const BasisSet& basis, const Eigen::MatrixXd& overlap,
                                                   Reference reference, const Communicator& comm, const Log& log) {
  if (job.guess_checkpoint.empty()) throw InputError("guess 'read' needs a checkpoint file (guess_checkpoint)");
  const ScfCheckpoint old = read_scf_checkpoint(job.guess_checkpoint);
  std::vector<int> numbers;
  for (const Atom& atom : job.molecule.atoms()) numbers.push_back(atom.Z);
  if (old.atomic_numbers != numbers)
    throw InputError("checkpoint '" + job.guess_checkpoint + "' holds a different molecule (atoms differ)");
  // The old basis placed on the current geometry: orbitals are reused across small geometry
  // changes (optimisation steps) and projected across basis changes.
  const BasisSet old_basis = load_basis(old.basis_name, job.molecule, old.pure_harmonics);
  log.print("  Guess: orbitals from {} ({} / {}), projected onto {}\n", job.guess_checkpoint, old.method,
            old.basis_name, job.basis);
  auto occupied_density = [&](const Eigen::MatrixXd& orbitals, long count) {
    const long nocc = std::min<long>(count, orbitals.cols());
    const Eigen::MatrixXd projected = project_orbitals(orbitals.leftCols(nocc), old_basis, basis, overlap, comm);
    return Eigen::MatrixXd(projected * projected.transpose());
  };
  std::vector<Eigen::MatrixXd> densities{
      occupied_density(old.orbitals_alpha, job.molecule.alpha_count())};
  if (reference == Reference::unrestricted)
    densities.push_back(occupied_density(old.orbitals_beta, job.molecule.beta_count()));
  return densities;
}

ScfCheckpoint make_checkpoint(const Job& job, const SinglePointResult& result, Reference reference) {
  ScfCheckpoint cp;
  for (const Atom& atom : job.molecule.atoms()) cp.atomic_numbers.push_back(atom.Z);
  cp.geometry_bohr = job.molecule.positions();
  cp.charge = job.molecule.charge();
  cp.multiplicity = job.molecule.multiplicity();
  cp.method = job.method;
  cp.basis_name = job.basis;
  cp.pure_harmonics = true;
  const bool ks = !job.is_hartree_fock();
  cp.reference = reference == Reference::restricted ? (ks ? "rks" : "rhf") : (ks ? "uks" : "uhf");
  const ScfResult& scf = result.scf;
  cp.orbitals_alpha = scf.orbital_coefficients(0);
  cp.orbitals_beta = scf.orbital_coefficients(1);
  cp.orbital_energies_alpha = scf.energies(0);
  cp.orbital_energies_beta = scf.energies(1);
  cp.occupations_alpha = scf.occupation(0);
  cp.occupations_beta = scf.occupation(1);
  cp.density_alpha = scf.density(0);
  cp.density_beta = scf.density(1);
  cp.total_energy = scf.total_energy;
  cp.energy_components = {{"nuclear_repulsion", scf.nuclear_repulsion},
                          {"one_electron", scf.one_electron},
                          {"two_electron", scf.two_electron},
                          {"coulomb", scf.coulomb},
                          {"exchange", scf.exchange},
                          {"exchange_correlation", scf.xc}};
  cp.iterations = scf.iterations;
  cp.converged = scf.converged;
  cp.program_version = ATROPOS_VERSION;
  return cp;
}

// The small grid a Kohn-Sham SCF converges on first (Job::initial_grid), if any.
std::optional<GridSpec> initial_grid_spec(const Job& job) {
  if (job.initial_grid == "none") return std::nullopt;
  return grid_spec_for_level(job.initial_grid == "auto" ? "coarse" : job.initial_grid, "initial_grid");
}

// The job's RI-J fitting basis: df_basis_scf (def2-universal-jfit when unset), or AutoAux from the
// orbital basis, capped at the angular momentum the RI-J gradient handles so that energies and
// gradients always use the same fit.
BasisSet job_auxiliary_basis(const Job& job, const BasisSet& orbital) {
  const std::string name = job.df_basis.empty() ? "def2-universal-jfit" : job.df_basis;
  return load_auxiliary_basis(name, job.molecule, orbital, DfCoulomb::max_gradient_l());
}

}  // namespace

void validate_job(const Job& job) {
  if (job.molecule.size() == 0) throw InputError("the molecule has no atoms");
  job.molecule.validate_charge_and_multiplicity();
  job.molecule.validate_distances(0.1);
  if (job.resolved_reference() == Reference::restricted && job.molecule.multiplicity() != 1)
    throw InputError("reference 'rhf' needs a singlet; multiplicity " + std::to_string(job.molecule.multiplicity()) +
                     " needs 'uhf'");
  if (!job.is_hartree_fock()) XcFunctional(job.method, SpinPolarisation::Unpolarised, "method");  // names checked
  grid_spec(job);
}

std::string resolved_scf_type(const Job& job) {
  if (job.scf_type != "auto") return job.scf_type;
  if (job.is_hartree_fock()) return "direct";
  const XcFunctional functional(job.method, SpinPolarisation::Unpolarised, "method");
  return functional.exact_exchange().present() ? "direct" : "df";
}

GridSpec grid_spec(const Job& job) {
  // Psi4's defaults for whichever size is not given: 75 radial, 302 angular points.
  const bool explicit_sizes = job.grid_radial_points > 0 || job.grid_angular_points > 0;
  const int radial = job.grid_radial_points > 0 ? job.grid_radial_points : 75;
  const int angular = job.grid_angular_points > 0 ? job.grid_angular_points : 302;
  GridSpec spec;
  const bool psi4 = job.grid_style == "psi4";
  if (psi4) {
    if (!explicit_sizes && job.grid_level != "default")
      throw InputError("dft_grid_style 'psi4' takes sizes (grid = [radial, angular]), not a level", "grid");
    // Psi4 drops the points beyond the reach of the basis (its DFT_BASIS_TOLERANCE, 1e-12).
    const double reach = basis_extent(load_basis(job.basis, job.molecule, job.pure_harmonics), 1e-12);
    spec = psi4_grid_spec(radial, angular, reach, RadialScheme::Psi4Treutler, PartitionScheme::BeckeTreutler, "grid");
  } else if (explicit_sizes) {
    spec = explicit_grid_spec(radial, angular, "grid");
  } else {
    spec = grid_spec_for_level(job.grid_level, "grid");
  }
  if (!job.grid_radial_scheme.empty()) {
    const RadialScheme scheme = parse_radial_scheme(job.grid_radial_scheme, "dft_radial_scheme");
    spec.radial_scheme = psi4 ? psi4_radial_scheme(scheme) : scheme;
  }
  if (!job.grid_nuclear_scheme.empty()) {
    const PartitionScheme scheme = parse_partition_scheme(job.grid_nuclear_scheme, "dft_nuclear_scheme");
    spec.partition = psi4 ? psi4_partition_scheme(scheme) : scheme;
  }
  spec.bs_radius_alpha = job.grid_bs_radius_alpha;
  // Psi4 keeps points of zero weight; dropping them saves their cost only (dnbpa, Psi4's (99, 590)
  // grid: 11 % of the points; the SCF energy stays 1e-10 Eh from Psi4's).
  spec.weight_threshold = job.grid_weight_threshold;
  validate(spec, "grid");
  return spec;
}

SinglePointResult run_single_point(const Job& job, const Communicator& comm, const Log& log) {
  const Stopwatch clock;
  Stopwatch phase;  // setup steps print their own times: where a run's time goes before the SCF
  validate_job(job);
  const Reference reference = job.resolved_reference();
  BasisSet basis = load_basis(job.basis, job.molecule, job.pure_harmonics);
  print_job_header(log, job, basis, reference, comm.size(), omp_get_max_threads());

  ScfSolver solver(job.molecule, basis, comm, job.scf, reference, log);
  DirectJk jk(basis, comm, DirectJkOptions{job.scf.integral_threshold, 0.0});
  // scf_type "df": Coulomb by density fitting (RI-J), exact exchange stays integral-direct.
  std::optional<DfCoulomb> df_coulomb;
  std::optional<CompositeJk> df_jk;
  JkBuilder* jk_builder = &jk;
  const bool density_fitted = resolved_scf_type(job) == "df";
  if (density_fitted) {
    const BasisSet auxiliary = job_auxiliary_basis(job, basis);
    log.print("  Density-fitted Coulomb (RI-J) with {} ({} functions, up to l = {}); exchange exact\n", auxiliary.name(),
              auxiliary.function_count(), auxiliary.max_l());
    phase.restart();
    DfCoulombOptions df_options;
    df_options.cache_memory_mib = job.df_cache_memory_mib;
    df_coulomb.emplace(basis, auxiliary, comm, df_options);
    const DfCoulombInfo& info = df_coulomb->info();
    log.print("  RI-J 3-centre integrals: {:.0f} MiB on rank 0, {:.0f} MiB of them kept between builds "
              "(df_cache_memory {:.0f} MiB per rank); metric and plan {:.2f} s\n",
              info.integrals_mib, info.cached_mib, job.df_cache_memory_mib, phase.seconds());
    df_jk.emplace(*df_coulomb, jk);
    jk_builder = &*df_jk;
  }

  // Hartree-Fock, or Kohn-Sham with the pieces the functional needs: a grid when it has a DFT
  // part, an erf-attenuated JK builder when it is range-separated.
  std::unique_ptr<FockModel> model;
  std::optional<XcFunctional> functional;
  std::optional<MolecularGrid> grid;
  std::optional<XcIntegrator> xc;
  std::optional<DirectJk> erf_jk;
  std::optional<MolecularGrid> initial_grid;
  std::optional<XcIntegrator> initial_xc;
  std::unique_ptr<FockModel> initial_model;
  if (job.is_hartree_fock()) {
    model = std::make_unique<HartreeFockModel>(*jk_builder, 1.0, job.scf.incremental_fock, job.scf.full_rebuild_every);
  } else {
    functional.emplace(job.method,
                       reference == Reference::restricted ? SpinPolarisation::Unpolarised : SpinPolarisation::Polarised,
                       "method");
    const ExactExchange exx = functional->exact_exchange();
    const GridSpec spec = grid_spec(job);
    phase.restart();
    grid.emplace(make_molecular_grid(job.molecule, spec, comm));
    const double grid_seconds = phase.seconds();
    log.print("  Functional {}: {}; exact exchange {:.4f} (short range) / {:.4f} (long range), omega {:.3f}\n",
              job.method, to_string(functional->family()), exx.short_range_fraction(), exx.long_range_fraction(),
              exx.omega);
    phase.restart();
    xc.emplace(job.molecule, basis, *grid, *functional, comm);
    log.print("  Grid {}: {} points in {} batches; built in {:.2f} s, basis screening {:.2f} s\n", spec.name, grid->size(),
              grid->batches.size(), grid_seconds, phase.seconds());
    if (exx.range_separated()) erf_jk.emplace(basis, comm, DirectJkOptions{job.scf.integral_threshold, exx.omega});
    model = std::make_unique<KohnShamModel>(*jk_builder, erf_jk ? &*erf_jk : nullptr, *xc, job.scf.incremental_fock,
                                            job.scf.full_rebuild_every);
    // The first iterations, far from the solution, need no fine quadrature: on a grid several
    // times smaller they cost a fraction, and the requested grid then starts from a density whose
    // orbital gradient is already small (dnbpa PBE RI-J, Psi4's (99, 590) grid: 9 iterations there
    // after 10 on the coarse grid, instead of 17). Only worth it when the initial grid is much smaller.
    if (const std::optional<GridSpec> first = initial_grid_spec(job); first && functional->has_dft()) {
      phase.restart();
      MolecularGrid small = make_molecular_grid(job.molecule, *first, comm);
      if (2 * small.size() <= grid->size()) {
        initial_grid.emplace(std::move(small));
        initial_xc.emplace(job.molecule, basis, *initial_grid, *functional, comm);
        log.print("  Initial grid {}: {} points, until the rms orbital gradient is below {:.1e}; {:.2f} s\n",
                  first->name, initial_grid->size(), std::max(job.initial_grid_convergence, job.scf.gradient_threshold),
                  phase.seconds());
        initial_model = std::make_unique<KohnShamModel>(*jk_builder, erf_jk ? &*erf_jk : nullptr, *initial_xc,
                                                        job.scf.incremental_fock, job.scf.full_rebuild_every);
      }
    }
  }

  std::vector<Eigen::MatrixXd> guess;
  if (job.guess == "sad") {
    phase.restart();
    guess.push_back(0.5 * compute_sad_density(job.molecule, basis));
    log.print("  Guess: superposition of atomic densities (SAD), {:.2f} s\n", phase.seconds());
  } else if (job.guess == "read") {
    guess = guess_from_checkpoint(job, basis, solver.overlap(), reference, comm, log);
  } else {
    log.print("  Guess: core Hamiltonian\n");
  }

  SinglePointResult result;
  int initial_iterations = 0;
  if (initial_model) {
    ScfOptions loose = job.scf;
    loose.gradient_threshold = std::max(job.initial_grid_convergence, job.scf.gradient_threshold);
    loose.energy_threshold = std::numeric_limits<double>::infinity();
    loose.allow_unconverged = true;  // whatever it reaches, the requested grid goes on from there
    loose.keep_subspace = true;
    solver.set_options(loose);
    const ScfResult first = solver.run(*initial_model, guess);
    initial_iterations = first.iterations;
    solver.set_options(job.scf);
    log.print("  Requested grid from here ({} points), DIIS subspace carried over\n", grid->size());
    result.scf = solver.continue_from(*model, first);
  } else {
    result.scf = solver.run(*model, guess);
  }
  result.scf.initial_grid_iterations = initial_iterations;
  if (const auto* ks = dynamic_cast<const KohnShamModel*>(model.get()))
    for (double n : ks->integrated_electrons()) result.integrated_electrons += n;
  result.basis_functions = basis.function_count();
  result.basis = basis;
  if (grid) result.grid = std::move(*grid);
  result.mulliken_charges = mulliken_charges(job.molecule, basis, result.scf.total_density(), solver.overlap());
  result.dipole = dipole_moment(job.molecule, basis, result.scf.total_density(), comm);
  result.wall_seconds = clock.seconds();
  print_scf_report(log, job, result);

  if (!job.checkpoint.empty() && comm.is_root()) {
    ScfCheckpoint cp = make_checkpoint(job, result, reference);
    cp.pure_harmonics = basis.pure();
    write_scf_checkpoint(job.checkpoint, cp);
    log.print("  Checkpoint written: {}\n", job.checkpoint);
  }
  comm.barrier();
  return result;
}

Eigen::MatrixX3d compute_analytic_gradient(const Job& job, const SinglePointResult& energy, const Communicator& comm,
                                           const Log& log) {
  const Stopwatch clock;
  const Reference reference = job.resolved_reference();
  const std::size_t natom = job.molecule.size();
  HfGradientOptions options;
  const bool density_fitted = resolved_scf_type(job) == "df";
  options.exact_coulomb = !density_fitted;
  std::optional<XcFunctional> functional;
  if (!job.is_hartree_fock()) {
    functional.emplace(job.method,
                       reference == Reference::restricted ? SpinPolarisation::Unpolarised : SpinPolarisation::Polarised,
                       "method");
    const ExactExchange exx = functional->exact_exchange();
    options.exchange_fraction = exx.alpha;  // K_total = alpha K[1/r] + beta K[erf(omega r)/r]
    options.long_range_exchange = exx.beta;
    options.omega = exx.omega;
  }
  ScfGradientTerms terms = compute_hf_gradient_terms(job.molecule, energy.basis, energy.scf, comm, options);
  const Eigen::MatrixXd P = total_density(energy.scf);
  if (density_fitted) {
    DfCoulomb df(energy.basis, job_auxiliary_basis(job, energy.basis), comm);
    terms.coulomb = df.coulomb_gradient(P, natom);
  }
  if (functional && functional->has_dft()) {
    const GridSpec spec = grid_spec(job);
    std::optional<MolecularGrid> rebuilt;  // only when the energy did not keep its grid
    const MolecularGrid& grid = energy.grid ? *energy.grid : rebuilt.emplace(make_molecular_grid(job.molecule, spec, comm));
    std::vector<Eigen::MatrixXd> densities;
    if (functional->polarised())
      densities = {spin_density(energy.scf, 0), spin_density(energy.scf, energy.scf.orbitals.size() - 1)};
    else
      densities = {P};
    XcGradientOptions xc_options;
    xc_options.grid_response = job.grid_response;
    terms.xc = compute_xc_gradient(job.molecule, energy.basis, grid, spec, *functional, densities, comm, xc_options);
  }
  const Eigen::MatrixX3d gradient = terms.total();
  const double seconds = clock.seconds();
  print_gradient(log, job.molecule, gradient,
                 functional && functional->has_dft()
                     ? fmt::format("Analytic gradient (grid response {})", job.grid_response ? "on" : "off")
                     : std::string("Analytic gradient"));
  log.print("  Gradient wall time {:.2f} s; sum over atoms {:.1e} Eh/bohr\n", seconds,
            gradient.colwise().sum().cwiseAbs().maxCoeff());
  if (!gradient.allFinite()) throw ComputationError("the analytic gradient is not finite (NaN or Inf)");
  if (!job.checkpoint.empty() && comm.is_root()) {
    update_checkpoint(job.checkpoint, {"gradient"}, [&](Hdf5Group& root) {
      Hdf5Group group = root.create_group("gradient");
      group.write_matrix("gradient", gradient);  // natom x 3, Eh/bohr
      group.write_double("energy", energy.scf.total_energy);
    });
  }
  comm.barrier();
  return gradient;
}

MirrorComparison run_with_mirror_image(const Job& job, const Communicator& comm, const Log& log) {
  MirrorComparison comparison;
  comparison.original = run_single_point(job, comm, log);
  Job mirrored = job;
  mirrored.name = job.name + "_mirror";
  mirrored.molecule = mirror_image(job.molecule);
  if (!job.checkpoint.empty()) {
    const auto dot = job.checkpoint.rfind('.');
    mirrored.checkpoint = (dot == std::string::npos ? job.checkpoint : job.checkpoint.substr(0, dot)) + "_mirror.h5";
  }
  if (mirrored.guess == "read") mirrored.guess = "sad";  // the checkpoint holds the original's orbitals
  log.print("\n  Mirror image (reflection through the yz plane through the centroid)\n");
  comparison.mirror = run_single_point(mirrored, comm, log);
  print_mirror_report(log, comparison.original.scf.total_energy, comparison.mirror.scf.total_energy);
  return comparison;
}

}  // namespace atropos
