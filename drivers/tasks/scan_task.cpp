// task = "scan": relaxed scan of one coordinate ([scan]), each point a constrained optimisation
// started from the previous point's optimised geometry.
//
// Checkpoint groups: /scan holds the finished points (attributes coordinate_atoms, start, stop,
// points as given; datasets targets, values, energies [k] (bohr or radians, Eh), converged,
// evaluations int [k], geometries [k, 3N] bohr); /scan_optimization the optimiser state of the
// point in progress (attribute scan_point). A resumed scan continues that point's optimisation.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "drivers/tasks/geometry_tasks.hpp"
#include "drivers/tasks/optimization_stage.hpp"
#include "drivers/tasks/results_json.hpp"
#include "drivers/tasks/scan_plot.hpp"
#include "drivers/tasks/task_report.hpp"
#include "drivers/tasks/task_surfaces.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct ScanRow {
  double target = 0.0;  // bohr or radians
  double value = 0.0;   // in the optimised geometry, unwrapped to follow the scan
  double energy = 0.0;
  bool converged = false;
  int evaluations = 0;
  Eigen::MatrixX3d positions;
};

bool is_distance(const ScanSettings& s) { return s.coordinate.kind == Constraint::Kind::distance; }
// Input units (Angstrom, degrees) <-> atomic units.
double to_atomic(const ScanSettings& s, double v) { return is_distance(s) ? v * units::angstrom_in_bohr : v * kPi / 180.0; }
double to_display(const ScanSettings& s, double v) { return is_distance(s) ? v * units::bohr_in_angstrom : v * 180.0 / kPi; }
// The k-th scan value as given (Angstrom or degrees) and in atomic units.
double display_target(const ScanSettings& s, int k) {
  return *s.start + (*s.stop - *s.start) * static_cast<double>(k) / (s.points - 1);
}
double target_of(const ScanSettings& s, int k) { return to_atomic(s, display_target(s, k)); }

void write_table(Hdf5Group& root, const ScanSettings& s, const std::vector<ScanRow>& rows, std::size_t natom) {
  Hdf5Group g = root.create_group("scan");
  g.write_attribute("start", *s.start);
  g.write_attribute("stop", *s.stop);
  g.write_attribute("points", s.points);
  g.write_int_vector("coordinate_atoms", s.coordinate.atoms);
  const auto n = static_cast<Eigen::Index>(rows.size());
  Eigen::VectorXd targets(n), values(n), energies(n);
  Eigen::MatrixXd geometries(n, static_cast<Eigen::Index>(3 * natom));
  std::vector<int> converged, evaluations;
  for (Eigen::Index k = 0; k < n; ++k) {
    const ScanRow& r = rows[static_cast<std::size_t>(k)];
    targets(k) = r.target;
    values(k) = r.value;
    energies(k) = r.energy;
    converged.push_back(r.converged ? 1 : 0);
    evaluations.push_back(r.evaluations);
    for (Eigen::Index a = 0; a < r.positions.rows(); ++a)
      for (int c = 0; c < 3; ++c) geometries(k, 3 * a + c) = r.positions(a, c);
  }
  g.write_vector("targets", targets);
  g.write_vector("values", values);
  g.write_vector("energies", energies);
  g.write_int_vector("converged", converged);
  g.write_int_vector("evaluations", evaluations);
  g.write_matrix("geometries", geometries);
}

