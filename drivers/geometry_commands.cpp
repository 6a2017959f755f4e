#include "drivers/geometry_commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "geometry/atom_matching.hpp"
#include "geometry/conformer_comparison.hpp"
#include "geometry/connectivity.hpp"
#include "geometry/crystal.hpp"
#include "geometry/internal_coordinates.hpp"
#include "geometry/point_group.hpp"
#include "geometry/qcschema.hpp"
#include "geometry/symmetry_measure.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

namespace {

using json = nlohmann::json;

struct Structure {
  std::string file;  // path, with ":frame" or "#molecule" when the file holds several
  Molecule molecule;
};

std::string extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::vector<Structure> load_structures(const std::string& path, double bond_tolerance) {
  std::vector<Structure> out;
  const std::string ext = extension(path);
  if (ext == ".cif") {
    CrystalOptions options;
    options.connectivity.tolerance_angstrom = bond_tolerance;
    const Crystal crystal = read_crystal(path, options);
    for (std::size_t k = 0; k < crystal.molecules.size(); ++k)
      out.push_back({crystal.molecules.size() > 1 ? fmt::format("{}#{}", path, k + 1) : path, crystal.molecules[k].molecule});
    return out;
  }
  std::vector<XyzFrame> frames;
  if (ext == ".xyz")
    frames = read_xyz_file(path);
  else if (ext == ".json")
    frames = read_qcschema_file(path);
  else
    throw InputError("unknown structure format '" + ext + "' (expected .xyz, .json (QCSchema) or .cif)", path);
  for (std::size_t k = 0; k < frames.size(); ++k)
    out.push_back({frames.size() > 1 ? fmt::format("{}:{}", path, k + 1) : path, frames[k].molecule});
  return out;
}

double angstrom(double bohr) { return bohr * units::bohr_in_angstrom; }

}  // namespace

