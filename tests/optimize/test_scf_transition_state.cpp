// Transition-state search on the RHF/def2-SVP surface: the trans-planar torsion barrier of H2O2.
// Start: h2o2_trans with H4 turned 15 degrees about the O-O axis (dihedral 165 degrees, so the
// search has to climb the torsion), Cartesian Hessian there by central differences of analytic
// gradients (step 0.005 bohr, Psi4's default displacement), P-RFO with Bofill updates.
// Reference: Psi4 1.3.2 RHF/def2-SVP (pk, e_convergence 1e-10, d_convergence 1e-8, gau_tight)
// optimisation of trans-planar H2O2 with H-O-O-H frozen at 180 degrees, and Psi4's own TS search
// (opt_type ts) from the same planar start; the two agree to 2.3e-10 Eh (tests/data/optimize).
// Tolerances: energy 1e-6 Eh (the brief's), dihedral 180 +- 0.05 degrees (gau_tight leaves the
// soft torsion open by ~1e-4 rad).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "drivers/optimize/optimizer.hpp"
#include "model_surfaces.hpp"
#include "scf_helpers.hpp"

using namespace atropos;

TEST(ScfTransitionState, HydrogenPeroxideTransBarrier) {
  constexpr double kPi = 3.14159265358979323846, kDeg = kPi / 180.0;
  const Communicator comm;
  const Molecule trans = atropos::testing::reference_molecule("h2o2_trans");
  Eigen::MatrixX3d x = trans.positions();
  const double t = 15.0 * kDeg;  // rotate H4 about the O-O axis (y)
  const Eigen::Vector3d h4 = x.row(3).transpose();
  x.row(3) << h4.x() * std::cos(t) + h4.z() * std::sin(t), h4.y(), -h4.x() * std::sin(t) + h4.z() * std::cos(t);
  const Molecule start = trans.with_positions(x);
  const Primitive dihedral = Primitive::dihedral(2, 0, 1, 3);
  ASSERT_NEAR(std::abs(primitive_value(dihedral, start.positions())), 165.0 * kDeg, 1e-8);

  const std::string checkpoint = atropos::testing::work_checkpoint("h2o2_ts", comm);
  ScfSurface surface(atropos::testing::rhf_def2svp_job(start, "h2o2_ts"), comm, Log::silent(), checkpoint);
  OptimizerOptions options;
  options.target = OptimizationTarget::transition_state;
  options.convergence = "gau_tight";
  options.initial_cartesian_hessian = atropos::testing::finite_difference_hessian(surface, start, 0.005);
  const int hessian_gradients = surface.evaluations();

  Optimizer optimizer(start, options);
  std::string table = format_step_header(optimizer.criteria());
  const OptimizationResult r = run_optimizer(surface, optimizer, [&](const StepReport& s, const Optimizer& o) {
    table += format_step_line(s, o.criteria());
  });
  const nlohmann::json frozen = atropos::testing::optimize_reference("h2o2_trans_rhf_def2svp_frozen_dihedral");
  const nlohmann::json ts = atropos::testing::optimize_reference("h2o2_trans_rhf_def2svp_ts");
  if (comm.is_root()) {
    std::cout << table << "Hessian: " << hessian_gradients << " gradients; TS search: " << r.evaluations
              << " gradients; Psi4 opt_type ts from the planar start: " << ts.at("gradient_evaluations").get<int>()
              << " gradients after its Hessian; Psi4 frozen dihedral: " << frozen.at("gradient_evaluations").get<int>()
              << "\n"
              << fmt::format("E = {:.10f}, Psi4 frozen {:.10f} (diff {:.2e}), Psi4 ts {:.10f} (diff {:.2e})\n", r.energy,
                             frozen.at("energy").get<double>(), r.energy - frozen.at("energy").get<double>(),
                             ts.at("energy").get<double>(), r.energy - ts.at("energy").get<double>());
    std::remove(checkpoint.c_str());
  }
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(std::abs(primitive_value(dihedral, r.molecule.positions())) / kDeg, 180.0, 0.05);
  EXPECT_NEAR(r.energy, frozen.at("energy").get<double>(), 1e-6);
  EXPECT_NEAR(r.energy, ts.at("energy").get<double>(), 1e-6);
  EXPECT_LT(r.steps.back().mode_eigenvalue, 0.0);  // a saddle point along the followed mode
  EXPECT_LE(r.evaluations, 15);
}