std::vector<ScanRow> read_table(const Hdf5Group& root, const ScanSettings& s, std::size_t natom, const std::string& file) {
  const Hdf5Group g = root.group("scan");
  if (g.read_int_vector("coordinate_atoms") != s.coordinate.atoms || g.read_double_attribute("start") != *s.start ||
      g.read_double_attribute("stop") != *s.stop || g.read_int_attribute("points") != s.points)
    throw InputError("the checkpoint '" + file +
                     "' holds a scan with another coordinate, start, stop or number of points; remove it to start afresh");
  const Eigen::VectorXd targets = g.read_vector("targets"), values = g.read_vector("values"),
                        energies = g.read_vector("energies");
  const auto n = targets.size();
  const std::vector<int> converged = g.read_int_vector("converged", n), evaluations = g.read_int_vector("evaluations", n);
  const Eigen::MatrixXd geometries = g.read_matrix("geometries", n, static_cast<long>(3 * natom));
  std::vector<ScanRow> rows;
  for (Eigen::Index k = 0; k < n; ++k) {
    ScanRow r;
    r.target = targets(k);
    r.value = values(k);
    r.energy = energies(k);
    r.converged = converged[static_cast<std::size_t>(k)] != 0;
    r.evaluations = evaluations[static_cast<std::size_t>(k)];
    r.positions.resize(static_cast<Eigen::Index>(natom), 3);
    for (Eigen::Index a = 0; a < r.positions.rows(); ++a)
      for (int c = 0; c < 3; ++c) r.positions(a, c) = geometries(k, 3 * a + c);
    rows.push_back(r);
  }
  return rows;
}

std::string axis_title(const ScanSettings& s) {
  switch (s.coordinate.kind) {
    case Constraint::Kind::distance: return "distance (Angstrom)";
    case Constraint::Kind::angle: return "angle (degree)";
    default: return "torsion (degree)";
  }
}

}  // namespace

