#include "scf/one_electron_derivatives.hpp"

// Only the light libint2 headers: shells (for its contraction normalisation), solid-harmonic
// coefficients and the Boys function. Not <libint2.hpp>, whose engine this file does not use.
#include <libint2/boys.h>
#include <libint2/shell.h>
#include <libint2/solidharmonics.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace atropos {

namespace {

// Method (Helgaker, Jorgensen, Olsen, "Molecular Electronic-Structure Theory", ch. 9):
// - A derivative of a Cartesian primitive moves its power up or down:
//     d/dA_x (x-A_x)^i exp(-a (x-A_x)^2) = 2a (x-A_x)^(i+1) exp(..) - i (x-A_x)^(i-1) exp(..),
//   so derivative integrals are combinations of value integrals with shifted powers.
// - Overlap and kinetic: Obara-Saika 1D overlaps. Two-centre integrals depend on A - B only, so
//   d/dB = -d/dA and only the bra derivative is computed.
// - Nuclear attraction: McMurchie-Davidson Hermite expansion. The density is folded into Hermite
//   coefficients once per primitive pair ("Hermite densities"), then each charge C costs one
//   R_tuv table. The charge's own (Hellmann-Feynman) term is d/dC R_tuv(P - C) = -R_{t+1,u,v};
//   the ket-centre term follows from translational invariance, d/dB = -(d/dA + d/dC), per C.

constexpr double kPi = 3.14159265358979323846;
// Primitive pairs with exp(-mu |A-B|^2) < exp(-55) = 1.3e-24 are skipped. A pair only gets there
// with tight primitives on different atoms or diffuse ones > 10 bohr apart; coefficients and 2a
// factors do not lift such a pair anywhere near 1e-14 of a gradient, so results are unchanged.
constexpr double kMaxPairExponent = 55.0;

// One contracted shell as the loops below want it.
struct ShellInfo {
  int l = 0;
  int atom = 0;
  Eigen::Vector3d centre;  // bohr
  std::vector<double> alpha;   // bohr^-2
  std::vector<double> coef;    // libint2's: primitive norms of x^l included, contraction unit-normalised
  std::vector<std::array<int, 3>> powers;  // Cartesian components, libint2 (CCA) order
  Eigen::MatrixXd to_spherical;  // (2l+1) x ncart rows of solid-harmonic coefficients; empty if Cartesian
  std::size_t offset = 0;        // first function in the basis
  int size = 0;                  // functions in the basis (spherical or Cartesian)
  int ncart() const { return static_cast<int>(powers.size()); }
};

std::vector<ShellInfo> prepare_shells(const BasisSet& basis) {
  std::vector<ShellInfo> shells;
  shells.reserve(basis.shell_count());
  for (std::size_t s = 0; s < basis.shell_count(); ++s) {
    const Shell& shell = basis[s];
    if (shell.l > 10) throw std::invalid_argument("one-electron derivatives: angular momentum above 10");
    ShellInfo info;
    info.l = shell.l;
    info.atom = shell.atom;
    info.centre = shell.center;
    info.alpha = shell.exponents;
    // Let libint2 scale the coefficients, so the functions are exactly those of its value integrals.
    const libint2::Shell normalised(libint2::svector<double>(shell.exponents.begin(), shell.exponents.end()),
                                    {{shell.l, shell.pure, libint2::svector<double>(shell.coefficients.begin(),
                                                                                    shell.coefficients.end())}},
                                    {shell.center.x(), shell.center.y(), shell.center.z()});
    info.coef.assign(normalised.contr[0].coeff.begin(), normalised.contr[0].coeff.end());
    for (int x = shell.l; x >= 0; --x)
      for (int y = shell.l - x; y >= 0; --y) info.powers.push_back({x, y, shell.l - x - y});
    if (shell.pure && shell.l >= 1) {  // libint2 transforms pure p shells too: order (y, z, x)
      const auto& shg = libint2::solidharmonics::SolidHarmonicsCoefficients<double>::instance(shell.l);
      info.to_spherical = Eigen::MatrixXd::Zero(2 * shell.l + 1, info.ncart());
      for (int m = 0; m < 2 * shell.l + 1; ++m)
        for (int k = 0; k < shg.nnz(m); ++k) info.to_spherical(m, shg.row_idx(m)[k]) = shg.row_values(m)[k];
    }
    info.offset = basis.shell_offsets()[s];
    info.size = shell.size();
    shells.push_back(std::move(info));
  }
  return shells;
}

// The (a, b) block of the symmetric density in Cartesian components, times `factor`:
// sum_{mu nu} D_{mu nu} M_{mu nu} = sum_{ij} Dc_{ij} Mcart_{ij} with M = C Mcart C^T.
Eigen::MatrixXd cartesian_density(const ShellInfo& a, const ShellInfo& b, const Eigen::MatrixXd& D, double factor) {
  Eigen::MatrixXd block = factor * D.block(a.offset, b.offset, a.size, b.size);
  if (a.to_spherical.size() > 0) block = a.to_spherical.transpose() * block;
  if (b.to_spherical.size() > 0) block = block * b.to_spherical;
  return block;
}

Eigen::MatrixXd symmetric_part(const Eigen::MatrixXd& D, const BasisSet& basis, const char* what) {
  const auto n = static_cast<Eigen::Index>(basis.function_count());
  if (D.rows() != n || D.cols() != n)
    throw std::invalid_argument(std::string(what) + ": density is " + std::to_string(D.rows()) + " x " +
                                std::to_string(D.cols()) + ", basis has " + std::to_string(n) + " functions");
  return 0.5 * (D + D.transpose());
}

// Deals unique shell pairs (s1 >= s2) round-robin to every (rank, thread); `work(s1, s2, ws, g)`
// adds to the worker's own rows x 3 matrix g. Thread parts are added in thread order, then one
// sum over ranks (bit-identical on every rank).
template <typename Workspace, typename Work>
Eigen::MatrixX3d sum_over_shell_pairs(std::size_t nshell, Eigen::Index rows, const Communicator& comm,
                                      const Workspace& prototype, const Work& work) {
  const int nthread = omp_get_max_threads();
  const long nworker = static_cast<long>(comm.size()) * nthread;
  std::vector<Eigen::MatrixX3d> partial(static_cast<std::size_t>(nthread), Eigen::MatrixX3d::Zero(rows, 3));
#pragma omp parallel num_threads(nthread)
  {
    const int thread = omp_get_thread_num();
    Workspace ws = prototype;
    Eigen::MatrixX3d& g = partial[static_cast<std::size_t>(thread)];
    const long worker = static_cast<long>(comm.rank()) * nthread + thread;
    long task = 0;
    for (std::size_t s1 = 0; s1 < nshell; ++s1)
      for (std::size_t s2 = 0; s2 <= s1; ++s2) {
        if (task++ % nworker != worker) continue;
        work(s1, s2, ws, g);
      }
  }
  Eigen::MatrixX3d total = Eigen::MatrixX3d::Zero(rows, 3);
  for (const auto& g : partial) total += g;
  comm.sum(total.data(), static_cast<std::size_t>(total.size()));
  return total;
}

// ---------------------------------------------------------------------------------------------
// Overlap and kinetic energy

// 1D overlaps s[i][j] = int (x-A)^i (x-B)^j exp(-p (x-P)^2) dx for i <= imax, j <= jmax (Obara-Saika;
// the factor exp(-mu (A-B)^2) is left to the caller). Row stride `ld`.
void overlap_1d(double PA, double PB, double p, int imax, int jmax, int ld, double* s) {
  const double half_over_p = 0.5 / p;
  s[0] = std::sqrt(kPi / p);
  for (int i = 0; i < imax; ++i) s[(i + 1) * ld] = PA * s[i * ld] + (i > 0 ? half_over_p * i * s[(i - 1) * ld] : 0.0);
  for (int j = 0; j < jmax; ++j)
    for (int i = 0; i <= imax; ++i) {
      double v = PB * s[i * ld + j];
      if (i > 0) v += half_over_p * i * s[(i - 1) * ld + j];
      if (j > 0) v += half_over_p * j * s[i * ld + j - 1];
      s[i * ld + j + 1] = v;
    }
}

struct TwoCentreWorkspace {
  int ld = 0;  // row stride of the 1D tables
  // per direction: overlap s, its bra derivative ds, kinetic t, its bra derivative dt
  std::array<std::vector<double>, 3> s, ds, t, dt;
  explicit TwoCentreWorkspace(int max_l) : ld(max_l + 3) {
    for (int d = 0; d < 3; ++d) {
      s[d].assign(static_cast<std::size_t>((max_l + 2) * ld), 0.0);
      ds[d] = t[d] = dt[d] = s[d];
    }
  }
};

// Adds sum_{ij} Dc_ij d<i|op|j>/dA (op = 1 or -nabla^2/2, A = centre of `a`) to g.
void two_centre_pair(const ShellInfo& a, const ShellInfo& b, const Eigen::MatrixXd& Dc, bool kinetic,
                     TwoCentreWorkspace& ws, Eigen::Vector3d& g) {
  const Eigen::Vector3d AB = a.centre - b.centre;
  const double AB2 = AB.squaredNorm();
  const int la = a.l, lb = b.l, ld = ws.ld;
  const int jmax = lb + (kinetic ? 2 : 0);
  for (std::size_t pa = 0; pa < a.alpha.size(); ++pa)
    for (std::size_t pb = 0; pb < b.alpha.size(); ++pb) {
      const double ea = a.alpha[pa], eb = b.alpha[pb], p = ea + eb, mu = ea * eb / p;
      if (mu * AB2 > kMaxPairExponent) continue;
      const Eigen::Vector3d P = (ea * a.centre + eb * b.centre) / p;
      for (int d = 0; d < 3; ++d) {
        double* s = ws.s[d].data();
        overlap_1d(P[d] - a.centre[d], P[d] - b.centre[d], p, la + 1, jmax, ld, s);
        if (kinetic) {
          // -1/2 d^2/dx^2 (x-B)^j e^{-b (x-B)^2} = -1/2 [j(j-1)(x-B)^(j-2) - 2b(2j+1)(x-B)^j + 4b^2 (x-B)^(j+2)] e^..
          double* t = ws.t[d].data();
          for (int i = 0; i <= la + 1; ++i)
            for (int j = 0; j <= lb; ++j) {
              double v = -2.0 * eb * (2 * j + 1) * s[i * ld + j] + 4.0 * eb * eb * s[i * ld + j + 2];
              if (j > 1) v += j * (j - 1) * s[i * ld + j - 2];
              t[i * ld + j] = -0.5 * v;
            }
        }
        for (int i = 0; i <= la; ++i)
          for (int j = 0; j <= lb; ++j) {
            ws.ds[d][i * ld + j] = 2.0 * ea * s[(i + 1) * ld + j] - (i > 0 ? i * s[(i - 1) * ld + j] : 0.0);
            if (kinetic)
              ws.dt[d][i * ld + j] =
                  2.0 * ea * ws.t[d][(i + 1) * ld + j] - (i > 0 ? i * ws.t[d][(i - 1) * ld + j] : 0.0);
          }
      }
      Eigen::Vector3d sum = Eigen::Vector3d::Zero();
      for (int ci = 0; ci < a.ncart(); ++ci) {
        const auto& pi = a.powers[ci];
        for (int cj = 0; cj < b.ncart(); ++cj) {
          const double w = Dc(ci, cj);
          if (w == 0.0) continue;
          const auto& pj = b.powers[cj];
          const int kx = pi[0] * ld + pj[0], ky = pi[1] * ld + pj[1], kz = pi[2] * ld + pj[2];
          const double Sx = ws.s[0][kx], Sy = ws.s[1][ky], Sz = ws.s[2][kz];
          const double dSx = ws.ds[0][kx], dSy = ws.ds[1][ky], dSz = ws.ds[2][kz];
          if (!kinetic) {
            sum += w * Eigen::Vector3d(dSx * Sy * Sz, Sx * dSy * Sz, Sx * Sy * dSz);
          } else {
            const double Tx = ws.t[0][kx], Ty = ws.t[1][ky], Tz = ws.t[2][kz];
            const double dTx = ws.dt[0][kx], dTy = ws.dt[1][ky], dTz = ws.dt[2][kz];
            sum += w * Eigen::Vector3d(dTx * Sy * Sz + dSx * (Ty * Sz + Sy * Tz),
                                       dTy * Sx * Sz + dSy * (Tx * Sz + Sx * Tz),
                                       dTz * Sx * Sy + dSz * (Tx * Sy + Sx * Ty));
          }
        }
      }
      g += std::exp(-mu * AB2) * a.coef[pa] * b.coef[pb] * sum;
    }
}

Eigen::MatrixX3d contract_two_centre(const BasisSet& basis, const Eigen::MatrixXd& D, bool kinetic,
                                     const Communicator& comm) {
  const Eigen::MatrixXd Ds = symmetric_part(D, basis, kinetic ? "contract_kinetic_derivative" : "contract_overlap_derivative");
  const auto shells = prepare_shells(basis);
  const auto rows = static_cast<Eigen::Index>(basis_atom_count(basis));
  return sum_over_shell_pairs(
      shells.size(), rows, comm, TwoCentreWorkspace(basis.max_l()),
      [&](std::size_t s1, std::size_t s2, TwoCentreWorkspace& ws, Eigen::MatrixX3d& g) {
        const ShellInfo& a = shells[s1];
        const ShellInfo& b = shells[s2];
        if (a.atom == b.atom) return;  // moving both centres together changes nothing
        // s1 != s2 here: the (b, a) block equals the transpose, hence the factor 2.
        const Eigen::MatrixXd Dc = cartesian_density(a, b, Ds, 2.0);
        Eigen::Vector3d dA = Eigen::Vector3d::Zero();
        two_centre_pair(a, b, Dc, kinetic, ws, dA);
        g.row(a.atom) += dA.transpose();
        g.row(b.atom) -= dA.transpose();  // d/dB = -d/dA for a two-centre integral
      });
}

// ---------------------------------------------------------------------------------------------
// Nuclear attraction

// Hermite expansion coefficients E[i][j][t] of (x-A)^i (x-B)^j exp(..) = sum_t E_t Lambda_t,
// i <= imax, j <= jmax, t <= i + j (without the exp(-mu (A-B)^2) factor).
struct HermiteTable {
  int ni = 0, nj = 0, nt = 0;
  std::vector<double> e;
  double& at(int i, int j, int t) { return e[static_cast<std::size_t>((i * nj + j) * nt + t)]; }
  double at(int i, int j, int t) const { return e[static_cast<std::size_t>((i * nj + j) * nt + t)]; }

