// Hand-run report (not part of CTest), numbers quoted in docs/xc_quadrature.md:
//   xc_report gauxc                       GauXC references (tests/data/xc_integrator) on three grids;
//                                         the benzene SVWN file also with svwn5 (VWN5), to show
//                                         that GauXC's "SVWN5" is VWN-RPA
//   xc_report time mol.xyz basis functional level [repeats]
//                                         Exc + Vxc with the SAD density: wall, CPU, phases
//   xc_report screening mol.xyz basis level
//                                         functions per batch after screening
//   xc_report gradient mol.xyz basis functional level [repeats]
//                                         XC nuclear gradient (with and without grid response)
//                                         against one Exc + Vxc, SAD density: wall, CPU, phases
//   xc_report gauxc-gradient              our grid-fixed gradients against GauXC's EXC_GRAD
// Environment: ATROPOS_BATCH_POINTS (grid batch size), ATROPOS_BASIS_THRESHOLD (screening).
#include <omp.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "basis/basis_extent.hpp"
#include "basis/basis_library.hpp"
#include "geometry/xyz.hpp"
#include "scf/grid/molecular_grid.hpp"
#include "scf/one_electron_integrals.hpp"
#include "scf/sad_guess.hpp"
#include "scf/xc_integrator/xc_gradient.hpp"
#include "scf/xc_integrator/xc_integrator.hpp"
#include "tests/xc_integrator/gauxc_reference.hpp"

using namespace atropos;

