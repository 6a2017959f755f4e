// The HDF5 wrapper: on-disk layout (checked with the raw C API), typed round trips, and the
// errors for missing files/objects, wrong types and wrong shapes.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstring>
#include <filesystem>

#include "common/error.hpp"
#include "io/atomic_rewrite.hpp"
#include "io/hdf5_file.hpp"
#include "temporary_directory.hpp"

using namespace atropos;

namespace {

class Hdf5FileTest : public atropos::testing::TemporaryDirectory {};

// Runs `action`, expects an InputError, returns {where, what}.
template <typename Action>
std::pair<std::string, std::string> input_error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return {e.where(), e.what()};
  }
  return {"", "no InputError"};
}

}  // namespace

TEST_F(Hdf5FileTest, MatrixIsStoredRowMajorWithItsNaturalShape) {
  Eigen::MatrixXd m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  {
    Hdf5File file = Hdf5File::create(path("m.h5"));
    file.write_matrix("m", m);
  }
  // Read with the bare C API: shape [2, 3] and the buffer in printed (row) order.
  const hid_t file = H5Fopen(path("m.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  const hid_t dataset = H5Dopen2(file, "m", H5P_DEFAULT);
  const hid_t space = H5Dget_space(dataset);
  hsize_t dims[2] = {0, 0};
  ASSERT_EQ(H5Sget_simple_extent_ndims(space), 2);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  double raw[6] = {0};
  H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw);
  H5Sclose(space);
  H5Dclose(dataset);
  H5Fclose(file);
  EXPECT_EQ(dims[0], 2u);
  EXPECT_EQ(dims[1], 3u);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(raw[i], i + 1.0) << "element " << i;

  const Hdf5File again = Hdf5File::open_read(path("m.h5"));
  EXPECT_EQ(again.shape("m"), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(again.read_matrix("m"), m);
}

TEST_F(Hdf5FileTest, TypedValuesRoundTrip) {
  Eigen::VectorXd v(4);
  v << 1.5, -0.0, 1e-310, 3.0;
  const Eigen::MatrixXd empty(0, 5);
  const Eigen::MatrixXd tall = Eigen::MatrixXd::Random(300, 700);  // several chunks
  {
    Hdf5File file = Hdf5File::create(path("t.h5"));
    file.write_double("a/b/x", -2.25);  // intermediate groups are created
    file.write_int("n", -7);
    file.write_bool("yes", true);
    file.write_string("s", "def2-SVP");
    file.write_string("empty_string", "");
    file.write_string("utf8", "\xc3\x85ngstr\xc3\xb6m");
    file.write_vector("v", v);
    file.write_matrix("empty", empty);
    file.write_matrix("tall", tall);
    file.write_int_vector("z", {8, 1, 1});
    file.write_int_vector("no_ints", {});
    file.write_attribute("title", "water");
    file.write_attribute("version", 3);
    file.write_attribute("scale", 0.5);
    file.write_attribute("units", "bohr", "a/b/x");
    file.write_int("n", 11);  // replaces
  }
  const Hdf5File file = Hdf5File::open_read(path("t.h5"));
  EXPECT_EQ(file.read_double("a/b/x"), -2.25);
  EXPECT_EQ(file.group("a").group("b").read_double("x"), -2.25);
  EXPECT_EQ(file.group("a/b").object_path(), "/a/b");
  EXPECT_EQ(file.read_int("n"), 11);
  EXPECT_TRUE(file.read_bool("yes"));
  EXPECT_EQ(file.read_string("s"), "def2-SVP");
  EXPECT_EQ(file.read_string("empty_string"), "");
  EXPECT_EQ(file.read_string("utf8"), "\xc3\x85ngstr\xc3\xb6m");
  const Eigen::VectorXd v_read = file.read_vector("v", 4);
  EXPECT_EQ(std::memcmp(v_read.data(), v.data(), sizeof(double) * 4), 0);  // -0.0 and subnormal
  EXPECT_EQ(file.read_matrix("empty", 0, 5).cols(), 5);
  EXPECT_EQ(file.read_matrix("tall"), tall);
  EXPECT_EQ(file.read_int_vector("z"), (std::vector<int>{8, 1, 1}));
  EXPECT_TRUE(file.read_int_vector("no_ints").empty());
  EXPECT_EQ(file.read_string_attribute("title"), "water");
  EXPECT_EQ(file.read_int_attribute("version"), 3);
  EXPECT_EQ(file.read_double_attribute("scale"), 0.5);
  EXPECT_EQ(file.read_string_attribute("units", "a/b/x"), "bohr");
  EXPECT_EQ(file.read_double("n"), 11.0);  // integers are accepted where numbers are expected

  EXPECT_TRUE(file.has("a/b/x"));
  EXPECT_TRUE(file.has_group("a/b"));
  EXPECT_FALSE(file.has_group("a/b/x"));
  EXPECT_TRUE(file.has_dataset("a/b/x"));
  EXPECT_FALSE(file.has("a/c/x"));
  EXPECT_FALSE(file.has("n/x"));
  EXPECT_FALSE(file.has_attribute("nope"));
  EXPECT_EQ(file.children(), (std::vector<std::string>{"a", "empty", "empty_string", "n", "no_ints",
                                                       "s", "tall", "utf8", "v", "yes", "z"}));
}

TEST_F(Hdf5FileTest, MissingFileAndNonHdf5FileNameThePath) {
  auto [where, what] = input_error_of([&] { Hdf5File::open_read(path("absent.h5")); });
  EXPECT_EQ(where, path("absent.h5"));
  EXPECT_EQ(what, path("absent.h5") + ": file not found");

  write_bytes(path("text.h5"), "this is not HDF5\n");
  std::tie(where, what) = input_error_of([&] { Hdf5File::open_read(path("text.h5")); });
  EXPECT_EQ(what, path("text.h5") + ": not an HDF5 file (no HDF5 signature found)");
  EXPECT_FALSE(is_hdf5_file(path("text.h5")));
  EXPECT_FALSE(is_hdf5_file(path("absent.h5")));

  std::tie(where, what) = input_error_of([&] { Hdf5File::create(path("no/such/dir/x.h5")); });
  EXPECT_EQ(where, path("no/such/dir/x.h5"));
  EXPECT_NE(what.find("cannot create the file"), std::string::npos) << what;
}

TEST_F(Hdf5FileTest, MissingObjectsWrongTypesAndShapesNameFileAndObject) {
  {
    Hdf5File file = Hdf5File::create(path("f.h5"));
    file.write_matrix("scf/m", Eigen::MatrixXd::Zero(2, 3));
    file.write_double("scf/x", 1.5);
    file.write_int("scf/flag", 2);
  }
  const Hdf5File file = Hdf5File::open_read(path("f.h5"));
  const Hdf5Group scf = file.group("scf");
  const std::string f = path("f.h5");

  auto error = input_error_of([&] { scf.read_matrix("absent"); });
  EXPECT_EQ(error.second, f + ":/scf/absent: dataset not found");
  error = input_error_of([&] { file.group("nothing"); });
  EXPECT_EQ(error.second, f + ":/nothing: group not found");
  error = input_error_of([&] { file.read_double("scf"); });
  EXPECT_EQ(error.second, f + ":/scf: expected a dataset, found a group");
  error = input_error_of([&] { scf.read_matrix("m", 3, 3); });
  EXPECT_EQ(error.first, f + ":/scf/m");
  EXPECT_EQ(error.second, f + ":/scf/m: expected shape [3, 3], found [2, 3]");
  error = input_error_of([&] { scf.read_vector("m"); });
  EXPECT_EQ(error.second, f + ":/scf/m: expected a 1-D dataset, found shape [2, 3]");
  error = input_error_of([&] { scf.read_double("m"); });
  EXPECT_EQ(error.second, f + ":/scf/m: expected a scalar dataset, found shape [2, 3]");
  error = input_error_of([&] { scf.read_int("x"); });
  EXPECT_EQ(error.second, f + ":/scf/x: expected integer data, found floating-point data");
  error = input_error_of([&] { scf.read_string("x"); });
  EXPECT_EQ(error.second, f + ":/scf/x: expected string data, found floating-point data");
  error = input_error_of([&] { scf.read_bool("flag"); });
  EXPECT_EQ(error.second, f + ":/scf/flag: expected a boolean (0 or 1), found 2");
  error = input_error_of([&] { file.read_string_attribute("format"); });
  EXPECT_EQ(error.second, f + ":/ attribute 'format': attribute not found");
}

TEST_F(Hdf5FileTest, FailuresPrintNothingAndRestoreHdf5ErrorPrinting) {
  H5E_auto2_t before = nullptr;
  void* before_data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &before, &before_data);
  ASSERT_NE(before, nullptr) << "HDF5 prints errors by default; the test relies on it";
  {
    Hdf5File file = Hdf5File::create(path("q.h5"));
    file.write_double("x", 1.0);
  }
  write_bytes(path("text.h5"), "not hdf5");
  ::testing::internal::CaptureStderr();
  const Hdf5File file = Hdf5File::open_read(path("q.h5"));
  EXPECT_THROW(file.read_double("a/b/c"), InputError);
  EXPECT_THROW(file.read_int("x"), InputError);
  EXPECT_THROW(file.read_string_attribute("nothing", "x"), InputError);
  EXPECT_THROW(Hdf5File::open_read(path("text.h5")), InputError);
  EXPECT_FALSE(file.has("x/y/z"));
  EXPECT_FALSE(file.has_attribute("nothing", "absent"));
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(printed, "");
  H5E_auto2_t after = nullptr;
  void* after_data = nullptr;
  H5Eget_auto2(H5E_DEFAULT, &after, &after_data);
  EXPECT_EQ(after, before);
  EXPECT_EQ(after_data, before_data);
}

TEST_F(Hdf5FileTest, CopiesObjectsAndAttributesAcrossFiles) {
  {
    Hdf5File source = Hdf5File::create(path("source.h5"));
    source.write_attribute("format", "test-format");
    source.write_attribute("count", 4);
    source.write_matrix("group/m", Eigen::MatrixXd::Identity(3, 3));
    source.write_attribute("units", "bohr", "group/m");
  }
  {
    const Hdf5File source = Hdf5File::open_read(path("source.h5"));
    Hdf5File target = Hdf5File::create(path("target.h5"));
    target.write_attribute("count", 1);  // replaced by the copy
    source.copy_attributes_to(target);
    source.copy_to("group", target);
    target.close();
    target.close();  // idempotent
  }
  const Hdf5File target = Hdf5File::open_read(path("target.h5"));
  EXPECT_EQ(target.read_string_attribute("format"), "test-format");
  EXPECT_EQ(target.read_int_attribute("count"), 4);
  EXPECT_EQ(target.read_matrix("group/m", 3, 3), Eigen::MatrixXd::Identity(3, 3));
  EXPECT_EQ(target.read_string_attribute("units", "group/m"), "bohr");
}

TEST_F(Hdf5FileTest, CloseRefusesWhileGroupsAreStillOpen) {
  Hdf5File file = Hdf5File::create(path("open.h5"));
  const Hdf5Group held = file.create_group("held");
  EXPECT_THROW(file.close(), std::logic_error);
}

TEST_F(Hdf5FileTest, AtomicRewriteLeavesTheOldFileWhenWritingFails) {
  rewrite_hdf5_file_atomically(path("a.h5"), nullptr, [](Hdf5Group& root) { root.write_int("generation", 1); });
  EXPECT_FALSE(std::filesystem::exists(path("a.h5.tmp")));
  EXPECT_THROW(rewrite_hdf5_file_atomically(path("a.h5"), nullptr,
                                            [](Hdf5Group& root) {
                                              root.write_int("generation", 2);
                                              throw std::runtime_error("killed half-way");
                                            }),
               std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(path("a.h5.tmp")));
  EXPECT_EQ(Hdf5File::open_read(path("a.h5")).read_int("generation"), 1);

  // keep: selected top-level objects and all root attributes survive; others do not.
  rewrite_hdf5_file_atomically(path("a.h5"), nullptr, [](Hdf5Group& root) {
    root.write_int("kept/value", 5);
    root.write_int("dropped/value", 6);
    root.write_attribute("note", "from generation 3");
  });
  rewrite_hdf5_file_atomically(
      path("a.h5"), [](const std::string& name) { return name == "kept"; },
      [](Hdf5Group& root) { root.write_int("added", 7); });
  const Hdf5File file = Hdf5File::open_read(path("a.h5"));
  EXPECT_EQ(file.children(), (std::vector<std::string>{"added", "kept"}));
  EXPECT_EQ(file.read_int("kept/value"), 5);
  EXPECT_EQ(file.read_string_attribute("note"), "from generation 3");
}
