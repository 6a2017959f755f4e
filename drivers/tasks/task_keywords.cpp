#include "drivers/tasks/task_keywords.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/error.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree = kPi / 180.0;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string at(const std::string& where, const std::string& key) { return where + " " + key; }

double as_number(const nlohmann::json& v, const std::string& where) {
  if (v.is_number()) return v.get<double>();
  throw InputError("expected a number, got " + v.dump(), where);
}

int as_int(const nlohmann::json& v, const std::string& where) {
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_number_float() && v.get<double>() == std::floor(v.get<double>())) return static_cast<int>(v.get<double>());
  throw InputError("expected an integer, got " + v.dump(), where);
}

bool as_bool(const nlohmann::json& v, const std::string& where) {
  if (v.is_boolean()) return v.get<bool>();
  throw InputError("expected true or false, got " + v.dump(), where);
}

std::string as_choice(const nlohmann::json& v, const std::vector<std::string>& choices, const std::string& where) {
  if (!v.is_string()) throw InputError("expected a string, got " + v.dump(), where);
  const std::string s = lower(v.get<std::string>());
  if (std::find(choices.begin(), choices.end(), s) == choices.end())
    throw InputError(fmt::format("'{}' is not one of: {}", v.get<std::string>(), fmt::join(choices, ", ")), where);
  return s;
}

double positive(double x, const std::string& where) {
  if (!(x > 0.0)) throw InputError(fmt::format("must be positive, got {}", x), where);
  return x;
}

int at_least(int x, int low, const std::string& where) {
  if (x < low) throw InputError(fmt::format("must be at least {}, got {}", low, x), where);
  return x;
}

[[noreturn]] void unknown_key(const std::string& key, const std::vector<std::string>& known, const std::string& where) {
  throw InputError(fmt::format("unknown key '{}' (known: {})", key, fmt::join(known, ", ")), where);
}

// 1-based atom numbers in the input -> 0-based, distinct.
std::vector<int> atom_list(const nlohmann::json& v, std::size_t count, const std::string& where) {
  if (!v.is_array() || v.size() != count)
    throw InputError(fmt::format("expected {} atom numbers (1-based), got {}", count, v.dump()), where);
  std::vector<int> atoms;
  for (const auto& a : v) {
    if (!a.is_number_integer() || a.get<long>() < 1)
      throw InputError(fmt::format("atom numbers are integers from 1, got {}", v.dump()), where);
    atoms.push_back(a.get<int>() - 1);
  }
  for (std::size_t i = 0; i < atoms.size(); ++i)
    for (std::size_t j = i + 1; j < atoms.size(); ++j)
      if (atoms[i] == atoms[j]) throw InputError("atom " + std::to_string(atoms[i] + 1) + " appears twice in " + v.dump(), where);
  return atoms;
}

// The primitive named by 2, 3 or 4 atoms: distance, bend, dihedral.
Primitive primitive_of(const nlohmann::json& v, const std::string& where) {
  if (!v.is_array() || v.size() < 2 || v.size() > 4)
    throw InputError("expected 2 (distance), 3 (angle) or 4 (dihedral) atom numbers, got " + v.dump(), where);
  const std::vector<int> a = atom_list(v, v.size(), where);
  if (a.size() == 2) return Primitive::distance(a[0], a[1]);
  if (a.size() == 3) return Primitive::angle(a[0], a[1], a[2]);
  return Primitive::dihedral(a[0], a[1], a[2], a[3]);
}

Constraint constraint_of(const Primitive& p) {
  const auto& a = p.atoms;
  switch (p.kind) {
    case Primitive::Kind::distance: return Constraint::distance(a[0], a[1]);
    case Primitive::Kind::angle: return Constraint::angle(a[0], a[1], a[2]);
    default: return Constraint::dihedral(a[0], a[1], a[2], a[3]);
  }
}

// Angstrom -> bohr for distances, degrees -> radians for angles and dihedrals.
double to_internal_units(Constraint::Kind kind, double value) {
  return kind == Constraint::Kind::distance ? value * units::angstrom_in_bohr : value * kDegree;
}

