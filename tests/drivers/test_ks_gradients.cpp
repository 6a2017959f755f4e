// Kohn-Sham analytic nuclear gradients (compute_analytic_gradient, drivers/single_point.hpp).
// Checks, with tolerances and sources:
//  - against central finite differences of the SCF energy (compute_fd_gradient, step 1e-3 bohr,
//    e_convergence 1e-11, d_convergence 1e-9), grid response on, so both are derivatives of the
//    same quadrature energy: 1e-6 Eh/bohr, for LDA (svwn), GGA (pbe), meta-GGA (tpss), global
//    hybrid (b3lyp), range-separated hybrid (wb97x), UKS (H2O+ doublet, pbe) and RI-J (pbe,
//    scf_type df);
//  - against Psi4 1.3.2's analytic PBE/def2-SVP gradients (Psi4 leaves out the grid response, so
//    ours is off too) on a (250, 2030) grid, where both programs' grids are converged: 1e-6 Eh/bohr
//    (tests/data/psi4/*_grid250x2030.*); on (99, 590) the differences to Psi4 and NWChem (which
//    includes weight derivatives) are printed;
//  - exact properties: the mirror image's gradient is the mirrored gradient (1e-9), the sum over
//    atoms vanishes with the grid response on (1e-8), 1 rank = 2 ranks (1e-10, under mpirun -np 2).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "drivers/fd_gradient.hpp"
#include "drivers/single_point.hpp"
#include "geometry/mirror.hpp"
#include "reference_data.hpp"

using namespace atropos;
namespace ref = atropos::testing;

namespace {

Job ks_job(const Molecule& molecule, const std::string& method, const std::string& grid) {
  Job job;
  job.molecule = molecule;
  job.method = method;
  job.basis = "def2-svp";
  job.grid_level = grid;
  job.scf_type = "direct";
  job.scf.energy_threshold = 1e-11;
  job.scf.gradient_threshold = 1e-9;
  job.checkpoint.clear();
  return job;
}

Eigen::MatrixX3d analytic(const Job& job, const Communicator& comm = Communicator()) {
  const SinglePointResult energy = run_single_point(job, comm, Log::silent());
  return compute_analytic_gradient(job, energy, comm, Log::silent());
}

// A gradient from tests/data/reference/<program>/<job>.json (natom x 3, Eh/bohr).
Eigen::MatrixX3d reference_gradient(const std::string& program, const std::string& job_name) {
  const nlohmann::json file = ref::read_json("reference/" + program + "/" + job_name + ".json");
  const auto& g = file.at("gradient");
  Eigen::MatrixX3d out(static_cast<Eigen::Index>(g.size()), 3);
  for (std::size_t i = 0; i < g.size(); ++i)
    for (int k = 0; k < 3; ++k) out(static_cast<Eigen::Index>(i), k) = g[i][static_cast<std::size_t>(k)].get<double>();
  return out;
}

struct FdCase {
  const char* method;
  int charge, multiplicity;
  const char* scf_type;
};

class KsGradientVsFiniteDifferences : public ::testing::TestWithParam<FdCase> {};

}  // namespace

TEST_P(KsGradientVsFiniteDifferences, Within1e6) {
  const FdCase& c = GetParam();
  Job job = ks_job(ref::project_molecule("water", c.charge, c.multiplicity), c.method, "coarse");
  job.scf_type = c.scf_type;
  const Communicator comm;
  const Eigen::MatrixX3d a = analytic(job, comm);
  const Eigen::MatrixX3d fd = compute_fd_gradient(job, 1e-3, comm, Log::silent());
  const double difference = (a - fd).cwiseAbs().maxCoeff();
  if (comm.is_root())
    std::printf("[          ] %s %s (charge %d): max |analytic - fd| %.2e Eh/bohr, sum over atoms %.1e\n", c.method,
                c.scf_type, c.charge, difference, a.colwise().sum().cwiseAbs().maxCoeff());
  EXPECT_LT(difference, 1e-6);
  EXPECT_GT(a.cwiseAbs().maxCoeff(), 1e-3);  // the geometry is not a stationary point
  EXPECT_LT(a.colwise().sum().cwiseAbs().maxCoeff(), 1e-8);
}

