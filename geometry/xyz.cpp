#include "geometry/xyz.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "geometry/element.hpp"
#include "geometry/units.hpp"

namespace atropos {

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

bool parse_count(const std::string& line, long& count) {
  std::istringstream in(trim(line));
  std::string extra;
  return static_cast<bool>(in >> count) && !(in >> extra);
}

// The element column accepts a symbol ("Cu"), a crystallographic label ("Cu1") or an atomic
// number ("29").
int parse_element(const std::string& token, const std::string& where) {
  std::string element = token;
  while (!element.empty() && std::isdigit(static_cast<unsigned char>(element.back()))) element.pop_back();
  if (!element.empty()) {
    if (const auto Z = atomic_number(element)) return *Z;
  } else {
    char* end = nullptr;
    const long number = std::strtol(token.c_str(), &end, 10);
    if (*end == '\0' && number >= 1 && number <= kMaxAtomicNumber) return static_cast<int>(number);
  }
  throw InputError("unknown element '" + token + "'", where);
}

Atom parse_atom(const std::string& line, const std::string& where) {
  std::istringstream in(line);
  std::string token;
  if (!(in >> token)) throw InputError("expected an atom line 'Symbol x y z', found an empty line", where);
  const int Z = parse_element(token, where);
  double x, y, z;
  if (!(in >> x >> y >> z))
    throw InputError("expected three coordinates after '" + token + "' in '" + trim(line) + "'", where);
  if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(z))
    throw InputError("non-finite coordinate in '" + trim(line) + "'", where);
  return Atom{Z, Eigen::Vector3d(x, y, z) * units::angstrom_in_bohr};
}

}  // namespace

std::vector<XyzFrame> parse_xyz(const std::string& text, const std::string& source) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
  }
  auto where = [&](std::size_t index) { return fmt::format("{} line {}", source, index + 1); };

  std::size_t i = 0;
  while (i < lines.size() && trim(lines[i]).empty()) ++i;
  if (i == lines.size()) throw InputError("no atoms found (empty geometry)", source);

  std::vector<XyzFrame> frames;
  long count = 0;
  if (!parse_count(lines[i], count)) {
    // Bare block of atom lines.
    XyzFrame frame;
    std::vector<Atom> atoms;
    for (; i < lines.size(); ++i)
      if (!trim(lines[i]).empty()) atoms.push_back(parse_atom(lines[i], where(i)));
    frame.molecule = Molecule(std::move(atoms));
    frames.push_back(std::move(frame));
    return frames;
  }

  while (i < lines.size()) {
    if (trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    if (!parse_count(lines[i], count) || count < 1)
      throw InputError("expected a positive atom count, found '" + trim(lines[i]) + "'", where(i));
    const std::size_t header = i;
    if (i + 1 >= lines.size())
      throw InputError(fmt::format("atom count {} is followed by no comment line", count), where(i));
    XyzFrame frame;
    frame.comment = trim(lines[i + 1]);
    i += 2;
    std::vector<Atom> atoms;
    for (long k = 0; k < count; ++k, ++i) {
      if (i >= lines.size())
        throw InputError(fmt::format("file ends after {} of the {} atoms announced on line {}", k,
                                     count, header + 1),
                         where(i > 0 ? i - 1 : 0));
      atoms.push_back(parse_atom(lines[i], where(i)));
    }
    frame.molecule = Molecule(std::move(atoms));
    frames.push_back(std::move(frame));
  }
  return frames;
}

std::vector<XyzFrame> read_xyz_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot open XYZ file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_xyz(buffer.str(), path);
}

Molecule read_xyz_molecule(const std::string& path) { return read_xyz_file(path).front().molecule; }

std::string format_xyz(const Molecule& molecule, const std::string& comment) {
  std::string out = fmt::format("{}\n{}\n", molecule.size(), comment);
  for (const auto& atom : molecule.atoms()) {
    const Eigen::Vector3d r = atom.position * units::bohr_in_angstrom;
    out += fmt::format("{:<2} {:20.12f} {:20.12f} {:20.12f}\n", element_symbol(atom.Z), r.x(), r.y(), r.z());
  }
  return out;
}

void write_xyz_file(const std::string& path, const std::vector<XyzFrame>& frames) {
  std::ofstream out(path);
  if (!out) throw InputError("cannot write XYZ file '" + path + "'");
  for (const auto& frame : frames) out << format_xyz(frame.molecule, frame.comment);
}

}  // namespace atropos
