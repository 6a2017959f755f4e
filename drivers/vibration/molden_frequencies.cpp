#include "drivers/vibration/molden_frequencies.hpp"

#include <fmt/format.h>

#include <fstream>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

void write_molden_frequencies(std::ostream& out, const Molecule& molecule, const HarmonicAnalysis& analysis,
                              const std::string& title) {
  const auto natom = static_cast<Eigen::Index>(molecule.size());
  if (analysis.modes_cartesian.rows() != 3 * natom)
    throw InputError("Molden output: the normal modes do not belong to this molecule");
  std::string text = "[Molden Format]\n[Title]\n" + title + "\n[Atoms] AU\n";
  for (Eigen::Index i = 0; i < natom; ++i) {
    const Atom& atom = molecule[static_cast<std::size_t>(i)];
    text += fmt::format("{:<3}{:6d}{:4d}{:20.10f}{:20.10f}{:20.10f}\n", element_symbol(atom.Z), i + 1, atom.Z,
                        atom.position.x(), atom.position.y(), atom.position.z());
  }
  text += "[FREQ]\n";
  for (Eigen::Index k = 0; k < analysis.frequencies_cm1.size(); ++k)
    text += fmt::format("{:20.10f}\n", analysis.frequencies_cm1(k));
  text += "[FR-COORD]\n";
  for (Eigen::Index i = 0; i < natom; ++i) {
    const Atom& atom = molecule[static_cast<std::size_t>(i)];
    text += fmt::format("{:<3}{:20.10f}{:20.10f}{:20.10f}\n", element_symbol(atom.Z), atom.position.x(),
                        atom.position.y(), atom.position.z());
  }
  text += "[FR-NORM-COORD]\n";
  for (Eigen::Index k = 0; k < analysis.modes_cartesian.cols(); ++k) {
    text += fmt::format("vibration {}\n", k + 1);
    for (Eigen::Index i = 0; i < natom; ++i)
      text += fmt::format("{:20.10f}{:20.10f}{:20.10f}\n", analysis.modes_cartesian(3 * i, k),
                          analysis.modes_cartesian(3 * i + 1, k), analysis.modes_cartesian(3 * i + 2, k));
  }
  out << text;
}

void write_molden_frequencies(const std::string& path, const Molecule& molecule, const HarmonicAnalysis& analysis,
                              const std::string& title) {
  std::ofstream out(path);
  if (!out) throw InputError("cannot open for writing", path);
  write_molden_frequencies(out, molecule, analysis, title);
  out.close();
  if (!out) throw InputError("cannot write the Molden file", path);
}

}  // namespace atropos