  void build(double PA, double PB, double p, int imax, int jmax) {
    ni = imax + 1;
    nj = jmax + 1;
    nt = imax + jmax + 1;
    e.assign(static_cast<std::size_t>(ni * nj * nt), 0.0);
    const double half_over_p = 0.5 / p;
    at(0, 0, 0) = 1.0;
    for (int i = 0; i < imax; ++i)
      for (int t = 0; t <= i + 1; ++t) {
        double v = (t <= i ? PA * at(i, 0, t) : 0.0);
        if (t > 0) v += half_over_p * at(i, 0, t - 1);
        if (t + 1 <= i) v += (t + 1) * at(i, 0, t + 1);
        at(i + 1, 0, t) = v;
      }
    for (int j = 0; j < jmax; ++j)
      for (int i = 0; i <= imax; ++i)
        for (int t = 0; t <= i + j + 1; ++t) {
          double v = (t <= i + j ? PB * at(i, j, t) : 0.0);
          if (t > 0) v += half_over_p * at(i, j, t - 1);
          if (t + 1 <= i + j) v += (t + 1) * at(i, j, t + 1);
          at(i, j + 1, t) = v;
        }
  }
};

struct NuclearWorkspace {
  int n = 0;  // cube edge: Hermite indices t, u, v < n
  std::array<HermiteTable, 3> E;   // per direction, bra up to la + 1
  std::array<HermiteTable, 3> dE;  // bra derivative: 2a E[i+1] - i E[i-1]
  std::vector<double> h0;          // Hermite density of the values, t+u+v <= L
  std::array<std::vector<double>, 3> hA;  // of the bra derivatives, t+u+v <= L+1
  std::vector<double> r;           // R^{(m)}_{tuv}, m <= L+1 (m-major cubes)
  std::vector<double> rsum;        // sum_C -q_C R^{(0)}_tuv(C)
  std::vector<double> boys;
  std::shared_ptr<const libint2::FmEval_Chebyshev7<double>> fm;

