#include "geometry/crystal.hpp"

#include <fmt/format.h>

#include <Eigen/LU>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <gemmi/symmetry.hpp>
#include <gemmi/unitcell.hpp>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "common/error.hpp"
#include "geometry/element.hpp"
#include "geometry/spatial_hash.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

struct Site {
  std::string label;
  int Z;
  Eigen::Vector3d fract;
  double occupancy;
  int disorder_group;
};

struct CellAtom {
  int site;
  int op;
  Eigen::Vector3d fract;  // wrapped into [0, 1)
};

// Element from a type symbol ("Cu", "Cu1+", "O2-", "D") or, when that is missing, a label ("C12A").
std::optional<int> element_of(const std::string& text, bool from_label) {
  std::string letters;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    letters += c;
  }
  if (letters.empty()) return std::nullopt;
  if (letters == "D" || letters == "T") return 1;  // deuterium, tritium
  // Labels are often upper case ("CA1" = calcium or C-alpha?): two letters only when written "Ca".
  const bool two_letters_allowed =
      letters.size() >= 2 && (!from_label || std::islower(static_cast<unsigned char>(letters[1])));
  if (two_letters_allowed)
    if (auto Z = atomic_number(letters.substr(0, 2))) return Z;
  return atomic_number(letters.substr(0, 1));
}

