// SCF checkpoint files: bitwise round trip, atomic replacement, clear errors for damaged or
// foreign files, and groups added by later stages surviving rewrites.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "common/error.hpp"
#include "io/scf_checkpoint.hpp"
#include "temporary_directory.hpp"

using namespace atropos;

namespace {

class ScfCheckpointTest : public atropos::testing::TemporaryDirectory {};

// Random doubles over the full exponent range, so every mantissa bit matters, plus values that a
// conversion or a text round trip would alter: -0, subnormals, infinities, NaN.
class RandomBits {
 public:
  explicit RandomBits(unsigned seed) : engine_(seed) {}
  double next() {
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-30, 30);
    return std::ldexp(mantissa(engine_), exponent(engine_));
  }
  Eigen::MatrixXd matrix(Eigen::Index rows, Eigen::Index cols) {
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = next();
    return m;
  }
  Eigen::VectorXd vector(Eigen::Index size) { return matrix(size, 1).col(0); }

 private:
  std::mt19937_64 engine_;
};

ScfCheckpoint random_checkpoint(unsigned seed, int natom = 5, int nbf = 13, int nmo = 11) {
  RandomBits bits(seed);
  ScfCheckpoint c;
  for (int i = 0; i < natom; ++i) c.atomic_numbers.push_back(1 + (i * 7 + static_cast<int>(seed)) % 36);
  c.geometry_bohr = bits.matrix(natom, 3);
  c.charge = -1;
  c.multiplicity = 2;
  c.method = "pbe0";
  c.basis_name = "def2-SVP";
  c.pure_harmonics = false;
  c.reference = "uks";
  c.orbitals_alpha = bits.matrix(nbf, nmo);
  c.orbitals_beta = bits.matrix(nbf, nmo - 1);
  c.orbital_energies_alpha = bits.vector(nmo);
  c.orbital_energies_beta = bits.vector(nmo - 1);
  c.occupations_alpha = bits.vector(nmo);
  c.occupations_beta = bits.vector(nmo - 1);
  c.density_alpha = bits.matrix(nbf, nbf);
  c.density_beta = bits.matrix(nbf, nbf);
  c.density_beta(0, 0) = -0.0;
  c.density_beta(1, 0) = std::numeric_limits<double>::denorm_min();
  c.density_beta(2, 0) = std::numeric_limits<double>::infinity();
  c.density_beta(3, 0) = std::numeric_limits<double>::quiet_NaN();
  c.density_beta(4, 0) = std::numeric_limits<double>::max();
  c.total_energy = -76.0 + bits.next();
  c.energy_components = {{"nuclear_repulsion", bits.next()},
                         {"one_electron", bits.next()},
                         {"exchange_correlation", bits.next()}};
  c.iterations = 17 + static_cast<int>(seed);
  c.converged = true;
  c.program_version = "atropos 0.1.0 (test)";
  return c;
}

template <typename Derived>
bool same_bits(const Eigen::DenseBase<Derived>& a, const Eigen::DenseBase<Derived>& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.derived().data(), b.derived().data(), sizeof(double) * a.size()) == 0;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_bitwise_equal(const ScfCheckpoint& a, const ScfCheckpoint& b) {
  EXPECT_EQ(a.atomic_numbers, b.atomic_numbers);
  EXPECT_TRUE(same_bits(a.geometry_bohr, b.geometry_bohr));
  EXPECT_EQ(a.charge, b.charge);
  EXPECT_EQ(a.multiplicity, b.multiplicity);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.basis_name, b.basis_name);
  EXPECT_EQ(a.pure_harmonics, b.pure_harmonics);
  EXPECT_EQ(a.reference, b.reference);
  EXPECT_TRUE(same_bits(a.orbitals_alpha, b.orbitals_alpha));
  EXPECT_TRUE(same_bits(a.orbitals_beta, b.orbitals_beta));
  EXPECT_TRUE(same_bits(a.orbital_energies_alpha, b.orbital_energies_alpha));
  EXPECT_TRUE(same_bits(a.orbital_energies_beta, b.orbital_energies_beta));
  EXPECT_TRUE(same_bits(a.occupations_alpha, b.occupations_alpha));
  EXPECT_TRUE(same_bits(a.occupations_beta, b.occupations_beta));
  EXPECT_TRUE(same_bits(a.density_alpha, b.density_alpha));
  EXPECT_TRUE(same_bits(a.density_beta, b.density_beta));
  EXPECT_TRUE(same_bits(a.total_energy, b.total_energy));
  ASSERT_EQ(a.energy_components.size(), b.energy_components.size());
  for (const auto& [name, value] : a.energy_components) {
    ASSERT_EQ(b.energy_components.count(name), 1u) << name;
    EXPECT_TRUE(same_bits(value, b.energy_components.at(name))) << name;
  }
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.converged, b.converged);
  EXPECT_EQ(a.program_version, b.program_version);
}

