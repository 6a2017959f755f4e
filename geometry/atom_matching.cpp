#include "geometry/atom_matching.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/SVD>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "geometry/atom_colours.hpp"
#include "geometry/hungarian.hpp"

namespace atropos {

namespace {

// A graph-isomorphism search taking more steps than this gives up (it never does on molecules
// whose colour classes come from real symmetry; the limit only bounds pathological inputs).
constexpr long kSearchStepLimit = 2'000'000;

struct Problem {
  Eigen::MatrixX3d a, b;  // centred positions, bohr
  const BondGraph* graph_a;
  const BondGraph* graph_b;
  std::vector<int> colour_a, colour_b;
  std::vector<std::vector<int>> class_a, class_b;  // atoms of each colour
};

// Best assignment within each colour class for b already moved onto a (`moved_b`).
std::vector<int> assign(const Problem& p, const Eigen::MatrixX3d& moved_b) {
  return match_points_within_classes(p.a, p.class_a, moved_b, p.class_b);
}

bool preserves_bonds(const Problem& p, const std::vector<int>& map) {
  for (const auto& [i, j] : p.graph_a->bonds())
    if (!p.graph_b->bonded(map[i], map[j])) return false;
  return true;
}

Eigen::MatrixX3d reordered(const Eigen::MatrixX3d& points, const std::vector<int>& map) {
  Eigen::MatrixX3d out(map.size(), 3);
  for (std::size_t i = 0; i < map.size(); ++i) out.row(i) = points.row(map[i]);
  return out;
}

// Depth-first isomorphism search (VF2-like), trying the closest candidates first.
class GuidedSearch {
 public:
  GuidedSearch(const Problem& p, const Eigen::MatrixX3d& moved_b) : p_(p), moved_b_(moved_b) {
    const int n = static_cast<int>(p.a.rows());
    map_.assign(n, -1);
    inverse_.assign(n, -1);
    parent_.assign(n, -1);
    // Breadth-first order over a, each component started from its rarest-colour atom.
    std::vector<int> starts(n);
    std::iota(starts.begin(), starts.end(), 0);
    std::stable_sort(starts.begin(), starts.end(), [&](int x, int y) {
      return p.class_a[p.colour_a[x]].size() < p.class_a[p.colour_a[y]].size();
    });
    std::vector<char> seen(n, 0);
    for (int s : starts) {
      if (seen[s]) continue;
      seen[s] = 1;
      std::size_t head = order_.size();
      order_.push_back(s);
      while (head < order_.size()) {
        const int i = order_[head++];
        for (int j : p.graph_a->neighbours(i))
          if (!seen[j]) {
            seen[j] = 1;
            parent_[j] = i;
            order_.push_back(j);
          }
      }
    }
  }

  // Returns the map, or nullopt when there is none (or the step limit was hit: `exhausted` false).
  // The image of the first atom decides which global automorphism the greedy search follows, so
  // every choice for it is tried and the one with the lowest RMSD after superposition is kept.
  std::optional<std::vector<int>> run() {
    std::optional<std::vector<int>> best;
    double best_rmsd = 0.0;
    const int root = order_[0];
    for (int c : p_.class_b[p_.colour_a[root]]) {
      map_[root] = c;
      inverse_[c] = root;
      if (place(1)) {
        const double rmsd = kabsch(p_.a, reordered(p_.b, map_)).rmsd;
        if (!best || rmsd < best_rmsd) {
          best = map_;
          best_rmsd = rmsd;
        }
      }
      std::fill(map_.begin(), map_.end(), -1);
      std::fill(inverse_.begin(), inverse_.end(), -1);
      if (steps_ > kSearchStepLimit) break;
    }
    return best;
  }
  bool exhausted() const { return steps_ <= kSearchStepLimit; }

