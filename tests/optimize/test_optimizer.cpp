// The optimiser on model surfaces with known stationary points (tests/optimize/model_surfaces.hpp):
// minima of Morse and harmonic force fields (internal and Cartesian coordinates, a 62-atom
// molecule, a molecule that straightens to linear), constraints held to 1e-8, a relaxed scan, a
// saddle-point search on a torsional double well, the convergence sets, resuming from a state
// written to HDF5, the Cartesian fallback of the back-transformation, step rejection, the XYZ
// trajectory and the step table.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "drivers/optimize/optimizer.hpp"
#include "drivers/optimize/scan.hpp"
#include "drivers/optimize/trajectory.hpp"
#include "geometry/kabsch.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"
#include "io/hdf5_file.hpp"
#include "model_surfaces.hpp"
#include "reference_data.hpp"

using namespace atropos;
using atropos::testing::TermSurface;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

// Water: Morse O-H (D 0.2 Eh, a 1.2 / bohr, re 1.80 bohr) and a harmonic bend (0.16 Eh/rad^2 at
// 104.5 degrees). Minimum: both bonds 1.80 bohr, bend 104.5 degrees, energy 0.
TermSurface water_surface() {
  TermSurface s;
  s.add(Primitive::distance(0, 1), atropos::testing::morse(0.2, 1.2, 1.80));
  s.add(Primitive::distance(0, 2), atropos::testing::morse(0.2, 1.2, 1.80));
  s.add(Primitive::angle(1, 0, 2), atropos::testing::harmonic(0.16, 104.5 * kDeg));
  return s;
}

Molecule distorted_water() {
  Eigen::MatrixX3d x = atropos::testing::reference_molecule("water").positions();
  x(1, 1) += 0.25;
  x(2, 2) -= 0.2;
  x(0, 0) += 0.1;
  return atropos::testing::reference_molecule("water").with_positions(x);
}

// H2O2: O-O 2.74, O-H 1.82 bohr (harmonic 0.5 / 0.45), O-O-H 100 degrees (0.16), and a torsion
// term `torsion` of H3-O1-O2-H4. The bonded terms vanish together at their reference values.
TermSurface h2o2_surface(atropos::testing::Potential torsion) {
  TermSurface s;
  s.add(Primitive::distance(0, 1), atropos::testing::harmonic(0.5, 2.74));
  s.add(Primitive::distance(0, 2), atropos::testing::harmonic(0.45, 1.82));
  s.add(Primitive::distance(1, 3), atropos::testing::harmonic(0.45, 1.82));
  s.add(Primitive::angle(1, 0, 2), atropos::testing::harmonic(0.16, 100.0 * kDeg));
  s.add(Primitive::angle(0, 1, 3), atropos::testing::harmonic(0.16, 100.0 * kDeg));
  s.add(Primitive::dihedral(2, 0, 1, 3), std::move(torsion));
  return s;
}

double value(const Primitive& p, const Molecule& m) { return primitive_value(p, m.positions()); }

// gau_verytight: the last proposed step is below 6e-6, so the geometry is within ~1e-5 of the
// stationary point and the energy within ~1e-10 (the tolerances below follow from that).
OptimizerOptions tight() {
  OptimizerOptions options;
  options.convergence = "gau_verytight";
  return options;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("atropos_optimize_" + std::to_string(::getpid()) + "_" + name)).string();
}

}  // namespace

