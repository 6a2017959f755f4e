#pragma once
// The geometry subcommands of the CLI (`atropos extract`, `atropos inspect`). They need no
// integrals and run serially (replicated work is cheap; callers under mpirun print on one rank).

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace atropos {

// Registers the geometry subcommands on the top-level app; their callbacks do the work. Under
// MPI only the rank passing `write_output` = true runs them (the work is serial and small).
void add_geometry_commands(CLI::App& app, bool write_output = true);

struct InspectSettings {
  std::vector<std::string> files;          // .xyz (all frames), .json (QCSchema), .cif (molecules)
  bool json = false;
  double symmetry_tolerance_angstrom = 0.1;
  double same_threshold_angstrom = 0.1;
  double bond_tolerance_angstrom = 0.4;
  bool dihedrals = false;
  std::string csv_path;                    // comparison table as CSV, when given
};

struct ExtractSettings {
  std::string cif;
  std::string output_dir;
  bool json = false;
  int disorder_part = 1;
  double same_threshold_angstrom = 0.1;
  double bond_tolerance_angstrom = 0.4;
};

// The work behind the subcommands, writing the report to `out` (JSON documented in docs/geometry.md).
void run_inspect(const InspectSettings& settings, std::ostream& out);
void run_extract(const ExtractSettings& settings, std::ostream& out);

}  // namespace atropos