// One constraint: `atoms` atom numbers, optionally followed by the target.
Constraint one_constraint(Constraint::Kind kind, std::size_t atoms, const nlohmann::json& v, const std::string& where) {
  const char* unit = kind == Constraint::Kind::distance ? "Angstrom" : "degrees";
  if (!v.is_array() || (v.size() != atoms && v.size() != atoms + 1))
    throw InputError(fmt::format("expected {} atom numbers (1-based), optionally followed by a target in {}, got {}", atoms,
                                 unit, v.dump()),
                     where);
  const std::vector<int> a = atom_list(nlohmann::json(std::vector<nlohmann::json>(v.begin(), v.begin() + atoms)), atoms, where);
  std::optional<double> target;
  if (v.size() == atoms + 1) {
    const double t = as_number(v.back(), where);
    if (kind == Constraint::Kind::distance && !(t > 0.0))
      throw InputError(fmt::format("target distance must be positive, got {} Angstrom", t), where);
    if (kind == Constraint::Kind::angle && !(t > 0.0 && t < 180.0))
      throw InputError(fmt::format("target angle must lie strictly between 0 and 180 degrees, got {}", t), where);
    target = to_internal_units(kind, t);
  }
  Constraint c;
  c.kind = kind;
  c.atoms = a;
  c.target = target;
  return c;
}

// A list of constraints, or a single one written as a flat list.
void constraint_list(std::vector<Constraint>& out, Constraint::Kind kind, std::size_t atoms, const nlohmann::json& v,
                     const std::string& where) {
  if (!v.is_array()) throw InputError("expected a list such as [[1, 2], [1, 3, 1.1]], got " + v.dump(), where);
  if (!v.empty() && !v.front().is_array()) {
    out.push_back(one_constraint(kind, atoms, v, where));
    return;
  }
  for (const auto& entry : v) out.push_back(one_constraint(kind, atoms, entry, where));
}

void check_atom(int atom, int natom, const std::string& what, const std::string& where) {
  if (atom >= natom)
    throw InputError(fmt::format("{} names atom {}, but the molecule has {} atoms", what, atom + 1, natom), where);
}

}  // namespace

std::vector<std::string> optimizer_keys() { return {"convergence_set", "maxiter", "coordinates", "trust_radius", "constraints"}; }
std::vector<std::string> constraint_keys() { return {"frozen_atoms", "distances", "angles", "dihedrals"}; }
std::vector<std::string> scan_keys() { return {"coordinate", "start", "stop", "points"}; }
std::vector<std::string> neb_keys() {
  return {"endpoint",   "mirror_endpoint", "images",    "spring_constant",    "climbing",  "interpolation",
          "maxiter",    "max_force",       "climbing_max_force", "optimizer", "relax_endpoints", "groups"};
}
std::vector<std::string> ts_keys() { return {"initial_hessian", "follow", "frequencies"}; }
std::vector<std::string> frequency_keys() {
  return {"temperature", "pressure", "step", "points", "symmetry_number", "qrrho_cutoff", "ranks_per_group"};
}

void apply_optimizer_keyword(OptimizerOptions& options, const std::string& key, const nlohmann::json& value,
                             const std::string& where) {
  const std::string w = at(where, key);
  if (key == "convergence_set") {
    if (!value.is_string()) throw InputError("expected a name (Psi4's g_convergence sets), got " + value.dump(), w);
    try {
      convergence_criteria(value.get<std::string>());  // InputError listing the names
    } catch (const InputError& e) {
      throw InputError(e.what(), w);
    }
    options.convergence = lower(value.get<std::string>());
  } else if (key == "maxiter") {
    options.max_iterations = at_least(as_int(value, w), 1, w);
  } else if (key == "coordinates") {
    options.cartesian = as_choice(value, {"internal", "cartesian"}, w) == "cartesian";
  } else if (key == "trust_radius") {
    options.trust_radius = positive(as_number(value, w), w);
  } else if (key == "constraints") {
    if (!value.is_object())
      throw InputError("expected a table of frozen_atoms, distances, angles, dihedrals, got " + value.dump(), w);
    for (const auto& [sub, v] : value.items()) apply_constraint_keyword(options.constraints, sub, v, w);
  } else {
    unknown_key(key, optimizer_keys(), where);
  }
}