TEST(ConvergenceSets, Psi4Thresholds) {
  const ConvergenceCriteria qchem = convergence_criteria("QCHEM");
  EXPECT_EQ(qchem.energy_change, 1e-6);
  EXPECT_EQ(qchem.max_force, 3e-4);
  EXPECT_FALSE(qchem.rms_force);
  EXPECT_EQ(qchem.max_step, 1.2e-3);
  const ConvergenceCriteria gau_tight = convergence_criteria("gau_tight");
  EXPECT_FALSE(gau_tight.energy_change);
  EXPECT_EQ(gau_tight.max_force, 1.5e-5);
  EXPECT_EQ(gau_tight.rms_force, 1.0e-5);
  EXPECT_EQ(gau_tight.max_step, 6.0e-5);
  EXPECT_EQ(gau_tight.rms_step, 4.0e-5);
  EXPECT_EQ(convergence_criteria("gau_verytight").max_force, 2e-6);
  EXPECT_EQ(convergence_criteria("molpro").max_step, 3e-4);
  EXPECT_EQ(convergence_criteria("nwchem_loose").rms_step, 3.6e-3);
  EXPECT_EQ(convergence_criteria("turbomole").energy_change, 1e-6);
  EXPECT_EQ(convergence_criteria("cfour").rms_force, 1e-4);
  EXPECT_EQ(convergence_criteria("interfrag_tight").max_step, 6e-4);
  EXPECT_EQ(convergence_criteria("gau_loose").max_step, 1e-2);
  EXPECT_EQ(convergence_criteria("gau").rms_force, 3e-4);
  EXPECT_EQ(convergence_set_names().size(), 10u);
  EXPECT_THROW(convergence_criteria("tight"), InputError);
}

TEST(ConvergenceSets, Logic) {
  ConvergenceMetrics m;
  m.energy_change = 5e-7;
  m.max_force = 2e-4;
  m.max_step = 5e-3;
  EXPECT_TRUE(check_convergence(convergence_criteria("qchem"), m).converged);  // force and energy
  m.energy_change = 5e-6;
  EXPECT_FALSE(check_convergence(convergence_criteria("qchem"), m).converged);
  m.max_step = 1e-3;
  EXPECT_TRUE(check_convergence(convergence_criteria("qchem"), m).converged);  // force and step
  m.max_force = 4e-4;
  EXPECT_FALSE(check_convergence(convergence_criteria("qchem"), m).converged);

  ConvergenceMetrics g{1.0, 1e-5, 5e-6, 5e-5, 3e-5};
  EXPECT_TRUE(check_convergence(convergence_criteria("gau_tight"), g).converged);
  g.max_step = 1e-3;
  EXPECT_FALSE(check_convergence(convergence_criteria("gau_tight"), g).converged);
  g.rms_force = 0.9e-7;  // 100 x rms force below the rms force threshold: flat-surface rule
  EXPECT_TRUE(check_convergence(convergence_criteria("gau_tight"), g).converged);
  ConvergenceMetrics t{2e-6, 1e-4, 1e-4, 1e-4, 1e-4};
  EXPECT_FALSE(check_convergence(convergence_criteria("turbomole"), t).converged);  // energy counts
  t.energy_change = 5e-7;
  EXPECT_TRUE(check_convergence(convergence_criteria("turbomole"), t).converged);
}

TEST(Optimizer, WaterMorseMinimum) {
  TermSurface surface = water_surface();
  const OptimizationResult r = optimize_geometry(surface, distorted_water(), tight());
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 1.80, 1e-5);
  EXPECT_NEAR(value(Primitive::distance(0, 2), r.molecule), 1.80, 1e-5);
  EXPECT_NEAR(value(Primitive::angle(1, 0, 2), r.molecule), 104.5 * kDeg, 1e-5);
  EXPECT_LT(r.energy, 1e-10);
  EXPECT_LE(r.evaluations, 12);
  EXPECT_EQ(r.steps.back().coordinates, "internal");
}

TEST(Optimizer, WaterMorseMinimumInCartesians) {
  TermSurface surface = water_surface();
  OptimizerOptions options = tight();
  options.cartesian = true;
  const OptimizationResult r = optimize_geometry(surface, distorted_water(), options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 1.80, 1e-5);
  EXPECT_NEAR(value(Primitive::angle(1, 0, 2), r.molecule), 104.5 * kDeg, 1e-4);
  EXPECT_LT(r.energy, 1e-9);
  EXPECT_EQ(r.steps.back().coordinates, "cartesian");
}

