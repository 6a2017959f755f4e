#pragma once
// Settings of the SCF iterations. Names follow Psi4's keywords where one exists.

#include <string>

namespace atropos {

enum class Reference { restricted, unrestricted };

struct ScfOptions {
  double energy_threshold = 1e-8;      // |E_n - E_(n-1)| in Eh (Psi4: e_convergence)
  double gradient_threshold = 1e-6;    // RMS of the orbital gradient X^T(FDS - SDF)X (Psi4: d_convergence)
  int max_iterations = 100;            // Psi4: maxiter
  bool allow_unconverged = false;      // otherwise non-convergence is an error (Psi4: fail_on_maxiter)

  bool diis = true;
  int diis_max_vectors = 8;
  // ADIIS while the largest orbital-gradient element is above adiis_start, DIIS below
  // diis_start, a linear blend in between (Garza & Scuseria 2012).
  bool adiis = true;
  double adiis_start = 1e-1;
  double diis_start = 1e-4;
  bool keep_subspace = false;  // return the extrapolation subspace in ScfResult (for continue_from)
  // Eh, added to the virtual orbital energies while the RMS orbital gradient is above
  // level_shift_cutoff (Psi4: level_shift, level_shift_cutoff). It shortens the occupied-virtual
  // rotations of the first iterations, which keeps small-gap systems (metal clusters) from
  // swapping orbitals back and forth: the Cu14 model cluster (PBE/def2-SVP, SAD guess) swings by
  // +-100 Eh without it and converges in 19 iterations with level_shift = 0.5. Off by default
  // (as in Psi4): a shift holds on to the occupied space it starts from and can settle on an
  // excited self-consistent state (O2 triplet UHF from the core guess: 0.26 Eh too high).
  double level_shift = 0.0;
  double level_shift_cutoff = 1e-3;
  double damping = 0.0;                // fraction of the previous density mixed in (0 = none)

  // Occupations: integer Aufbau, or the electrons of a partly filled degenerate set spread
  // evenly over it (spherical atoms for the SAD guess).
  bool fractional_degenerate_occupations = false;

  double integral_threshold = 1e-12;   // quartet screening (Psi4: ints_tolerance)
  bool incremental_fock = true;        // build G from density changes, with periodic full rebuilds
  int full_rebuild_every = 8;
  // Full builds again once the orbital gradient is below this (the last iterations decide the
  // reported energy and must not carry incremental screening errors).
  double incremental_fock_until_gradient = 1e-5;
  double linear_dependency_threshold = 1e-7;  // drop overlap eigenvalues below this (Psi4: s_tolerance)
};

}  // namespace atropos