template <typename Action>
std::pair<std::string, std::string> input_error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return {e.where(), e.what()};
  }
  return {"", "no InputError"};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_F(ScfCheckpointTest, RoundTripIsBitwiseExact) {
  const ScfCheckpoint written = random_checkpoint(1);
  write_scf_checkpoint(path("run.chk"), written);
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), written);

  // Restricted, no energy components, empty strings, a single atom.
  ScfCheckpoint restricted = random_checkpoint(2, 1, 4, 4);
  restricted.reference = "rhf";
  restricted.method = "";
  restricted.orbitals_beta = restricted.orbitals_alpha;
  restricted.orbital_energies_beta = restricted.orbital_energies_alpha;
  restricted.occupations_beta = restricted.occupations_alpha;
  restricted.density_beta = restricted.density_alpha;
  restricted.energy_components.clear();
  restricted.converged = false;
  write_scf_checkpoint(path("run.chk"), restricted);
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), restricted);
}

TEST_F(ScfCheckpointTest, LayoutIsTheDocumentedOne) {
  const ScfCheckpoint c = random_checkpoint(3);
  write_scf_checkpoint(path("run.chk"), c);
  const Hdf5File file = Hdf5File::open_read(path("run.chk"));
  EXPECT_EQ(file.children(), (std::vector<std::string>{"energies", "model", "molecule", "scf"}));
  EXPECT_EQ(file.read_string_attribute("format"), "atropos-checkpoint");
  EXPECT_EQ(file.read_int_attribute("format_version"), 1);
  EXPECT_EQ(file.read_string_attribute("program_version"), c.program_version);
  EXPECT_EQ(file.shape("molecule/geometry_bohr"), (std::vector<std::uint64_t>{5, 3}));
  EXPECT_EQ(file.read_string_attribute("units", "molecule/geometry_bohr"), "bohr");
  EXPECT_EQ(file.shape("scf/orbitals_alpha"), (std::vector<std::uint64_t>{13, 11}));
  EXPECT_EQ(file.shape("scf/orbitals_beta"), (std::vector<std::uint64_t>{13, 10}));
  EXPECT_EQ(file.shape("scf/density_alpha"), (std::vector<std::uint64_t>{13, 13}));
  EXPECT_EQ(file.shape("energies/total"), std::vector<std::uint64_t>{});
  EXPECT_EQ(file.read_string("model/basis"), "def2-SVP");
  EXPECT_FALSE(file.read_bool("model/pure_harmonics"));
  EXPECT_EQ(file.group("energies").children(),
            (std::vector<std::string>{"exchange_correlation", "nuclear_repulsion", "one_electron", "total"}));
  // Row i of orbitals_alpha on disk is row i of the matrix (the AO index runs down the rows).
  EXPECT_EQ(file.read_matrix("scf/orbitals_alpha").row(2), c.orbitals_alpha.row(2));
}

TEST_F(ScfCheckpointTest, TemporaryFileIsGoneAfterWriting) {
  write_scf_checkpoint(path("run.chk"), random_checkpoint(4));
  EXPECT_TRUE(std::filesystem::exists(path("run.chk")));
  EXPECT_FALSE(std::filesystem::exists(path("run.chk.tmp")));
  EXPECT_EQ(atomic_temporary_path(path("run.chk")), path("run.chk.tmp"));
}

TEST_F(ScfCheckpointTest, TruncatedFileGivesInputError) {
  write_scf_checkpoint(path("run.chk"), random_checkpoint(5, 8, 60, 60));
  const std::string bytes = read_bytes(path("run.chk"));
  ASSERT_GT(bytes.size(), 20000u);
  for (const std::size_t length : {std::size_t{0}, std::size_t{4}, std::size_t{600}, bytes.size() / 2,
                                   bytes.size() - 1}) {
    write_bytes(path("cut.chk"), bytes.substr(0, length));
    const auto [where, what] = input_error_of([&] { read_scf_checkpoint(path("cut.chk")); });
    EXPECT_EQ(where, path("cut.chk")) << "length " << length << ": " << what;
    const bool explained = contains(what, "not an HDF5 file") || contains(what, "damaged or truncated");
    EXPECT_TRUE(explained) << "length " << length << ": " << what;
  }
}

