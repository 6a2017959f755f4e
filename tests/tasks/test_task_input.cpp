// The geometry tasks' input tables ([optimizer], [optimizer.constraints], [scan], [neb], [ts],
// [frequencies]) and the QCSchema optimization keywords: values read and converted (1-based atoms
// to 0-based, Angstrom and degrees to bohr and radians), and every bad key or value an error that
// names the file, the line and the key.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "drivers/tasks/task_keywords.hpp"
#include "drivers/toml_input.hpp"
#include "geometry/units.hpp"

using namespace atropos;

namespace {

constexpr double kDegree = 3.14159265358979323846 / 180.0;

// H2O2 inline, after the tables under test (TOML tables end at the next header, so [molecule]
// goes last; line numbers in the tests count from the first line of `head`).
std::string with_molecule(const std::string& head) {
  return head + R"(
[molecule]
xyz = """
O  0.0000  0.7278 -0.0528
O  0.0000 -0.7278 -0.0528
H  0.8012  0.8869  0.4223
H -0.8012 -0.8869  0.4223
"""
)";
}

Job parse(const std::string& head) { return parse_toml_job(with_molecule(head), "job.toml", "/inputs"); }

std::string error_of(const std::string& head) {
  try {
    parse(head);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(TaskInput, OptimizerTableAndConstraints) {
  const Job job = parse(R"(task = "optimize"
[optimizer]
convergence_set = "GAU_TIGHT"
maxiter = 40
coordinates = "cartesian"
trust_radius = 0.3
[optimizer.constraints]
frozen_atoms = [1]
distances = [[1, 2], [1, 3, 0.97]]
angles = [2, 1, 3, 100.0]
dihedrals = [[3, 1, 2, 4, 180.0]]
)");
  const OptimizerOptions& o = job.task_options.optimizer;
  EXPECT_EQ(o.convergence, "gau_tight");
  EXPECT_EQ(o.max_iterations, 40);
  EXPECT_TRUE(o.cartesian);
  ASSERT_TRUE(o.trust_radius);
  EXPECT_DOUBLE_EQ(*o.trust_radius, 0.3);
  // The table's keys come in alphabetical order (angles, dihedrals, distances, frozen_atoms).
  ASSERT_EQ(o.constraints.size(), 5u);
  EXPECT_EQ(o.constraints[0].kind, Constraint::Kind::angle);
  EXPECT_EQ(o.constraints[0].atoms, (std::vector<int>{1, 0, 2}));
  EXPECT_NEAR(*o.constraints[0].target, 100.0 * kDegree, 1e-14);
  EXPECT_EQ(o.constraints[1].kind, Constraint::Kind::dihedral);
  EXPECT_EQ(o.constraints[1].atoms, (std::vector<int>{2, 0, 1, 3}));
  EXPECT_NEAR(*o.constraints[1].target, 180.0 * kDegree, 1e-14);
  EXPECT_EQ(o.constraints[2].kind, Constraint::Kind::distance);
  EXPECT_EQ(o.constraints[2].atoms, (std::vector<int>{0, 1}));
  EXPECT_FALSE(o.constraints[2].target);
  EXPECT_EQ(o.constraints[3].atoms, (std::vector<int>{0, 2}));
  EXPECT_NEAR(*o.constraints[3].target, 0.97 * units::angstrom_in_bohr, 1e-14);
  EXPECT_EQ(o.constraints[4].kind, Constraint::Kind::frozen_atom);
  EXPECT_EQ(o.constraints[4].atoms, std::vector<int>{0});
  // Geometry tasks converge the SCF to 1e-8 unless told otherwise (gradients for the optimiser).
  EXPECT_DOUBLE_EQ(job.scf.gradient_threshold, 1e-8);
  EXPECT_DOUBLE_EQ(job.scf.energy_threshold, 1e-8);
}

TEST(TaskInput, Defaults) {
  const Job job = parse("task = \"optimize\"\n");
  EXPECT_EQ(job.task_options.optimizer.convergence, "qchem");  // Psi4's default
  EXPECT_EQ(job.task_options.optimizer.max_iterations, 100);
  EXPECT_FALSE(job.task_options.optimizer.cartesian);
  EXPECT_TRUE(job.task_options.optimizer.constraints.empty());
  // An energy keeps the SCF defaults.
  EXPECT_DOUBLE_EQ(parse("task = \"energy\"\n").scf.gradient_threshold, 1e-6);
}

TEST(TaskInput, ScfThresholdsForTasks) {
  // Finite-difference Hessians also tighten the energy; thresholds given in [scf] are kept.
  Job job = parse("task = \"frequencies\"\n");
  EXPECT_DOUBLE_EQ(job.scf.energy_threshold, 1e-10);
  EXPECT_DOUBLE_EQ(job.scf.gradient_threshold, 1e-8);
  job = parse("task = \"ts\"\n[scf]\nd_convergence = 1e-7\ne_convergence = 1e-9\n");
  EXPECT_DOUBLE_EQ(job.scf.energy_threshold, 1e-9);
  EXPECT_DOUBLE_EQ(job.scf.gradient_threshold, 1e-7);
}

TEST(TaskInput, ScanTable) {
  const Job job = parse("task = \"scan\"\n[scan]\ncoordinate = [3, 1, 2, 4]\nstart = 60\nstop = 180.0\npoints = 7\n");
  const ScanSettings& s = job.task_options.scan;
  EXPECT_EQ(s.coordinate.kind, Constraint::Kind::dihedral);
  EXPECT_EQ(s.coordinate.atoms, (std::vector<int>{2, 0, 1, 3}));
  EXPECT_DOUBLE_EQ(*s.start, 60.0);  // kept in the input's units (degrees)
  EXPECT_DOUBLE_EQ(*s.stop, 180.0);
  EXPECT_EQ(s.points, 7);
  EXPECT_EQ(parse("task = \"scan\"\n[scan]\ncoordinate = [1, 2]\nstart = 1.3\nstop = 1.6\npoints = 4\n")
                .task_options.scan.coordinate.kind,
            Constraint::Kind::distance);
  EXPECT_TRUE(contains(error_of("task = \"scan\"\n"), "task 'scan' needs a [scan] table"));
  EXPECT_TRUE(contains(error_of("task = \"scan\"\n[scan]\ncoordinate = [1, 2]\nstop = 1.6\npoints = 4\n"),
                       "task 'scan' needs a [scan] table with coordinate, start, stop and points"));
  EXPECT_TRUE(contains(error_of("task = \"scan\"\n[scan]\ncoordinate = [1, 2]\nstart = 1.3\nstop = 1.6\npoints = 1\n"),
                       "job.toml line 6 [scan] points: must be at least 2, got 1"));
  EXPECT_TRUE(contains(error_of("task = \"scan\"\n[scan]\ncoordinate = [1]\n"),
                       "job.toml line 3 [scan] coordinate: expected 2 (distance), 3 (angle) or 4 (dihedral) atom numbers"));
}

TEST(TaskInput, NebTable) {
  const Job job = parse(R"(task = "neb"
[neb]
endpoint = "h2o2_M.xyz"
images = 9
spring_constant = 0.02
climbing = false
interpolation = "LINEAR"
maxiter = 50
max_force = 2e-3
climbing_max_force = 1e-3
optimizer = "fire"
relax_endpoints = true
groups = 2
)");
  const NebSettings& n = job.task_options.neb;
  EXPECT_EQ(n.endpoint, "/inputs/h2o2_M.xyz");  // relative to the input file's directory
  EXPECT_FALSE(n.mirror_endpoint);
  EXPECT_EQ(n.images, 9);
  EXPECT_DOUBLE_EQ(n.spring_constant, 0.02);
  EXPECT_FALSE(n.climbing);
  EXPECT_EQ(n.interpolation, "linear");
  EXPECT_EQ(n.max_iterations, 50);
  EXPECT_DOUBLE_EQ(n.max_force, 2e-3);
  EXPECT_DOUBLE_EQ(n.climbing_max_force, 1e-3);
  EXPECT_EQ(n.optimizer, "fire");
  EXPECT_TRUE(n.relax_endpoints);
  EXPECT_EQ(n.groups, 2);
  EXPECT_TRUE(parse("task = \"neb\"\n[neb]\nmirror_endpoint = true\n").task_options.neb.mirror_endpoint);
  EXPECT_TRUE(contains(error_of("task = \"neb\"\n"), "task 'neb' needs exactly one of [neb] endpoint"));
  EXPECT_TRUE(contains(error_of("task = \"neb\"\n[neb]\nendpoint = \"m.xyz\"\nmirror_endpoint = true\n"),
                       "needs exactly one of"));
  EXPECT_TRUE(contains(error_of("task = \"neb\"\n[neb]\nmirror_endpoint = true\ninterpolation = \"spline\"\n"),
                       "job.toml line 4 [neb] interpolation: 'spline' is not one of: idpp, linear"));
}

TEST(TaskInput, TsAndFrequencyTables) {
  const Job job = parse(R"(task = "ts"
[ts]
initial_hessian = "model"
follow = [3, 1, 2, 4]
frequencies = false
[frequencies]
temperature = 350.0
pressure = 2e5
step = 0.01
points = 5
symmetry_number = 2
qrrho_cutoff = 50
ranks_per_group = 2
)");
  const TsSettings& t = job.task_options.ts;
  EXPECT_EQ(t.initial_hessian, "model");
  ASSERT_TRUE(t.follow);
  EXPECT_EQ(t.follow->kind, Primitive::Kind::dihedral);
  EXPECT_EQ(t.follow->atoms[0], 2);
  EXPECT_FALSE(t.frequencies);
  const FrequencySettings& f = job.task_options.frequencies;
  EXPECT_DOUBLE_EQ(f.temperature, 350.0);
  EXPECT_DOUBLE_EQ(f.pressure, 2e5);
  EXPECT_DOUBLE_EQ(f.step, 0.01);
  EXPECT_EQ(f.points, 5);
  ASSERT_TRUE(f.symmetry_number);
  EXPECT_EQ(*f.symmetry_number, 2);
  EXPECT_DOUBLE_EQ(f.qrrho_cutoff, 50.0);
  EXPECT_EQ(f.ranks_per_group, 2);
  EXPECT_TRUE(contains(error_of("task = \"frequencies\"\n[frequencies]\npoints = 4\n"),
                       "job.toml line 3 [frequencies] points: must be 3 or 5, got 4"));
  EXPECT_TRUE(contains(error_of("task = \"ts\"\n[ts]\ninitial_hessian = \"exact\"\n"),
                       "job.toml line 3 [ts] initial_hessian: 'exact' is not one of: fd, model"));
  EXPECT_TRUE(contains(error_of("task = \"frequencies\"\n[frequencies]\ntemperature = -5\n"),
                       "job.toml line 3 [frequencies] temperature: must be positive"));
}

TEST(TaskInput, UnknownKeysNameTheLine) {
  std::string e = error_of("task = \"optimize\"\n[optimizer]\nmaxiter = 5\nmax_iterations = 10\n");
  EXPECT_TRUE(contains(e, "job.toml line 4 [optimizer]: unknown key 'max_iterations'")) << e;
  EXPECT_TRUE(contains(e, "convergence_set, maxiter")) << e;  // the known keys listed
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\nfrozen = [1]\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [optimizer.constraints]: unknown key 'frozen'")) << e;
  e = error_of("task = \"scan\"\n[scan]\ncoord = [1, 2]\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [scan]: unknown key 'coord'")) << e;
  e = error_of("task = \"neb\"\n[neb]\nmirror_endpoint = true\nspring = 0.1\n");
  EXPECT_TRUE(contains(e, "job.toml line 4 [neb]: unknown key 'spring'")) << e;
  e = error_of("task = \"ts\"\n[ts]\nmode = 1\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [ts]: unknown key 'mode'")) << e;
  e = error_of("task = \"frequencies\"\n[frequencies]\ntemp = 300\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [frequencies]: unknown key 'temp'")) << e;
  e = error_of("task = \"optimise\"\n");
  EXPECT_TRUE(contains(e, "job.toml line 1 'task': unknown task 'optimise'")) << e;
}

