#pragma once
// Views of caller-owned buffers for evaluating a functional on a block of N grid points.
//
// Nothing here owns memory: the XC quadrature keeps its per-block buffers and points these
// views at them, so evaluation allocates nothing per block. Layouts are libxc's, all in atomic
// units, point-major with the spin components of one point adjacent:
//
//                 unpolarised        polarised (per point)
//   rho     [N]   rho                [2N]  rho_a, rho_b                       (bohr^-3)
//   sigma   [N]   grad rho.grad rho  [3N]  s_aa, s_ab, s_bb; s_ab = grad rho_a . grad rho_b
//                                                                             (bohr^-8)
//   tau     [N]   tau                [2N]  tau_a, tau_b; tau_s = 1/2 sum_i |grad phi_is|^2
//                                          (the 1/2 is libxc's convention)    (Eh bohr^-3)
//   exc     [N]   energy per electron, both cases: E_xc = sum_p w_p rho_p exc_p with
//                 rho_p the total density                                     (Eh)
//   vrho    [N]   dE/drho            [2N]  dE/drho_a, dE/drho_b               (Eh)
//   vsigma  [N]   dE/dsigma          [3N]  dE/ds_aa, dE/ds_ab, dE/ds_bb       (Eh bohr^5)
//   vtau    [N]   dE/dtau            [2N]  dE/dtau_a, dE/dtau_b               (dimensionless)
//
// "dE/dx" means the derivative of the energy density e = rho*exc per unit volume with respect
// to x at that point (libxc's v-quantities), so the potential matrix is built from them directly.

#include <cstddef>

namespace atropos {

struct XcInputs {
  std::size_t npoints = 0;
  const double* rho = nullptr;    // always required
  const double* sigma = nullptr;  // required when the functional needs_sigma()
  const double* tau = nullptr;    // required when the functional needs_tau()
};

// Any of exc / vrho may be null to skip it (energy only, or potential only). When vrho is given,
// vsigma and vtau must be given too whenever the functional needs sigma / tau.
// Every output the functional does not produce (e.g. vtau of a GGA) is left untouched.
struct XcOutputs {
  double* exc = nullptr;
  double* vrho = nullptr;
  double* vsigma = nullptr;
  double* vtau = nullptr;
};

}  // namespace atropos
