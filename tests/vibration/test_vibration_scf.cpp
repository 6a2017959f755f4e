// Harmonic frequencies and thermochemistry of water and H2O2 at HF/def2-SVP from finite
// differences of atropos' analytic RHF gradients (ScfSurface), against Psi4 1.3.2's analytic
// Hessians at the same, Psi4-optimised geometries (tests/data/vibration, generate.py). And the
// distributed Hessian: 2 ranks equal 1 rank.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "drivers/scf_surface.hpp"
#include "drivers/vibration/fd_hessian.hpp"
#include "drivers/vibration/vibrational_analysis.hpp"
#include "model_molecules.hpp"
#include "psi4_frequency_job.hpp"

using namespace atropos;
using namespace atropos::testing;

namespace {

// Psi4's settings (generate.py): RHF/def2-SVP, exact integrals, e_convergence 1e-10,
// d_convergence 1e-10. Here the orbital-gradient threshold 1e-9 keeps the gradient noise near
// 1e-9 Eh/bohr, i.e. ~1e-7 Eh/bohr^2 in the Hessian at h = 0.005 bohr.
Job hf_job(const Molecule& molecule) {
  Job job;
  job.name = "vibration_test";
  job.molecule = molecule;
  job.method = "hf";
  job.basis = "def2-svp";
  job.scf.energy_threshold = 1e-10;
  job.scf.gradient_threshold = 1e-9;
  return job;
}

// Each group's surface keeps its orbitals in a file of its own (named by the world rank of the
// group's first rank, shared with the group).
SurfaceFactory scf_factory(const Job& job, const std::string& stem, const Communicator& world,
                           std::vector<std::string>* files) {
  return [job, stem, world, files](const Communicator& group) -> std::unique_ptr<EnergySurface> {
    std::string path = stem + "_rank" + std::to_string(world.rank()) + ".h5";
    group.broadcast(path);
    if (files) files->push_back(path);
    return std::make_unique<ScfSurface>(job, group, Log::silent(), path);
  };
}

void remove_files(const std::vector<std::string>& files) {
  for (const std::string& f : files) std::filesystem::remove(f);
}

struct ScfFrequencies {
  FdHessianResult fd;
  VibrationalResult vib;
};

ScfFrequencies scf_frequencies(const Psi4FrequencyJob& psi4, const Communicator& comm, const std::string& name,
                               const FdHessianOptions& options = {}) {
  std::vector<std::string> files;
  ScfFrequencies r;
  r.fd = compute_fd_hessian(psi4.molecule, scf_factory(hf_job(psi4.molecule), shared_temp_path(name, comm), comm, &files),
                            comm, options);
  comm.barrier();
  remove_files(files);
  r.vib = analyse_vibrations(psi4.molecule, r.fd.hessian, r.fd.reference->energy);
  return r;
}

// Frequencies within 1 cm^-1 of Psi4's analytic ones (measured with h = 0.005 bohr, three
// points: water 0.07 cm^-1, H2O2 0.24 cm^-1 (the torsion); docs/frequencies.md), and the
// thermochemistry within 1e-6 Eh (measured |dG| 5e-8 and 6e-7 Eh): ZPE is sum nu/2, so 1e-6 Eh
// allows 0.44 cm^-1 of summed frequency error; S, H, G through the same frequencies. E0 agrees
// to the SCF convergence.
void compare_with_psi4(const Psi4FrequencyJob& psi4, const ScfFrequencies& ours) {
  const VibrationalResult& v = ours.vib;
  ASSERT_EQ(v.frequencies_cm1.size(), static_cast<Eigen::Index>(psi4.frequencies_cm1.size()));
  for (std::size_t k = 0; k < psi4.frequencies_cm1.size(); ++k)
    EXPECT_NEAR(v.frequencies_cm1(static_cast<Eigen::Index>(k)), psi4.frequencies_cm1[k], 1.0) << "mode " << k + 1;
  EXPECT_EQ(v.imaginary_count, 0);
  EXPECT_NEAR(v.electronic_energy, psi4.energy, 1e-8);
  // Psi4's stationary point is one here too (same method, same basis, same integrals).
  EXPECT_LT(ours.fd.reference->gradient.cwiseAbs().maxCoeff(), 1e-5);
  const auto& j = psi4.json;
  EXPECT_NEAR(v.zpe, j.at("ZPVE").get<double>(), 1e-6);
  EXPECT_NEAR(v.enthalpy - v.electronic_energy, j.at("ENTHALPY CORRECTION").get<double>(), 1e-6);
  EXPECT_NEAR(v.gibbs - v.electronic_energy, j.at("GIBBS FREE ENERGY CORRECTION").get<double>(), 1e-6);
  EXPECT_NEAR(v.temperature * v.entropy, v.temperature * j.at("entropy_eh_per_k").get<double>(), 1e-6);
  EXPECT_NEAR(v.enthalpy, j.at("ENTHALPY").get<double>(), 1e-6);
  EXPECT_NEAR(v.gibbs, j.at("GIBBS FREE ENERGY").get<double>(), 1e-6);
  // The Hessian itself, element by element: the O(h^2) truncation error (measured 1.0e-5 and
  // 1.6e-5 Eh/bohr^2; 1.7e-8 with points = 5, h = 0.01) and SCF noise only.
  EXPECT_LT((ours.fd.hessian - psi4.hessian).cwiseAbs().maxCoeff(), 5e-5);
  if (Communicator().is_root())
    std::printf("    %s: max |nu - nu(Psi4)| = %.4f cm^-1, max |H - H(Psi4)| = %.2e Eh/bohr^2, asymmetry %.2e, "
              "|dG| = %.2e Eh\n",
              j.at("job").get<std::string>().c_str(),
              (v.frequencies_cm1 - Eigen::Map<const Eigen::VectorXd>(psi4.frequencies_cm1.data(),
                                                                    static_cast<Eigen::Index>(psi4.frequencies_cm1.size())))
                  .cwiseAbs()
                  .maxCoeff(),
              (ours.fd.hessian - psi4.hessian).cwiseAbs().maxCoeff(), ours.fd.max_asymmetry,
              std::abs(v.gibbs - j.at("GIBBS FREE ENERGY").get<double>()));
}

}  // namespace