namespace {

double cpu_seconds() {  // user + system time of the process (all threads)
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + 1e-6 * u.ru_utime.tv_usec + u.ru_stime.tv_sec + 1e-6 * u.ru_stime.tv_usec;
}

GridSpec gauxc_like_spec() {  // GauXC "ultrafine": 99 radial (Mura-Knowles, R = 5), 590 Lebedev, SSF, unpruned
  GridSpec spec = explicit_grid_spec(99, 590);
  spec.radial_scheme = RadialScheme::MuraKnowles;
  spec.partition = PartitionScheme::StratmannScuseriaFrisch;
  return spec;
}

void gauxc(const Communicator& comm) {
  const std::string dir = std::string(ATROPOS_TEST_DATA) + "/xc_integrator/";
  struct Case {
    const char* file;
    const char* functional;
  };
  for (const Case c :
       {Case{"benzene_svwn5_cc-pvdz_ufg_ssf.hdf5", "svwn"}, Case{"benzene_pbe0_cc-pvdz_ufg_ssf.hdf5", "pbe0"},
        Case{"benzene_svwn5_cc-pvdz_ufg_ssf.hdf5", "svwn5"}, Case{"h2o2_def2-tzvp.hdf5", "pbe0"},
        Case{"cytosine_svwn5_cc-pvdz_ufg_ssf_robust_uks.hdf5", "svwn"}}) {
    const auto ref = testing::read_gauxc_reference(dir + c.file);
    const Eigen::MatrixXd S = compute_overlap(ref.basis, comm);
    std::printf("%s: nbf %zu, tr(D0 S) = %.8f", c.file, ref.basis.function_count(), (ref.densities[0] * S).trace());
    if (ref.densities.size() > 1) std::printf(", tr(D1 S) = %.8f", (ref.densities[1] * S).trace());
    std::printf(", Z total %d\n", ref.molecule.nuclear_charge());
    const bool uks = ref.densities.size() == 2;
    const XcFunctional f(c.functional, uks ? SpinPolarisation::Polarised : SpinPolarisation::Unpolarised);
    for (const char* gname : {"gauxc-like", "fine", "ultrafine"}) {
      const GridSpec spec = std::string(gname) == "gauxc-like" ? gauxc_like_spec() : grid_spec_for_level(gname);
      const MolecularGrid grid = make_molecular_grid(ref.molecule, spec, comm);
      const XcIntegrator xc(ref.molecule, ref.basis, grid, f, comm);
      XcResult r;
      if (!uks) {
        for (double scale : {1.0, 2.0}) {
          r = xc.compute({scale * ref.densities[0]});
          std::printf("  %-10s %8zu points  D x %.0f: N = %.8f  Exc = %.10f  ref %.10f  diff %.2e  max|dV| %.2e\n",
                      gname, grid.size(), scale, r.electrons[0], r.energy, ref.exc, r.energy - ref.exc,
                      (r.potential[0] - ref.potentials[0]).cwiseAbs().maxCoeff());
        }
      } else {
        const Eigen::MatrixXd Da = 0.5 * (ref.densities[0] + ref.densities[1]);
        const Eigen::MatrixXd Db = 0.5 * (ref.densities[0] - ref.densities[1]);
        r = xc.compute({Da, Db});
        const Eigen::MatrixXd Vs = 0.5 * (r.potential[0] + r.potential[1]),
                              Vz = 0.5 * (r.potential[0] - r.potential[1]);
        std::printf(
            "  %-10s %8zu points  N = %.8f + %.8f  Exc = %.10f  ref %.10f  diff %.2e  max|dVs| %.2e max|dVz| %.2e "
            "(sum convention: %.2e %.2e)\n",
            gname, grid.size(), r.electrons[0], r.electrons[1], r.energy, ref.exc, r.energy - ref.exc,
            (Vs - ref.potentials[0]).cwiseAbs().maxCoeff(), (Vz - ref.potentials[1]).cwiseAbs().maxCoeff(),
            (2 * Vs - ref.potentials[0]).cwiseAbs().maxCoeff(), (2 * Vz - ref.potentials[1]).cwiseAbs().maxCoeff());
      }
      std::printf("             time %.2f s (basis %.2f, density %.2f, libxc %.2f, potential %.2f thread-s)\n",
                  r.timings.wall, r.timings.basis, r.timings.density, r.timings.functional, r.timings.potential);
    }
  }
}

// A level name, "R,A" (explicit sizes) or "psi4:R,A" (Psi4's grid, cut at the basis's reach).
// Batch size from $ATROPOS_BATCH_POINTS when set (to study its effect), else the level's.
GridSpec report_spec(const std::string& level, const BasisSet& basis) {
  GridSpec spec;
  const bool psi4 = level.rfind("psi4:", 0) == 0;
  const std::string sizes = psi4 ? level.substr(5) : level;
  const auto comma = sizes.find(',');
  if (comma == std::string::npos) {
    spec = grid_spec_for_level(level);
  } else {
    const int radial = std::stoi(sizes.substr(0, comma)), angular = std::stoi(sizes.substr(comma + 1));
    spec = psi4 ? psi4_grid_spec(radial, angular, basis_extent(basis, 1e-12)) : explicit_grid_spec(radial, angular);
  }
  if (const char* b = std::getenv("ATROPOS_BATCH_POINTS")) spec.max_batch_points = std::atoi(b);
  return spec;
}

void timing(const Communicator& comm, const std::string& xyz, const std::string& basis_name,
            const std::string& functional, const std::string& level, int repeats) {
  const Molecule mol = read_xyz_molecule(xyz);
  const BasisSet basis = load_basis(basis_name, mol);
  double t0 = omp_get_wtime();
  const MolecularGrid grid = make_molecular_grid(mol, report_spec(level, basis), comm);
  const double t_grid = omp_get_wtime() - t0;
  const Eigen::MatrixXd D = compute_sad_density(mol, basis);
  const double trace_DS = (D * compute_overlap(basis, comm)).trace();
  const XcFunctional f(functional, SpinPolarisation::Unpolarised);
  t0 = omp_get_wtime();
  XcIntegratorOptions options;
  if (const char* t = std::getenv("ATROPOS_BASIS_THRESHOLD")) options.basis_threshold = std::atof(t);
  const XcIntegrator xc(mol, basis, grid, f, comm, options);
  const double t_setup = omp_get_wtime() - t0;
  std::printf(
      "%s: %zu atoms, %zu functions (%s), %s, grid %s: %zu points in %zu batches (built in %.2f s), "
      "%d threads, %d ranks, setup %.3f s\n",
      xyz.c_str(), mol.size(), basis.function_count(), basis_name.c_str(), functional.c_str(), level.c_str(),
      grid.size(), grid.batches.size(), t_grid, omp_get_max_threads(), comm.size(), t_setup);
  for (int i = 0; i < repeats; ++i) {
    const double cpu0 = cpu_seconds();
    const XcResult r = xc.compute({D});
    const double cpu = cpu_seconds() - cpu0;
    std::printf(
        "  Exc = %.10f  N = %.8f (tr DS %.8f)  wall %.3f s, cpu %.3f s  (thread-s: basis %.2f, density %.2f, libxc "
        "%.2f, potential %.2f; "
        "reduction %.3f s)\n",
        r.energy, r.electrons[0], trace_DS, r.timings.wall, cpu, r.timings.basis, r.timings.density,
        r.timings.functional, r.timings.potential, r.timings.reduction);
  }
}

// Screening statistics: functions per batch from the sphere test, and how many of them exceed the
// threshold (value or derivative) at some point of the batch.
void screening(const Communicator& comm, const std::string& xyz, const std::string& basis_name,
               const std::string& level) {
  const Molecule mol = read_xyz_molecule(xyz);
  const BasisSet basis = load_basis(basis_name, mol);
  const MolecularGrid grid = make_molecular_grid(mol, report_spec(level, basis), comm);
  const BasisOnGrid bog(basis, 1e-10);
  double work_sphere = 0, work_actual = 0, m_sum = 0, m_actual_sum = 0, n_sum = 0;
  std::vector<int> shells, functions;
  for (const GridBatch& b : grid.batches) {
    bog.significant_shells(b.centre, b.radius, shells);
    const auto m = static_cast<Eigen::Index>(bog.functions_of(shells, functions));
    const auto n = static_cast<Eigen::Index>(b.size());
    Eigen::MatrixXd A(4 * n, m);
    bog.evaluate(grid.points.middleCols(static_cast<Eigen::Index>(b.begin), n), shells, A.data(), 4 * n, A.data() + n,
                 A.data() + 2 * n, A.data() + 3 * n);
    Eigen::Index m_actual = 0;
    for (Eigen::Index j = 0; j < m; ++j) m_actual += A.col(j).cwiseAbs().maxCoeff() > 1e-10;
    m_sum += m;
    m_actual_sum += m_actual;
    n_sum += n;
    work_sphere += double(n) * m * m;
    work_actual += double(n) * m_actual * m_actual;
  }
  std::printf(
      "%zu batches, mean points %.1f, mean functions: sphere test %.1f, above threshold %.1f of %zu; "
      "sum n m^2: %.3e vs %.3e\n",
      grid.batches.size(), n_sum / grid.batches.size(), m_sum / grid.batches.size(), m_actual_sum / grid.batches.size(),
      basis.function_count(), work_sphere, work_actual);
}

// compute_xc_gradient against XcIntegrator::compute on the same grid and density.
void gradient_timing(const Communicator& comm, const std::string& xyz, const std::string& basis_name,
                     const std::string& functional, const std::string& level, int repeats) {
  const Molecule mol = read_xyz_molecule(xyz);
  const BasisSet basis = load_basis(basis_name, mol);
  const GridSpec spec = report_spec(level, basis);
  const MolecularGrid grid = make_molecular_grid(mol, spec, comm);
  const Eigen::MatrixXd D = compute_sad_density(mol, basis);
  const XcFunctional f(functional, SpinPolarisation::Unpolarised);
  const XcIntegrator xc(mol, basis, grid, f, comm);
  std::printf("%s: %zu atoms, %zu functions (%s), %s, grid %s (%s): %zu points in %zu batches, %d threads, %d ranks\n",
              xyz.c_str(), mol.size(), basis.function_count(), basis_name.c_str(), functional.c_str(), level.c_str(),
              to_string(spec.partition).c_str(), grid.size(), grid.batches.size(), omp_get_max_threads(), comm.size());
  for (int i = 0; i < repeats; ++i) {
    double cpu0 = cpu_seconds();
    const XcResult r = xc.compute({D});
    const double cpu_xc = cpu_seconds() - cpu0;
    std::printf("  Exc + Vxc:                 wall %.3f s, cpu %.3f s (thread-s: basis %.2f, density %.2f, libxc %.2f, "
                "potential %.2f)\n",
                r.timings.wall, cpu_xc, r.timings.basis, r.timings.density, r.timings.functional, r.timings.potential);
    for (bool response : {false, true}) {
      XcGradientOptions options;
      options.grid_response = response;
      XcGradientTimings t;
      cpu0 = cpu_seconds();
      const Eigen::MatrixX3d g = compute_xc_gradient(mol, basis, grid, spec, f, {D}, comm, options, &t);
      const double cpu = cpu_seconds() - cpu0;
      std::printf("  gradient, %s: wall %.3f s (%.2f x), cpu %.3f s (%.2f x) (thread-s: basis %.2f, density %.2f, "
                  "libxc %.2f, gradient %.2f, weights %.2f); |sum over atoms| %.2e, max |g| %.3e\n",
                  response ? "grid response" : "fixed grid   ", t.wall, t.wall / r.timings.wall, cpu, cpu / cpu_xc,
                  t.basis, t.density, t.functional, t.gradient, t.weights, g.colwise().sum().norm(),
                  g.cwiseAbs().maxCoeff());
    }
  }
}

// GauXC's EXC_GRAD (basis-function term, its own grid) against ours on a grid fixed in space.
void gauxc_gradient(const Communicator& comm) {
  const std::string dir = std::string(ATROPOS_TEST_DATA) + "/xc_integrator/";
  struct Case {
    const char* file;
    const char* functional;
  };
  for (const Case c : {Case{"benzene_svwn5_cc-pvdz_ufg_ssf.hdf5", "svwn"}, Case{"benzene_pbe0_cc-pvdz_ufg_ssf.hdf5", "pbe0"},
                       Case{"h2o2_def2-tzvp.hdf5", "pbe0"},
                       Case{"cytosine_svwn5_cc-pvdz_ufg_ssf_robust_uks.hdf5", "svwn"}}) {
    const auto ref = testing::read_gauxc_reference(dir + c.file);
    if (ref.exc_gradient.size() == 0) {
      std::printf("%s: no EXC_GRAD\n", c.file);
      continue;
    }
    const bool uks = ref.densities.size() == 2;
    const XcFunctional f(c.functional, uks ? SpinPolarisation::Polarised : SpinPolarisation::Unpolarised);
    std::vector<Eigen::MatrixXd> D = {2.0 * ref.densities[0]};
    if (uks) D = {0.5 * (ref.densities[0] + ref.densities[1]), 0.5 * (ref.densities[0] - ref.densities[1])};
    std::printf("%s (%s): GauXC EXC_GRAD max |g| %.3e, |sum over atoms| %.2e\n", c.file, c.functional,
                ref.exc_gradient.cwiseAbs().maxCoeff(), ref.exc_gradient.colwise().sum().norm());
    // Our own converged value: 150 radial x 974 Lebedev points, unpruned, with grid response.
    const GridSpec dense = explicit_grid_spec(150, 974);
    const Eigen::MatrixX3d g_dense = compute_xc_gradient(ref.molecule, ref.basis, make_molecular_grid(ref.molecule, dense, comm),
                                                         dense, f, D, comm);
    std::printf("  150 x 974 grid response: max |ours - GauXC| %.2e\n", (g_dense - ref.exc_gradient).cwiseAbs().maxCoeff());
    for (const char* gname : {"gauxc-like", "fine", "ultrafine"}) {
      const GridSpec spec = std::string(gname) == "gauxc-like" ? gauxc_like_spec() : grid_spec_for_level(gname);
      const MolecularGrid grid = make_molecular_grid(ref.molecule, spec, comm);
      for (bool response : {false, true}) {
        XcGradientOptions options;
        options.grid_response = response;
        const Eigen::MatrixX3d g = compute_xc_gradient(ref.molecule, ref.basis, grid, spec, f, D, comm, options);
        std::printf("  %-10s %-13s max |ours - GauXC| %.2e, max |ours - ours 150 x 974| %.2e, |sum over atoms| %.2e\n",
                    gname, response ? "grid response" : "fixed grid", (g - ref.exc_gradient).cwiseAbs().maxCoeff(),
                    (g - g_dense).cwiseAbs().maxCoeff(), g.colwise().sum().norm());
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession mpi(&argc, &argv);
  const Communicator comm;
  const std::string mode = argc > 1 ? argv[1] : "gauxc";
  if (mode == "gauxc")
    gauxc(comm);
  else if (mode == "time" && argc >= 6)
    timing(comm, argv[2], argv[3], argv[4], argv[5], argc > 6 ? std::stoi(argv[6]) : 2);
  else if (mode == "screening" && argc >= 5)
    screening(comm, argv[2], argv[3], argv[4]);
  else if (mode == "gradient" && argc >= 6)
    gradient_timing(comm, argv[2], argv[3], argv[4], argv[5], argc > 6 ? std::stoi(argv[6]) : 1);
  else if (mode == "gauxc-gradient")
    gauxc_gradient(comm);
  else
    std::fprintf(
        stderr,
        "usage: xc_report gauxc | gauxc-gradient | time mol.xyz basis functional level [repeats] | screening mol.xyz "
        "basis level | gradient mol.xyz basis functional level [repeats]\n");
  return 0;
}