TEST(Optimizer, HydrogenPeroxideTorsionMinimum) {
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  const OptimizationResult r = optimize_geometry(surface, atropos::testing::reference_molecule("h2o2_P"), tight());
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::dihedral(2, 0, 1, 3), r.molecule), 115.0 * kDeg, 1e-4);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 2.74, 1e-5);
  EXPECT_LT(r.energy, 1e-9);
}

TEST(Optimizer, LargeMoleculeReturnsToItsForceFieldMinimum) {
  // Eicosane (62 atoms) with a force field whose reference values are its own internal
  // coordinates: the input geometry is the minimum (energy 0). Start 0.1-0.2 bohr away.
  const Molecule eicosane = atropos::testing::reference_molecule("eicosane");
  const CoordinateSet set = CoordinateSet::redundant_internals(eicosane);
  const Eigen::VectorXd q = set.values(eicosane.positions());
  TermSurface surface;
  for (int i = 0; i < set.size(); ++i) {
    const Primitive& p = set.primitives()[i];
    const double k = p.kind == Primitive::Kind::distance ? 0.4 : (p.kind == Primitive::Kind::angle ? 0.15 : 0.02);
    surface.add(p, atropos::testing::harmonic(k, q(i), p.periodic()));
  }
  Eigen::MatrixX3d x = eicosane.positions();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (int k = 0; k < 3; ++k) x(i, k) += 0.15 * std::sin(1.7 * i + 2.3 * k + 0.5);
  const OptimizationResult r = optimize_geometry(surface, eicosane.with_positions(x), tight());
  ASSERT_TRUE(r.converged);
  EXPECT_LT(r.energy, 1e-8);
  EXPECT_LT(kabsch(eicosane.positions(), r.molecule.positions()).rmsd, 2e-3);
  EXPECT_LE(r.evaluations, 40);
}

namespace {

// O-C-O with Morse C-O bonds and k (1 + cos(O-C-O)), harmonic in the bend about 180 degrees
// (curvature k) and smooth in Cartesians: the minimum is linear, energy 0.
class LinearTriatomic : public EnergySurface {
 public:
  SurfacePoint evaluate(const Molecule& m) override {
    TermSurface bonds;
    bonds.add(Primitive::distance(0, 1), atropos::testing::morse(0.3, 1.5, 2.2));
    bonds.add(Primitive::distance(1, 2), atropos::testing::morse(0.3, 1.5, 2.2));
    SurfacePoint p = bonds.evaluate(m);
    const Eigen::Vector3d u = m[0].position - m[1].position, v = m[2].position - m[1].position;
    const Eigen::Vector3d eu = u.normalized(), ev = v.normalized();
    const double c = eu.dot(ev), k = 0.1;
    p.energy += k * (1.0 + c);
    const Eigen::Vector3d da = k * (ev - c * eu) / u.norm(), dc = k * (eu - c * ev) / v.norm();
    p.gradient.row(0) += da.transpose();
    p.gradient.row(2) += dc.transpose();
    p.gradient.row(1) -= (da + dc).transpose();
    return p;
  }
};

}  // namespace

TEST(Optimizer, StraightensToLinearThroughACoordinateRebuild) {
  // Starting at 172 degrees the bend passes the linear threshold on the way: the internal
  // coordinates are rebuilt with a pair of linear bends.
  LinearTriatomic surface;
  const double half = 86.0 * kDeg;
  const Molecule start({{8, {2.3 * std::sin(half), 2.3 * std::cos(half), 0.0}},
                        {6, {0.0, 0.0, 0.0}},
                        {8, {-2.3 * std::sin(half), 2.3 * std::cos(half), 0.0}}});
  const OptimizationResult r = optimize_geometry(surface, start, tight());
  ASSERT_TRUE(r.converged);
  EXPECT_GT(value(Primitive::angle(0, 1, 2), r.molecule), kPi - 1e-4);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 2.2, 1e-5);
  EXPECT_LT(r.energy, 1e-10);
  bool rebuilt = false;
  for (const auto& s : r.steps)
    for (const auto& note : s.notes) rebuilt = rebuilt || note.find("rebuilt") != std::string::npos;
  EXPECT_TRUE(rebuilt);
}

