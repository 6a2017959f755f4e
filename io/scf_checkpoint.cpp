#include "io/scf_checkpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string matrix_shape_problem(const char* name, const Eigen::MatrixXd& m, Eigen::Index rows,
                                 Eigen::Index cols, const char* meaning) {
  if (m.rows() == rows && m.cols() == cols) return "";
  return fmt::format("{} is {} x {}, expected {} x {} ({})", name, m.rows(), m.cols(), rows, cols,
                     meaning);
}

std::string vector_size_problem(const char* name, const Eigen::VectorXd& v, Eigen::Index size,
                                const char* meaning) {
  if (v.size() == size) return "";
  return fmt::format("{} has {} entries, expected {} ({})", name, v.size(), size, meaning);
}

}  // namespace

std::string scf_checkpoint_problem(const ScfCheckpoint& c) {
  const auto natom = static_cast<Eigen::Index>(c.atomic_numbers.size());
  if (c.geometry_bohr.rows() != natom)
    return fmt::format("geometry_bohr has {} rows, expected {} (one per atomic number)",
                       c.geometry_bohr.rows(), natom);
  for (std::size_t i = 0; i < c.atomic_numbers.size(); ++i)
    if (c.atomic_numbers[i] < 1 || c.atomic_numbers[i] > kMaxAtomicNumber)
      return fmt::format("atomic_numbers[{}] = {} is outside 1..{}", i, c.atomic_numbers[i],
                         kMaxAtomicNumber);
  if (c.multiplicity < 1) return fmt::format("multiplicity {} is below 1", c.multiplicity);

  const Eigen::Index nbf = c.orbitals_alpha.rows();
  for (const std::string& problem : {
           matrix_shape_problem("orbitals_beta", c.orbitals_beta, nbf, c.orbitals_beta.cols(),
                                "nbf rows, like orbitals_alpha"),
           vector_size_problem("orbital_energies_alpha", c.orbital_energies_alpha,
                               c.orbitals_alpha.cols(), "one per column of orbitals_alpha"),
           vector_size_problem("occupations_alpha", c.occupations_alpha, c.orbitals_alpha.cols(),
                               "one per column of orbitals_alpha"),
           vector_size_problem("orbital_energies_beta", c.orbital_energies_beta,
                               c.orbitals_beta.cols(), "one per column of orbitals_beta"),
           vector_size_problem("occupations_beta", c.occupations_beta, c.orbitals_beta.cols(),
                               "one per column of orbitals_beta"),
           matrix_shape_problem("density_alpha", c.density_alpha, nbf, nbf, "nbf x nbf"),
           matrix_shape_problem("density_beta", c.density_beta, nbf, nbf, "nbf x nbf"),
       })
    if (!problem.empty()) return problem;

  // Each component becomes a dataset name in /energies next to "total".
  for (const auto& [name, value] : c.energy_components) {
    (void)value;
    if (name.empty() || name == "." || name == "total" || name.find('/') != std::string::npos)
      return fmt::format("energy component name '{}' cannot be stored (empty, '.', 'total' or "
                         "containing '/')",
                         name);
  }
  return "";
}

void check_checkpoint_format(const Hdf5Group& root) {
  const std::string& path = root.file_path();
  if (!root.has_attribute("format"))
    throw InputError(fmt::format("not an atropos checkpoint: the root group has no 'format' "
                                 "attribute (expected format=\"{}\")",
                                 kCheckpointFormat),
                     path);
  const std::string format = root.read_string_attribute("format");
  if (format != kCheckpointFormat)
    throw InputError(fmt::format("not an atropos checkpoint: root attribute format is \"{}\", "
                                 "expected \"{}\"",
                                 format, kCheckpointFormat),
                     path);
  if (!root.has_attribute("format_version"))
    throw InputError("checkpoint has no 'format_version' root attribute", path);
  const int version = root.read_int_attribute("format_version");
  if (version > kCheckpointFormatVersion)
    throw InputError(fmt::format("checkpoint format_version {} is newer than this program reads "
                                 "({}); use a newer atropos",
                                 version, kCheckpointFormatVersion),
                     path);
  if (version < 1)
    throw InputError(fmt::format("invalid checkpoint format_version {} (this program reads {})",
                                 version, kCheckpointFormatVersion),
                     path);
}