void run_inspect(const InspectSettings& settings, std::ostream& out) {
  std::vector<Structure> structures;
  for (const auto& file : settings.files)
    for (auto& s : load_structures(file, settings.bond_tolerance_angstrom)) structures.push_back(std::move(s));
  ComparisonOptions comparison;
  comparison.same_threshold_angstrom = settings.same_threshold_angstrom;
  comparison.connectivity.tolerance_angstrom = settings.bond_tolerance_angstrom;

  json document;
  document["structures"] = json::array();
  std::vector<BondGraph> graphs;
  std::vector<PointGroup> groups;
  for (const auto& s : structures) {
    graphs.push_back(find_bonds(s.molecule, comparison.connectivity));
    groups.push_back(detect_point_group(s.molecule, settings.symmetry_tolerance_angstrom));
    document["structures"].push_back({{"file", s.file},
                                      {"formula", s.molecule.formula()},
                                      {"natoms", s.molecule.size()},
                                      {"point_group", groups.back().label},
                                      {"chiral", groups.back().chiral},
                                      {"chirality_measure", chirality_measure(s.molecule)},
                                      {"c3_measure", c3_measure(s.molecule)}});
  }
  document["pairs"] = json::array();
  std::vector<Comparison> with_first(structures.size());
  for (std::size_t a = 0; a < structures.size(); ++a)
    for (std::size_t b = a + 1; b < structures.size(); ++b) {
      const Comparison c = compare_structures(structures[a].molecule, graphs[a], structures[b].molecule, graphs[b], comparison);
      if (a == 0) with_first[b] = c;
      json pair = {{"a", a}, {"b", b}, {"verdict", to_string(c.verdict)}};
      if (c.verdict == Verdict::not_comparable) {
        pair["rmsd"] = nullptr;
        pair["rmsd_mirror"] = nullptr;
        pair["reason"] = c.reason;
      } else {
        pair["rmsd"] = angstrom(c.rmsd);
        pair["rmsd_mirror"] = angstrom(c.rmsd_mirror);
      }
      document["pairs"].push_back(pair);
    }
  document["thresholds"] = {{"same_rmsd_angstrom", settings.same_threshold_angstrom},
                            {"symmetry_tolerance_angstrom", settings.symmetry_tolerance_angstrom},
                            {"bond_tolerance_angstrom", settings.bond_tolerance_angstrom}};

  // Comparison table: the first structure and every structure comparable with it.
  std::vector<Molecule> aligned;
  std::vector<std::string> names;
  std::vector<int> members;
  if (!structures.empty()) {
    aligned.push_back(structures[0].molecule);
    names.push_back(structures[0].file);
    members.push_back(0);
    for (std::size_t b = 1; b < structures.size(); ++b)
      if (with_first[b].verdict != Verdict::not_comparable) {
        // Enantiomers are matched through the mirror image: then bonds and angles agree and
        // dihedrals change sign, instead of comparing atoms that do not correspond.
        aligned.push_back(reorder_atoms(structures[b].molecule, with_first[b].best_map()));
        names.push_back(structures[b].file);
        members.push_back(static_cast<int>(b));
      }
  }
  InternalCoordinateTable table;
  if (aligned.size() >= 2) {
    TableOptions table_options;
    table_options.dihedrals = settings.dihedrals;
    table = make_internal_coordinate_table(aligned, names, graphs[0], groups[0], table_options);
    json rows = json::array();
    for (const auto& row : table.rows)
      rows.push_back({{"type", row.kind == InternalCoordinateRow::Kind::bond    ? "bond"
                               : row.kind == InternalCoordinateRow::Kind::angle ? "angle"
                                                                                : "dihedral"},
                      {"coordinate", row.label},
                      {"atoms", row.members},
                      {"values", row.values},
                      {"spread", row.spread},
                      {"within_group", row.member_range}});
    document["comparison_table"] = {{"structures", members}, {"rows", rows}};
    if (!settings.csv_path.empty()) {
      std::ofstream csv(settings.csv_path);
      if (!csv) throw InputError("cannot write CSV file '" + settings.csv_path + "'");
      csv << format_csv(table);
    }
  }

  if (settings.json) {
    out << document.dump(2) << "\n";
    return;
  }
  out << "Structures (RMSD and tolerances in Angstrom; measures: continuous symmetry measure, 0..100)\n";
  for (std::size_t i = 0; i < structures.size(); ++i) {
    const auto& s = document["structures"][i];
    out << fmt::format("  [{}] {}  {}  {} atoms  point group {}  {}  chirality {:.4f}  C3 {:.4f}\n", i,
                       s["file"].get<std::string>(), s["formula"].get<std::string>(), s["natoms"].get<std::size_t>(),
                       s["point_group"].get<std::string>(), s["chiral"].get<bool>() ? "chiral" : "achiral",
                       s["chirality_measure"].get<double>(), s["c3_measure"].get<double>());
  }
  if (!document["pairs"].empty()) out << "Pairs (same if RMSD <= " << settings.same_threshold_angstrom << ")\n";
  for (const auto& p : document["pairs"]) {
    if (p["rmsd"].is_null())
      out << fmt::format("  [{}] vs [{}]: not comparable ({})\n", p["a"].get<int>(), p["b"].get<int>(),
                         p["reason"].get<std::string>());
    else
      out << fmt::format("  [{}] vs [{}]: rmsd {:.4f}  rmsd to mirror image {:.4f}  -> {}\n", p["a"].get<int>(),
                         p["b"].get<int>(), p["rmsd"].get<double>(), p["rmsd_mirror"].get<double>(),
                         p["verdict"].get<std::string>());
  }
  if (!table.rows.empty()) out << "\nInternal coordinates\n\n" << format_markdown(table);
}