TEST(Constraints, AngleHeldAtTarget) {
  TermSurface surface = water_surface();
  OptimizerOptions options = tight();
  options.constraints.push_back(Constraint::angle(1, 0, 2, 95.0 * kDeg));
  const OptimizationResult r = optimize_geometry(surface, distorted_water(), options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::angle(1, 0, 2), r.molecule), 95.0 * kDeg, 1e-8);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 1.80, 1e-5);
  // The only energy left is the bend's.
  EXPECT_NEAR(r.energy, 0.5 * 0.16 * std::pow(9.5 * kDeg, 2), 1e-9);
}

TEST(Constraints, DihedralHeldAtItsStartValue) {
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  OptimizerOptions options = tight();
  options.constraints.push_back(Constraint::dihedral(2, 0, 1, 3));
  const Molecule start = atropos::testing::reference_molecule("h2o2_P");
  const OptimizationResult r = optimize_geometry(surface, start, options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::dihedral(2, 0, 1, 3), r.molecule), 112.0 * kDeg, 1e-8);
  for (const auto& s : r.steps) EXPECT_LT(s.max_constraint_error, 1e-8);
  EXPECT_NEAR(r.energy, 0.01 * (1.0 - std::cos(3.0 * kDeg)), 1e-9);
}

TEST(Constraints, DistanceToATargetAndFrozenAtom) {
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  OptimizerOptions options = tight();
  options.constraints.push_back(Constraint::distance(0, 1, 2.90));
  options.constraints.push_back(Constraint::frozen_atom(2));
  const Molecule start = atropos::testing::reference_molecule("h2o2_P");
  const OptimizationResult r = optimize_geometry(surface, start, options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::distance(0, 1), r.molecule), 2.90, 1e-8);
  EXPECT_LT((r.molecule[2].position - start[2].position).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_NEAR(value(Primitive::dihedral(2, 0, 1, 3), r.molecule), 115.0 * kDeg, 1e-4);
  EXPECT_NEAR(r.energy, 0.5 * 0.5 * 0.16 * 0.16, 1e-9);  // only the stretched O-O spring
}

TEST(Constraints, HeldInCartesianCoordinates) {
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  OptimizerOptions options = tight();
  options.cartesian = true;
  options.constraints.push_back(Constraint::dihedral(2, 0, 1, 3, 150.0 * kDeg));
  const OptimizationResult r = optimize_geometry(surface, atropos::testing::reference_molecule("h2o2_P"), options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::dihedral(2, 0, 1, 3), r.molecule), 150.0 * kDeg, 1e-8);
  EXPECT_NEAR(r.energy, 0.01 * (1.0 - std::cos(35.0 * kDeg)), 1e-8);
}

TEST(Constraints, RejectsBadInput) {
  const Molecule water = atropos::testing::reference_molecule("water");
  OptimizerOptions options;
  options.constraints.push_back(Constraint::distance(0, 3));
  EXPECT_THROW(Optimizer(water, options), InputError);
  options.constraints = {Constraint::angle(1, 0, 1)};
  EXPECT_THROW(Optimizer(water, options), InputError);
  options.constraints = {Constraint::angle(1, 0, 2, 4.0)};
  EXPECT_THROW(Optimizer(water, options), InputError);
  options.constraints.clear();
  options.convergence = "loose";
  EXPECT_THROW(Optimizer(water, options), InputError);
  options.convergence = "qchem";
  options.initial_cartesian_hessian = Eigen::MatrixXd::Identity(6, 6);
  EXPECT_THROW(Optimizer(water, options), InputError);
}

