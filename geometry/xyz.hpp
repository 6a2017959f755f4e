#pragma once
// XYZ files (Angstrom): single or multi-frame, comment lines kept. Errors name file and line.

#include <string>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos {

struct XyzFrame {
  Molecule molecule;  // charge 0, multiplicity 1: XYZ carries neither
  std::string comment;
};

// Parses XYZ text; `source` names it in error messages (a path, or "inline geometry").
// Standard frames start with an atom count and a comment line. Text that starts directly with an
// atom line is read as one bare block of "Symbol x y z" lines (convenient inline in input files).
std::vector<XyzFrame> parse_xyz(const std::string& text, const std::string& source);

std::vector<XyzFrame> read_xyz_file(const std::string& path);
// The first frame of a file; convenient for single-structure input.
Molecule read_xyz_molecule(const std::string& path);

std::string format_xyz(const Molecule& molecule, const std::string& comment = "");
void write_xyz_file(const std::string& path, const std::vector<XyzFrame>& frames);

}  // namespace atropos