TEST_F(ScfCheckpointTest, CorruptDataGivesInputError) {
  // Plant recognisable values, then flip one bit inside each on disk.
  ScfCheckpoint c = random_checkpoint(6);
  const double marker = 1234.56789012345;
  c.orbitals_alpha(7, 3) = marker;
  c.method = "marker-method-name";
  write_scf_checkpoint(path("run.chk"), c);
  const std::string bytes = read_bytes(path("run.chk"));

  const std::string marker_bytes(reinterpret_cast<const char*>(&marker), sizeof marker);
  const auto data_at = bytes.find(marker_bytes);
  ASSERT_NE(data_at, std::string::npos);
  ASSERT_EQ(bytes.find(marker_bytes, data_at + 1), std::string::npos);
  std::string damaged = bytes;
  damaged[data_at + 3] ^= 0x10;
  write_bytes(path("data.chk"), damaged);
  auto [where, what] = input_error_of([&] { read_scf_checkpoint(path("data.chk")); });
  EXPECT_EQ(where, path("data.chk") + ":/scf/orbitals_alpha") << what;
  EXPECT_TRUE(contains(what, "damaged")) << what;

  // Text stored in an object header is covered by the header checksum.
  const auto text_at = bytes.find("marker-method-name");
  ASSERT_NE(text_at, std::string::npos);
  damaged = bytes;
  damaged[text_at + 2] ^= 0x01;
  write_bytes(path("header.chk"), damaged);
  std::tie(where, what) = input_error_of([&] { read_scf_checkpoint(path("header.chk")); });
  EXPECT_EQ(where, path("header.chk") + ":/model/method") << what;
  EXPECT_TRUE(contains(what, "damaged")) << what;
}

TEST_F(ScfCheckpointTest, OtherFormatsAreRecognised) {
  write_bytes(path("text.chk"), "3\nwater\nO 0 0 0\n");
  auto error = input_error_of([&] { read_scf_checkpoint(path("text.chk")); });
  EXPECT_EQ(error.second, path("text.chk") + ": not an HDF5 file (no HDF5 signature found)");

  {
    Hdf5File other = Hdf5File::create(path("other.h5"));
    other.write_matrix("data", Eigen::MatrixXd::Ones(2, 2));
  }
  error = input_error_of([&] { read_scf_checkpoint(path("other.h5")); });
  EXPECT_EQ(error.second, path("other.h5") +
                              ": not an atropos checkpoint: the root group has no 'format' attribute "
                              "(expected format=\"atropos-checkpoint\")");

  Hdf5File::open_read_write(path("other.h5")).write_attribute("format", "psi4-wavefunction");
  error = input_error_of([&] { read_scf_checkpoint(path("other.h5")); });
  EXPECT_EQ(error.second, path("other.h5") +
                              ": not an atropos checkpoint: root attribute format is "
                              "\"psi4-wavefunction\", expected \"atropos-checkpoint\"");

  write_scf_checkpoint(path("future.chk"), random_checkpoint(7));
  Hdf5File::open_read_write(path("future.chk")).write_attribute("format_version", 2);
  error = input_error_of([&] { read_scf_checkpoint(path("future.chk")); });
  EXPECT_EQ(error.second, path("future.chk") +
                              ": checkpoint format_version 2 is newer than this program reads (1); "
                              "use a newer atropos");

  error = input_error_of([&] { read_scf_checkpoint(path("absent.chk")); });
  EXPECT_EQ(error.second, path("absent.chk") + ": file not found");
}