TEST(TaskInput, BadValuesNameTheLineAndKey) {
  std::string e = error_of("task = \"optimize\"\n[optimizer]\nconvergence_set = \"tight\"\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [optimizer] convergence_set")) << e;
  EXPECT_TRUE(contains(e, "gau_tight")) << e;  // lists Psi4's names
  e = error_of("task = \"optimize\"\n[optimizer]\nmaxiter = 0\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [optimizer] maxiter: must be at least 1, got 0")) << e;
  e = error_of("task = \"optimize\"\n[optimizer]\ncoordinates = \"zmatrix\"\n");
  EXPECT_TRUE(contains(e, "'zmatrix' is not one of: internal, cartesian")) << e;
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\ndistances = [[1, 1]]\n");
  EXPECT_TRUE(contains(e, "job.toml line 3 [optimizer.constraints] distances: atom 1 appears twice")) << e;
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\nangles = [[2, 1, 3, 190.0]]\n");
  EXPECT_TRUE(contains(e, "target angle must lie strictly between 0 and 180 degrees")) << e;
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\ndihedrals = [[1, 2, 3]]\n");
  EXPECT_TRUE(contains(e, "expected 4 atom numbers (1-based), optionally followed by a target in degrees")) << e;
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\nfrozen_atoms = [0]\n");
  EXPECT_TRUE(contains(e, "atom numbers are integers from 1")) << e;
  // Atom numbers beyond the molecule: checked once the molecule is known.
  e = error_of("task = \"optimize\"\n[optimizer.constraints]\ndistances = [[1, 5]]\n");
  EXPECT_TRUE(contains(e, "distance 1-5 names atom 5, but the molecule has 4 atoms")) << e;
}