void apply_constraint_keyword(std::vector<Constraint>& constraints, const std::string& key, const nlohmann::json& value,
                              const std::string& where) {
  const std::string w = at(where, key);
  if (key == "frozen_atoms") {
    if (!value.is_array() || value.empty()) throw InputError("expected a list of atom numbers (1-based), got " + value.dump(), w);
    for (int atom : atom_list(value, value.size(), w)) constraints.push_back(Constraint::frozen_atom(atom));
  } else if (key == "distances") {
    constraint_list(constraints, Constraint::Kind::distance, 2, value, w);
  } else if (key == "angles") {
    constraint_list(constraints, Constraint::Kind::angle, 3, value, w);
  } else if (key == "dihedrals") {
    constraint_list(constraints, Constraint::Kind::dihedral, 4, value, w);
  } else {
    unknown_key(key, constraint_keys(), where);
  }
}

void apply_scan_keyword(ScanSettings& scan, const std::string& key, const nlohmann::json& value, const std::string& where) {
  const std::string w = at(where, key);
  scan.given = true;
  if (key == "coordinate") {
    scan.coordinate = constraint_of(primitive_of(value, w));
  } else if (key == "start") {
    scan.start = as_number(value, w);
  } else if (key == "stop") {
    scan.stop = as_number(value, w);
  } else if (key == "points") {
    scan.points = at_least(as_int(value, w), 2, w);
  } else {
    unknown_key(key, scan_keys(), where);
  }
}

void apply_neb_keyword(NebSettings& neb, const std::string& key, const nlohmann::json& value, const std::string& where) {
  const std::string w = at(where, key);
  if (key == "endpoint") {
    if (!value.is_string() || value.get<std::string>().empty()) throw InputError("expected an XYZ file name, got " + value.dump(), w);
    neb.endpoint = value.get<std::string>();
  } else if (key == "mirror_endpoint") {
    neb.mirror_endpoint = as_bool(value, w);
  } else if (key == "images") {
    neb.images = at_least(as_int(value, w), 1, w);
  } else if (key == "spring_constant") {
    neb.spring_constant = positive(as_number(value, w), w);
  } else if (key == "climbing") {
    neb.climbing = as_bool(value, w);
  } else if (key == "interpolation") {
    neb.interpolation = as_choice(value, {"idpp", "linear"}, w);
  } else if (key == "maxiter") {
    neb.max_iterations = at_least(as_int(value, w), 1, w);
  } else if (key == "max_force") {
    neb.max_force = positive(as_number(value, w), w);
  } else if (key == "climbing_max_force") {
    neb.climbing_max_force = positive(as_number(value, w), w);
  } else if (key == "optimizer") {
    neb.optimizer = as_choice(value, {"lbfgs", "fire"}, w);
  } else if (key == "relax_endpoints") {
    neb.relax_endpoints = as_bool(value, w);
  } else if (key == "groups") {
    neb.groups = at_least(as_int(value, w), 0, w);
  } else {
    unknown_key(key, neb_keys(), where);
  }
}

void apply_ts_keyword(TsSettings& ts, const std::string& key, const nlohmann::json& value, const std::string& where) {
  const std::string w = at(where, key);
  if (key == "initial_hessian") {
    ts.initial_hessian = as_choice(value, {"fd", "model"}, w);
  } else if (key == "follow") {
    ts.follow = primitive_of(value, w);
  } else if (key == "frequencies") {
    ts.frequencies = as_bool(value, w);
  } else {
    unknown_key(key, ts_keys(), where);
  }
}