// gemmi reads translations as fractions ("1/2"); some files write decimals ("0.5", ".3333").
std::string decimals_to_fractions(const std::string& triplet) {
  std::string out;
  for (std::size_t i = 0; i < triplet.size();) {
    const char c = triplet[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      std::size_t end = i;
      while (end < triplet.size() && (std::isdigit(static_cast<unsigned char>(triplet[end])) || triplet[end] == '.')) ++end;
      std::string number = triplet.substr(i, end - i);
      const bool has_slash = end < triplet.size() && triplet[end] == '/';
      if (number.find('.') != std::string::npos && !has_slash) {
        const double x = std::atof(number.c_str());
        for (int q : {1, 2, 3, 4, 6, 8, 12, 24}) {
          const long p = std::lround(x * q);
          if (std::abs(x - double(p) / q) < 2e-3) {
            number = q == 1 ? std::to_string(p) : std::to_string(p) + "/" + std::to_string(q);
            break;
          }
        }
      }
      out += number;
      i = end;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

bool same_operation(const gemmi::Op& a, const gemmi::Op& b) {
  if (a.rot != b.rot) return false;
  for (int k = 0; k < 3; ++k)
    if (((a.tran[k] - b.tran[k]) % gemmi::Op::DEN + gemmi::Op::DEN) % gemmi::Op::DEN != 0) return false;
  return true;
}

std::vector<gemmi::Op> read_operations(const CifBlock& block, const std::string& source) {
  std::vector<gemmi::Op> ops;
  for (const char* tag : {"_space_group_symop_operation_xyz", "_symmetry_equiv_pos_as_xyz"}) {
    const CifLoop* loop = block.find_loop(tag);
    const CifValue* single = block.find(tag);
    std::vector<CifValue> values;
    if (loop)
      for (const auto& row : loop->rows) values.push_back(row[loop->column(tag)]);
    else if (single)
      values.push_back(*single);
    for (const auto& v : values) {
      try {
        const gemmi::Op op = gemmi::parse_triplet(decimals_to_fractions(v.text));
        // Some files list an operation twice; duplicates would only be merged again later.
        bool known = false;
        for (const auto& other : ops) known |= same_operation(op, other);
        if (!known) ops.push_back(op);
      } catch (const std::exception& e) {
        throw InputError(fmt::format("cannot read symmetry operation '{}': {}", v.text, e.what()),
                         fmt::format("{} line {} {}", source, v.line, tag));
      }
    }
    if (!ops.empty()) return ops;
  }
  for (const char* tag : {"_space_group_name_hall", "_symmetry_space_group_name_hall"})
    if (const CifValue* hall = block.find(tag); hall && !hall->is_null()) {
      try {
        return gemmi::symops_from_hall(hall->text.c_str()).all_ops_sorted();
      } catch (const std::exception& e) {
        throw InputError(fmt::format("unknown Hall symbol '{}': {}", hall->text, e.what()),
                         fmt::format("{} line {} {}", source, hall->line, tag));
      }
    }
  for (const char* tag : {"_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m"})
    if (const CifValue* hm = block.find(tag); hm && !hm->is_null()) {
      if (const gemmi::SpaceGroup* sg = gemmi::find_spacegroup_by_name(hm->text))
        return sg->operations().all_ops_sorted();
      throw InputError("unknown space group '" + hm->text + "'", fmt::format("{} line {} {}", source, hm->line, tag));
    }
  throw InputError("no symmetry: neither symmetry operations (_space_group_symop_operation_xyz, "
                   "_symmetry_equiv_pos_as_xyz) nor a space-group name",
                   source + " data_" + block.name);
}

std::vector<Site> read_sites(const CifBlock& block, const std::string& source) {
  const CifLoop* loop = block.find_loop("_atom_site_fract_x");
  if (!loop)
    throw InputError("no _atom_site_fract_x loop: fractional coordinates of the atoms are needed",
                     source + " data_" + block.name);
  const int label = loop->column("_atom_site_label"), type = loop->column("_atom_site_type_symbol"),
            x = loop->column("_atom_site_fract_x"), y = loop->column("_atom_site_fract_y"),
            z = loop->column("_atom_site_fract_z"), occupancy = loop->column("_atom_site_occupancy"),
            group = loop->column("_atom_site_disorder_group"), flag = loop->column("_atom_site_calc_flag");
  if (y < 0 || z < 0) throw InputError("atom-site loop lacks _atom_site_fract_y or _z", fmt::format("{} line {}", source, loop->line));
  if (label < 0 && type < 0) throw InputError("atom-site loop has neither labels nor type symbols", fmt::format("{} line {}", source, loop->line));
  std::vector<Site> sites;
  for (const auto& row : loop->rows) {
    if (flag >= 0 && row[flag].text == "dum") continue;  // dummy atoms (e.g. ring centroids)
    Site s;
    s.label = label >= 0 ? row[label].text : row[type].text;
    const std::string where = fmt::format("{} line {} site {}", source, row[0].line, s.label);
    std::optional<int> Z;
    if (type >= 0 && !row[type].is_null()) Z = element_of(row[type].text, false);
    else Z = element_of(s.label, true);
    if (!Z) throw InputError("unknown element '" + (type >= 0 && !row[type].is_null() ? row[type].text : s.label) + "'", where);
    s.Z = *Z;
    s.fract = Eigen::Vector3d(cif_number(row[x], where + " _atom_site_fract_x"),
                              cif_number(row[y], where + " _atom_site_fract_y"),
                              cif_number(row[z], where + " _atom_site_fract_z"));
    s.occupancy = occupancy >= 0 && !row[occupancy].is_null() ? cif_number(row[occupancy], where + " _atom_site_occupancy") : 1.0;
    s.disorder_group = 0;
    if (group >= 0 && !row[group].is_null()) {
      const double g = cif_number(row[group], where + " _atom_site_disorder_group");
      s.disorder_group = static_cast<int>(g);
    }
    sites.push_back(s);
  }
  if (sites.empty()) throw InputError("no atom sites", source + " data_" + block.name);
  return sites;
}

bool is_identity(const gemmi::Op& op) {
  if (op.rot != gemmi::Op::identity().rot) return false;
  for (int t : op.tran)
    if (t % gemmi::Op::DEN != 0) return false;
  return true;
}

}  // namespace

Crystal make_crystal(const CifBlock& block, const std::string& source, const CrystalOptions& options) {
  Crystal crystal;
  crystal.name = block.name;
  const char* cell_tags[6] = {"_cell_length_a", "_cell_length_b", "_cell_length_c",
                              "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"};
  for (int k = 0; k < 6; ++k) {
    const CifValue* v = block.find(cell_tags[k]);
    if (!v) throw InputError(std::string("missing ") + cell_tags[k] + ": the unit cell is needed", source + " data_" + block.name);
    crystal.cell[k] = cif_number(*v, fmt::format("{} line {} {}", source, v->line, cell_tags[k]));
  }
  gemmi::UnitCell cell;
  cell.set(crystal.cell[0], crystal.cell[1], crystal.cell[2], crystal.cell[3], crystal.cell[4], crystal.cell[5]);
  if (!cell.is_crystal() || !(cell.volume > 0)) throw InputError("the unit cell has no volume", source + " data_" + block.name);
  Eigen::Matrix3d to_cartesian;  // fractional -> Angstrom
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) to_cartesian(i, j) = cell.orth.mat.a[i][j];
  to_cartesian *= units::angstrom_in_bohr;  // -> bohr
  for (const char* tag : {"_space_group_name_h-m_alt", "_symmetry_space_group_name_h-m"})
    if (const CifValue* hm = block.find(tag); hm && crystal.space_group.empty()) crystal.space_group = hm->text;

  const std::vector<gemmi::Op> ops = read_operations(block, source);
  crystal.operations = static_cast<int>(ops.size());
  int identity = 0;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    crystal.has_improper_operations |= ops[k].det_rot() < 0;
    if (is_identity(ops[k])) identity = static_cast<int>(k);
  }

  // Disorder: keep ordered atoms and one part.
  std::vector<Site> all_sites = read_sites(block, source), sites;
  std::set<int> groups;
  for (const auto& s : all_sites)
    if (s.disorder_group != 0) groups.insert(s.disorder_group);
  crystal.disorder_groups.assign(groups.begin(), groups.end());
  bool part_present = false;
  for (int g : groups) part_present |= std::abs(g) == options.disorder_part;
  if (!groups.empty() && !part_present)
    throw InputError(fmt::format("disorder part {} is not in the file (groups present: {})", options.disorder_part,
                                 fmt::join(crystal.disorder_groups, ", ")),
                     source + " _atom_site_disorder_group");
  if (!groups.empty())
    crystal.notes.push_back(fmt::format("disorder groups {} present; kept ordered atoms and part {}",
                                        fmt::join(crystal.disorder_groups, ", "), options.disorder_part));
  for (const auto& s : all_sites) {
    if (s.disorder_group != 0 && std::abs(s.disorder_group) != options.disorder_part) continue;
    if (s.disorder_group == 0 && s.occupancy < 0.999)
      crystal.notes.push_back(fmt::format("site {} has occupancy {} but no disorder group; kept", s.label, s.occupancy));
    sites.push_back(s);
  }

  // Symmetry expansion, wrapping into the cell; coinciding images of one site are one atom.
  const double duplicate = options.duplicate_tolerance_angstrom * units::angstrom_in_bohr;
  auto min_image_distance = [&](Eigen::Vector3d df) {
    for (int k = 0; k < 3; ++k) df(k) -= std::round(df(k));
    return (to_cartesian * df).norm();  // good enough for the small distances compared here
  };
  std::vector<CellAtom> atoms;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const std::size_t first = atoms.size();
    for (std::size_t k = 0; k < ops.size(); ++k) {
      const auto f = ops[k].apply_to_xyz({sites[s].fract.x(), sites[s].fract.y(), sites[s].fract.z()});
      Eigen::Vector3d wrapped(f[0], f[1], f[2]);
      for (int c = 0; c < 3; ++c) wrapped(c) -= std::floor(wrapped(c));
      bool seen = false;
      for (std::size_t a = first; a < atoms.size() && !seen; ++a)
        seen = min_image_distance(atoms[a].fract - wrapped) < duplicate;
      if (!seen) atoms.push_back({static_cast<int>(s), static_cast<int>(k), wrapped});
    }
  }
  crystal.atoms_in_cell = atoms.size();

  // Bonds to neighbouring cells: every image within the bond cut-off of the central cell.
  double largest_radius = 0.0;
  for (const auto& s : sites) largest_radius = std::max(largest_radius, covalent_radius_angstrom(s.Z));
  const double cutoff = (2.0 * largest_radius + options.connectivity.tolerance_angstrom) * units::angstrom_in_bohr;
  const Eigen::Matrix3d to_fractional = to_cartesian.inverse();
  Eigen::Vector3i reach;
  for (int k = 0; k < 3; ++k) reach(k) = 1 + static_cast<int>(std::ceil(cutoff * to_fractional.row(k).norm()));
  std::vector<Eigen::Vector3d> image_points;
  std::vector<std::pair<int, Eigen::Vector3i>> image_of;
  for (int i = -reach(0); i <= reach(0); ++i)
    for (int j = -reach(1); j <= reach(1); ++j)
      for (int k = -reach(2); k <= reach(2); ++k)
        for (std::size_t a = 0; a < atoms.size(); ++a) {
          const Eigen::Vector3i shift(i, j, k);
          const Eigen::Vector3d p = to_cartesian * (atoms[a].fract + shift.cast<double>());
          // Only images that can reach the central cell's atoms.
          const Eigen::Vector3d f = atoms[a].fract + shift.cast<double>();
          bool near = true;
          for (int c = 0; c < 3; ++c) near &= f(c) > -cutoff * to_fractional.row(c).norm() - 1e-9 &&
                                              f(c) < 1.0 + cutoff * to_fractional.row(c).norm() + 1e-9;
          if (!near) continue;
          image_points.push_back(p);
          image_of.emplace_back(static_cast<int>(a), shift);
        }
  const SpatialHash hash(image_points, cutoff);
  std::vector<std::vector<std::pair<int, Eigen::Vector3i>>> edges(atoms.size());
  for (std::size_t a = 0; a < atoms.size(); ++a) {
    const Eigen::Vector3d p = to_cartesian * atoms[a].fract;
    const int Za = sites[atoms[a].site].Z;
    hash.for_each_within(p, cutoff, [&](int index, double d) {
      const auto& [b, shift] = image_of[index];
      if (b == static_cast<int>(a) && shift.isZero()) return;
      if (d < duplicate && sites[atoms[b].site].Z == Za) {
        crystal.notes.push_back(fmt::format("atoms of sites {} and {} overlap ({:.3f} Angstrom) after symmetry "
                                            "expansion; both kept",
                                            sites[atoms[a].site].label, sites[atoms[b].site].label,
                                            d * units::bohr_in_angstrom));
        return;
      }
      if (is_bonded(Za, sites[atoms[b].site].Z, d, options.connectivity)) edges[a].emplace_back(b, shift);
    });
  }

  // Whole molecules: walk the bonds, giving each atom the cell shift that keeps it next to its
  // neighbours. Reaching an atom again with another shift means an infinite network.
  const int n = static_cast<int>(atoms.size());
  std::vector<int> component(n, -1);
  std::vector<Eigen::Vector3i> offset(n, Eigen::Vector3i::Zero());
  std::vector<std::vector<int>> members;
  for (int start = 0; start < n; ++start) {
    if (component[start] >= 0) continue;
    const int id = static_cast<int>(members.size());
    members.push_back({start});
    component[start] = id;
    std::vector<int> stack{start};
    while (!stack.empty()) {
      const int a = stack.back();
      stack.pop_back();
      for (const auto& [b, shift] : edges[a]) {
        const Eigen::Vector3i wanted = offset[a] + shift;
        if (component[b] < 0) {
          component[b] = id;
          offset[b] = wanted;
          members.back().push_back(b);
          stack.push_back(b);
        } else if (offset[b] != wanted) {
          throw InputError(fmt::format("sites {} and {} are bonded across the cell into an endless network "
                                       "(a polymer): no discrete molecules to extract",
                                       sites[atoms[a].site].label, sites[atoms[b].site].label),
                           source + " data_" + block.name);
        }
      }
    }
  }
  crystal.molecules_in_cell = members.size();

  // Symmetry-related molecules contain images of the same sites: group molecules by shared sites.
  std::vector<int> parent(sites.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& m : members)
    for (int a : m) parent[find(atoms[a].site)] = find(atoms[m[0]].site);
  std::map<int, std::vector<int>> classes;  // root site -> molecules
  for (std::size_t m = 0; m < members.size(); ++m) classes[find(atoms[members[m][0]].site)].push_back(static_cast<int>(m));
  std::vector<std::pair<int, CrystalMolecule>> distinct;  // (first site, molecule)
  for (const auto& [root, list] : classes) {
    // Representative: the copy with most atoms from the identity operation (the asymmetric unit).
    int best = list[0], best_count = -1;
    for (int m : list) {
      int count = 0;
      for (int a : members[m]) count += atoms[a].op == identity;
      if (count > best_count) {
        best = m;
        best_count = count;
      }
    }
    std::vector<int> order = members[best];
    std::sort(order.begin(), order.end(), [&](int x, int y) {
      return std::tie(atoms[x].site, atoms[x].op) < std::tie(atoms[y].site, atoms[y].op);
    });
    CrystalMolecule molecule;
    std::vector<Atom> cartesian;
    for (int a : order) {
      cartesian.push_back({sites[atoms[a].site].Z, to_cartesian * (atoms[a].fract + offset[a].cast<double>())});
      molecule.site_labels.push_back(sites[atoms[a].site].label);
    }
    molecule.molecule = Molecule(std::move(cartesian));
    molecule.copies_in_cell = static_cast<int>(list.size());
    distinct.emplace_back(atoms[order[0]].site, std::move(molecule));
  }
  std::sort(distinct.begin(), distinct.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& entry : distinct) crystal.molecules.push_back(std::move(entry.second));
  return crystal;
}

Crystal read_crystal(const std::string& path, const CrystalOptions& options) {
  const std::vector<CifBlock> blocks = read_cif_file(path);
  for (const auto& block : blocks)
    if (block.find_loop("_atom_site_fract_x") || block.find_loop("_atom_site_label")) return make_crystal(block, path, options);
  throw InputError("no data block with atom sites (_atom_site_fract_x)", path);
}

}  // namespace atropos