INSTANTIATE_TEST_SUITE_P(Functionals, KsGradientVsFiniteDifferences,
                         ::testing::Values(FdCase{"svwn", 0, 1, "direct"}, FdCase{"pbe", 0, 1, "direct"},
                                           FdCase{"tpss", 0, 1, "direct"}, FdCase{"b3lyp", 0, 1, "direct"},
                                           FdCase{"wb97x", 0, 1, "direct"}, FdCase{"pbe", 1, 2, "direct"},
                                           FdCase{"pbe", 0, 1, "df"}));

// Psi4 1.3.2 has no grid response, so the comparison is with ours off. On (99, 590) the two
// programs' grids differ (radial map, partition, radii), and the gradients with them by ~1e-6
// (Psi4 and NWChem differ by up to 2e-6 there): printed for the record. On a (250, 2030) grid
// both are converged far below that, and ours must agree with Psi4's within 1e-6
// (tests/data/psi4/*_pbe_def2svp_pk_gradient_grid250x2030.*).
TEST(KsGradient, MatchesPsi4Pbe) {
  for (const std::string name : {"water", "h2o2_P"}) {
    Job job = ks_job(ref::reference_molecule(name), "pbe", "fine");
    job.grid_radial_points = 99;
    job.grid_angular_points = 590;
    job.grid_response = false;  // as Psi4
    const Eigen::MatrixX3d without = analytic(job);
    const double vs_psi4 = (without - reference_gradient("psi4", name + "_pbe_pk_gradient")).cwiseAbs().maxCoeff();
    job.grid_response = true;
    const Eigen::MatrixX3d with = analytic(job);
    const double vs_psi4_fd = (with - reference_gradient("psi4", name + "_pbe_pk_fdgradient")).cwiseAbs().maxCoeff();
    const auto& nw = ref::shared_results().at("nwchem").at(name + "_pbe_gradient").at("gradient");
    double vs_nwchem = 0.0;
    for (std::size_t i = 0; i < nw.size(); ++i)
      for (int k = 0; k < 3; ++k)
        vs_nwchem = std::max(vs_nwchem, std::abs(with(static_cast<Eigen::Index>(i), k) - nw[i][static_cast<std::size_t>(k)].get<double>()));
    std::printf("[          ] %s PBE/def2-SVP (99,590): no grid response - Psi4 analytic %.2e; with grid response - "
                "Psi4 finite differences %.2e, - NWChem xfine (weight derivatives) %.2e Eh/bohr\n",
                name.c_str(), vs_psi4, vs_psi4_fd, vs_nwchem);

    job.grid_radial_points = 250;
    job.grid_angular_points = 2030;
    job.grid_response = false;
    const Eigen::MatrixX3d large = analytic(job);
    const nlohmann::json psi4 = ref::psi4_job(name + "_pbe_def2svp_pk_gradient_grid250x2030");
    double vs_large = 0.0;
    for (std::size_t i = 0; i < psi4.at("gradient").size(); ++i)
      for (int k = 0; k < 3; ++k)
        vs_large = std::max(vs_large, std::abs(large(static_cast<Eigen::Index>(i), k) -
                                               psi4.at("gradient")[i][static_cast<std::size_t>(k)].get<double>()));
    std::printf("[          ] %s PBE/def2-SVP (250,2030): - Psi4 analytic %.2e Eh/bohr\n", name.c_str(), vs_large);
    EXPECT_LT(vs_large, 1e-6) << name;
    EXPECT_LT((with - without).cwiseAbs().maxCoeff(), 1e-4) << name;  // the grid response is a small correction
  }
}

TEST(KsGradient, MirrorImageAndRankCount) {
  const Molecule p = ref::reference_molecule("h2o2_P");
  const Job job = ks_job(p, "b3lyp", "default");
  const Communicator world;
  const Eigen::MatrixX3d g = analytic(job, world);
  const Eigen::MatrixX3d alone = analytic(job, Communicator(MPI_COMM_SELF));
  EXPECT_LT((g - alone).cwiseAbs().maxCoeff(), 1e-10) << "ranks " << world.size();
  Job mirrored = job;
  mirrored.molecule = mirror_image(p);
  const Eigen::MatrixX3d gm = analytic(mirrored, world);
  // mirror_image reflects x through the yz plane: the gradient's x column flips sign.
  Eigen::MatrixX3d expected = g;
  expected.col(0) *= -1.0;
  EXPECT_LT((gm - expected).cwiseAbs().maxCoeff(), 1e-9);
}
