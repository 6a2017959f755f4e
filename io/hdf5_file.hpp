#pragma once
// A small RAII layer over the HDF5 C API: files, groups and typed datasets/attributes.
//
// Why a wrapper: the C API hands out integer ids that must each be closed, reports errors by
// printing a stack to stderr, and stores matrices in whatever order the caller's buffer happens
// to have. Here ids close themselves, failures become exceptions that name the file and the
// object ("run.h5:/scf/orbitals_alpha"), and matrices are stored row-major with shape
// [rows, cols], so h5py and h5dump show them as printed.
//
// Errors: a missing/unreadable file, a missing object, a wrong type or a wrong shape throws
// atropos::InputError (the file came from outside). Failures while writing (disk full, writing
// into a read-only file) throw std::runtime_error.
//
// Object names may be nested ("scf/orbitals_alpha"); writing creates missing intermediate groups,
// and writing a dataset or attribute that already exists replaces it.
//
// Serial HDF5: not thread-safe; under MPI let one rank do the I/O.

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace atropos {

namespace detail {
// Owns one HDF5 id (hid_t, a 64-bit integer since HDF5 1.10) and closes it on destruction.
class Hdf5Id;
}  // namespace detail

// A group inside an open file (the root group included). Copies share the same open group;
// the file stays open while any group from it is alive.
class Hdf5Group {
 public:
  // Where this group lives, for messages: file path and absolute object path ("/scf").
  const std::string& file_path() const { return file_path_; }
  const std::string& object_path() const { return object_path_; }
  // "file:/object/path" for `name` relative to this group; the `where` of every error.
  std::string where(const std::string& name = "") const;

  // --- Structure -------------------------------------------------------------------------------
  bool has(const std::string& name) const;  // any object (group or dataset) under that name
  bool has_group(const std::string& name) const;
  bool has_dataset(const std::string& name) const;
  // Names directly below this group, in alphabetical order.
  std::vector<std::string> children() const;

  Hdf5Group group(const std::string& name) const;  // InputError when missing
  Hdf5Group create_group(const std::string& name);  // replaces an existing object of that name
  Hdf5Group require_group(const std::string& name);  // opens, or creates when missing
  void remove(const std::string& name);             // no-op when missing
  // Deep copy of `name` (group or dataset, with attributes) into `destination` under the same
  // name; works across files.
  void copy_to(const std::string& name, Hdf5Group& destination) const;
  // Copies this object's attributes onto `destination`'s object, replacing same-named ones.
  void copy_attributes_to(Hdf5Group& destination) const;

  // --- Datasets --------------------------------------------------------------------------------
  // Scalars are rank-0 datasets; bool is stored as an integer 0/1 (HDF5 has no boolean type).
  // Strings are variable-length UTF-8 (h5py's str).
  void write_double(const std::string& name, double value);
  void write_int(const std::string& name, int value);
  void write_bool(const std::string& name, bool value);
  void write_string(const std::string& name, const std::string& value);
  // 1-D datasets [n]; matrices are 2-D datasets [rows, cols] in row-major order. Arrays are
  // chunked with a Fletcher-32 checksum, so flipped bits in the data are reported on reading.
  void write_vector(const std::string& name, const Eigen::Ref<const Eigen::VectorXd>& values);
  void write_matrix(const std::string& name, const Eigen::Ref<const Eigen::MatrixXd>& values);
  void write_int_vector(const std::string& name, const std::vector<int>& values);

  double read_double(const std::string& name) const;  // float or integer data accepted
  int read_int(const std::string& name) const;        // integer data only
  bool read_bool(const std::string& name) const;      // integer 0 or 1 only
  std::string read_string(const std::string& name) const;
  Eigen::VectorXd read_vector(const std::string& name, long expected_size = -1) const;
  // `expected_rows`/`expected_cols` of -1 accept any extent; otherwise a mismatch is an error.
  Eigen::MatrixXd read_matrix(const std::string& name, long expected_rows = -1,
                              long expected_cols = -1) const;
  std::vector<int> read_int_vector(const std::string& name, long expected_size = -1) const;
  // Dataset extents, e.g. {24, 24}; {} for a scalar.
  std::vector<std::uint64_t> shape(const std::string& name) const;

  // --- Attributes ------------------------------------------------------------------------------
  // On the object `object` relative to this group ("." = this group itself).
  bool has_attribute(const std::string& attribute, const std::string& object = ".") const;
  void write_attribute(const std::string& attribute, const std::string& value,
                       const std::string& object = ".");
  void write_attribute(const std::string& attribute, const char* value,
                       const std::string& object = ".") {
    write_attribute(attribute, std::string(value), object);
  }
  void write_attribute(const std::string& attribute, int value, const std::string& object = ".");
  void write_attribute(const std::string& attribute, double value, const std::string& object = ".");
  std::string read_string_attribute(const std::string& attribute,
                                    const std::string& object = ".") const;
  int read_int_attribute(const std::string& attribute, const std::string& object = ".") const;
  double read_double_attribute(const std::string& attribute, const std::string& object = ".") const;

 protected:
  Hdf5Group(std::shared_ptr<detail::Hdf5Id> id, std::string file_path, std::string object_path);
  Hdf5Group() = default;
  std::int64_t id() const;

  std::shared_ptr<detail::Hdf5Id> id_;
  std::string file_path_;
  std::string object_path_;
};

// An open HDF5 file; it is its own root group ("/").
class Hdf5File : public Hdf5Group {
 public:
  // Read-only. InputError naming the path when the file is missing, is not HDF5, or is
  // truncated/damaged so that HDF5 cannot open it.
  static Hdf5File open_read(const std::string& path);
  // Read-write, file must exist (same errors as open_read).
  static Hdf5File open_read_write(const std::string& path);
  // New empty file, replacing any file at `path`. InputError when it cannot be created.
  static Hdf5File create(const std::string& path);

  // Flushes and closes now, reporting failures (std::runtime_error) instead of losing them in a
  // destructor. Groups obtained from this file must be gone by then. Idempotent.
  void close();

  ~Hdf5File();
  Hdf5File(Hdf5File&&) noexcept = default;
  Hdf5File& operator=(Hdf5File&&) noexcept = default;
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;

 private:
  Hdf5File(std::shared_ptr<detail::Hdf5Id> file, std::shared_ptr<detail::Hdf5Id> root,
           std::string path, bool writable);
  std::shared_ptr<detail::Hdf5Id> file_;
  bool writable_ = false;
};

// True when `path` exists and starts with the HDF5 signature (does not open it).
bool is_hdf5_file(const std::string& path);

}  // namespace atropos
