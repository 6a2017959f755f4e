#include "basis/gaussian94.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

namespace {

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Fortran double precision exponents ("0.12D+01") become C ones.
double parse_number(std::string token, const std::string& where) {
  std::replace(token.begin(), token.end(), 'D', 'E');
  std::replace(token.begin(), token.end(), 'd', 'e');
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(token, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != token.size()) throw InputError("expected a number, found '" + token + "'", where);
  return value;
}

int angular_momentum(char letter) {
  static const std::string kLetters = "SPDFGHIK";
  const auto pos = kLetters.find(static_cast<char>(std::toupper(static_cast<unsigned char>(letter))));
  return pos == std::string::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

Gaussian94Library parse_gaussian94(const std::string& text, const std::string& source) {
  std::vector<std::string> lines;
  {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
  }
  auto where = [&](std::size_t i) { return fmt::format("{} line {}", source, i + 1); };
  auto ecp_header_follows = [&](std::size_t i) {
    if (i >= lines.size()) return false;
    std::istringstream ls(lower(trim(lines[i])));
    std::string first;
    ls >> first;
    return first.size() > 4 && first.compare(first.size() - 4, 4, "-ecp") == 0;
  };

  Gaussian94Library library;
  std::size_t i = 0;
  // Header: optional "spherical"/"cartesian", comments ("!"), blank lines, then "****".
  for (; i < lines.size(); ++i) {
    const std::string line = lower(trim(lines[i]));
    if (line == "spherical") library.pure = true;
    else if (line == "cartesian") library.pure = false;
    else if (line == "****") { ++i; break; }
    else if (!line.empty() && line[0] != '!')
      throw InputError("unexpected text before the first '****': '" + trim(lines[i]) + "'", where(i));
  }

  while (i < lines.size()) {
    const std::string header = trim(lines[i]);
    if (header.empty() || header[0] == '!') { ++i; continue; }
    std::istringstream hs(header);
    std::string symbol;
    hs >> symbol;
    // ECP block: "CU 0" then "CU-ECP nshell ncore" and its potentials, up to the next ECP block.
    if (ecp_header_follows(i + 1)) {
      const auto Z = atomic_number(symbol);
      if (!Z) throw InputError("unknown element in ECP block '" + header + "'", where(i));
      library.ecp_elements.insert(*Z);
      i += 2;
      while (i < lines.size() && !ecp_header_follows(i + 1)) ++i;
      continue;
    }
    const auto Z = atomic_number(symbol);
    if (!Z) {
      // A free-text title between two "****" separators (psi4-data's def2-universal-jkfit).
      std::size_t next = i + 1;
      while (next < lines.size() && trim(lines[next]).empty()) ++next;
      if (next < lines.size() && trim(lines[next]) == "****") {
        i = next + 1;
        continue;
      }
      throw InputError("unknown element '" + symbol + "' in basis block header", where(i));
    }
    std::vector<Shell>& shells = library.shells[*Z];
    if (!shells.empty()) throw InputError("element " + symbol + " appears twice", where(i));
    ++i;
    for (; i < lines.size(); ++i) {
      const std::string line = trim(lines[i]);
      if (line == "****") { ++i; break; }
      if (line.empty() || line[0] == '!') continue;
      std::istringstream ls(line);
      std::string type, count_text, scale_text;
      if (!(ls >> type >> count_text))
        throw InputError("expected a shell header 'L nprim scale', found '" + line + "'", where(i));
      const int nprim = static_cast<int>(parse_number(count_text, where(i)));
      const double scale = (ls >> scale_text) ? parse_number(scale_text, where(i)) : 1.0;
      const bool sp = lower(type) == "sp" || lower(type) == "l";
      const int l = sp ? 0 : (type.size() == 1 ? angular_momentum(type[0]) : -1);
      if (l < 0 || nprim < 1) throw InputError("bad shell header '" + line + "'", where(i));
      Shell first, second;
      first.l = l;
      first.pure = library.pure;
      second.l = 1;
      second.pure = library.pure;
      for (int k = 0; k < nprim; ++k) {
        ++i;
        if (i >= lines.size()) throw InputError("file ends inside a shell", where(i - 1));
        std::istringstream ps(trim(lines[i]));
        std::string a, c1, c2;
        if (!(ps >> a)) throw InputError("expected exponent and coefficient(s), found an empty line", where(i));
        // A one-primitive shell may omit its coefficient (psi4-data's def2-tzvpp): it is
        // normalised anyway, so 1.0 is exact.
        if (!(ps >> c1)) {
          if (nprim != 1 || sp)
            throw InputError("expected exponent and coefficient(s), found '" + trim(lines[i]) + "'", where(i));
          c1 = "1.0";
        }
        if (sp && !(ps >> c2))
          throw InputError("expected exponent and two coefficients for an SP shell, found '" + trim(lines[i]) + "'",
                           where(i));
        // The scale factor multiplies exponents (Gaussian's convention): alpha * scale^2.
        const double alpha = parse_number(a, where(i)) * scale * scale;
        first.exponents.push_back(alpha);
        first.coefficients.push_back(parse_number(c1, where(i)));
        if (sp) {
          second.exponents.push_back(alpha);
          second.coefficients.push_back(parse_number(c2, where(i)));
        }
      }
      shells.push_back(std::move(first));
      if (sp) shells.push_back(std::move(second));
    }
  }
  return library;
}

Gaussian94Library read_gaussian94_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot open basis-set file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_gaussian94(buffer.str(), path);
}

std::string format_gaussian94(const Gaussian94Library& library, const std::vector<std::string>& comment) {
  static const std::string kLetters = "SPDFGHIK";
  std::string out = library.pure ? "spherical\n" : "cartesian\n";
  for (const std::string& line : comment) out += "! " + line + "\n";
  out += "\n****\n";
  for (const auto& [Z, shells] : library.shells) {
    out += fmt::format("{}     0\n", element_symbol(Z));
    for (const Shell& s : shells) {
      if (s.l >= static_cast<int>(kLetters.size())) throw InputError(fmt::format("cannot write a shell of l = {}", s.l), "Gaussian94");
      out += fmt::format("{}   {}   1.00\n", kLetters[s.l], s.primitive_count());
      for (int p = 0; p < s.primitive_count(); ++p)
        out += fmt::format("  {:24.16e}  {:24.16e}\n", s.exponents[p], s.coefficients[p]);
    }
    out += "****\n";
  }
  return out;
}

Gaussian94Library element_library(const BasisSet& basis, const Molecule& molecule) {
  Gaussian94Library library;
  library.pure = basis.pure();
  for (std::size_t a = 0; a < molecule.size(); ++a) {
    if (library.shells.count(molecule[a].Z)) continue;
    const auto [begin, end] = basis.shells_of_atom(static_cast<int>(a));
    std::vector<Shell>& shells = library.shells[molecule[a].Z];
    for (std::size_t s = begin; s < end; ++s) {
      Shell shell = basis[s];
      shell.center = Eigen::Vector3d::Zero();
      shell.atom = -1;
      shells.push_back(std::move(shell));
    }
  }
  return library;
}

}  // namespace atropos
