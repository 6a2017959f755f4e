#include "scf/grid/molecular_grid.hpp"

#include <cmath>
#include <map>

#include "common/error.hpp"
#include "scf/grid/atomic_grid.hpp"
#include "scf/grid/orientation.hpp"
#include "scf/grid/partition.hpp"

namespace atropos {

namespace {

// Points of all atomic grids, atom after atom, before partitioning.
struct RawGrid {
  Eigen::Matrix3Xd points;
  Eigen::VectorXd atomic_weights;
  std::vector<int> atom;
  std::vector<Eigen::Index> atom_begin;  // natoms + 1 offsets
};

// Psi4's rule (MolecularGrid::remove_distant_points): a point stays when its squared distance to
// some nucleus is at most max_distance^2.
bool near_a_nucleus(const Molecule& molecule, const Eigen::Vector3d& p, double max_distance) {
  const double limit = max_distance * max_distance;
  for (const Atom& a : molecule.atoms())
    if ((p - a.position).squaredNorm() <= limit) return true;
  return false;
}

RawGrid make_raw_grid(const Molecule& molecule, const GridSpec& spec) {
  std::map<int, AtomicGrid> by_element;
  const Eigen::Matrix3d orientation =
      spec.psi4_orientation ? psi4_grid_orientation(molecule) : Eigen::Matrix3d::Identity();
  for (const Atom& a : molecule.atoms())
    if (!by_element.count(a.Z)) {
      AtomicGrid g = make_atomic_grid(a.Z, spec);
      if (spec.psi4_orientation) g.points = orientation * g.points;
      by_element.emplace(a.Z, std::move(g));
    }
  // Each atom's points that stay, in atomic-grid order.
  const bool cut = std::isfinite(spec.max_distance);
  std::vector<std::vector<Eigen::Index>> kept(molecule.size());
  RawGrid raw;
  raw.atom_begin.push_back(0);
  for (std::size_t i = 0; i < molecule.size(); ++i) {
    const AtomicGrid& g = by_element.at(molecule[i].Z);
    for (Eigen::Index k = 0; k < g.weights.size(); ++k)
      if (!cut || near_a_nucleus(molecule, g.points.col(k) + molecule[i].position, spec.max_distance))
        kept[i].push_back(k);
    raw.atom_begin.push_back(raw.atom_begin.back() + static_cast<Eigen::Index>(kept[i].size()));
  }
  const Eigen::Index total = raw.atom_begin.back();
  raw.points.resize(3, total);
  raw.atomic_weights.resize(total);
  raw.atom.resize(static_cast<std::size_t>(total));
  for (std::size_t i = 0; i < molecule.size(); ++i) {
    const AtomicGrid& g = by_element.at(molecule[i].Z);
    Eigen::Index out = raw.atom_begin[i];
    for (Eigen::Index k : kept[i]) {
      raw.points.col(out) = g.points.col(k) + molecule[i].position;
      raw.atomic_weights(out) = g.weights(k);
      raw.atom[static_cast<std::size_t>(out)] = static_cast<int>(i);
      ++out;
    }
  }
  return raw;
}

// Total weights of the points that `owns(index)` accepts; zero elsewhere.
template <typename Owns>
Eigen::VectorXd partitioned_weights(const Molecule& molecule, const GridSpec& spec, const RawGrid& raw, Owns owns) {
  const AtomicPartition partition(molecule, spec.partition);
  const Eigen::Index total = raw.atomic_weights.size();
  Eigen::VectorXd weights = Eigen::VectorXd::Zero(total);
#pragma omp parallel
  {
    AtomicPartition::Workspace work;
#pragma omp for schedule(dynamic, 512)
    for (Eigen::Index i = 0; i < total; ++i) {
      if (!owns(i)) continue;
      const int atom = raw.atom[static_cast<std::size_t>(i)];
      weights(i) = raw.atomic_weights(i) * partition.weight(atom, raw.points.col(i), work);
    }
  }
  return weights;
}

MolecularGrid assemble(const Molecule& molecule, const GridSpec& spec, const RawGrid& raw, const Eigen::VectorXd& weights) {
  MolecularGrid grid;
  std::vector<std::size_t> order;  // raw indices in final order
  order.reserve(static_cast<std::size_t>(weights.size()));
  // The kept points of all atoms, split together: where atomic grids overlap (everywhere but near
  // the nuclei) a batch then holds the nearby points of several atoms and covers a smaller region
  // than one atom's points alone would, so fewer basis functions reach it (dnbpa/def2-SVP on
  // Psi4's (99, 590) grid: sum over batches of points x functions^2 down by 22 %, XC 25 % faster).
  for (std::size_t a = 0; a < molecule.size(); ++a)
    for (Eigen::Index i = raw.atom_begin[a]; i < raw.atom_begin[a + 1]; ++i)
      if (spec.weight_threshold < 0.0 || std::abs(weights(i)) > spec.weight_threshold)
        order.push_back(static_cast<std::size_t>(i));
  grid.batches = split_into_batches(raw.points, order, spec.max_batch_points, -1);
  for (GridBatch& b : grid.batches) {
    b.atom = raw.atom[order[b.begin]];
    for (std::size_t k = b.begin; k < b.end && b.atom >= 0; ++k)
      if (raw.atom[order[k]] != b.atom) b.atom = -1;
  }
  const auto n = static_cast<Eigen::Index>(order.size());
  grid.points.resize(3, n);
  grid.weights.resize(n);
  grid.atomic_weights.resize(n);
  grid.atom_of_point.resize(order.size());
  for (Eigen::Index k = 0; k < n; ++k) {
    const auto i = static_cast<Eigen::Index>(order[static_cast<std::size_t>(k)]);
    grid.points.col(k) = raw.points.col(i);
    grid.weights(k) = weights(i);
    grid.atomic_weights(k) = raw.atomic_weights(i);
    grid.atom_of_point[static_cast<std::size_t>(k)] = raw.atom[static_cast<std::size_t>(i)];
  }
  return grid;
}

void check_molecule(const Molecule& molecule) {
  if (molecule.size() == 0) throw InputError("cannot build an integration grid for a molecule without atoms");
}

}  // namespace

MolecularGrid make_molecular_grid(const Molecule& molecule, const GridSpec& spec) {
  validate(spec);
  check_molecule(molecule);
  const RawGrid raw = make_raw_grid(molecule, spec);
  const Eigen::VectorXd weights = partitioned_weights(molecule, spec, raw, [](Eigen::Index) { return true; });
  return assemble(molecule, spec, raw, weights);
}

MolecularGrid make_molecular_grid(const Molecule& molecule, const GridSpec& spec, const Communicator& comm) {
  validate(spec);
  check_molecule(molecule);
  const RawGrid raw = make_raw_grid(molecule, spec);
  // Chunks of points dealt round-robin; x + 0 is exact, so the summed weights equal the serial
  // ones bit for bit.
  constexpr Eigen::Index kChunk = 1024;
  const Eigen::Index rank = comm.rank(), size = comm.size();
  Eigen::VectorXd weights =
      partitioned_weights(molecule, spec, raw, [=](Eigen::Index i) { return (i / kChunk) % size == rank; });
  comm.sum(weights.data(), static_cast<std::size_t>(weights.size()));
  return assemble(molecule, spec, raw, weights);
}

}  // namespace atropos
