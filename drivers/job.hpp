#pragma once
// A calculation as the user asked for it, whichever front end (TOML, QCSchema) it came from.

#include <optional>
#include <string>

#include "drivers/tasks/task_settings.hpp"
#include "geometry/molecule.hpp"
#include "scf/scf_options.hpp"

namespace atropos {

struct Job {
  std::string name = "atropos";  // label for output files (input file stem)
  Molecule molecule;             // with charge and multiplicity set
  std::string task = "energy";
  std::string method = "hf";              // "hf"/"scf", or a functional (docs/functionals.md)
  std::string basis = "def2-svp";
  std::optional<bool> pure_harmonics;      // override the basis file's convention
  std::optional<Reference> reference;      // default: restricted for singlets
  // "direct" (exact integrals), "df" (RI-J, exact K), or "auto": df for functionals without exact
  // exchange (pure LDA/GGA/meta-GGA), direct otherwise (see resolved_scf_type, single_point.hpp).
  std::string scf_type = "auto";
  std::string df_basis;                    // auxiliary basis for "df" ("" = def2-universal-jfit)
  ScfOptions scf;
  std::string guess = "sad";               // "sad", "core", "read"
  std::string guess_checkpoint;            // where "read" takes orbitals from
  std::string checkpoint;                  // HDF5 file written at the end ("" = none)
  bool mirror = false;                     // also run the mirror image and compare
  // DFT quadrature: a named level, or explicit Psi4-style sizes (0 = not given).
  std::string grid_level = "default";
  int grid_radial_points = 0;
  int grid_angular_points = 0;
  // "atropos", or "psi4": Psi4 1.3.2's grid for those sizes (docs/grids.md, "Psi4's grid").
  std::string grid_style = "atropos";
  std::string grid_radial_scheme;   // dft_radial_scheme ("" = the style's default)
  std::string grid_nuclear_scheme;  // dft_nuclear_scheme ("" = the style's default)
  // df_cache_memory: MiB per rank for keeping RI-J's screened 3-centre integrals between
  // builds (0: recompute them every build).
  double df_cache_memory_mib = 1024.0;
  double grid_bs_radius_alpha = 1.0;  // dft_bs_radius_alpha (the psi4 style's radial scales)
  // dft_weights_tolerance: grid points with |weight| at or below this (bohr^3) are dropped; < 0
  // keeps them all, as Psi4 1.3.2 does (its grids then have exactly Psi4's points).
  double grid_weight_threshold = 1e-15;
  // Kohn-Sham: converge first on a small grid (a level name), then finish on the requested one,
  // from the density reached ("auto": "coarse" unless the requested grid is no larger; "none":
  // the requested grid from the first iteration). The result is the SCF solution on the
  // requested grid either way, converged to the same thresholds (docs/xc_quadrature.md).
  std::string initial_grid = "auto";
  // RMS orbital gradient on the initial grid at which the requested grid takes over.
  double initial_grid_convergence = 1e-4;
  // Kohn-Sham gradients: include the motion of the grid with the atoms (points and partition
  // weights), making the gradient the exact derivative of the quadrature energy (docs/gradients.md).
  bool grid_response = true;
  // Geometry tasks (optimize, scan, neb, ts, frequencies): the [optimizer], [scan], [neb], [ts] and
  // [frequencies] tables (drivers/tasks/task_settings.hpp, docs/input.md).
  TaskOptions task_options;

  bool is_hartree_fock() const { return method == "hf" || method == "scf"; }

  Reference resolved_reference() const {
    if (reference) return *reference;
    return molecule.multiplicity() == 1 ? Reference::restricted : Reference::unrestricted;
  }
};

}  // namespace atropos
