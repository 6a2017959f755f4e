#include "scf/xc_integrator/basis_on_grid.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "scf/xc_integrator/shell_extent.hpp"
#include "scf/xc_integrator/shell_normalisation.hpp"
#include "scf/xc_integrator/solid_harmonics.hpp"

namespace atropos {

namespace {

constexpr int kMaxL = 12;

}  // namespace

BasisOnGrid::BasisOnGrid(const BasisSet& basis, double threshold)
    : function_count_(basis.function_count()), threshold_(threshold) {
  if (!(threshold > 0.0)) throw std::invalid_argument("BasisOnGrid: threshold must be positive");
  if (basis.max_l() > kMaxL)
    throw std::invalid_argument("BasisOnGrid: angular momentum above " + std::to_string(kMaxL));
  const int lmax = basis.shell_count() ? basis.max_l() : 0;
  for (int l = 0; l <= lmax; ++l) {
    cartesian_.push_back(cartesian_components(l));
    const Eigen::MatrixXd T = solid_harmonic_coefficients(l);
    std::vector<Term> terms;
    for (int m = 0; m < T.rows(); ++m)
      for (int c = 0; c < T.cols(); ++c)
        if (T(m, c) != 0.0) terms.push_back({m, c, T(m, c)});
    spherical_.push_back(std::move(terms));
  }
  shells_.reserve(basis.shell_count());
  for (std::size_t s = 0; s < basis.shell_count(); ++s) {
    const Shell& shell = basis[s];
    ShellData d;
    d.l = shell.l;
    d.pure = shell.pure;
    d.size = shell.size();
    d.first_function = basis.shell_offsets()[s];
    d.centre = shell.center;
    d.exponents = shell.exponents;
    d.coefficients = normalised_contraction(shell);
    d.extent = shell_extent(d.l, d.exponents, d.coefficients, threshold);
    shells_.push_back(std::move(d));
  }
}

void BasisOnGrid::significant_shells(const Eigen::Vector3d& centre, double radius, std::vector<int>& shells) const {
  shells.clear();
  for (std::size_t s = 0; s < shells_.size(); ++s) {
    const double reach = shells_[s].extent + radius;
    if ((shells_[s].centre - centre).squaredNorm() < reach * reach) shells.push_back(static_cast<int>(s));
  }
}

std::size_t BasisOnGrid::functions_of(const std::vector<int>& shells, std::vector<int>& functions) const {
  functions.clear();
  for (int s : shells) {
    const ShellData& d = shells_[static_cast<std::size_t>(s)];
    for (int i = 0; i < d.size; ++i) functions.push_back(static_cast<int>(d.first_function) + i);
  }
  return functions.size();
}

struct BasisOnGrid::Workspace {
  Eigen::ArrayXd x, y, z, r2, R, G, H, e, mono;
  Eigen::ArrayXXd px, py, pz;  // powers 0..l of x, y, z: n x (lmax + 1)
  Eigen::ArrayXXd cart;        // Cartesian values and derivatives before the spherical transformation
  Eigen::ArrayXXd dmono;       // second derivatives: d(x^a y^b z^d)/dx_k, n x 3
  Workspace(Eigen::Index n, int lmax, int blocks)
      : x(n),
        y(n),
        z(n),
        r2(n),
        R(n),
        G(n),
        H(blocks > 4 ? n : 0),
        e(n),
        mono(n),
        px(n, lmax + 1),
        py(n, lmax + 1),
        pz(n, lmax + 1),
        cart(n, blocks * cartesian_count(lmax)),
        dmono(blocks > 4 ? n : 0, 3) {}
};

namespace {

int blocks_for_order(int order) { return order == 0 ? 1 : (order == 1 ? 4 : BasisOnGrid::kSecondDerivativeBlocks); }

}  // namespace

void BasisOnGrid::evaluate(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells,
                           double* values, std::ptrdiff_t ld, double* dx, double* dy, double* dz) const {
  const bool gradients = dx != nullptr;
  if (gradients && (dy == nullptr || dz == nullptr))
    throw std::invalid_argument("BasisOnGrid::evaluate: give all three derivative buffers or none");
  double* const blocks[4] = {values, dx, dy, dz};
  evaluate_blocks(points, shells, gradients ? 1 : 0, blocks, ld);
}

void BasisOnGrid::evaluate_second(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells,
                                  const std::array<double*, kSecondDerivativeBlocks>& blocks, std::ptrdiff_t ld) const {
  for (double* b : blocks)
    if (b == nullptr) throw std::invalid_argument("BasisOnGrid::evaluate_second: every block needs a buffer");
  evaluate_blocks(points, shells, 2, blocks.data(), ld);
}

void BasisOnGrid::evaluate_blocks(const Eigen::Ref<const Eigen::Matrix3Xd>& points, const std::vector<int>& shells,
                                  int order, double* const* blocks, std::ptrdiff_t ld) const {
  if (ld < points.cols()) throw std::invalid_argument("BasisOnGrid::evaluate: leading dimension below point count");
  if (points.cols() == 0) return;
  const int nblocks = blocks_for_order(order);
  int lmax = 0;
  for (int s : shells) lmax = std::max(lmax, shells_.at(static_cast<std::size_t>(s)).l);
  Workspace ws(points.cols(), lmax, nblocks);
  std::ptrdiff_t offset = 0;  // column of the shell's first function
  double* shifted[kSecondDerivativeBlocks];
  for (int s : shells) {
    const ShellData& shell = shells_[static_cast<std::size_t>(s)];
    for (int k = 0; k < nblocks; ++k) shifted[k] = blocks[k] + offset * ld;
    evaluate_shell(shell, points, ws, order, shifted, ld);
    offset += shell.size;
  }
}

void BasisOnGrid::evaluate_shell(const ShellData& shell, const Eigen::Ref<const Eigen::Matrix3Xd>& points,
                                 Workspace& ws, int order, double* const* out, std::ptrdiff_t ld) const {
  using Column = Eigen::Map<Eigen::ArrayXd>;
  const Eigen::Index n = points.cols();
  const int l = shell.l;
  const bool gradients = order >= 1;
  const bool second = order >= 2;
  const int nout = blocks_for_order(order);
  const auto& components = cartesian_[static_cast<std::size_t>(l)];
  const int ncart = static_cast<int>(components.size());

  ws.x = points.row(0).transpose().array() - shell.centre.x();
  ws.y = points.row(1).transpose().array() - shell.centre.y();
  ws.z = points.row(2).transpose().array() - shell.centre.z();
  ws.r2 = ws.x.square() + ws.y.square() + ws.z.square();
  // Radial part R = sum c exp(-a r^2), G = (dR/dr) / r = sum -2 a c exp(-a r^2) and, for second
  // derivatives, H = (dG/dr) / r = sum 4 a^2 c exp(-a r^2).
  ws.R.setZero();
  ws.G.setZero();
  if (second) ws.H.setZero();
  // A steep primitive of a shell on a far atom is zero to all digits at every point of the batch:
  // skip the exponentials where |c| (4 a^2 + 1) exp(-a r^2) < 1e-30 at the nearest point (even
  // times r^l at the farthest point such a term stays 20 orders below the screening threshold).
  const double r2_nearest = ws.r2.minCoeff();
  for (std::size_t q = 0; q < shell.exponents.size(); ++q) {
    const double a = shell.exponents[q];
    const double bound = std::log(std::abs(shell.coefficients[q]) * (4.0 * a * a + 1.0)) + 69.0;  // 1e-30 = e^-69
    if (a * r2_nearest > bound) continue;
    ws.e = shell.coefficients[q] * (-a * ws.r2).exp();
    ws.R += ws.e;
    if (gradients) ws.G -= (2.0 * a) * ws.e;
    if (second) ws.H += (4.0 * a * a) * ws.e;
  }
  ws.px.col(0).setOnes();
  ws.py.col(0).setOnes();
  ws.pz.col(0).setOnes();
  for (int k = 1; k <= l; ++k) {
    ws.px.col(k) = ws.px.col(k - 1) * ws.x;
    ws.py.col(k) = ws.py.col(k - 1) * ws.y;
    ws.pz.col(k) = ws.pz.col(k - 1) * ws.z;
  }

  // Column c of output block k: straight into the caller's matrix for Cartesian shells, into the
  // scratch for spherical ones (transformed below).
  const auto target = [&](int k, int c) -> double* {
    return shell.pure ? ws.cart.col(k * ncart + c).data() : out[k] + c * ld;
  };
  for (int c = 0; c < ncart; ++c) {
    const int a = components[static_cast<std::size_t>(c)][0];
    const int b = components[static_cast<std::size_t>(c)][1];
    const int d = components[static_cast<std::size_t>(c)][2];
    ws.mono = ws.px.col(a) * ws.py.col(b) * ws.pz.col(d);
    Column(target(0, c), n) = ws.mono * ws.R;
    if (!gradients) continue;
    // d/dx (x^a y^b z^d R) = a x^(a-1) y^b z^d R + x^a y^b z^d G x
    ws.e = ws.mono * ws.G;
    Column gx(target(1, c), n), gy(target(2, c), n), gz(target(3, c), n);
    gx = ws.e * ws.x;
    gy = ws.e * ws.y;
    gz = ws.e * ws.z;
    if (a) gx += static_cast<double>(a) * ws.px.col(a - 1) * ws.py.col(b) * ws.pz.col(d) * ws.R;
    if (b) gy += static_cast<double>(b) * ws.px.col(a) * ws.py.col(b - 1) * ws.pz.col(d) * ws.R;
    if (d) gz += static_cast<double>(d) * ws.px.col(a) * ws.py.col(b) * ws.pz.col(d - 1) * ws.R;
    if (!second) continue;
    // With M = x^a y^b z^d, M_i = dM/dx_i, M_ij = d2M/dx_i dx_j:
    //   d2(M R)/dx_i dx_j = M_ij R + (M_i x_j + M_j x_i) G + M x_i x_j H + delta_ij M G
    const int e[3] = {a, b, d};
    const Eigen::ArrayXd* coordinate[3] = {&ws.x, &ws.y, &ws.z};
    // x^p y^q z^s, with the caller guaranteeing p, q, s >= 0
    const auto monomial = [&](int p, int q, int s) { return ws.px.col(p) * ws.py.col(q) * ws.pz.col(s); };
    const auto shifted = [&](int i, int di, int j, int dj) {  // exponents of M lowered by di at i, dj at j
      int p[3] = {a, b, d};
      p[i] -= di;
      p[j] -= dj;
      return monomial(p[0], p[1], p[2]);
    };
    for (int i = 0; i < 3; ++i)
      if (e[i]) ws.dmono.col(i) = static_cast<double>(e[i]) * shifted(i, 1, i, 0);
    int block = 4;
    for (int i = 0; i < 3; ++i)
      for (int j = i; j < 3; ++j, ++block) {
        Column h(target(block, c), n);
        h = ws.mono * ws.H * (*coordinate[i]) * (*coordinate[j]);
        if (i == j) h += ws.e;  // ws.e = M G
        if (e[i]) h += ws.dmono.col(i) * (*coordinate[j]) * ws.G;
        if (e[j]) h += ws.dmono.col(j) * (*coordinate[i]) * ws.G;
        if (i == j && e[i] >= 2)
          h += static_cast<double>(e[i] * (e[i] - 1)) * shifted(i, 2, i, 0) * ws.R;
        else if (i != j && e[i] && e[j])
          h += static_cast<double>(e[i] * e[j]) * shifted(i, 1, j, 1) * ws.R;
      }
  }
  if (!shell.pure) return;
  for (int k = 0; k < nout; ++k)
    for (int f = 0; f < shell.size; ++f) Column(out[k] + f * ld, n).setZero();
  for (const Term& t : spherical_[static_cast<std::size_t>(l)])
    for (int k = 0; k < nout; ++k)
      Column(out[k] + t.spherical * ld, n) += t.coefficient * ws.cart.col(k * ncart + t.cartesian);
}

Eigen::MatrixXd BasisOnGrid::values(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const {
  std::vector<int> all(shells_.size());
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = static_cast<int>(s);
  Eigen::MatrixXd phi(points.cols(), static_cast<Eigen::Index>(function_count_));
  evaluate(points, all, phi.data(), std::max<Eigen::Index>(phi.rows(), 1));
  return phi;
}

std::array<Eigen::MatrixXd, 3> BasisOnGrid::gradients(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const {
  std::vector<int> all(shells_.size());
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = static_cast<int>(s);
  Eigen::MatrixXd phi(points.cols(), static_cast<Eigen::Index>(function_count_));
  std::array<Eigen::MatrixXd, 3> g;
  for (auto& m : g) m.resize(phi.rows(), phi.cols());
  evaluate(points, all, phi.data(), std::max<Eigen::Index>(phi.rows(), 1), g[0].data(), g[1].data(), g[2].data());
  return g;
}

std::array<Eigen::MatrixXd, 6> BasisOnGrid::hessians(const Eigen::Ref<const Eigen::Matrix3Xd>& points) const {
  std::vector<int> all(shells_.size());
  for (std::size_t s = 0; s < all.size(); ++s) all[s] = static_cast<int>(s);
  const Eigen::Index rows = points.cols(), cols = static_cast<Eigen::Index>(function_count_);
  std::array<Eigen::MatrixXd, kSecondDerivativeBlocks> blocks;
  std::array<double*, kSecondDerivativeBlocks> pointers{};
  for (int k = 0; k < kSecondDerivativeBlocks; ++k) {
    blocks[static_cast<std::size_t>(k)].resize(rows, cols);
    pointers[static_cast<std::size_t>(k)] = blocks[static_cast<std::size_t>(k)].data();
  }
  evaluate_second(points, all, pointers, std::max<Eigen::Index>(rows, 1));
  std::array<Eigen::MatrixXd, 6> h;
  for (int k = 0; k < 6; ++k) h[static_cast<std::size_t>(k)] = std::move(blocks[static_cast<std::size_t>(k + 4)]);
  return h;
}

}  // namespace atropos