TEST_F(ScfCheckpointTest, MissingOrMisshapenDatasetsAreNamed) {
  const ScfCheckpoint c = random_checkpoint(8);
  write_scf_checkpoint(path("run.chk"), c);
  Hdf5File::open_read_write(path("run.chk")).remove("scf/density_beta");
  auto error = input_error_of([&] { read_scf_checkpoint(path("run.chk")); });
  EXPECT_EQ(error.second, path("run.chk") + ":/scf/density_beta: dataset not found");

  Hdf5File::open_read_write(path("run.chk")).write_matrix("scf/density_beta", Eigen::MatrixXd::Zero(13, 12));
  error = input_error_of([&] { read_scf_checkpoint(path("run.chk")); });
  EXPECT_EQ(error.second, path("run.chk") + ":/scf/density_beta: expected shape [13, 13], found [13, 12]");

  write_scf_checkpoint(path("run.chk"), c);
  Hdf5File::open_read_write(path("run.chk")).write_vector("scf/occupations_alpha", Eigen::VectorXd::Zero(3));
  error = input_error_of([&] { read_scf_checkpoint(path("run.chk")); });
  EXPECT_EQ(error.second, path("run.chk") + ":/scf/occupations_alpha: expected shape [11], found [3]");

  write_scf_checkpoint(path("run.chk"), c);
  Hdf5File::open_read_write(path("run.chk")).write_int_vector("molecule/atomic_numbers", {8, 1, 200, 1, 1});
  error = input_error_of([&] { read_scf_checkpoint(path("run.chk")); });
  EXPECT_EQ(error.second, path("run.chk") + ": inconsistent checkpoint: atomic_numbers[2] = 200 is outside 1..86");
}

TEST_F(ScfCheckpointTest, InconsistentCheckpointIsRejectedBeforeWriting) {
  ScfCheckpoint c = random_checkpoint(9);
  c.density_alpha.resize(13, 12);
  try {
    write_scf_checkpoint(path("run.chk"), c);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "write_scf_checkpoint: density_alpha is 13 x 12, expected 13 x 13 (nbf x nbf)");
  }
  c = random_checkpoint(9);
  c.energy_components["bad/name"] = 1.0;
  EXPECT_THROW(write_scf_checkpoint(path("run.chk"), c), std::invalid_argument);
  c = random_checkpoint(9);
  c.geometry_bohr.resize(4, 3);
  EXPECT_THROW(write_scf_checkpoint(path("run.chk"), c), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(path("run.chk")));
  EXPECT_FALSE(std::filesystem::exists(path("run.chk.tmp")));
}

TEST_F(ScfCheckpointTest, InterruptedWriteLeavesThePreviousCheckpointReadable) {
  const ScfCheckpoint first = random_checkpoint(10);
  const ScfCheckpoint second = random_checkpoint(11);
  write_scf_checkpoint(path("run.chk"), first);

  // A job killed while writing leaves a partial "<path>.tmp" and never renames it.
  write_scf_checkpoint(path("other.chk"), second);
  const std::string partial = read_bytes(path("other.chk"));
  write_bytes(path("run.chk.tmp"), partial.substr(0, partial.size() / 3));
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), first);

  // A failure inside the writer (here: in a later stage's callback) has the same outcome.
  EXPECT_THROW(update_checkpoint(path("run.chk"), {"gradient"},
                                 [](Hdf5Group& root) {
                                   root.write_matrix("gradient/gradient_hartree_per_bohr", Eigen::MatrixXd::Zero(5, 3));
                                   throw ComputationError("gradient blew up");
                                 }),
               ComputationError);
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), first);
  EXPECT_FALSE(open_checkpoint(path("run.chk")).has("gradient"));
  EXPECT_FALSE(std::filesystem::exists(path("run.chk.tmp")));

  // The next write replaces the stale temporary file and succeeds.
  write_bytes(path("run.chk.tmp"), partial.substr(0, 1000));
  write_scf_checkpoint(path("run.chk"), second);
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), second);
  EXPECT_FALSE(std::filesystem::exists(path("run.chk.tmp")));
}