TaskOutcome run_scan_task(const Job& job, const Communicator& comm, const Log& log, const TaskControl& control) {
  TaskCheckpoint checkpoint(job, comm, control);
  const TaskPaths& paths = checkpoint.paths();
  print_task_header(log, job, checkpoint, comm);
  const ScanSettings& scan = job.task_options.scan;
  const OptimizerOptions& options = job.task_options.optimizer;
  const Primitive coordinate = scan.coordinate.primitives().front();
  const std::string unit = is_distance(scan) ? "Angstrom" : "degree";
  log.print("  Relaxed scan of {} from {} to {} {} in {} points; convergence set {}, at most {} evaluations per point\n",
            coordinate.label(), *scan.start, *scan.stop, unit, scan.points, options.convergence, options.max_iterations);

  const std::size_t natom = job.molecule.size();
  std::vector<ScanRow> rows;
  std::optional<OptimizerState> in_progress;
  if (checkpoint.has("scan") || checkpoint.has("scan_optimization")) {
    const Hdf5File file = checkpoint.open();
    if (file.has_group("scan")) rows = read_table(file, scan, natom, paths.checkpoint);
    if (file.has_group("scan_optimization") &&
        file.read_int_attribute("scan_point", "scan_optimization") == static_cast<int>(rows.size()))
      in_progress = read_optimizer_state(file, "scan_optimization");
    log.print("  Resuming: {} point(s) finished{}\n", rows.size(), in_progress ? ", the next one under way" : "");
  }
  int frames = in_progress ? in_progress->iteration : 0;
  for (const ScanRow& r : rows) frames += r.evaluations;
  std::optional<XyzTrajectory> trajectory = open_trajectory(paths.trajectory, frames, comm);
  const auto surface = make_scf_surface(job, comm, paths.orbital_file("scan"), checkpoint.resuming());

  int evaluations_this_run = 0;
  const int first_point = static_cast<int>(rows.size());
  for (int k = first_point; k < scan.points; ++k) {
    const double target = target_of(scan, k);
    log.print("\n  Scan point {} of {}: {} = {:.6f} {}\n", k + 1, scan.points, coordinate.label(), display_target(scan, k),
              unit);
    const Molecule start = k == 0 ? job.molecule : job.molecule.with_positions(rows.back().positions);
    OptimizerOptions point_options = options;
    Constraint held = scan.coordinate;
    held.target = target;
    point_options.constraints.push_back(held);
    OptimizationStage stage;
    stage.group = "scan_optimization";
    stage.write_extra = [k](Hdf5Group& root) { root.write_attribute("scan_point", k, "scan_optimization"); };
    if (k == first_point) stage.resume = in_progress;
    const StageResult r = run_optimization_stage(*surface, start, point_options, checkpoint, stage,
                                                 trajectory ? &*trajectory : nullptr, log);
    evaluations_this_run += r.evaluations_this_run;
    ScanRow row;
    row.target = target;
    row.value = primitive_value(coordinate, r.molecule.positions());
    if (coordinate.periodic()) row.value = target + wrap_angle(row.value - target);  // follow the scan past +-pi
    row.energy = r.energy;
    row.converged = r.converged;
    row.evaluations = r.evaluations;
    row.positions = r.molecule.positions();
    rows.push_back(row);
    checkpoint.save({"scan", "scan_optimization"}, [&](Hdf5Group& root) { write_table(root, scan, rows, natom); });
  }

  // Table, files, results.
  const double lowest = std::min_element(rows.begin(), rows.end(), [](const ScanRow& a, const ScanRow& b) {
                          return a.energy < b.energy;
                        })->energy;
  log.print("\n  Relaxed scan of {}:\n  {:>5}  {:>12}  {:>12}  {:>18}  {:>10}  {:>5}  {}\n", coordinate.label(), "point",
            "target", "value", "E (Eh)", "dE (kcal/mol)", "steps", "");
  std::vector<double> values, relative;
  nlohmann::json points = nlohmann::json::array();
  std::vector<XyzFrame> frames_out;
  bool all_converged = true;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const ScanRow& r = rows[k];
    const double rel = (r.energy - lowest) * units::hartree_in_kcal_mol;
    values.push_back(to_display(scan, r.value));
    relative.push_back(rel);
    all_converged = all_converged && r.converged;
    const double target = display_target(scan, static_cast<int>(k));
    log.print("  {:5d}  {:12.6f}  {:12.6f}  {:18.10f}  {:10.4f}  {:5d}  {}\n", k + 1, target,
              values.back(), r.energy, rel, r.evaluations, r.converged ? "" : "not converged");
    points.push_back({{"index", k},
                      {"target", target},
                      {"value", values.back()},
                      {"energy", r.energy},
                      {"relative_energy_kcal_mol", rel},
                      {"converged", r.converged},
                      {"steps", r.evaluations},
                      {"geometry", geometry_angstrom(job.molecule.with_positions(r.positions))}});
    frames_out.push_back({job.molecule.with_positions(r.positions),
                          fmt::format("scan point {} {} = {:.6f} {} E = {:.10f} Eh", k + 1, coordinate.label(),
                                      values.back(), unit, r.energy)});
  }
  const std::string scan_xyz = paths.with_suffix("_scan.xyz"), png = paths.with_suffix("_scan.png");
  if (comm.is_root()) {
    write_xyz_file(scan_xyz, frames_out);
    write_scan_png(png, values, relative, axis_title(scan));
  }

  TaskOutcome outcome;
  outcome.evaluations = evaluations_this_run;
  nlohmann::json& out = outcome.results;
  out = results_header(job, paths.checkpoint);
  out["energy"] = rows.back().energy;
  out["converged"] = all_converged;
  std::vector<double> energies;
  for (const ScanRow& r : rows) energies.push_back(r.energy);
  out["energies"] = energies;
  std::vector<int> atoms;
  for (int a : scan.coordinate.atoms) atoms.push_back(a + 1);
  out["scan"] = {{"coordinate", coordinate.label()},
                 {"atoms", atoms},
                 {"unit", unit},
                 {"start", *scan.start},
                 {"stop", *scan.stop},
                 {"points", points}};
  out["evaluations_this_run"] = evaluations_this_run;
  out["trajectory"] = paths.trajectory;
  out["scan_xyz"] = scan_xyz;
  out["plot"] = png;
  write_results_json(paths.results, out, comm);
  print_outputs(log, {paths.checkpoint, paths.results, paths.trajectory, scan_xyz, png});
  return outcome;
}

}  // namespace atropos