// Water: every point from a fresh SCF (fresh_surface_per_point), so the Hessian depends only on
// the geometries: the same on 1 rank and on 2 ranks (two groups of one), to 1e-10 Eh/bohr^2.
TEST(ScfFrequencies, WaterMatchesPsi4AndIsRankCountIndependent) {
  const Communicator world;
  const Psi4FrequencyJob psi4 = psi4_frequency_job("water_rhf_def2svp_freq");
  FdHessianOptions options;
  options.fresh_surface_per_point = true;
  const ScfFrequencies ours = scf_frequencies(psi4, world, "water", options);
  compare_with_psi4(psi4, ours);
  if (world.size() > 1) {
    const Communicator self(MPI_COMM_SELF);
    const ScfFrequencies serial = scf_frequencies(psi4, self, "water_self", options);
    EXPECT_LE((ours.fd.hessian - serial.fd.hessian).cwiseAbs().maxCoeff(), 1e-10);
    EXPECT_NEAR(ours.fd.reference->energy, serial.fd.reference->energy, 1e-10);
    // All ranks in one group: every SCF distributed over the ranks (on a communicator split from
    // the world), agreeing with 1 rank to the SCF's own rank-count reproducibility (measured
    // 3e-12 Eh/bohr^2 with 2 ranks).
    options.ranks_per_group = world.size();
    const ScfFrequencies together = scf_frequencies(psi4, world, "water_together", options);
    const double difference = (together.fd.hessian - serial.fd.hessian).cwiseAbs().maxCoeff();
    EXPECT_LE(difference, 1e-10);
    if (world.is_root()) std::printf("    one group of %d ranks vs 1 rank: max |dH| = %.2e Eh/bohr^2\n", world.size(), difference);
  }
}

// H2O2: the default, each group's SCF starting from its previous point's orbitals.
TEST(ScfFrequencies, HydrogenPeroxideMatchesPsi4) {
  const Communicator world;
  const Psi4FrequencyJob psi4 = psi4_frequency_job("h2o2_rhf_def2svp_freq");
  const ScfFrequencies ours = scf_frequencies(psi4, world, "h2o2");
  compare_with_psi4(psi4, ours);
  EXPECT_EQ(ours.vib.thermo.point_group, "C2");
  EXPECT_EQ(ours.vib.thermo.symmetry_number, 2);
}
