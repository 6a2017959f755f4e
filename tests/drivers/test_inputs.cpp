// Bad input gets a clear error naming the problem and the place: one test per case.
#include <gtest/gtest.h>

#include <cmath>

#include "common/error.hpp"
#include "drivers/single_point.hpp"
#include "drivers/toml_input.hpp"

using namespace atropos;

namespace {

const char* kWaterInline = R"([molecule]
xyz = """
O 0 0 0.1173
H 0 0.7572 -0.4692
H 0 -0.7572 -0.4692
"""
)";

std::string error_of(const std::string& toml) {
  try {
    const Job job = parse_toml_job(toml, "job.toml", ".");
    validate_job(job);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string run_error_of(const std::string& toml) {
  try {
    const Job job = parse_toml_job(toml, "job.toml", ".");
    Job quiet = job;
    quiet.checkpoint.clear();
    run_single_point(quiet, Communicator(), Log::silent());
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(TomlInput, ReadsAWholeJob) {
  const Job job = parse_toml_job(std::string("method = \"HF\"\nbasis = \"cc-pVDZ\"\ncharge = 1\nmultiplicity = 2\n"
                                             "mirror = true\n[scf]\nreference = \"uhf\"\nmaxiter = 7\ne_convergence = 1e-9\n") +
                                     kWaterInline,
                                 "job.toml", ".");
  EXPECT_EQ(job.method, "hf");
  EXPECT_EQ(job.basis, "cc-pVDZ");
  EXPECT_EQ(job.molecule.size(), 3u);
  EXPECT_EQ(job.molecule.charge(), 1);
  EXPECT_EQ(job.molecule.multiplicity(), 2);
  EXPECT_TRUE(job.mirror);
  EXPECT_EQ(job.resolved_reference(), Reference::unrestricted);
  EXPECT_EQ(job.scf.max_iterations, 7);
  EXPECT_DOUBLE_EQ(job.scf.energy_threshold, 1e-9);
  EXPECT_EQ(job.checkpoint, "job.h5");
}

TEST(TomlInput, UnknownElementNamesLine) {
  const std::string e = error_of("[molecule]\nxyz = \"\"\"\nO 0 0 0\nQq 0 0 1\n\"\"\"\n");
  EXPECT_TRUE(contains(e, "unknown element 'Qq'")) << e;
  EXPECT_TRUE(contains(e, "line 2")) << e;  // second line of the inline block
}

TEST(TomlInput, MalformedXyzFileNamesLine) {
  const std::string path = std::string(ATROPOS_TEST_DATA) + "/inputs/malformed.xyz";
  const std::string e = error_of("[molecule]\nfile = \"" + path + "\"\n");
  EXPECT_TRUE(contains(e, "malformed.xyz line 4: expected three coordinates")) << e;
}

TEST(TomlInput, AtomsTooClose) {
  const std::string e = error_of("[molecule]\nxyz = \"\"\"\nH 0 0 0\nH 0 0 0.05\n\"\"\"\n");
  EXPECT_TRUE(contains(e, "atoms 1 (H) and 2 (H) are 0.0500 Angstrom apart, closer than 0.1 Angstrom")) << e;
}

TEST(TomlInput, ChargeMultiplicityMismatch) {
  const std::string e = error_of(std::string("multiplicity = 2\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "charge 0 and multiplicity 2 with 10 electrons (H2O)")) << e;
  EXPECT_TRUE(contains(e, "even electron count needs an odd multiplicity")) << e;
}

TEST(TomlInput, RestrictedReferenceNeedsSinglet) {
  const std::string e = error_of(std::string("charge = 1\nmultiplicity = 2\n[scf]\nreference = \"rhf\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "reference 'rhf' needs a singlet")) << e;
}

TEST(TomlInput, UnknownBasisSetListsAvailable) {
  const std::string e = run_error_of(std::string("basis = \"def2-XYZ\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "unknown basis set 'def2-XYZ'")) << e;
  EXPECT_TRUE(contains(e, "def2-svp")) << e;
}

TEST(TomlInput, BasisLacksElement) {
  const std::string e = run_error_of("basis = \"cc-pvdz\"\n[molecule]\nxyz = \"\"\"\nRb 0 0 0\nH 0 0 2.5\n\"\"\"\n");
  EXPECT_EQ(e, "basis set 'cc-pvdz' has no functions for element Rb (atom 1)");
}

TEST(TomlInput, UnknownKeywordAndKey) {
  std::string e = error_of(std::string("[scf]\nconvergence = 1e-8\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "job.toml line 2 [scf]: unknown keyword 'convergence'")) << e;
  EXPECT_TRUE(contains(e, "e_convergence")) << e;  // lists the known ones
  e = error_of(std::string("bassis = \"sto-3g\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "job.toml line 1: unknown key 'bassis'")) << e;
}

TEST(TomlInput, SyntaxErrorNamesLine) {
  const std::string e = error_of("method = \"hf\"\nbasis = \n");
  EXPECT_TRUE(contains(e, "job.toml line 2")) << e;
}

TEST(TomlInput, BadKeywordValue) {
  const std::string e = error_of(std::string("[scf]\nmaxiter = \"many\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "[scf] maxiter: expected a number, got \"many\"")) << e;
}

TEST(TomlInput, MissingMolecule) { EXPECT_EQ(error_of("method = \"hf\"\n"), "job.toml: no [molecule] table (give 'file' or 'xyz')"); }

TEST(TomlInput, UnknownMethod) {
  const std::string e = error_of(std::string("method = \"b3lpy\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "unknown functional 'b3lpy'")) << e;
  EXPECT_TRUE(contains(e, "b3lyp")) << e;  // suggests the close match
}

// The grid keywords: Psi4's style and scheme names map to the Psi4 specs; an explicit grid
// without them builds exactly the explicit spec of before.
TEST(TomlInput, GridStyleAndSchemes) {
  const auto spec_of = [](const std::string& scf) {
    return grid_spec(parse_toml_job(std::string("method = \"pbe\"\n[scf]\n") + scf + kWaterInline, "job.toml", "."));
  };
  const GridSpec plain = spec_of("grid = [99, 590]\n");
  const GridSpec explicit_spec = explicit_grid_spec(99, 590);
  EXPECT_EQ(plain.radial_scheme, explicit_spec.radial_scheme);
  EXPECT_EQ(plain.partition, explicit_spec.partition);
  EXPECT_EQ(plain.radial_points, explicit_spec.radial_points);
  EXPECT_FALSE(plain.prune);
  EXPECT_FALSE(plain.psi4_orientation);
  EXPECT_TRUE(std::isinf(plain.max_distance));
  EXPECT_EQ(plain.weight_threshold, explicit_spec.weight_threshold);

  const GridSpec psi4 = spec_of("grid = [99, 590]\ndft_grid_style = \"psi4\"\n");
  EXPECT_EQ(psi4.radial_scheme, RadialScheme::Psi4Treutler);
  EXPECT_EQ(psi4.partition, PartitionScheme::BeckeTreutler);
  EXPECT_TRUE(psi4.psi4_orientation);
  EXPECT_NEAR(psi4.max_distance, 14.52099859714508, 1e-12);  // def2-SVP's reach, Psi4's BasisExtents
  EXPECT_EQ(psi4.weight_threshold, 1e-15);  // zero weights dropped unless asked to keep them
  EXPECT_LT(spec_of("grid = [99, 590]\ndft_grid_style = \"psi4\"\ndft_weights_tolerance = -1\n").weight_threshold, 0.0);

  const GridSpec becke = spec_of("dft_grid_style = \"psi4\"\ndft_radial_scheme = \"becke\"\ndft_nuclear_scheme = \"becke\"\n");
  EXPECT_EQ(becke.radial_scheme, RadialScheme::Psi4Becke);
  EXPECT_EQ(becke.partition, PartitionScheme::BeckePsi4);
  EXPECT_EQ(becke.radial_points[0], 75);  // Psi4's default sizes
  EXPECT_EQ(becke.angular_points, 302);

  const GridSpec native = spec_of("grid = \"fine\"\ndft_radial_scheme = \"treutler\"\ndft_nuclear_scheme = \"treutler\"\n");
  EXPECT_EQ(native.radial_scheme, RadialScheme::TreutlerAhlrichs);
  EXPECT_EQ(native.partition, PartitionScheme::BeckeTreutler);
  EXPECT_TRUE(native.prune);
  EXPECT_EQ(spec_of("dft_nuclear_scheme = \"stratmann\"\n").partition, PartitionScheme::StratmannScuseriaFrisch);
  EXPECT_EQ(spec_of("dft_grid_style = \"psi4\"\ndft_bs_radius_alpha = 1.5\n").bs_radius_alpha, 1.5);
  EXPECT_EQ(parse_toml_job(std::string("method = \"pbe\"\n[scf]\ndf_cache_memory = 4096\n") + kWaterInline, "job.toml", ".")
                .df_cache_memory_mib,
            4096.0);
  const std::string negative = error_of(std::string("method = \"pbe\"\n[scf]\ndf_cache_memory = -1\n") + kWaterInline);
  EXPECT_TRUE(contains(negative, "df_cache_memory")) << negative;
}

TEST(TomlInput, BadGridKeywords) {
  std::string e = error_of(std::string("method = \"pbe\"\n[scf]\ndft_radial_scheme = \"laguerre\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "dft_radial_scheme: 'laguerre' is not one of: treutler, becke, mura, mura-knowles")) << e;
  e = error_of(std::string("method = \"pbe\"\n[scf]\ndft_grid_style = \"psi4\"\ngrid = \"fine\"\n") + kWaterInline);
  EXPECT_TRUE(contains(e, "dft_grid_style 'psi4' takes sizes")) << e;
}