void apply_frequency_keyword(FrequencySettings& f, const std::string& key, const nlohmann::json& value,
                             const std::string& where) {
  const std::string w = at(where, key);
  if (key == "temperature") {
    f.temperature = positive(as_number(value, w), w);
  } else if (key == "pressure") {
    f.pressure = positive(as_number(value, w), w);
  } else if (key == "step") {
    f.step = positive(as_number(value, w), w);
  } else if (key == "points") {
    f.points = as_int(value, w);
    if (f.points != 3 && f.points != 5) throw InputError(fmt::format("must be 3 or 5, got {}", f.points), w);
  } else if (key == "symmetry_number") {
    f.symmetry_number = at_least(as_int(value, w), 1, w);
  } else if (key == "qrrho_cutoff") {
    f.qrrho_cutoff = positive(as_number(value, w), w);
  } else if (key == "ranks_per_group") {
    f.ranks_per_group = at_least(as_int(value, w), 1, w);
  } else {
    unknown_key(key, frequency_keys(), where);
  }
}

void apply_optimization_procedure_keywords(TaskOptions& options, const nlohmann::json& keywords, const std::string& where) {
  if (!keywords.is_object()) throw InputError("keywords must be an object", where);
  for (const auto& [key, value] : keywords.items()) {
    if (key == "transition_state") {
      options.optimizer.target =
          as_bool(value, at(where, key)) ? OptimizationTarget::transition_state : OptimizationTarget::minimum;
    } else if (key == "initial_hessian" || key == "follow") {
      apply_ts_keyword(options.ts, key, value, where);
    } else if (const auto known = optimizer_keys(); std::find(known.begin(), known.end(), key) != known.end()) {
      apply_optimizer_keyword(options.optimizer, key, value, where);
    } else {
      std::vector<std::string> all = known;
      all.insert(all.end(), {"transition_state", "initial_hessian", "follow"});
      unknown_key(key, all, where);
    }
  }
}

bool task_uses_table(const std::string& task, const std::string& table) {
  if (table == "optimizer") return task == "optimize" || task == "scan" || task == "ts" || task == "neb";
  if (table == "frequencies") return task == "frequencies" || task == "ts";
  return task == table;  // scan, neb, ts
}

void validate_task_options(const Job& job, const std::string& where) {
  const TaskOptions& o = job.task_options;
  const int natom = static_cast<int>(job.molecule.size());
  for (const Constraint& c : o.optimizer.constraints)
    for (int a : c.atoms) check_atom(a, natom, "[optimizer.constraints] " + c.label(), where);
  if (o.ts.follow)
    for (int i = 0; i < o.ts.follow->atom_count(); ++i) check_atom(o.ts.follow->atoms[i], natom, "[ts] follow", where);
  if (o.scan.given)
    for (int a : o.scan.coordinate.atoms) check_atom(a, natom, "[scan] coordinate", where);

  if (job.task == "scan") {
    if (!o.scan.given || o.scan.coordinate.atoms.empty() || !o.scan.start || !o.scan.stop || o.scan.points < 2)
      throw InputError("task 'scan' needs a [scan] table with coordinate, start, stop and points", where);
  }
  if (job.task == "neb" && o.neb.endpoint.empty() == !o.neb.mirror_endpoint)
    throw InputError("task 'neb' needs exactly one of [neb] endpoint = \"FILE.xyz\" or mirror_endpoint = true", where);
  if (job.mirror && job.task != "energy" && job.task != "gradient" && job.task != "optimize")
    throw InputError("mirror = true works with task energy, gradient or optimize, not '" + job.task + "'", where);
}

void tighten_scf_for_task(Job& job, bool energy_threshold_given, bool gradient_threshold_given) {
  const bool hessian = job.task == "frequencies" || job.task == "ts" || job.task == "hessian";
  if (!is_geometry_task(job.task) && !hessian) return;
  if (!gradient_threshold_given) job.scf.gradient_threshold = std::min(job.scf.gradient_threshold, 1e-8);
  if (hessian && !energy_threshold_given) job.scf.energy_threshold = std::min(job.scf.energy_threshold, 1e-10);
}

}  // namespace atropos