 private:
  bool consistent(int a, int c) const {
    if (p_.colour_b[c] != p_.colour_a[a] || inverse_[c] >= 0) return false;
    int mapped_neighbours = 0;
    for (int x : p_.graph_a->neighbours(a))
      if (map_[x] >= 0) {
        if (!p_.graph_b->bonded(map_[x], c)) return false;
        ++mapped_neighbours;
      }
    int used_neighbours = 0;
    for (int y : p_.graph_b->neighbours(c)) used_neighbours += inverse_[y] >= 0;
    return used_neighbours == mapped_neighbours;
  }

  bool place(std::size_t k) {
    if (k == order_.size()) return true;
    if (++steps_ > kSearchStepLimit) return false;
    const int a = order_[k];
    const std::vector<int>& pool =
        parent_[a] >= 0 ? p_.graph_b->neighbours(map_[parent_[a]]) : p_.class_b[p_.colour_a[a]];
    std::vector<std::pair<double, int>> candidates;
    for (int c : pool)
      if (consistent(a, c)) candidates.emplace_back((p_.a.row(a) - moved_b_.row(c)).squaredNorm(), c);
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [distance, c] : candidates) {
      map_[a] = c;
      inverse_[c] = a;
      if (place(k + 1)) return true;
      map_[a] = -1;
      inverse_[c] = -1;
      if (steps_ > kSearchStepLimit) return false;
    }
    return false;
  }

  const Problem& p_;
  const Eigen::MatrixX3d& moved_b_;
  std::vector<int> map_, inverse_, parent_, order_;
  long steps_ = 0;
};

Eigen::Matrix3d principal_axes(const Eigen::MatrixX3d& centred, Eigen::Vector3d& moments) {
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(centred.transpose() * centred);
  moments = solver.eigenvalues();  // ascending
  return solver.eigenvectors();
}

// Rotations that map b's frame onto a's to try as starting points.
std::vector<Eigen::Matrix3d> starting_rotations(const Problem& p) {
  std::vector<Eigen::Matrix3d> starts;
  // Topologically unique atoms fix the orientation directly when they span a plane.
  std::vector<int> unique_a, unique_b;
  for (std::size_t k = 0; k < p.class_a.size(); ++k)
    if (p.class_a[k].size() == 1) {
      unique_a.push_back(p.class_a[k][0]);
      unique_b.push_back(p.class_b[k][0]);
    }
  if (unique_a.size() >= 3) {
    const Eigen::MatrixX3d ua = reordered(p.a, unique_a), ub = reordered(p.b, unique_b);
    const Eigen::MatrixX3d centred = ua.rowwise() - ua.colwise().mean();
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred);
    if (svd.singularValues()(1) > 1e-3 * std::max(1.0, svd.singularValues()(0)))
      starts.push_back(kabsch(ua, ub).rotation);
  }

  Eigen::Vector3d ma, mb;
  const Eigen::Matrix3d ea = principal_axes(p.a, ma), eb = principal_axes(p.b, mb);
  const double scale = std::max(ma(2), 1e-12);
  const bool low_pair = (ma(1) - ma(0)) < 0.05 * scale, high_pair = (ma(2) - ma(1)) < 0.05 * scale;
  std::vector<Eigen::Matrix3d> frames;  // proper rotations between the two principal frames
  if (low_pair != high_pair) {
    // Symmetric top: the angle about the unique axis is free; sample it every 30 degrees.
    for (int signs = 0; signs < 8; ++signs) {
      Eigen::Matrix3d s = Eigen::Matrix3d::Zero();
      for (int r = 0; r < 3; ++r) s(r, r) = (signs >> r & 1) ? -1.0 : 1.0;
      const Eigen::Matrix3d rotation = ea * s * eb.transpose();
      if (rotation.determinant() < 0.0) continue;
      const Eigen::Vector3d axis = ea.col(low_pair ? 2 : 0);
      for (int k = 0; k < 12; ++k)
        frames.push_back(Eigen::AngleAxisd(k * M_PI / 6.0, axis).toRotationMatrix() * rotation);
    }
  } else {
    // The 24 rotations of a cube between the principal frames: the 4 sign choices of an
    // asymmetric top plus axis swaps, which rescue conformers whose moments are re-ordered
    // and spherical tops whose axes mean nothing.
    static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (int signs = 0; signs < 8; ++signs)  // sign choices of the plain frame map first
      for (int perm = 0; perm < 6; ++perm) {
        Eigen::Matrix3d c = Eigen::Matrix3d::Zero();
        for (int r = 0; r < 3; ++r) c(r, perms[perm][r]) = (signs >> r & 1) ? -1.0 : 1.0;
        const Eigen::Matrix3d rotation = ea * c * eb.transpose();
        if (rotation.determinant() > 0.0) frames.push_back(rotation);
      }
  }
  starts.insert(starts.end(), frames.begin(), frames.end());
  return starts;
}

}  // namespace

