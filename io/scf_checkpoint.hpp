#pragma once
// The SCF checkpoint: molecule, model, converged (or last) wavefunction and energies in one HDF5
// file, so that gradients, restarts and analysis need not redo the SCF. Layout, units and shapes:
// docs/checkpoint.md.
//
// Later stages add their own top-level groups (/gradient, /optimization/step_0007, ...) to the
// same file with update_checkpoint(); every write replaces the file atomically.

#include <Eigen/Core>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "io/atomic_rewrite.hpp"
#include "io/hdf5_file.hpp"

namespace atropos {

inline constexpr const char* kCheckpointFormat = "atropos-checkpoint";  // root attribute "format"
inline constexpr int kCheckpointFormatVersion = 1;  // root attribute "format_version"

struct ScfCheckpoint {
  // Molecule
  std::vector<int> atomic_numbers;
  Eigen::MatrixX3d geometry_bohr;      // natom x 3
  int charge = 0;
  int multiplicity = 1;
  // Model
  std::string method;                  // "hf", "pbe", ...
  std::string basis_name;              // as the user typed it, e.g. "def2-SVP"
  bool pure_harmonics = true;          // spherical (true) or Cartesian functions
  std::string reference;               // "rhf", "uhf", "rks", "uks"
  // Wavefunction (nbf x nmo); beta arrays equal alpha ones for restricted references
  Eigen::MatrixXd orbitals_alpha, orbitals_beta;
  Eigen::VectorXd orbital_energies_alpha, orbital_energies_beta;
  Eigen::VectorXd occupations_alpha, occupations_beta;
  Eigen::MatrixXd density_alpha, density_beta;  // nbf x nbf, AO basis
  // Energies (Eh)
  double total_energy = 0.0;
  std::map<std::string, double> energy_components;  // "nuclear_repulsion", "one_electron", ...
  int iterations = 0;
  bool converged = false;
  std::string program_version;
};

// Writes atomically: to "<path>.tmp" then std::rename, so a killed job never leaves a corrupt file.
// Starts from an empty file: whatever was at `path` before (including /gradient etc.) is dropped,
// since it described another wavefunction. std::invalid_argument when the arrays' shapes
// disagree (see scf_checkpoint_problem) or an energy component has an unusable name.
// InputError, leaving the file alone, when `path` holds something other than an atropos
// checkpoint (a mistyped path must not destroy an input file); empty or unreadably damaged
// files are replaced.
void write_scf_checkpoint(const std::string& path, const ScfCheckpoint& checkpoint);
// The same, but the top-level groups named in `keep_groups` (e.g. {"optimization"}) are carried
// over from the checkpoint already at `path`, if there is one (InputError if that file is not an
// atropos checkpoint).
void write_scf_checkpoint(const std::string& path, const ScfCheckpoint& checkpoint,
                          const std::vector<std::string>& keep_groups);

// InputError naming the file and dataset for a missing file, another format, a newer format
// version, missing datasets, wrong shapes or damaged data.
ScfCheckpoint read_scf_checkpoint(const std::string& path);

// Opens an existing checkpoint read-only after checking its format and version (InputError
// otherwise); for reading groups that later stages added.
Hdf5File open_checkpoint(const std::string& path);

// Adds or replaces top-level groups of an existing checkpoint, atomically: the groups named in
// `replaced_groups` are dropped, everything else (SCF data, other groups, root attributes) is
// kept, then `write(root)` adds the new content. Kept groups may be extended
// (root.require_group("optimization").create_group("step_0008")).
void update_checkpoint(const std::string& path, const std::vector<std::string>& replaced_groups,
                       const std::function<void(Hdf5Group& root)>& write);

// The pieces, for callers that manage the file themselves.
void write_scf_groups(Hdf5Group& root, const ScfCheckpoint& checkpoint);  // also root attributes
ScfCheckpoint read_scf_groups(const Hdf5Group& root);                     // format not checked
// Throws InputError unless `file` carries format="atropos-checkpoint" and a readable version.
void check_checkpoint_format(const Hdf5Group& root);

// Describes the first inconsistency between the arrays (e.g. "density_alpha is 5 x 4, expected
// 5 x 5 (nbf x nbf)"); empty when consistent.
std::string scf_checkpoint_problem(const ScfCheckpoint& checkpoint);

}  // namespace atropos
