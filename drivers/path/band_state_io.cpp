#include "drivers/path/band_state_io.hpp"

#include <string>

#include "common/error.hpp"
#include "io/atomic_rewrite.hpp"

namespace atropos {

namespace {

constexpr const char* kFormat = "atropos-neb-band";
constexpr int kVersion = 1;

// Images as rows [nimage, 3 natom].
Eigen::MatrixXd image_rows(const std::vector<Eigen::MatrixX3d>& images, long natom) {
  Eigen::MatrixXd out(static_cast<long>(images.size()), 3 * natom);
  for (std::size_t k = 0; k < images.size(); ++k)
    for (long a = 0; a < natom; ++a)
      for (int c = 0; c < 3; ++c) out(static_cast<long>(k), 3 * a + c) = images[k](a, c);
  return out;
}

std::vector<Eigen::MatrixX3d> images_from_rows(const Eigen::MatrixXd& rows, long natom) {
  std::vector<Eigen::MatrixX3d> out;
  for (long k = 0; k < rows.rows(); ++k) {
    Eigen::MatrixX3d image(natom, 3);
    for (long a = 0; a < natom; ++a)
      for (int c = 0; c < 3; ++c) image(a, c) = rows(k, 3 * a + c);
    out.push_back(image);
  }
  return out;
}

Eigen::MatrixXd vector_rows(const std::vector<Eigen::VectorXd>& vectors) {
  Eigen::MatrixXd out(static_cast<long>(vectors.size()), vectors.front().size());
  for (std::size_t k = 0; k < vectors.size(); ++k) out.row(static_cast<long>(k)) = vectors[k].transpose();
  return out;
}

std::vector<Eigen::VectorXd> rows_to_vectors(const Eigen::MatrixXd& rows) {
  std::vector<Eigen::VectorXd> out;
  for (long k = 0; k < rows.rows(); ++k) out.push_back(rows.row(k).transpose());
  return out;
}

}  // namespace

void write_band_state(Hdf5Group& group, const BandState& state) {
  const long natom = state.atom_count();
  group.write_attribute("format", kFormat);
  group.write_attribute("version", kVersion);
  std::vector<int> z;
  for (const Atom& atom : state.atoms.atoms()) z.push_back(atom.Z);
  group.write_int_vector("atomic_numbers", z);
  group.write_int("charge", state.atoms.charge());
  group.write_int("multiplicity", state.atoms.multiplicity());
  group.write_matrix("positions", image_rows(state.positions, natom));
  const bool evaluated = state.iteration >= 0;
  if (evaluated) {
    group.write_vector("energies", Eigen::Map<const Eigen::VectorXd>(state.energies.data(),
                                                                   static_cast<long>(state.energies.size())));
    group.write_matrix("gradients", image_rows(state.gradients, natom));
  } else {
    group.remove("energies");
    group.remove("gradients");
  }
  group.write_int("iteration", state.iteration);
  group.write_bool("climbing", state.climbing);
  group.write_bool("converged", state.converged);
  group.write_int("image_evaluations", state.image_evaluations);
  group.write_int("climbing_image", state.climbing_image);
  group.write_double("max_perpendicular_force", state.max_perpendicular_force);
  group.write_double("climbing_image_force", state.climbing_image_force);
  group.write_string("optimizer", band_optimizer_name(state.optimizer));

  Hdf5Group fire = group.create_group("fire");
  if (state.fire.velocity.size() > 0) fire.write_vector("velocity", state.fire.velocity);
  fire.write_double("time_step", state.fire.time_step);
  fire.write_double("mixing", state.fire.mixing);
  fire.write_int("steps_downhill", state.fire.steps_downhill);

  Hdf5Group lbfgs = group.create_group("lbfgs");
  if (!state.lbfgs.steps.empty()) {
    lbfgs.write_matrix("steps", vector_rows(state.lbfgs.steps));
    lbfgs.write_matrix("gradient_changes", vector_rows(state.lbfgs.gradient_changes));
  }
  if (state.lbfgs.previous_positions.size() > 0) {
    lbfgs.write_vector("previous_positions", state.lbfgs.previous_positions);
    lbfgs.write_vector("previous_forces", state.lbfgs.previous_forces);
  }
}

BandState read_band_state(const Hdf5Group& group) {
  if (!group.has_attribute("format") || group.read_string_attribute("format") != kFormat)
    throw InputError("not an NEB band state (attribute format != " + std::string(kFormat) + ")", group.where());
  const int version = group.read_int_attribute("version");
  if (version != kVersion)
    throw InputError("NEB band state version " + std::to_string(version) + " is not supported (expected " +
                         std::to_string(kVersion) + ")",
                     group.where());
  const std::vector<int> z = group.read_int_vector("atomic_numbers");
  const long natom = static_cast<long>(z.size());
  if (natom == 0) throw InputError("NEB band state has no atoms", group.where("atomic_numbers"));
  const Eigen::MatrixXd positions = group.read_matrix("positions", -1, 3 * natom);
  const long nimage = positions.rows();
  if (nimage < 3) throw InputError("NEB band state has fewer than 3 images", group.where("positions"));

  BandState state;
  std::vector<Atom> atoms;
  for (long a = 0; a < natom; ++a)
    atoms.push_back(Atom{z[static_cast<std::size_t>(a)], positions.row(0).segment(3 * a, 3).transpose()});
  state.atoms = Molecule(atoms, group.read_int("charge"), group.read_int("multiplicity"));
  state.positions = images_from_rows(positions, natom);
  state.iteration = group.read_int("iteration");
  if (state.iteration >= 0) {
    const Eigen::VectorXd energies = group.read_vector("energies", nimage);
    state.energies.assign(energies.data(), energies.data() + energies.size());
    state.gradients = images_from_rows(group.read_matrix("gradients", nimage, 3 * natom), natom);
  }
  state.climbing = group.read_bool("climbing");
  state.converged = group.read_bool("converged");
  state.image_evaluations = group.read_int("image_evaluations");
  state.climbing_image = group.read_int("climbing_image");
  state.max_perpendicular_force = group.read_double("max_perpendicular_force");
  state.climbing_image_force = group.read_double("climbing_image_force");
  state.optimizer = parse_band_optimizer(group.read_string("optimizer"));

  const long movable = 3 * natom * (nimage - 2);
  const Hdf5Group fire = group.group("fire");
  if (fire.has_dataset("velocity")) state.fire.velocity = fire.read_vector("velocity", movable);
  state.fire.time_step = fire.read_double("time_step");
  state.fire.mixing = fire.read_double("mixing");
  state.fire.steps_downhill = fire.read_int("steps_downhill");

  const Hdf5Group lbfgs = group.group("lbfgs");
  if (lbfgs.has_dataset("steps")) {
    const Eigen::MatrixXd steps = lbfgs.read_matrix("steps", -1, movable);
    state.lbfgs.steps = rows_to_vectors(steps);
    state.lbfgs.gradient_changes = rows_to_vectors(lbfgs.read_matrix("gradient_changes", steps.rows(), movable));
  }
  if (lbfgs.has_dataset("previous_positions")) {
    state.lbfgs.previous_positions = lbfgs.read_vector("previous_positions", movable);
    state.lbfgs.previous_forces = lbfgs.read_vector("previous_forces", movable);
  }
  return state;
}

void save_band_state(const std::string& path, const BandState& state, const std::string& group_name) {
  if (group_name.empty() || group_name.find('/') != std::string::npos)
    throw std::invalid_argument("save_band_state: the group must be a top-level name, got '" + group_name + "'");
  rewrite_hdf5_file_atomically(
      path, [&](const std::string& name) { return name != group_name; },
      [&](Hdf5Group& root) {
        Hdf5Group group = root.create_group(group_name);
        write_band_state(group, state);
      });
}

BandState load_band_state(const std::string& path, const std::string& group_name) {
  const Hdf5File file = Hdf5File::open_read(path);
  return read_band_state(file.group(group_name));
}

}  // namespace atropos