void write_scf_groups(Hdf5Group& root, const ScfCheckpoint& c) {
  if (const std::string problem = scf_checkpoint_problem(c); !problem.empty())
    throw std::invalid_argument("write_scf_checkpoint: " + problem);

  root.write_attribute("format", kCheckpointFormat);
  root.write_attribute("format_version", kCheckpointFormatVersion);
  root.write_attribute("program_version", c.program_version);

  Hdf5Group molecule = root.create_group("molecule");
  molecule.write_int_vector("atomic_numbers", c.atomic_numbers);
  molecule.write_matrix("geometry_bohr", c.geometry_bohr);
  molecule.write_attribute("units", "bohr", "geometry_bohr");
  molecule.write_int("charge", c.charge);
  molecule.write_int("multiplicity", c.multiplicity);

  Hdf5Group model = root.create_group("model");
  model.write_string("method", c.method);
  model.write_string("basis", c.basis_name);
  model.write_bool("pure_harmonics", c.pure_harmonics);
  model.write_string("reference", c.reference);

  Hdf5Group scf = root.create_group("scf");
  scf.write_matrix("orbitals_alpha", c.orbitals_alpha);
  scf.write_matrix("orbitals_beta", c.orbitals_beta);
  scf.write_vector("orbital_energies_alpha", c.orbital_energies_alpha);
  scf.write_vector("orbital_energies_beta", c.orbital_energies_beta);
  scf.write_attribute("units", "hartree", "orbital_energies_alpha");
  scf.write_attribute("units", "hartree", "orbital_energies_beta");
  scf.write_vector("occupations_alpha", c.occupations_alpha);
  scf.write_vector("occupations_beta", c.occupations_beta);
  scf.write_matrix("density_alpha", c.density_alpha);
  scf.write_matrix("density_beta", c.density_beta);
  scf.write_int("iterations", c.iterations);
  scf.write_bool("converged", c.converged);

  Hdf5Group energies = root.create_group("energies");
  energies.write_attribute("units", "hartree");
  energies.write_double("total", c.total_energy);
  for (const auto& [name, value] : c.energy_components) energies.write_double(name, value);
}

ScfCheckpoint read_scf_groups(const Hdf5Group& root) {
  ScfCheckpoint c;
  if (!root.has_attribute("program_version"))
    throw InputError("checkpoint has no 'program_version' root attribute", root.file_path());
  c.program_version = root.read_string_attribute("program_version");

  const Hdf5Group molecule = root.group("molecule");
  c.atomic_numbers = molecule.read_int_vector("atomic_numbers");
  const auto natom = static_cast<long>(c.atomic_numbers.size());
  c.geometry_bohr = molecule.read_matrix("geometry_bohr", natom, 3);
  c.charge = molecule.read_int("charge");
  c.multiplicity = molecule.read_int("multiplicity");

  const Hdf5Group model = root.group("model");
  c.method = model.read_string("method");
  c.basis_name = model.read_string("basis");
  c.pure_harmonics = model.read_bool("pure_harmonics");
  c.reference = model.read_string("reference");

  // Shapes follow from orbitals_alpha (nbf x nmo) and orbitals_beta, so a mismatch is reported
  // on the dataset that disagrees.
  const Hdf5Group scf = root.group("scf");
  c.orbitals_alpha = scf.read_matrix("orbitals_alpha");
  const long nbf = c.orbitals_alpha.rows();
  c.orbitals_beta = scf.read_matrix("orbitals_beta", nbf, -1);
  c.orbital_energies_alpha = scf.read_vector("orbital_energies_alpha", c.orbitals_alpha.cols());
  c.orbital_energies_beta = scf.read_vector("orbital_energies_beta", c.orbitals_beta.cols());
  c.occupations_alpha = scf.read_vector("occupations_alpha", c.orbitals_alpha.cols());
  c.occupations_beta = scf.read_vector("occupations_beta", c.orbitals_beta.cols());
  c.density_alpha = scf.read_matrix("density_alpha", nbf, nbf);
  c.density_beta = scf.read_matrix("density_beta", nbf, nbf);
  c.iterations = scf.read_int("iterations");
  c.converged = scf.read_bool("converged");

  const Hdf5Group energies = root.group("energies");
  c.total_energy = energies.read_double("total");
  for (const auto& name : energies.children())
    if (name != "total") c.energy_components[name] = energies.read_double(name);

  if (const std::string problem = scf_checkpoint_problem(c); !problem.empty())
    throw InputError("inconsistent checkpoint: " + problem, root.file_path());
  return c;
}

