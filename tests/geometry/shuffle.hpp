#pragma once
// Test helper: the same structure in a random atom order, rotated and translated, so a result
// that depends on atom order or orientation shows up. Seeded: runs are reproducible.

#include <Eigen/Geometry>
#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "geometry/molecule.hpp"

namespace atropos::testing {

// Returns the moved copy; `order[i]` is the original index of the copy's atom i.
inline Molecule shuffled_copy(const Molecule& m, unsigned seed, std::vector<int>* order = nullptr) {
  std::mt19937 rng(seed);
  std::vector<int> perm(m.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  const Eigen::Matrix3d rotation =
      Eigen::AngleAxisd(3.0 * u(rng), Eigen::Vector3d(u(rng), u(rng), u(rng)).normalized()).toRotationMatrix();
  const Eigen::Vector3d shift(5 * u(rng), 5 * u(rng), 5 * u(rng));
  std::vector<Atom> atoms;
  for (int i : perm) atoms.push_back({m[i].Z, rotation * m[i].position + shift});
  if (order) *order = perm;
  return Molecule(std::move(atoms), m.charge(), m.multiplicity());
}

}  // namespace atropos::testing
