#pragma once
// A molecule: nuclei (atomic number, position in bohr), total charge and spin multiplicity.
// Replicated on every rank; cheap to copy.

#include <Eigen/Core>
#include <string>
#include <vector>

namespace atropos {

struct Atom {
  int Z = 0;
  Eigen::Vector3d position;  // bohr
};

class Molecule {
 public:
  Molecule() = default;
  Molecule(std::vector<Atom> atoms, int charge = 0, int multiplicity = 1);

  const std::vector<Atom>& atoms() const { return atoms_; }
  std::size_t size() const { return atoms_.size(); }
  const Atom& operator[](std::size_t i) const { return atoms_[i]; }

  int charge() const { return charge_; }
  int multiplicity() const { return multiplicity_; }
  void set_charge_and_multiplicity(int charge, int multiplicity);

  int nuclear_charge() const;  // sum of Z
  int electron_count() const { return nuclear_charge() - charge_; }
  int alpha_count() const { return (electron_count() + multiplicity_ - 1) / 2; }
  int beta_count() const { return (electron_count() - multiplicity_ + 1) / 2; }

  // Throws InputError when the electron count cannot have this multiplicity
  // (wrong parity, too few electrons, charge removes all electrons, multiplicity < 1).
  void validate_charge_and_multiplicity() const;
  // Throws InputError naming the pair of atoms closer than `min_angstrom`.
  void validate_distances(double min_angstrom = 0.1) const;

  double nuclear_repulsion_energy() const;  // Eh
  Eigen::Vector3d nuclear_dipole() const;   // e*bohr, about the origin

  // Positions as a natom x 3 matrix (bohr) and back.
  Eigen::MatrixX3d positions() const;
  Molecule with_positions(const Eigen::MatrixX3d& positions) const;

  std::string formula() const;  // Hill notation: C, H, then alphabetical ("C2H6O", "H2O")

 private:
  std::vector<Atom> atoms_;
  int charge_ = 0;
  int multiplicity_ = 1;
};

}  // namespace atropos