TEST_F(ScfCheckpointTest, LaterStagesAddGroupsThatSurviveRewrites) {
  const ScfCheckpoint scf = random_checkpoint(12);
  write_scf_checkpoint(path("run.chk"), scf);
  const Eigen::MatrixXd gradient = RandomBits(99).matrix(5, 3);
  update_checkpoint(path("run.chk"), {"gradient"},
                    [&](Hdf5Group& root) { root.write_matrix("gradient/gradient_hartree_per_bohr", gradient); });
  for (const char* step : {"step_0000", "step_0001"})
    update_checkpoint(path("run.chk"), {}, [&](Hdf5Group& root) {
      root.require_group("optimization").create_group(step).write_double("energy", -1.0);
    });
  {
    const Hdf5File file = open_checkpoint(path("run.chk"));
    EXPECT_EQ(file.read_matrix("gradient/gradient_hartree_per_bohr", 5, 3), gradient);
    EXPECT_EQ(file.group("optimization").children(), (std::vector<std::string>{"step_0000", "step_0001"}));
    EXPECT_EQ(file.read_string_attribute("format"), "atropos-checkpoint");
  }
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), scf);

  // A new SCF keeps only the groups asked for: the old gradient described another wavefunction.
  const ScfCheckpoint next = random_checkpoint(13);
  write_scf_checkpoint(path("run.chk"), next, {"optimization"});
  {
    const Hdf5File file = open_checkpoint(path("run.chk"));
    EXPECT_FALSE(file.has("gradient"));
    EXPECT_TRUE(file.has("optimization/step_0001/energy"));
  }
  expect_bitwise_equal(read_scf_checkpoint(path("run.chk")), next);
  write_scf_checkpoint(path("run.chk"), next);
  EXPECT_EQ(open_checkpoint(path("run.chk")).children(),
            (std::vector<std::string>{"energies", "model", "molecule", "scf"}));

  // Only checkpoints can be updated.
  auto error = input_error_of([&] { update_checkpoint(path("absent.chk"), {}, [](Hdf5Group&) {}); });
  EXPECT_EQ(error.second, path("absent.chk") + ": file not found");
  { Hdf5File::create(path("foreign.h5")).write_int("x", 1); }
  error = input_error_of([&] { write_scf_checkpoint(path("foreign.h5"), next, {"optimization"}); });
  EXPECT_TRUE(contains(error.second, "not an atropos checkpoint")) << error.second;
  EXPECT_EQ(Hdf5File::open_read(path("foreign.h5")).read_int("x"), 1);
}

TEST_F(ScfCheckpointTest, DoesNotOverwriteOtherFiles) {
  const ScfCheckpoint c = random_checkpoint(15);
  write_bytes(path("water.xyz"), "3\nwater\nO 0 0 0\nH 0 0 1\nH 0 1 0\n");
  auto error = input_error_of([&] { write_scf_checkpoint(path("water.xyz"), c); });
  EXPECT_EQ(error.second, path("water.xyz") +
                              ": refusing to overwrite: the file is not an atropos checkpoint (not HDF5)");
  EXPECT_EQ(read_bytes(path("water.xyz")), "3\nwater\nO 0 0 0\nH 0 0 1\nH 0 1 0\n");

  { Hdf5File::create(path("data.h5")).write_int("x", 1); }
  error = input_error_of([&] { write_scf_checkpoint(path("data.h5"), c); });
  EXPECT_TRUE(contains(error.second, "refusing to overwrite")) << error.second;
  Hdf5File::open_read_write(path("data.h5")).write_attribute("format", "other-program");
  error = input_error_of([&] { write_scf_checkpoint(path("data.h5"), c); });
  EXPECT_EQ(error.second, path("data.h5") +
                              ": refusing to overwrite: the HDF5 file has format \"other-program\", not "
                              "\"atropos-checkpoint\"");
  EXPECT_EQ(Hdf5File::open_read(path("data.h5")).read_int("x"), 1);

  // Empty files and damaged checkpoints are replaced.
  write_bytes(path("empty.chk"), "");
  write_scf_checkpoint(path("empty.chk"), c);
  expect_bitwise_equal(read_scf_checkpoint(path("empty.chk")), c);
  const std::string bytes = read_bytes(path("empty.chk"));
  write_bytes(path("cut.chk"), bytes.substr(0, bytes.size() / 2));
  write_scf_checkpoint(path("cut.chk"), c);
  expect_bitwise_equal(read_scf_checkpoint(path("cut.chk")), c);
}

TEST_F(ScfCheckpointTest, RepeatedRewritesDoNotGrowTheFile) {
  // HDF5 does not reuse the space of deleted objects; rewrites copy into a fresh file instead.
  write_scf_checkpoint(path("run.chk"), random_checkpoint(14, 6, 40, 40));
  const auto replace_gradient = [&] {
    update_checkpoint(path("run.chk"), {"gradient"}, [](Hdf5Group& root) {
      root.write_matrix("gradient/gradient_hartree_per_bohr", Eigen::MatrixXd::Ones(6, 3));
    });
  };
  replace_gradient();
  const auto size_once = std::filesystem::file_size(path("run.chk"));
  for (int i = 0; i < 10; ++i) replace_gradient();
  EXPECT_EQ(std::filesystem::file_size(path("run.chk")), size_once);
}