  explicit NuclearWorkspace(int max_l) : n(2 * max_l + 2) {
    const auto cube = static_cast<std::size_t>(n * n * n);
    h0.assign(cube, 0.0);
    for (auto& h : hA) h.assign(cube, 0.0);
    r.assign(cube * static_cast<std::size_t>(n), 0.0);
    rsum.assign(cube, 0.0);
    boys.assign(static_cast<std::size_t>(n), 0.0);
    fm = libint2::FmEval_Chebyshev7<double>::instance(n - 1);
  }
  std::size_t idx(int t, int u, int v) const { return static_cast<std::size_t>((t * n + u) * n + v); }
};

// Fills ws.r with R^{(m)}_{tuv}(p, PC) for t+u+v <= N - m (the m = 0 cube holds the R_tuv wanted).
void hermite_coulomb(double p, const Eigen::Vector3d& PC, int N, NuclearWorkspace& ws) {
  const int n = ws.n;
  const std::size_t cube = static_cast<std::size_t>(n * n * n);
  ws.fm->eval(ws.boys.data(), p * PC.squaredNorm(), N);
  double factor = 1.0;  // (-2p)^m
  for (int m = 0; m <= N; ++m, factor *= -2.0 * p) ws.r[m * cube] = factor * ws.boys[m];
  for (int m = N - 1; m >= 0; --m) {
    double* out = ws.r.data() + m * cube;
    const double* in = ws.r.data() + (m + 1) * cube;
    const int top = N - m;
    for (int t = 0; t <= top; ++t)
      for (int u = 0; u <= top - t; ++u)
        for (int v = 0; v <= top - t - u; ++v) {
          if (t + u + v == 0) continue;
          double value;
          if (t > 0) {
            value = PC.x() * in[ws.idx(t - 1, u, v)] + (t > 1 ? (t - 1) * in[ws.idx(t - 2, u, v)] : 0.0);
          } else if (u > 0) {
            value = PC.y() * in[ws.idx(t, u - 1, v)] + (u > 1 ? (u - 1) * in[ws.idx(t, u - 2, v)] : 0.0);
          } else {
            value = PC.z() * in[ws.idx(t, u, v - 1)] + (v > 1 ? (v - 1) * in[ws.idx(t, u, v - 2)] : 0.0);
          }
          out[ws.idx(t, u, v)] = value;
        }
  }
}

// For one shell pair: adds the bra-centre derivative to gA, each charge's own term to
// g.row(charge_rows[C]) and minus their sum plus gA to gB (translational invariance per charge).
// Charge `skip` (or none, -1) is left out: the caller knows its three terms cancel exactly.
void nuclear_pair(const ShellInfo& a, const ShellInfo& b, const Eigen::MatrixXd& Dc,
                  const std::vector<PointCharge>& charges, const std::vector<Eigen::Index>& charge_rows, long skip,
                  NuclearWorkspace& ws, Eigen::Vector3d& gA, Eigen::Vector3d& gB, Eigen::MatrixX3d& g) {
  const Eigen::Vector3d AB = a.centre - b.centre;
  const double AB2 = AB.squaredNorm();
  const int la = a.l, lb = b.l, L = la + lb;
  for (std::size_t pa = 0; pa < a.alpha.size(); ++pa)
    for (std::size_t pb = 0; pb < b.alpha.size(); ++pb) {
      const double ea = a.alpha[pa], eb = b.alpha[pb], p = ea + eb, mu = ea * eb / p;
      if (mu * AB2 > kMaxPairExponent) continue;
      const Eigen::Vector3d P = (ea * a.centre + eb * b.centre) / p;
      for (int d = 0; d < 3; ++d) {
        ws.E[d].build(P[d] - a.centre[d], P[d] - b.centre[d], p, la + 1, lb);
        HermiteTable& dE = ws.dE[d];
        dE.ni = la + 1;
        dE.nj = lb + 1;
        dE.nt = la + lb + 2;
        dE.e.assign(static_cast<std::size_t>(dE.ni * dE.nj * dE.nt), 0.0);
        for (int i = 0; i <= la; ++i)
          for (int j = 0; j <= lb; ++j)
            for (int t = 0; t <= i + j + 1; ++t)
              dE.at(i, j, t) = 2.0 * ea * ws.E[d].at(i + 1, j, t) - (i > 0 && t <= i + j - 1 ? i * ws.E[d].at(i - 1, j, t) : 0.0);
      }
      // Hermite densities: the density folded into the expansion coefficients. Only t+u+v <= L+1 is
      // read below, so only that corner is cleared (the loops also add zeros just outside it).
      for (int t = 0; t <= L + 1; ++t)
        for (int u = 0; u <= L + 1 - t; ++u)
          for (int v = 0; v <= L + 1 - t - u; ++v) {
            const std::size_t k = ws.idx(t, u, v);
            ws.h0[k] = ws.hA[0][k] = ws.hA[1][k] = ws.hA[2][k] = ws.rsum[k] = 0.0;
          }
      for (int ci = 0; ci < a.ncart(); ++ci) {
        const auto& pi = a.powers[ci];
        for (int cj = 0; cj < b.ncart(); ++cj) {
          const double w = Dc(ci, cj);
          if (w == 0.0) continue;
          const auto& pj = b.powers[cj];
          const int tx = pi[0] + pj[0], ty = pi[1] + pj[1], tz = pi[2] + pj[2];
          // E vanishes for t > tx (and so on); the derivative tables reach one further.
          for (int t = 0; t <= tx + 1; ++t) {
            const double ex = t <= tx ? ws.E[0].at(pi[0], pj[0], t) : 0.0;
            const double dx = ws.dE[0].at(pi[0], pj[0], t);
            for (int u = 0; u <= ty + 1; ++u) {
              const double ey = u <= ty ? ws.E[1].at(pi[1], pj[1], u) : 0.0;
              const double dy = ws.dE[1].at(pi[1], pj[1], u);
              const double w_ex_ey = w * ex * ey, w_dx_ey = w * dx * ey, w_ex_dy = w * ex * dy;
              if (w_ex_ey == 0.0 && w_dx_ey == 0.0 && w_ex_dy == 0.0) continue;
              for (int v = 0; v <= tz + 1; ++v) {
                const double ez = v <= tz ? ws.E[2].at(pi[2], pj[2], v) : 0.0;
                const std::size_t k = ws.idx(t, u, v);
                ws.h0[k] += w_ex_ey * ez;
                ws.hA[0][k] += w_dx_ey * ez;
                ws.hA[1][k] += w_ex_dy * ez;
                ws.hA[2][k] += w_ex_ey * ws.dE[2].at(pi[2], pj[2], v);
              }
            }
          }
        }
      }
      const double prefactor = 2.0 * kPi / p * std::exp(-mu * AB2) * a.coef[pa] * b.coef[pb];
      Eigen::Vector3d g_charge_sum = Eigen::Vector3d::Zero();
      for (std::size_t c = 0; c < charges.size(); ++c) {
        const double q = charges[c].charge;
        if (q == 0.0 || static_cast<long>(c) == skip) continue;
        hermite_coulomb(p, P - charges[c].position, L + 1, ws);
        const double* r = ws.r.data();
        // d/dC R_tuv(P - C) = -R_{t+1,u,v}; V_C = -q (2 pi / p) K sum E R, so dV_C/dC = +q prefactor sum h0 R_{t+1}.
        double gx = 0.0, gy = 0.0, gz = 0.0;
        for (int t = 0; t <= L; ++t)
          for (int u = 0; u <= L - t; ++u)
            for (int v = 0; v <= L - t - u; ++v) {
              const double h = ws.h0[ws.idx(t, u, v)];
              gx += h * r[ws.idx(t + 1, u, v)];
              gy += h * r[ws.idx(t, u + 1, v)];
              gz += h * r[ws.idx(t, u, v + 1)];
            }
        const Eigen::Vector3d gC = q * prefactor * Eigen::Vector3d(gx, gy, gz);
        g.row(charge_rows[c]) += gC.transpose();
        g_charge_sum += gC;
        for (int t = 0; t <= L + 1; ++t)
          for (int u = 0; u <= L + 1 - t; ++u)
            for (int v = 0; v <= L + 1 - t - u; ++v) ws.rsum[ws.idx(t, u, v)] -= q * r[ws.idx(t, u, v)];
      }
      Eigen::Vector3d dA = Eigen::Vector3d::Zero();
      for (int t = 0; t <= L + 1; ++t)
        for (int u = 0; u <= L + 1 - t; ++u)
          for (int v = 0; v <= L + 1 - t - u; ++v) {
            const std::size_t k = ws.idx(t, u, v);
            dA += ws.rsum[k] * Eigen::Vector3d(ws.hA[0][k], ws.hA[1][k], ws.hA[2][k]);
          }
      dA *= prefactor;
      gA += dA;
      gB -= dA + g_charge_sum;
    }
}

// sum P dV/dR for V = sum_C -q_C/|r - C|. Basis-centre terms go to row Shell::atom, charge C's own
// term to row charge_rows[C]. With `charges_on_atoms` charge C sits on basis atom C and shares its
// row: then a shell pair on atom C needs no term from charge C (moving a one-centre system changes
// nothing), which also avoids adding and cancelling the large core terms.
Eigen::MatrixX3d contract_charges(const BasisSet& basis, const std::vector<PointCharge>& charges,
                                  const std::vector<Eigen::Index>& charge_rows, Eigen::Index rows,
                                  bool charges_on_atoms, const Eigen::MatrixXd& P, const Communicator& comm,
                                  const char* what) {
  const Eigen::MatrixXd Ps = symmetric_part(P, basis, what);
  const auto shells = prepare_shells(basis);
  return sum_over_shell_pairs(
      shells.size(), rows, comm, NuclearWorkspace(basis.max_l()),
      [&](std::size_t s1, std::size_t s2, NuclearWorkspace& ws, Eigen::MatrixX3d& g) {
        const ShellInfo& a = shells[s1];
        const ShellInfo& b = shells[s2];
        const long skip = charges_on_atoms && a.atom == b.atom ? a.atom : -1;
        const Eigen::MatrixXd Dc = cartesian_density(a, b, Ps, s1 == s2 ? 1.0 : 2.0);
        Eigen::Vector3d gA = Eigen::Vector3d::Zero(), gB = Eigen::Vector3d::Zero();
        nuclear_pair(a, b, Dc, charges, charge_rows, skip, ws, gA, gB, g);
        g.row(a.atom) += gA.transpose();
        g.row(b.atom) += gB.transpose();
      });
}

}  // namespace