TEST(TaskInput, TablesMustFitTheTask) {
  std::string e = error_of("task = \"optimize\"\n[neb]\nimages = 3\n");
  EXPECT_TRUE(contains(e, "job.toml line 2: the [neb] table is not used by task 'optimize'")) << e;
  e = error_of("[optimizer]\nmaxiter = 3\n");  // task energy (the default)
  EXPECT_TRUE(contains(e, "the [optimizer] table is not used by task 'energy'")) << e;
  e = error_of("task = \"neb\"\nmirror = true\n[neb]\nmirror_endpoint = true\n");
  EXPECT_TRUE(contains(e, "mirror = true works with task energy, gradient or optimize")) << e;
  // A table may come before the task key.
  EXPECT_NO_THROW(parse_toml_job(with_molecule("[ts]\nfrequencies = false\n").insert(0, "task = \"ts\"\n"), "job.toml", "."));
}

TEST(TaskInput, QcSchemaOptimizationKeywords) {
  TaskOptions options;
  apply_optimization_procedure_keywords(
      options,
      {{"convergence_set", "gau"},
       {"maxiter", 20},
       {"coordinates", "internal"},
       {"transition_state", true},
       {"initial_hessian", "model"},
       {"follow", {1, 2}},
       {"constraints", {{"distances", {{1, 2, 1.4}}}}}},
      "QCSchema keywords");
  EXPECT_EQ(options.optimizer.convergence, "gau");
  EXPECT_EQ(options.optimizer.max_iterations, 20);
  EXPECT_EQ(options.optimizer.target, OptimizationTarget::transition_state);
  EXPECT_EQ(options.ts.initial_hessian, "model");
  ASSERT_EQ(options.optimizer.constraints.size(), 1u);
  EXPECT_NEAR(*options.optimizer.constraints[0].target, 1.4 * units::angstrom_in_bohr, 1e-14);
  try {
    apply_optimization_procedure_keywords(options, {{"g_convergence", "gau"}}, "QCSchema keywords");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_TRUE(contains(e.what(), "QCSchema keywords: unknown key 'g_convergence'")) << e.what();
    EXPECT_TRUE(contains(e.what(), "transition_state")) << e.what();
  }
}
