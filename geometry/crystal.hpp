#pragma once
// Molecules from a crystal structure (CIF): apply the space-group operations to the sites of the
// asymmetric unit, merge images of one site that coincide (special positions), join atoms into
// whole molecules across cell boundaries by covalent connectivity, and keep one molecule per set
// of symmetry-related copies ("distinct" molecules: the crystallographically independent ones).
// Disorder is never merged silently: atoms of one disorder part (plus the ordered atoms) are kept,
// and the parts present are reported.

#include <array>
#include <string>
#include <vector>

#include "geometry/cif_document.hpp"
#include "geometry/connectivity.hpp"
#include "geometry/molecule.hpp"

namespace atropos {

struct CrystalOptions {
  ConnectivityOptions connectivity;
  // Atoms with _atom_site_disorder_group 0/'.' are always kept; of the disordered ones, those
  // whose group is +part or -part. Part 1 is the usual major component in SHELX refinements.
  int disorder_part = 1;
  // Symmetry images of one site closer than this are one atom on a special position, Angstrom.
  double duplicate_tolerance_angstrom = 0.2;
};

struct CrystalMolecule {
  Molecule molecule;                     // whole molecule, bohr, Cartesian frame of the cell
  std::vector<std::string> site_labels;  // CIF label of each atom's site
  int copies_in_cell = 1;                // symmetry-related copies in the unit cell
};

struct Crystal {
  std::string name;                    // data block name
  std::array<double, 6> cell{};        // a, b, c (Angstrom), alpha, beta, gamma (degrees)
  std::string space_group;             // as given (H-M), may be empty
  int operations = 0;                  // symmetry operations used (with centring)
  bool has_improper_operations = false;  // then every chiral molecule meets its mirror image
  std::vector<int> disorder_groups;    // distinct _atom_site_disorder_group values present
  std::size_t atoms_in_cell = 0;
  std::size_t molecules_in_cell = 0;
  std::vector<CrystalMolecule> molecules;  // distinct molecules, in order of their first site
  std::vector<std::string> notes;          // partial occupancies, overlaps, choices made
};

// The first data block that has atom sites. Throws InputError for missing cell, symmetry or sites,
// unknown elements and malformed numbers (file, line, tag).
Crystal read_crystal(const std::string& path, const CrystalOptions& options = {});
Crystal make_crystal(const CifBlock& block, const std::string& source, const CrystalOptions& options = {});

}  // namespace atropos
