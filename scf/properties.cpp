#include "scf/properties.hpp"

#include "scf/one_electron_integrals.hpp"

namespace atropos {

Eigen::VectorXd mulliken_charges(const Molecule& molecule, const BasisSet& basis, const Eigen::MatrixXd& total_density,
                                 const Eigen::MatrixXd& overlap) {
  const Eigen::VectorXd populations = (total_density * overlap).diagonal();
  Eigen::VectorXd charges(molecule.size());
  for (std::size_t a = 0; a < molecule.size(); ++a) charges(a) = molecule[a].Z;
  const auto atoms = basis.function_atoms();
  for (std::size_t mu = 0; mu < atoms.size(); ++mu) charges(atoms[mu]) -= populations(mu);
  return charges;
}

Eigen::Vector3d dipole_moment(const Molecule& molecule, const BasisSet& basis, const Eigen::MatrixXd& total_density,
                              const Communicator& comm) {
  const auto integrals = compute_dipole_integrals(basis, Eigen::Vector3d::Zero(), comm);
  Eigen::Vector3d dipole = molecule.nuclear_dipole();
  for (int k = 0; k < 3; ++k) dipole(k) -= total_density.cwiseProduct(integrals[k]).sum();
  return dipole;
}

}  // namespace atropos
