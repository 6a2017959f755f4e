#include "drivers/optimize/optimizer_state.hpp"

#include "common/error.hpp"

namespace atropos {

namespace {

constexpr const char* kFormat = "atropos-optimizer-state";
constexpr int kVersion = 1;

Eigen::MatrixXd as_matrix(const Eigen::MatrixX3d& m) { return m; }

Eigen::VectorXd as_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

}  // namespace

void write_optimizer_state(Hdf5Group& parent, const std::string& name, const OptimizerState& s) {
  Hdf5Group g = parent.create_group(name);
  g.write_attribute("format", kFormat);
  g.write_attribute("format_version", kVersion);
  g.write_int_vector("atomic_numbers", s.atomic_numbers);
  g.write_string("coordinate_system", s.coordinates.is_cartesian() ? "cartesian" : "redundant_internal");
  const auto& prims = s.coordinates.primitives();
  std::vector<int> kinds, atoms, components;
  Eigen::MatrixXd axes(prims.size(), 3);
  for (std::size_t i = 0; i < prims.size(); ++i) {
    kinds.push_back(static_cast<int>(prims[i].kind));
    for (int a : prims[i].atoms) atoms.push_back(a);
    components.push_back(prims[i].component);
    axes.row(i) = prims[i].axis.transpose();
  }
  g.write_int_vector("primitive_kinds", kinds);
  g.write_int_vector("primitive_atoms", atoms);
  g.write_int_vector("primitive_components", components);
  g.write_matrix("primitive_axes", axes);
  g.write_vector("constraint_targets", s.constraint_targets);
  g.write_int("iteration", s.iteration);
  g.write_matrix("next_positions", as_matrix(s.next_positions));
  g.write_bool("has_accepted", s.has_accepted);
  if (s.has_accepted) {
    g.write_matrix("accepted_positions", as_matrix(s.accepted_positions));
    g.write_double("accepted_energy", s.accepted_energy);
    g.write_matrix("accepted_gradient", as_matrix(s.accepted_gradient));
  }
  g.write_matrix("hessian", s.hessian);
  g.write_double("trust_radius", s.trust_radius);
  g.write_double("predicted_change", s.predicted_change);
  g.write_double("last_step_length", s.last_step_length);
  g.write_bool("last_step_cartesian_fallback", s.last_step_cartesian_fallback);
  g.write_vector("ts_mode", s.ts_mode);
  g.write_vector("energies", as_vector(s.energies));
  g.write_int("consecutive_rejections", s.consecutive_rejections);
  g.write_bool("converged", s.converged);
  g.write_bool("finished", s.finished);
}

OptimizerState read_optimizer_state(const Hdf5Group& parent, const std::string& name) {
  const Hdf5Group g = parent.group(name);
  if (!g.has_attribute("format") || g.read_string_attribute("format") != kFormat)
    throw InputError("not an atropos optimizer state", g.where());
  if (g.read_int_attribute("format_version") != kVersion)
    throw InputError("unsupported optimizer state version", g.where());
  OptimizerState s;
  s.atomic_numbers = g.read_int_vector("atomic_numbers");
  const long natom = static_cast<long>(s.atomic_numbers.size());
  const std::string system = g.read_string("coordinate_system");
  if (system != "cartesian" && system != "redundant_internal")
    throw InputError("unknown coordinate system '" + system + "'", g.where("coordinate_system"));
  const std::vector<int> kinds = g.read_int_vector("primitive_kinds");
  const long m = static_cast<long>(kinds.size());
  const std::vector<int> atoms = g.read_int_vector("primitive_atoms", 4 * m);
  const std::vector<int> components = g.read_int_vector("primitive_components", m);
  const Eigen::MatrixXd axes = g.read_matrix("primitive_axes", m, 3);
  std::vector<Primitive> prims(m);
  for (long i = 0; i < m; ++i) {
    if (kinds[i] < 0 || kinds[i] > static_cast<int>(Primitive::Kind::cartesian))
      throw InputError("unknown primitive kind " + std::to_string(kinds[i]), g.where("primitive_kinds"));
    prims[i].kind = static_cast<Primitive::Kind>(kinds[i]);
    for (int k = 0; k < 4; ++k) prims[i].atoms[k] = atoms[4 * i + k];
    prims[i].component = components[i];
    prims[i].axis = axes.row(i).transpose();
  }
  try {
    s.coordinates = CoordinateSet(system == "cartesian" ? CoordinateSet::System::cartesian
                                                        : CoordinateSet::System::redundant_internal,
                                  static_cast<std::size_t>(natom), std::move(prims));
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what(), g.where("primitive_atoms"));
  }
  s.constraint_targets = g.read_vector("constraint_targets");
  s.iteration = g.read_int("iteration");
  s.next_positions = g.read_matrix("next_positions", natom, 3);
  s.has_accepted = g.read_bool("has_accepted");
  if (s.has_accepted) {
    s.accepted_positions = g.read_matrix("accepted_positions", natom, 3);
    s.accepted_energy = g.read_double("accepted_energy");
    s.accepted_gradient = g.read_matrix("accepted_gradient", natom, 3);
  }
  s.hessian = g.read_matrix("hessian");
  if (s.hessian.size() > 0 && (s.hessian.rows() != m || s.hessian.cols() != m))
    throw InputError("Hessian does not match the coordinate count", g.where("hessian"));
  s.trust_radius = g.read_double("trust_radius");
  s.predicted_change = g.read_double("predicted_change");
  s.last_step_length = g.read_double("last_step_length");
  s.last_step_cartesian_fallback = g.read_bool("last_step_cartesian_fallback");
  s.ts_mode = g.read_vector("ts_mode");
  const Eigen::VectorXd energies = g.read_vector("energies");
  s.energies.assign(energies.data(), energies.data() + energies.size());
  s.consecutive_rejections = g.read_int("consecutive_rejections");
  s.converged = g.read_bool("converged");
  s.finished = g.read_bool("finished");
  return s;
}

}  // namespace atropos