Hdf5File open_checkpoint(const std::string& path) {
  Hdf5File file = Hdf5File::open_read(path);
  check_checkpoint_format(file);
  return file;
}

ScfCheckpoint read_scf_checkpoint(const std::string& path) {
  const Hdf5File file = open_checkpoint(path);
  return read_scf_groups(file);
}

void write_scf_checkpoint(const std::string& path, const ScfCheckpoint& checkpoint) {
  write_scf_checkpoint(path, checkpoint, {});
}

namespace {

// A mistyped checkpoint path must not destroy an input file or another program's data: only
// an empty file, an atropos checkpoint (any version) or an HDF5 file too damaged to open may be
// replaced.
void refuse_to_overwrite_foreign_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return;
  if (!std::filesystem::is_regular_file(path, error))
    throw InputError("refusing to write a checkpoint here: not a regular file", path);
  if (std::filesystem::file_size(path, error) == 0) return;
  if (!is_hdf5_file(path))
    throw InputError("refusing to overwrite: the file is not an atropos checkpoint (not HDF5)", path);
  bool has_format = false;
  std::string format;
  try {
    const Hdf5File file = Hdf5File::open_read(path);
    has_format = file.has_attribute("format");
    if (has_format) format = file.read_string_attribute("format");
  } catch (const InputError&) {
    return;  // damaged beyond reading: replacing it is what the user needs
  }
  if (!has_format)
    throw InputError("refusing to overwrite: the HDF5 file is not an atropos checkpoint (no "
                     "'format' attribute)",
                     path);
  if (format != kCheckpointFormat)
    throw InputError(fmt::format("refusing to overwrite: the HDF5 file has format \"{}\", not \"{}\"",
                                 format, kCheckpointFormat),
                     path);
}

}  // namespace

void write_scf_checkpoint(const std::string& path, const ScfCheckpoint& checkpoint,
                          const std::vector<std::string>& keep_groups) {
  // Check before creating anything, so a bad call leaves no trace.
  if (const std::string problem = scf_checkpoint_problem(checkpoint); !problem.empty())
    throw std::invalid_argument("write_scf_checkpoint: " + problem);
  refuse_to_overwrite_foreign_file(path);
  std::function<bool(const std::string&)> keep;  // empty: do not even read the old file
  if (!keep_groups.empty()) {
    std::error_code error;
    if (std::filesystem::exists(path, error)) open_checkpoint(path);  // must be readable to keep
    keep = [&keep_groups](const std::string& name) { return contains(keep_groups, name); };
  }
  rewrite_hdf5_file_atomically(path, keep,
                               [&checkpoint](Hdf5Group& root) { write_scf_groups(root, checkpoint); });
}

void update_checkpoint(const std::string& path, const std::vector<std::string>& replaced_groups,
                       const std::function<void(Hdf5Group& root)>& write) {
  open_checkpoint(path);  // must exist and be ours
  rewrite_hdf5_file_atomically(
      path, [&replaced_groups](const std::string& name) { return !contains(replaced_groups, name); },
      write);
}

}  // namespace atropos