void run_extract(const ExtractSettings& settings, std::ostream& out) {
  CrystalOptions options;
  options.connectivity.tolerance_angstrom = settings.bond_tolerance_angstrom;
  options.disorder_part = settings.disorder_part;
  const Crystal crystal = read_crystal(settings.cif, options);
  ComparisonOptions comparison;
  comparison.same_threshold_angstrom = settings.same_threshold_angstrom;
  comparison.connectivity = options.connectivity;

  std::filesystem::create_directories(settings.output_dir);
  const std::string stem = std::filesystem::path(settings.cif).stem().string();
  json molecules = json::array();
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < crystal.molecules.size(); ++k) {
    const Molecule& m = crystal.molecules[k].molecule;
    const std::string formula = m.formula();
    std::size_t reference = k;
    for (std::size_t r = 0; r < k; ++r)
      if (crystal.molecules[r].molecule.formula() == formula) {
        reference = r;
        break;
      }
    json entry = {{"formula", formula}, {"natoms", m.size()}, {"label", fmt::format("{}_{}", stem, k + 1)},
                  {"reference", reference}, {"copies_in_cell", crystal.molecules[k].copies_in_cell}};
    std::string group = "same";
    if (reference != k) {
      const Comparison c = compare_structures(crystal.molecules[reference].molecule, m, comparison);
      group = c.verdict == Verdict::not_comparable ? "different" : to_string(c.verdict);
      if (c.verdict != Verdict::not_comparable) {
        entry["rmsd"] = angstrom(c.rmsd);
        entry["rmsd_mirror"] = angstrom(c.rmsd_mirror);
      } else {
        entry["reason"] = c.reason;
      }
    }
    entry["group"] = group;
    const std::string file = (std::filesystem::path(settings.output_dir) / fmt::format("{}_{}_{}.xyz", stem, k + 1, formula)).string();
    entry["file"] = file;
    const std::string comment =
        fmt::format("{} {}_{} from {} data_{}; {} relative to molecule {}; {} cop{} in the cell", formula, stem, k + 1,
                    std::filesystem::path(settings.cif).filename().string(), crystal.name, group, reference + 1,
                    crystal.molecules[k].copies_in_cell, crystal.molecules[k].copies_in_cell == 1 ? "y" : "ies");
    write_xyz_file(file, {XyzFrame{m, comment}});
    lines.push_back(fmt::format("  {}  {}  {} atoms  {} (vs molecule {})  -> {}", k + 1, formula, m.size(), group,
                                reference + 1, file));
    molecules.push_back(entry);
  }
  json document = {{"molecules", molecules},
                   {"crystal",
                    {{"name", crystal.name},
                     {"space_group", crystal.space_group},
                     {"cell", crystal.cell},
                     {"operations", crystal.operations},
                     {"improper_operations", crystal.has_improper_operations},
                     {"atoms_in_cell", crystal.atoms_in_cell},
                     {"molecules_in_cell", crystal.molecules_in_cell},
                     {"disorder_groups", crystal.disorder_groups},
                     {"notes", crystal.notes}}},
                   {"thresholds",
                    {{"same_rmsd_angstrom", settings.same_threshold_angstrom},
                     {"bond_tolerance_angstrom", settings.bond_tolerance_angstrom}}}};
  if (settings.json) {
    out << document.dump(2) << "\n";
    return;
  }
  out << fmt::format("{}: data_{}, space group {}, {} operations, {} atoms and {} molecules in the cell, {} distinct\n",
                     settings.cif, crystal.name, crystal.space_group.empty() ? "?" : crystal.space_group,
                     crystal.operations, crystal.atoms_in_cell, crystal.molecules_in_cell, crystal.molecules.size());
  for (const auto& line : lines) out << line << "\n";
  if (crystal.has_improper_operations)
    out << "  The space group has improper operations: each molecule's mirror image is also in the crystal.\n";
  for (const auto& note : crystal.notes) out << "  note: " << note << "\n";
}

void add_geometry_commands(CLI::App& app, bool write_output) {
  auto inspect = std::make_shared<InspectSettings>();
  CLI::App* cmd = app.add_subcommand("inspect", "Point groups, chirality, RMSD/mirror verdicts and comparison tables");
  cmd->add_option("files", inspect->files, "Structure files (.xyz, QCSchema .json, .cif)")->required();
  cmd->add_flag("--json", inspect->json, "Machine-readable JSON report");
  cmd->add_option("--symmetry-tolerance", inspect->symmetry_tolerance_angstrom, "Point-group tolerance, Angstrom")
      ->capture_default_str();
  cmd->add_option("--same-threshold", inspect->same_threshold_angstrom, "Largest RMSD for 'same', Angstrom")
      ->capture_default_str();
  cmd->add_option("--bond-tolerance", inspect->bond_tolerance_angstrom,
                  "Added to the sum of covalent radii for bonds, Angstrom")
      ->capture_default_str();
  cmd->add_flag("--dihedrals", inspect->dihedrals, "Include dihedral angles in the comparison table");
  cmd->add_option("--csv", inspect->csv_path, "Write the comparison table as CSV to this file");
  cmd->callback([inspect, write_output] {
    if (write_output) run_inspect(*inspect, std::cout);
  });

  auto extract = std::make_shared<ExtractSettings>();
  CLI::App* ex = app.add_subcommand("extract", "Distinct molecules of a crystal structure (CIF) as XYZ files");
  ex->add_option("crystal", extract->cif, "CIF file")->required();
  ex->add_option("-o,--output", extract->output_dir, "Directory for the XYZ files")->required();
  ex->add_flag("--json", extract->json, "Machine-readable JSON report");
  ex->add_option("--part", extract->disorder_part, "Disorder part to keep (with the ordered atoms)")->capture_default_str();
  ex->add_option("--same-threshold", extract->same_threshold_angstrom, "Largest RMSD for 'same', Angstrom")
      ->capture_default_str();
  ex->add_option("--bond-tolerance", extract->bond_tolerance_angstrom,
                 "Added to the sum of covalent radii for bonds, Angstrom")
      ->capture_default_str();
  ex->callback([extract, write_output] {
    if (write_output) run_extract(*extract, std::cout);
  });
}

}  // namespace atropos
