#pragma once
// Model molecules on pair potentials (pair_potential_surface.hpp) for the vibration tests, and a
// per-run temporary file name shared by all ranks.

#include <unistd.h>

#include <filesystem>
#include <string>

#include "geometry/molecule.hpp"
#include "parallel/communicator.hpp"
#include "pair_potential_surface.hpp"

namespace atropos::testing {

inline Atom bohr_atom(int Z, double x, double y, double z) { return {Z, Eigen::Vector3d(x, y, z)}; }

// A bent triatomic "water" (O, H, H; bohr) and its pair terms with r0 = the actual distances
// (a minimum when c = 0: every pair at rest) or shifted (a general, non-stationary point).
inline Molecule model_water() {
  return Molecule({bohr_atom(8, 0.0, 0.0, 0.12), bohr_atom(1, 0.0, 1.43, -0.96), bohr_atom(1, 0.0, -1.43, -0.96)});
}

inline std::vector<PairTerm> pair_terms_at_rest(const Molecule& m, const std::vector<std::pair<int, int>>& pairs,
                                                const std::vector<double>& k, double c = 0.0) {
  std::vector<PairTerm> terms;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const auto [i, j] = pairs[p];
    terms.push_back({i, j, k[p], (m[i].position - m[j].position).norm(), c});
  }
  return terms;
}

// O-H 0.5, O-H 0.5, H-H 0.05 Eh/bohr^2: stretches near 4000 cm^-1, bend near 1300 cm^-1.
inline std::vector<PairTerm> model_water_terms(double c = 0.0, double r0_shift = 0.0) {
  auto terms = pair_terms_at_rest(model_water(), {{0, 1}, {0, 2}, {1, 2}}, {0.5, 0.5, 0.05}, c);
  for (auto& t : terms) t.r0 += r0_shift;
  return terms;
}

// A four-atom chain with no symmetry (all distances different), for the distributed tests.
inline Molecule model_chain() {
  return Molecule({bohr_atom(6, 0.1, -0.2, 0.05), bohr_atom(8, 2.3, 0.1, -0.1), bohr_atom(1, -0.8, -1.9, 0.3), bohr_atom(7, 3.1, 2.2, 0.4)});
}
inline std::vector<PairTerm> model_chain_terms() {
  const Molecule m = model_chain();
  std::vector<PairTerm> terms;
  double k = 0.3;
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j, k += 0.07)
      terms.push_back({i, j, k, (m[i].position - m[j].position).norm() - 0.05 * (i + j), -0.08});
  return terms;
}

// A linear symmetric triatomic (O=C=O on the x axis) at a minimum: C-O pairs stretched, the O-O
// pair compressed, forces balanced (k1 (r1 - r10) = k2 (r20 - r2)), so the bend has a restoring
// force.
inline Molecule model_co2() { return Molecule({bohr_atom(8, -2.2, 0.0, 0.0), bohr_atom(6, 0.0, 0.0, 0.0), bohr_atom(8, 2.2, 0.0, 0.0)}); }
inline std::vector<PairTerm> model_co2_terms() {
  return {{0, 1, 0.8, 2.1}, {1, 2, 0.8, 2.1}, {0, 2, 0.2, 4.4 + 0.4}};
}

// The same path on every rank (rank 0's process id), unique per test run.
inline std::string shared_temp_path(const std::string& name, const Communicator& comm) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("atropos_vib_" + std::to_string(::getpid()) + "_" + name)).string();
  comm.broadcast(path);
  return path;
}

}  // namespace atropos::testing
