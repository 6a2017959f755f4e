#include "scf/hf_gradient.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "scf/one_electron_derivatives.hpp"
#include "scf/two_electron_gradient.hpp"

namespace atropos {

namespace {

void check_result(const ScfResult& result, std::size_t nbf) {
  if (!result.converged)
    throw ComputationError("analytic gradient of an unconverged SCF: the formula assumes stationary orbitals");
  const std::size_t nspin = result.orbitals.size();
  const std::size_t expected = result.reference == Reference::restricted ? 1 : 2;
  if (nspin != expected || result.orbital_energies.size() != nspin || result.occupations.size() != nspin)
    throw std::invalid_argument("compute_hf_gradient: the SCF result holds " + std::to_string(nspin) +
                                " orbital sets; its reference needs " + std::to_string(expected));
  for (std::size_t s = 0; s < nspin; ++s) {
    const Eigen::MatrixXd& C = result.orbitals[s];
    if (static_cast<std::size_t>(C.rows()) != nbf || result.orbital_energies[s].size() != C.cols() ||
        result.occupations[s].size() != C.cols())
      throw std::invalid_argument("compute_hf_gradient: orbitals of spin " + std::to_string(s) + " are " +
                                  std::to_string(C.rows()) + " x " + std::to_string(C.cols()) +
                                  " (with matching energies and occupations expected), the basis has " +
                                  std::to_string(nbf) + " functions");
  }
}

// sum_i w_i C_i C_i^T over the orbitals of one spin.
Eigen::MatrixXd weighted_density(const Eigen::MatrixXd& C, const Eigen::VectorXd& weights) {
  return C * weights.asDiagonal() * C.transpose();
}


double spin_factor(const ScfResult& result) { return result.orbitals.size() == 1 ? 2.0 : 1.0; }

// Basis-only contractions have one row per atom carrying functions; give them one per atom.
Eigen::MatrixX3d to_atom_rows(const Eigen::MatrixX3d& g, std::size_t natom) {
  Eigen::MatrixX3d out = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(natom), 3);
  out.topRows(g.rows()) = g;
  return out;
}

}  // namespace

Eigen::MatrixX3d nuclear_repulsion_gradient(const Molecule& molecule) {
  const std::size_t n = molecule.size();
  Eigen::MatrixX3d g = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(n), 3);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < a; ++b) {
      const Eigen::Vector3d r = molecule[a].position - molecule[b].position;
      const double d = r.norm();
      const Eigen::Vector3d f = -static_cast<double>(molecule[a].Z * molecule[b].Z) / (d * d * d) * r;
      g.row(static_cast<Eigen::Index>(a)) += f.transpose();
      g.row(static_cast<Eigen::Index>(b)) -= f.transpose();
    }
  return g;
}

Eigen::MatrixXd spin_density(const ScfResult& result, std::size_t spin) {
  return weighted_density(result.orbitals[spin], result.occupations[spin]);
}

Eigen::MatrixXd total_density(const ScfResult& result) {
  Eigen::MatrixXd P = spin_density(result, 0);
  for (std::size_t s = 1; s < result.orbitals.size(); ++s) P += spin_density(result, s);
  return spin_factor(result) * P;
}

Eigen::MatrixXd energy_weighted_density(const ScfResult& result) {
  Eigen::MatrixXd W = Eigen::MatrixXd::Zero(result.orbitals[0].rows(), result.orbitals[0].rows());
  for (std::size_t s = 0; s < result.orbitals.size(); ++s)
    W += weighted_density(result.orbitals[s], result.occupations[s].cwiseProduct(result.orbital_energies[s]));
  return spin_factor(result) * W;
}

ScfGradientTerms compute_hf_gradient_terms(const Molecule& molecule, const BasisSet& basis, const ScfResult& result,
                                           const Communicator& comm, const HfGradientOptions& options) {
  check_result(result, basis.function_count());
  if (options.long_range_exchange != 0.0 && options.omega <= 0.0)
    throw std::invalid_argument("compute_hf_gradient_terms: long-range exchange needs omega > 0");
  const std::size_t natom = molecule.size();
  const Eigen::MatrixXd P = total_density(result);
  const Eigen::MatrixXd W = energy_weighted_density(result);

  ScfGradientTerms terms;
  terms.nuclear_repulsion = nuclear_repulsion_gradient(molecule);
  // Checks first that the basis sits on this molecule's atoms (the other terms assume it).
  terms.nuclear_attraction = contract_nuclear_derivative(basis, molecule, P, comm);
  terms.kinetic = to_atom_rows(contract_kinetic_derivative(basis, P, comm), natom);
  terms.overlap = to_atom_rows(-contract_overlap_derivative(basis, W, comm), natom);

  // Exchange densities: restricted passes the alpha density once with the factor doubled.
  std::vector<Eigen::MatrixXd> spin_densities;
  for (std::size_t s = 0; s < result.orbitals.size(); ++s) spin_densities.push_back(spin_density(result, s));
  const double k_spin = result.orbitals.size() == 1 ? 2.0 : 1.0;

  TwoElectronGradientOptions coulomb_options;
  coulomb_options.screening_threshold = options.screening_threshold;
  terms.coulomb = terms.exchange = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(natom), 3);
  const double coulomb_factor = options.exact_coulomb ? 1.0 : 0.0;
  if (coulomb_factor != 0.0 || options.exchange_fraction != 0.0) {
    const TwoElectronGradient two = contract_two_electron_derivative(
        basis, P, coulomb_factor, spin_densities, k_spin * options.exchange_fraction, comm, coulomb_options);
    terms.coulomb = to_atom_rows(two.coulomb, natom);
    terms.exchange = to_atom_rows(two.exchange, natom);
  }

  if (options.long_range_exchange != 0.0) {
    TwoElectronGradientOptions erf_options = coulomb_options;
    erf_options.omega = options.omega;
    const TwoElectronGradient lr = contract_two_electron_derivative(
        basis, P, 0.0, spin_densities, k_spin * options.long_range_exchange, comm, erf_options);
    terms.exchange += to_atom_rows(lr.exchange, natom);
  }
  terms.xc = Eigen::MatrixX3d::Zero(static_cast<Eigen::Index>(natom), 3);
  return terms;
}

Eigen::MatrixX3d compute_hf_gradient(const Molecule& molecule, const BasisSet& basis, const ScfResult& result,
                                     const Communicator& comm, double exchange_fraction) {
  HfGradientOptions options;
  options.exchange_fraction = exchange_fraction;
  return compute_hf_gradient_terms(molecule, basis, result, comm, options).total();
}

}  // namespace atropos