std::size_t basis_atom_count(const BasisSet& basis) {
  return basis.shell_count() == 0 ? 0 : static_cast<std::size_t>(basis.shells().back().atom + 1);
}

Eigen::MatrixX3d contract_overlap_derivative(const BasisSet& basis, const Eigen::MatrixXd& W, const Communicator& comm) {
  return contract_two_centre(basis, W, false, comm);
}

Eigen::MatrixX3d contract_kinetic_derivative(const BasisSet& basis, const Eigen::MatrixXd& P, const Communicator& comm) {
  return contract_two_centre(basis, P, true, comm);
}

PointChargeDerivative contract_point_charge_derivative(const BasisSet& basis, const std::vector<PointCharge>& charges,
                                                       const Eigen::MatrixXd& P, const Communicator& comm) {
  // Rows 0 .. natom-1: basis centres; then one row per charge.
  const auto natom = static_cast<Eigen::Index>(basis_atom_count(basis));
  const auto ncharge = static_cast<Eigen::Index>(charges.size());
  std::vector<Eigen::Index> charge_rows(charges.size());
  for (Eigen::Index c = 0; c < ncharge; ++c) charge_rows[static_cast<std::size_t>(c)] = natom + c;
  const Eigen::MatrixX3d all = contract_charges(basis, charges, charge_rows, natom + ncharge, false, P, comm,
                                                "contract_point_charge_derivative");
  return {all.topRows(natom), all.bottomRows(ncharge)};
}