TEST(Scan, DihedralRelaxedScan) {
  // Bonded terms relax to zero at every point, so E(phi) = k (1 - cos(phi - phi0)) exactly.
  const double k = 0.01, phi0 = 115.0 * kDeg;
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(k, phi0));
  ScanCoordinate scan{Constraint::dihedral(2, 0, 1, 3), 60.0 * kDeg, 180.0 * kDeg, 5};
  int reported = 0;
  const std::vector<ScanPoint> table = relaxed_scan(surface, atropos::testing::reference_molecule("h2o2_P"), scan, tight(),
                                                    [&](const ScanPoint&) { ++reported; });
  ASSERT_EQ(table.size(), 5u);
  EXPECT_EQ(reported, 5);
  for (int i = 0; i < 5; ++i) {
    const double phi = (60.0 + 30.0 * i) * kDeg;
    EXPECT_TRUE(table[i].converged);
    EXPECT_NEAR(table[i].target, phi, 1e-14);
    EXPECT_NEAR(table[i].value, phi, 1e-8);
    EXPECT_NEAR(table[i].energy, k * (1.0 - std::cos(phi - phi0)), 1e-9) << i;
    EXPECT_NEAR(value(Primitive::distance(0, 1), table[i].molecule), 2.74, 1e-4);
  }
}