Molecule reorder_atoms(const Molecule& molecule, const std::vector<int>& map) {
  std::vector<Atom> atoms;
  atoms.reserve(map.size());
  for (int i : map) atoms.push_back(molecule[i]);
  return Molecule(std::move(atoms), molecule.charge(), molecule.multiplicity());
}

std::optional<AtomMatch> match_atoms(const Molecule& a, const BondGraph& graph_a, const Molecule& b,
                                     const BondGraph& graph_b) {
  if (a.size() != b.size() || a.formula() != b.formula() || graph_a.bonds().size() != graph_b.bonds().size())
    return std::nullopt;
  if (a.size() == 0) return AtomMatch{};
  Problem p;
  p.graph_a = &graph_a;
  p.graph_b = &graph_b;
  p.a = a.positions();
  p.b = b.positions();
  p.a.rowwise() -= p.a.colwise().mean();
  p.b.rowwise() -= p.b.colwise().mean();
  const auto colours = refine_atom_colours({&a, &b}, {&graph_a, &graph_b});
  p.colour_a = colours[0];
  p.colour_b = colours[1];
  const int ncolours = 1 + std::max(*std::max_element(p.colour_a.begin(), p.colour_a.end()),
                                    *std::max_element(p.colour_b.begin(), p.colour_b.end()));
  p.class_a.resize(ncolours);
  p.class_b.resize(ncolours);
  for (std::size_t i = 0; i < a.size(); ++i) {
    p.class_a[p.colour_a[i]].push_back(static_cast<int>(i));
    p.class_b[p.colour_b[i]].push_back(static_cast<int>(i));
  }
  for (int k = 0; k < ncolours; ++k)
    if (p.class_a[k].size() != p.class_b[k].size()) return std::nullopt;  // different topology

  std::optional<AtomMatch> best;
  for (const Eigen::Matrix3d& start : starting_rotations(p)) {
    Eigen::MatrixX3d moved = p.b * start.transpose();
    std::vector<int> map;
    Superposition fit;
    for (int iteration = 0; iteration < 50; ++iteration) {
      std::vector<int> next = assign(p, moved);
      if (next == map) break;
      map = std::move(next);
      fit = kabsch(p.a, reordered(p.b, map));
      moved = apply(fit, p.b);
    }
    if (!preserves_bonds(p, map)) {
      // Repeated from each improved superposition until the isomorphism stops improving.
      for (int pass = 0; pass < 10; ++pass) {
        GuidedSearch search(p, moved);
        auto found = search.run();
        if (!found) {
          if (search.exhausted()) return std::nullopt;  // the graphs are not isomorphic
          break;
        }
        const Superposition refit = kabsch(p.a, reordered(p.b, *found));
        if (pass > 0 && refit.rmsd >= fit.rmsd) break;
        map = std::move(*found);
        fit = refit;
        moved = apply(fit, p.b);
      }
    }
    if (!preserves_bonds(p, map)) continue;
    if (!best || fit.rmsd < best->superposition.rmsd - 1e-12) best = AtomMatch{map, fit};
    if (best->superposition.rmsd < 1e-8) break;  // exact match: nothing can be better
  }
  if (best) {
    // Report the superposition in the original (uncentred) frames.
    best->superposition = kabsch(a.positions(), reorder_atoms(b, best->map).positions());
  }
  return best;
}

}  // namespace atropos