Eigen::MatrixX3d contract_nuclear_derivative(const BasisSet& basis, const Molecule& molecule, const Eigen::MatrixXd& P,
                                             const Communicator& comm) {
  // Nucleus C and the shells of atom C share row C: the shells must sit on those nuclei.
  for (const Shell& shell : basis.shells()) {
    if (shell.atom < 0 || static_cast<std::size_t>(shell.atom) >= molecule.size())
      throw std::invalid_argument("contract_nuclear_derivative: basis shell on atom " + std::to_string(shell.atom) +
                                  " but the molecule has " + std::to_string(molecule.size()) + " atoms");
    if ((shell.center - molecule[static_cast<std::size_t>(shell.atom)].position).norm() > 1e-10)
      throw std::invalid_argument("contract_nuclear_derivative: basis shell centre is not at atom " +
                                  std::to_string(shell.atom) + " of the molecule (basis built for another geometry?)");
  }
  std::vector<PointCharge> nuclei;
  std::vector<Eigen::Index> rows;
  for (std::size_t c = 0; c < molecule.size(); ++c) {
    nuclei.push_back({static_cast<double>(molecule[c].Z), molecule[c].position});
    rows.push_back(static_cast<Eigen::Index>(c));
  }
  return contract_charges(basis, nuclei, rows, static_cast<Eigen::Index>(molecule.size()), true, P, comm,
                          "contract_nuclear_derivative");
}

}  // namespace atropos