TEST(TransitionState, TorsionalDoubleWellFromFiniteDifferenceHessian) {
  // V0 (cos phi - cos phi0)^2 has its trans barrier at phi = 180 degrees, height V0 (1 + cos phi0)^2.
  const double v0 = 0.005, phi0 = 115.0 * kDeg;
  TermSurface surface = h2o2_surface(atropos::testing::double_well(v0, phi0));
  // Trans-planar H2O2 with H4 turned 20 degrees about the O-O axis (y): dihedral 160 degrees.
  const Molecule trans = atropos::testing::reference_molecule("h2o2_trans");
  Eigen::MatrixX3d x = trans.positions();
  const double t = 20.0 * kDeg;
  const Eigen::Vector3d h4 = x.row(3).transpose();
  x.row(3) << h4.x() * std::cos(t) + h4.z() * std::sin(t), h4.y(), -h4.x() * std::sin(t) + h4.z() * std::cos(t);
  const Molecule start = trans.with_positions(x);
  ASSERT_NEAR(std::abs(value(Primitive::dihedral(2, 0, 1, 3), start)), 160.0 * kDeg, 1e-6);

  OptimizerOptions options = tight();
  options.target = OptimizationTarget::transition_state;
  options.initial_cartesian_hessian = atropos::testing::finite_difference_hessian(surface, start);
  const OptimizationResult r = optimize_geometry(surface, start, options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(std::abs(value(Primitive::dihedral(2, 0, 1, 3), r.molecule)), kPi, 1e-5);
  EXPECT_NEAR(r.energy, v0 * std::pow(1.0 + std::cos(phi0), 2), 1e-10);
  EXPECT_LT(r.steps.back().mode_eigenvalue, 0.0);
  EXPECT_LE(r.evaluations, 15);
}

TEST(TransitionState, FollowsAChosenCoordinateFromTheModelHessian) {
  const double v0 = 0.005, phi0 = 115.0 * kDeg;
  TermSurface surface = h2o2_surface(atropos::testing::double_well(v0, phi0));
  // From the skew minimum side at 150 degrees, model Hessian (positive definite): follow the
  // dihedral uphill to the trans barrier.
  OptimizerOptions start_options = tight();
  start_options.constraints.push_back(Constraint::dihedral(2, 0, 1, 3, 150.0 * kDeg));
  const Molecule start = optimize_geometry(surface, atropos::testing::reference_molecule("h2o2_P"), start_options).molecule;
  OptimizerOptions options = tight();
  options.target = OptimizationTarget::transition_state;
  options.ts_follow = Primitive::dihedral(2, 0, 1, 3);
  const OptimizationResult r = optimize_geometry(surface, start, options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(std::abs(value(Primitive::dihedral(2, 0, 1, 3), r.molecule)), kPi, 1e-5);
  EXPECT_NEAR(r.energy, v0 * std::pow(1.0 + std::cos(phi0), 2), 1e-10);
}

TEST(OptimizerState, ResumeFromHdf5GivesTheSameRun) {
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  const Molecule start = atropos::testing::reference_molecule("h2o2_P");
  OptimizerOptions options = tight();
  options.constraints.push_back(Constraint::distance(0, 1, 2.8));
  const OptimizationResult whole = optimize_geometry(surface, start, options);
  ASSERT_TRUE(whole.converged);
  ASSERT_GT(whole.evaluations, 4);

  const std::string path = temp_path("state.h5");
  {
    Optimizer first(start, options);
    for (int i = 0; i < 3; ++i) first.step(surface.evaluate(first.next_geometry()));
    Hdf5File file = Hdf5File::create(path);
    write_optimizer_state(file, "optimization", first.state());
    file.close();
  }  // the first optimiser is gone: as after a kill
  Hdf5File file = Hdf5File::open_read(path);
  Optimizer resumed(start, options, read_optimizer_state(file, "optimization"));
  EXPECT_EQ(resumed.state().iteration, 3);
  const OptimizationResult rest = run_optimizer(surface, resumed);
  EXPECT_TRUE(rest.converged);
  EXPECT_EQ(rest.evaluations, whole.evaluations);
  EXPECT_EQ(static_cast<int>(rest.steps.size()), whole.evaluations - 3);
  EXPECT_NEAR(rest.energy, whole.energy, 1e-14);
  EXPECT_LT((rest.molecule.positions() - whole.molecule.positions()).cwiseAbs().maxCoeff(), 1e-12);
  std::filesystem::remove(path);
}

TEST(OptimizerState, RoundTripKeepsEverything) {
  TermSurface surface = water_surface();
  OptimizerOptions options;
  options.target = OptimizationTarget::transition_state;  // so that a mode vector is stored
  Optimizer opt(distorted_water(), options);
  opt.step(surface.evaluate(opt.next_geometry()));
  opt.step(surface.evaluate(opt.next_geometry()));
  const std::string path = temp_path("roundtrip.h5");
  Hdf5File file = Hdf5File::create(path);
  Hdf5Group& root = file;
  write_optimizer_state(root, "opt", opt.state());
  const OptimizerState back = read_optimizer_state(root, "opt");
  const OptimizerState& s = opt.state();
  EXPECT_EQ(back.iteration, 2);
  EXPECT_EQ(back.atomic_numbers, s.atomic_numbers);
  ASSERT_EQ(back.coordinates.size(), s.coordinates.size());
  for (int i = 0; i < s.coordinates.size(); ++i) EXPECT_TRUE(back.coordinates.primitives()[i].same_as(s.coordinates.primitives()[i]));
  EXPECT_EQ(back.hessian, s.hessian);
  EXPECT_EQ(back.next_positions, s.next_positions);
  EXPECT_EQ(back.accepted_gradient, s.accepted_gradient);
  EXPECT_EQ(back.ts_mode, s.ts_mode);
  EXPECT_EQ(back.energies, s.energies);
  EXPECT_EQ(back.trust_radius, s.trust_radius);
  // A state written before the first evaluation (no accepted point, no Hessian yet) resumes too.
  const Optimizer fresh(distorted_water(), options);
  write_optimizer_state(root, "fresh", fresh.state());
  Optimizer resumed(distorted_water(), options, read_optimizer_state(root, "fresh"));
  EXPECT_EQ(resumed.state().iteration, 0);
  EXPECT_FALSE(resumed.state().has_accepted);
  EXPECT_EQ(resumed.next_geometry().positions(), distorted_water().positions());
  resumed.step(surface.evaluate(resumed.next_geometry()));
  Optimizer uninterrupted(distorted_water(), options);
  uninterrupted.step(surface.evaluate(uninterrupted.next_geometry()));
  EXPECT_EQ(resumed.state().next_positions, uninterrupted.state().next_positions);
  EXPECT_THROW(read_optimizer_state(root, "missing"), InputError);
  root.create_group("bogus");
  EXPECT_THROW(read_optimizer_state(root, "bogus"), InputError);
  file.close();
  std::filesystem::remove(path);
}

TEST(Optimizer, CartesianFallbackWhenBackTransformationFails) {
  // One back-transformation iteration with an unreachable tolerance: every internal step fails and
  // is redone in Cartesians; the optimisation still reaches the minimum and says what it did.
  TermSurface surface = h2o2_surface(atropos::testing::cosine_torsion(0.01, 115.0 * kDeg));
  OptimizerOptions options = tight();
  options.back_transformation_max_iterations = 1;
  options.back_transformation_tolerance = 0.0;
  const OptimizationResult r = optimize_geometry(surface, atropos::testing::reference_molecule("h2o2_P"), options);
  ASSERT_TRUE(r.converged);
  EXPECT_NEAR(value(Primitive::dihedral(2, 0, 1, 3), r.molecule), 115.0 * kDeg, 1e-4);
  int fallbacks = 0;
  for (const auto& s : r.steps) fallbacks += s.coordinates == "cartesian fallback";
  EXPECT_GE(fallbacks, 1);
}

namespace {

// Adds 1 Eh to the energy of the second evaluation: a step the optimiser must reject.
class BumpSurface : public EnergySurface {
 public:
  explicit BumpSurface(EnergySurface& inner) : inner_(inner) {}
  SurfacePoint evaluate(const Molecule& m) override {
    SurfacePoint p = inner_.evaluate(m);
    if (++count_ == 2) p.energy += 1.0;
    return p;
  }

 private:
  EnergySurface& inner_;
  int count_ = 0;
};

}  // namespace

TEST(Optimizer, RejectsAStepThatRaisesTheEnergy) {
  TermSurface inner = water_surface();
  BumpSurface surface(inner);
  const Molecule start = distorted_water();
  const OptimizationResult r = optimize_geometry(surface, start, tight());
  ASSERT_TRUE(r.converged);
  ASSERT_GE(r.steps.size(), 3u);
  EXPECT_TRUE(r.steps[1].rejected);
  EXPECT_NEAR(r.steps[1].trust_radius, r.steps[0].trust_radius / 4.0, 1e-15);
  EXPECT_LT(r.energy, 1e-10);
}

TEST(Trajectory, OneFramePerEvaluation) {
  TermSurface surface = water_surface();
  const std::string path = temp_path("trajectory.xyz");
  XyzTrajectory trajectory(path);
  std::string table;
  Optimizer opt(distorted_water(), tight());
  const OptimizationResult r = run_optimizer(surface, opt, [&](const StepReport& report, const Optimizer& o) {
    trajectory(report, o);
    table += format_step_line(report, o.criteria());
  });
  const auto frames = read_xyz_file(path);
  ASSERT_EQ(static_cast<int>(frames.size()), r.evaluations);
  EXPECT_EQ(frames[0].comment.rfind("step 1 E=", 0), 0u);
  EXPECT_NE(frames.back().comment.find("converged"), std::string::npos);
  EXPECT_LT((frames.back().molecule.positions() - r.molecule.positions()).cwiseAbs().maxCoeff(), 1e-9);
  const std::string header = format_step_header(opt.criteria());
  EXPECT_NE(header.find("gau_verytight"), std::string::npos);
  EXPECT_NE(table.find("converged"), std::string::npos);
  std::filesystem::remove(path);
}
