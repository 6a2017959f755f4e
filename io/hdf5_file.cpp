#include "io/hdf5_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <type_traits>

#include "common/error.hpp"

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header stores HDF5 ids as std::int64_t");

namespace atropos {

namespace detail {

class Hdf5Id {
 public:
  explicit Hdf5Id(hid_t id = H5I_INVALID_HID) : id_(id) {}
  Hdf5Id(Hdf5Id&& other) noexcept : id_(other.id_) { other.id_ = H5I_INVALID_HID; }
  Hdf5Id& operator=(Hdf5Id&& other) noexcept {
    std::swap(id_, other.id_);
    return *this;
  }
  Hdf5Id(const Hdf5Id&) = delete;
  Hdf5Id& operator=(const Hdf5Id&) = delete;
  ~Hdf5Id() { close(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Returns the HDF5 status of the close call (negative on failure).
  herr_t close() {
    if (id_ < 0) return 0;
    herr_t status = 0;
    switch (H5Iget_type(id_)) {
      case H5I_FILE: status = H5Fclose(id_); break;
      case H5I_GROUP: status = H5Gclose(id_); break;
      case H5I_DATASET: status = H5Dclose(id_); break;
      case H5I_DATASPACE: status = H5Sclose(id_); break;
      case H5I_DATATYPE: status = H5Tclose(id_); break;
      case H5I_ATTR: status = H5Aclose(id_); break;
      case H5I_GENPROP_LST: status = H5Pclose(id_); break;
      default: status = H5Idec_ref(id_) < 0 ? -1 : 0; break;
    }
    id_ = H5I_INVALID_HID;
    return status;
  }

 private:
  hid_t id_;
};

}  // namespace detail

namespace {

using detail::Hdf5Id;

// Turns off HDF5's automatic printing of its error stack for the lifetime of the guard; our
// exceptions carry the useful line instead. Restores the previous handler (other code in the
// process may rely on it).
class QuietHdf5Errors {
 public:
  QuietHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &function_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, function_, data_); }
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t function_ = nullptr;
  void* data_ = nullptr;
};

// The innermost message of the current HDF5 error stack (where the problem was first seen,
// e.g. "truncated file: eof = 1024, ..."), then clears the stack.
std::string hdf5_error_detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
        auto& text = *static_cast<std::string*>(data);
        if (n == 0 && error->desc != nullptr) text = error->desc;
        if (text.empty()) {
          char minor[256] = {0};
          if (H5Eget_msg(error->min_num, nullptr, minor, sizeof minor) > 0) text = minor;
        }
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail;
}

std::string with_detail(const std::string& message) {
  const std::string detail = hdf5_error_detail();
  return detail.empty() ? message : message + " (HDF5: " + detail + ")";
}

// HDF5 1.10 leaks internal memory after a metadata checksum failure and then, at process exit,
// prints "HDF5: infinite loop closing library" (only while automatic error printing is on).
// Once we have met a damaged file, switch that printing off at exit; our handler is registered
// after HDF5's own (which is installed on the library's first use), so it runs before it.
void quiet_hdf5_at_exit() {
  static const bool registered = [] {
    std::atexit([] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
    return true;
  }();
  (void)registered;
}

[[noreturn]] void fail_input(const std::string& message, const std::string& where) {
  throw InputError(with_detail(message), where);
}

[[noreturn]] void fail_damaged(const std::string& message, const std::string& where) {
  quiet_hdf5_at_exit();
  fail_input(message + "; the file is damaged", where);
}

[[noreturn]] void fail_write(const std::string& message, const std::string& where) {
  throw std::runtime_error(where + ": " + with_detail(message));
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return "scalar";
  std::string text = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) text += (i ? ", " : "") + std::to_string(dims[i]);
  return text + "]";
}

std::vector<hsize_t> extents(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank > 0 ? rank : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

Hdf5Id link_create_plist() {
  Hdf5Id plist(H5Pcreate(H5P_LINK_CREATE));
  H5Pset_create_intermediate_group(plist.get(), 1);
  H5Pset_char_encoding(plist.get(), H5T_CSET_UTF8);
  return plist;
}

// File access: files written with the HDF5 1.8 format (superblock v2, object headers v2) so
// that metadata carries checksums and any HDF5 >= 1.8 (h5py, h5dump) reads them. File locking
// is kept but skipped on file systems that do not support it (common on clusters).
Hdf5Id file_access_plist() {
  Hdf5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18);
#if H5_VERSION_GE(1, 10, 7)
  H5Pset_file_locking(fapl.get(), true, true);
#endif
  return fapl;
}

// A dataset or an attribute, read the same way.
struct Readable {
  Hdf5Id id;
  bool is_attribute = false;
  std::string where;

  Hdf5Id type() const { return Hdf5Id(is_attribute ? H5Aget_type(id.get()) : H5Dget_type(id.get())); }
  Hdf5Id space() const {
    return Hdf5Id(is_attribute ? H5Aget_space(id.get()) : H5Dget_space(id.get()));
  }
  std::vector<hsize_t> dims() const { return extents(space().get()); }
  H5T_class_t type_class() const { return H5Tget_class(type().get()); }

  void read(hid_t memory_type, void* buffer) const {
    const herr_t status = is_attribute
                              ? H5Aread(id.get(), memory_type, buffer)
                              : H5Dread(id.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    if (status < 0) fail_damaged("cannot read the data", where);
  }

  void require_class(std::initializer_list<H5T_class_t> allowed, const char* expected) const {
    const H5T_class_t found = type_class();
    if (std::find(allowed.begin(), allowed.end(), found) != allowed.end()) return;
    const char* name = found == H5T_INTEGER  ? "integer"
                       : found == H5T_FLOAT  ? "floating-point"
                       : found == H5T_STRING ? "string"
                                             : "non-numeric";
    throw InputError(fmt::format("expected {} data, found {} data", expected, name), where);
  }

  void require_dims(const std::vector<hsize_t>& expected) const {
    const auto found = dims();
    if (found != expected)
      throw InputError(
          fmt::format("expected shape {}, found {}", shape_text(expected), shape_text(found)), where);
  }

  void require_rank(int rank) const {
    const auto found = dims();
    if (static_cast<int>(found.size()) != rank)
      throw InputError(fmt::format("expected a {} dataset, found shape {}",
                                   rank == 0 ? "scalar" : std::to_string(rank) + "-D",
                                   shape_text(found)),
                       where);
  }

  std::string read_string() const {
    require_class({H5T_STRING}, "string");
    require_rank(0);
    const Hdf5Id file_type = type();
    const htri_t variable = H5Tis_variable_str(file_type.get());
    if (variable > 0) {
      Hdf5Id memory_type(H5Tcopy(H5T_C_S1));
      H5Tset_size(memory_type.get(), H5T_VARIABLE);
      H5Tset_cset(memory_type.get(), H5Tget_cset(file_type.get()));
      char* text = nullptr;
      read(memory_type.get(), &text);
      std::string value = text ? text : "";
      H5free_memory(text);
      return value;
    }
    const std::size_t size = H5Tget_size(file_type.get());
    std::string value(size, '\0');
    read(file_type.get(), value.data());
    if (H5Tget_strpad(file_type.get()) == H5T_STR_SPACEPAD) {
      value.erase(value.find_last_not_of(' ') + 1);
    } else {
      value.erase(std::min(value.find('\0'), value.size()));
    }
    return value;
  }

  template <typename T>
  T read_scalar(hid_t memory_type) const {
    require_rank(0);
    T value{};
    read(memory_type, &value);
    return value;
  }
};

// Chunked layout with a Fletcher-32 checksum for arrays (chunks of at most 64 Ki elements, i.e.
// 512 KiB of doubles: well under HDF5's 4 GiB chunk limit and the default 1 MiB chunk cache).
// Empty arrays cannot be chunked and hold no data, so they stay contiguous.
Hdf5Id array_create_plist(const std::vector<hsize_t>& dims) {
  Hdf5Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  hsize_t total = 1;
  for (const hsize_t d : dims) total *= d;
  if (total == 0) return dcpl;
  constexpr hsize_t kChunkElements = 65536;
  std::vector<hsize_t> chunk = dims;
  if (dims.size() == 1) {
    chunk[0] = std::min(dims[0], kChunkElements);
  } else {
    const hsize_t cols = dims[1];
    chunk[1] = std::min(cols, kChunkElements);
    chunk[0] = std::min(dims[0], std::max<hsize_t>(1, kChunkElements / chunk[1]));
  }
  H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
  H5Pset_fletcher32(dcpl.get());
  return dcpl;
}

// Small data (scalars, short strings) goes into the object header itself ("compact"), which the
// 1.8 file format protects with a checksum.
Hdf5Id scalar_create_plist(std::size_t bytes) {
  Hdf5Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (bytes <= 16384) H5Pset_layout(dcpl.get(), H5D_COMPACT);
  return dcpl;
}

Hdf5Id variable_string_type() {
  Hdf5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

// Fixed-length, NUL-padded UTF-8 of exactly the string's length (at least 1 byte, HDF5's
// minimum), so that the text sits in the checksummed object header.
Hdf5Id fixed_string_type(std::size_t length) {
  Hdf5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), std::max<std::size_t>(length, 1));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin <= name.size()) {
    const std::size_t end = std::min(name.find('/', begin), name.size());
    if (end > begin) parts.push_back(name.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Hdf5Group

Hdf5Group::Hdf5Group(std::shared_ptr<detail::Hdf5Id> id, std::string file_path,
                     std::string object_path)
    : id_(std::move(id)), file_path_(std::move(file_path)), object_path_(std::move(object_path)) {}

std::int64_t Hdf5Group::id() const {
  if (!id_ || !id_->valid()) throw std::logic_error(file_path_ + ": HDF5 file already closed");
  return id_->get();
}

std::string Hdf5Group::where(const std::string& name) const {
  if (name.empty() || name == ".") return file_path_ + ":" + object_path_;
  if (!name.empty() && name[0] == '/') return file_path_ + ":" + name;
  return file_path_ + ":" + (object_path_ == "/" ? "" : object_path_) + "/" + name;
}

bool Hdf5Group::has(const std::string& name) const {
  QuietHdf5Errors quiet;
  // H5Lexists fails rather than answering "no" when an intermediate group is missing, so walk
  // the path one component at a time.
  std::string prefix = !name.empty() && name[0] == '/' ? "/" : "";
  const auto parts = split_path(name);
  if (parts.empty()) return name == "." || name == "/";
  for (const auto& part : parts) {
    prefix += (prefix.empty() || prefix == "/" ? "" : "/") + part;
    if (H5Lexists(id(), prefix.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
  }
  const htri_t exists = H5Oexists_by_name(id(), name.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return exists > 0;
}

namespace {
// The kind of an object known to exist; a failure to open it means its header is damaged.
H5I_type_t object_type(const Hdf5Group& group, hid_t location, const std::string& name) {
  Hdf5Id object(H5Oopen(location, name.c_str(), H5P_DEFAULT));
  if (!object.valid()) fail_damaged("cannot open the object", group.where(name));
  return H5Iget_type(object.get());
}
}  // namespace

bool Hdf5Group::has_group(const std::string& name) const {
  QuietHdf5Errors quiet;
  return has(name) && object_type(*this, id(), name) == H5I_GROUP;
}

bool Hdf5Group::has_dataset(const std::string& name) const {
  QuietHdf5Errors quiet;
  return has(name) && object_type(*this, id(), name) == H5I_DATASET;
}

std::vector<std::string> Hdf5Group::children() const {
  QuietHdf5Errors quiet;
  H5G_info_t info;
  if (H5Gget_info(id(), &info) < 0) fail_damaged("cannot list the group", where());
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length =
        H5Lget_name_by_idx(id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) fail_damaged("cannot list the group", where());
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    H5Lget_name_by_idx(id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                       H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(length));
    names.push_back(std::move(name));
  }
  return names;
}

Hdf5Group Hdf5Group::group(const std::string& name) const {
  QuietHdf5Errors quiet;
  if (!has(name)) throw InputError("group not found", where(name));
  if (object_type(*this, id(), name) != H5I_GROUP)
    throw InputError("expected a group, found a dataset", where(name));
  auto group = std::make_shared<Hdf5Id>(H5Gopen2(id(), name.c_str(), H5P_DEFAULT));
  if (!group->valid()) fail_damaged("cannot open the group", where(name));
  const std::string path = where(name).substr(file_path_.size() + 1);
  return Hdf5Group(std::move(group), file_path_, path);
}

Hdf5Group Hdf5Group::create_group(const std::string& name) {
  QuietHdf5Errors quiet;
  remove(name);
  const Hdf5Id lcpl = link_create_plist();
  auto group = std::make_shared<Hdf5Id>(H5Gcreate2(id(), name.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!group->valid()) fail_write("cannot create the group", where(name));
  const std::string path = where(name).substr(file_path_.size() + 1);
  return Hdf5Group(std::move(group), file_path_, path);
}

Hdf5Group Hdf5Group::require_group(const std::string& name) {
  return has_group(name) ? group(name) : create_group(name);
}

void Hdf5Group::remove(const std::string& name) {
  QuietHdf5Errors quiet;
  if (!has(name)) return;
  if (H5Ldelete(id(), name.c_str(), H5P_DEFAULT) < 0) fail_write("cannot remove the object", where(name));
}

void Hdf5Group::copy_to(const std::string& name, Hdf5Group& destination) const {
  QuietHdf5Errors quiet;
  if (!has(name)) throw InputError("object not found", where(name));
  destination.remove(name);
  const Hdf5Id lcpl = link_create_plist();
  if (H5Ocopy(id(), name.c_str(), destination.id(), name.c_str(), H5P_DEFAULT, lcpl.get()) < 0)
    fail_write("cannot copy " + where(name) + " here", destination.where(name));
}

void Hdf5Group::copy_attributes_to(Hdf5Group& destination) const {
  QuietHdf5Errors quiet;
  std::vector<std::string> names;
  hsize_t index = 0;
  const herr_t listed = H5Aiterate2(
      id(), H5_INDEX_NAME, H5_ITER_INC, &index,
      [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->emplace_back(name);
        return 0;
      },
      &names);
  if (listed < 0) fail_damaged("cannot list the attributes", where());
  for (const auto& name : names) {
    // Raw copy in the attribute's own (native) type, whatever it is.
    Hdf5Id source(H5Aopen(id(), name.c_str(), H5P_DEFAULT));
    Hdf5Id file_type(H5Aget_type(source.get()));
    Hdf5Id memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_DEFAULT));
    Hdf5Id space(H5Aget_space(source.get()));
    if (!source.valid() || !file_type.valid() || !memory_type.valid() || !space.valid())
      fail_damaged("cannot open the attribute '" + name + "'", where());
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    std::vector<unsigned char> buffer(H5Tget_size(memory_type.get()) * static_cast<std::size_t>(std::max<hssize_t>(count, 1)));
    if (H5Aread(source.get(), memory_type.get(), buffer.data()) < 0)
      fail_damaged("cannot read the attribute '" + name + "'", where());
    if (H5Aexists(destination.id(), name.c_str()) > 0) H5Adelete(destination.id(), name.c_str());
    Hdf5Id target(H5Acreate2(destination.id(), name.c_str(), file_type.get(), space.get(),
                             H5P_DEFAULT, H5P_DEFAULT));
    const bool written = target.valid() && H5Awrite(target.get(), memory_type.get(), buffer.data()) >= 0;
    // Variable-length data (strings) was allocated by HDF5 while reading.
    if (H5Tdetect_class(memory_type.get(), H5T_VLEN) > 0 || H5Tis_variable_str(memory_type.get()) > 0) {
#if H5_VERSION_GE(1, 12, 0)  // H5Treclaim is declared by 1.10.8 headers but exported only from 1.12
      H5Treclaim(memory_type.get(), space.get(), H5P_DEFAULT, buffer.data());
#else
      H5Dvlen_reclaim(memory_type.get(), space.get(), H5P_DEFAULT, buffer.data());
#endif
    }
    if (!written) fail_write("cannot write the attribute '" + name + "'", destination.where());
  }
}

// --- Datasets -----------------------------------------------------------------------------------

namespace {

// Creates (replacing) a dataset and writes `data` (may be null when the dataset is empty).
void write_dataset(Hdf5Group& group, hid_t location, const std::string& name, hid_t file_type,
                   hid_t memory_type, const std::vector<hsize_t>& dims, hid_t dcpl,
                   const void* data) {
  group.remove(name);
  Hdf5Id space(dims.empty() ? H5Screate(H5S_SCALAR)
                            : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
  const Hdf5Id lcpl = link_create_plist();
  Hdf5Id dataset(H5Dcreate2(location, name.c_str(), file_type, space.get(), lcpl.get(), dcpl, H5P_DEFAULT));
  if (!dataset.valid()) fail_write("cannot create the dataset", group.where(name));
  hsize_t total = 1;
  for (const hsize_t d : dims) total *= d;
  if (total > 0 && H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    fail_write("cannot write the dataset", group.where(name));
  if (dataset.close() < 0) fail_write("cannot close the dataset", group.where(name));
}

Readable open_dataset(const Hdf5Group& group, hid_t location, const std::string& name) {
  if (!group.has(name)) throw InputError("dataset not found", group.where(name));
  if (object_type(group, location, name) != H5I_DATASET)
    throw InputError("expected a dataset, found a group", group.where(name));
  Readable readable{Hdf5Id(H5Dopen2(location, name.c_str(), H5P_DEFAULT)), false, group.where(name)};
  if (!readable.id.valid()) fail_damaged("cannot open the dataset", group.where(name));
  return readable;
}

Readable open_attribute(const Hdf5Group& group, hid_t location, const std::string& attribute,
                        const std::string& object) {
  const std::string where = group.where(object) + " attribute '" + attribute + "'";
  if (!group.has_attribute(attribute, object)) throw InputError("attribute not found", where);
  Readable readable{Hdf5Id(H5Aopen_by_name(location, object.c_str(), attribute.c_str(), H5P_DEFAULT, H5P_DEFAULT)),
                    true, where};
  if (!readable.id.valid()) fail_damaged("cannot open the attribute", where);
  return readable;
}

}  // namespace

void Hdf5Group::write_double(const std::string& name, double value) {
  QuietHdf5Errors quiet;
  const Hdf5Id dcpl = scalar_create_plist(sizeof value);
  write_dataset(*this, id(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {}, dcpl.get(), &value);
}

void Hdf5Group::write_int(const std::string& name, int value) {
  QuietHdf5Errors quiet;
  const Hdf5Id dcpl = scalar_create_plist(sizeof value);
  write_dataset(*this, id(), name, H5T_STD_I32LE, H5T_NATIVE_INT, {}, dcpl.get(), &value);
}

void Hdf5Group::write_bool(const std::string& name, bool value) { write_int(name, value ? 1 : 0); }

void Hdf5Group::write_string(const std::string& name, const std::string& value) {
  QuietHdf5Errors quiet;
  const Hdf5Id type = fixed_string_type(value.size());
  const Hdf5Id dcpl = scalar_create_plist(value.size());
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  write_dataset(*this, id(), name, type.get(), type.get(), {}, dcpl.get(), padded.data());
}

void Hdf5Group::write_vector(const std::string& name, const Eigen::Ref<const Eigen::VectorXd>& values) {
  QuietHdf5Errors quiet;
  const std::vector<hsize_t> dims{static_cast<hsize_t>(values.size())};
  const Eigen::VectorXd contiguous = values;  // Ref may carry an inner stride
  const Hdf5Id dcpl = array_create_plist(dims);
  write_dataset(*this, id(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, dcpl.get(), contiguous.data());
}

void Hdf5Group::write_matrix(const std::string& name, const Eigen::Ref<const Eigen::MatrixXd>& values) {
  QuietHdf5Errors quiet;
  const std::vector<hsize_t> dims{static_cast<hsize_t>(values.rows()), static_cast<hsize_t>(values.cols())};
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMajor row_major = values;
  const Hdf5Id dcpl = array_create_plist(dims);
  write_dataset(*this, id(), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, dcpl.get(), row_major.data());
}

void Hdf5Group::write_int_vector(const std::string& name, const std::vector<int>& values) {
  QuietHdf5Errors quiet;
  const std::vector<hsize_t> dims{static_cast<hsize_t>(values.size())};
  const Hdf5Id dcpl = array_create_plist(dims);
  write_dataset(*this, id(), name, H5T_STD_I32LE, H5T_NATIVE_INT, dims, dcpl.get(), values.data());
}

double Hdf5Group::read_double(const std::string& name) const {
  QuietHdf5Errors quiet;
  const Readable data = open_dataset(*this, id(), name);
  data.require_class({H5T_FLOAT, H5T_INTEGER}, "numeric");
  return data.read_scalar<double>(H5T_NATIVE_DOUBLE);
}

int Hdf5Group::read_int(const std::string& name) const {
  QuietHdf5Errors quiet;
  const Readable data = open_dataset(*this, id(), name);
  data.require_class({H5T_INTEGER}, "integer");
  return data.read_scalar<int>(H5T_NATIVE_INT);
}

bool Hdf5Group::read_bool(const std::string& name) const {
  const int value = read_int(name);
  if (value != 0 && value != 1)
    throw InputError(fmt::format("expected a boolean (0 or 1), found {}", value), where(name));
  return value == 1;
}

std::string Hdf5Group::read_string(const std::string& name) const {
  QuietHdf5Errors quiet;
  return open_dataset(*this, id(), name).read_string();
}

Eigen::VectorXd Hdf5Group::read_vector(const std::string& name, long expected_size) const {
  QuietHdf5Errors quiet;
  const Readable data = open_dataset(*this, id(), name);
  data.require_class({H5T_FLOAT, H5T_INTEGER}, "numeric");
  data.require_rank(1);
  const auto dims = data.dims();
  if (expected_size >= 0) data.require_dims({static_cast<hsize_t>(expected_size)});
  Eigen::VectorXd values(static_cast<Eigen::Index>(dims[0]));
  if (values.size() > 0) data.read(H5T_NATIVE_DOUBLE, values.data());
  return values;
}

Eigen::MatrixXd Hdf5Group::read_matrix(const std::string& name, long expected_rows,
                                       long expected_cols) const {
  QuietHdf5Errors quiet;
  const Readable data = open_dataset(*this, id(), name);
  data.require_class({H5T_FLOAT, H5T_INTEGER}, "numeric");
  data.require_rank(2);
  const auto dims = data.dims();
  if ((expected_rows >= 0 && dims[0] != static_cast<hsize_t>(expected_rows)) ||
      (expected_cols >= 0 && dims[1] != static_cast<hsize_t>(expected_cols))) {
    const auto extent = [](long n) { return n >= 0 ? std::to_string(n) : std::string("any"); };
    throw InputError(fmt::format("expected shape [{}, {}], found {}", extent(expected_rows),
                                 extent(expected_cols), shape_text(dims)),
                     where(name));
  }
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> values(
      static_cast<Eigen::Index>(dims[0]), static_cast<Eigen::Index>(dims[1]));
  if (values.size() > 0) data.read(H5T_NATIVE_DOUBLE, values.data());
  return values;
}

std::vector<int> Hdf5Group::read_int_vector(const std::string& name, long expected_size) const {
  QuietHdf5Errors quiet;
  const Readable data = open_dataset(*this, id(), name);
  data.require_class({H5T_INTEGER}, "integer");
  data.require_rank(1);
  const auto dims = data.dims();
  if (expected_size >= 0) data.require_dims({static_cast<hsize_t>(expected_size)});
  std::vector<int> values(static_cast<std::size_t>(dims[0]));
  if (!values.empty()) data.read(H5T_NATIVE_INT, values.data());
  return values;
}

std::vector<std::uint64_t> Hdf5Group::shape(const std::string& name) const {
  QuietHdf5Errors quiet;
  const auto dims = open_dataset(*this, id(), name).dims();
  return std::vector<std::uint64_t>(dims.begin(), dims.end());
}

// --- Attributes ---------------------------------------------------------------------------------

bool Hdf5Group::has_attribute(const std::string& attribute, const std::string& object) const {
  QuietHdf5Errors quiet;
  if (object != "." && !has(object)) return false;
  const htri_t exists = H5Aexists_by_name(id(), object.c_str(), attribute.c_str(), H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return exists > 0;
}

namespace {
void write_attribute_data(Hdf5Group& group, hid_t location, const std::string& attribute,
                          const std::string& object, hid_t file_type, hid_t memory_type,
                          const void* data) {
  const std::string where = group.where(object) + " attribute '" + attribute + "'";
  if (object != "." && !group.has(object)) throw std::logic_error(where + ": object does not exist");
  if (group.has_attribute(attribute, object))
    H5Adelete_by_name(location, object.c_str(), attribute.c_str(), H5P_DEFAULT);
  Hdf5Id space(H5Screate(H5S_SCALAR));
  Hdf5Id handle(H5Acreate_by_name(location, object.c_str(), attribute.c_str(), file_type,
                                  space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  if (!handle.valid()) fail_write("cannot create the attribute", where);
  if (H5Awrite(handle.get(), memory_type, data) < 0) fail_write("cannot write the attribute", where);
}
}  // namespace

void Hdf5Group::write_attribute(const std::string& attribute, const std::string& value,
                                const std::string& object) {
  QuietHdf5Errors quiet;
  // Variable-length: h5py shows these attributes as Python str.
  const Hdf5Id type = variable_string_type();
  const char* text = value.c_str();
  write_attribute_data(*this, id(), attribute, object, type.get(), type.get(), &text);
}

void Hdf5Group::write_attribute(const std::string& attribute, int value, const std::string& object) {
  QuietHdf5Errors quiet;
  write_attribute_data(*this, id(), attribute, object, H5T_STD_I32LE, H5T_NATIVE_INT, &value);
}

void Hdf5Group::write_attribute(const std::string& attribute, double value, const std::string& object) {
  QuietHdf5Errors quiet;
  write_attribute_data(*this, id(), attribute, object, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

std::string Hdf5Group::read_string_attribute(const std::string& attribute, const std::string& object) const {
  QuietHdf5Errors quiet;
  return open_attribute(*this, id(), attribute, object).read_string();
}

int Hdf5Group::read_int_attribute(const std::string& attribute, const std::string& object) const {
  QuietHdf5Errors quiet;
  const Readable data = open_attribute(*this, id(), attribute, object);
  data.require_class({H5T_INTEGER}, "integer");
  return data.read_scalar<int>(H5T_NATIVE_INT);
}

double Hdf5Group::read_double_attribute(const std::string& attribute, const std::string& object) const {
  QuietHdf5Errors quiet;
  const Readable data = open_attribute(*this, id(), attribute, object);
  data.require_class({H5T_FLOAT, H5T_INTEGER}, "numeric");
  return data.read_scalar<double>(H5T_NATIVE_DOUBLE);
}

// ------------------------------------------------------------------------------------------------
// Hdf5File

Hdf5File::Hdf5File(std::shared_ptr<detail::Hdf5Id> file, std::shared_ptr<detail::Hdf5Id> root,
                   std::string path, bool writable)
    : Hdf5Group(std::move(root), std::move(path), "/"), file_(std::move(file)), writable_(writable) {}

Hdf5File::~Hdf5File() {
  QuietHdf5Errors quiet;
  id_.reset();
  file_.reset();
}

namespace {
Hdf5File open_existing(const std::string& path, unsigned flags,
                       const std::function<Hdf5File(hid_t, const std::string&)>& wrap) {
  QuietHdf5Errors quiet;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw InputError("file not found", path);
  if (std::filesystem::is_directory(path, error)) throw InputError("is a directory, not a file", path);
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  if (is_hdf5 == 0) {
    H5Eclear2(H5E_DEFAULT);
    throw InputError("not an HDF5 file (no HDF5 signature found)", path);
  }
  if (is_hdf5 < 0) fail_input("cannot read the file", path);
  const Hdf5Id fapl = file_access_plist();
  const hid_t file = H5Fopen(path.c_str(), flags, fapl.get());
  if (file < 0) {
    quiet_hdf5_at_exit();
    fail_input("cannot open the HDF5 file; it is damaged or truncated", path);
  }
  return wrap(file, path);
}
}  // namespace

Hdf5File Hdf5File::open_read(const std::string& path) {
  return open_existing(path, H5F_ACC_RDONLY, [](hid_t file, const std::string& p) {
    auto file_id = std::make_shared<detail::Hdf5Id>(file);
    auto root = std::make_shared<detail::Hdf5Id>(H5Gopen2(file, "/", H5P_DEFAULT));
    if (!root->valid()) fail_damaged("cannot open the root group", p);
    return Hdf5File(std::move(file_id), std::move(root), p, false);
  });
}

Hdf5File Hdf5File::open_read_write(const std::string& path) {
  return open_existing(path, H5F_ACC_RDWR, [](hid_t file, const std::string& p) {
    auto file_id = std::make_shared<detail::Hdf5Id>(file);
    auto root = std::make_shared<detail::Hdf5Id>(H5Gopen2(file, "/", H5P_DEFAULT));
    if (!root->valid()) fail_damaged("cannot open the root group", p);
    return Hdf5File(std::move(file_id), std::move(root), p, true);
  });
}

Hdf5File Hdf5File::create(const std::string& path) {
  QuietHdf5Errors quiet;
  const Hdf5Id fapl = file_access_plist();
  auto file = std::make_shared<detail::Hdf5Id>(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()));
  if (!file->valid()) fail_input("cannot create the file (does the directory exist and is it writable?)", path);
  auto root = std::make_shared<detail::Hdf5Id>(H5Gopen2(file->get(), "/", H5P_DEFAULT));
  if (!root->valid()) fail_write("cannot open the root group", path);
  return Hdf5File(std::move(file), std::move(root), path, true);
}

void Hdf5File::close() {
  QuietHdf5Errors quiet;
  if (!file_) return;
  id_.reset();
  const bool flushed = !writable_ || H5Fflush(file_->get(), H5F_SCOPE_LOCAL) >= 0;
  if (!flushed) fail_write("cannot flush the file", file_path_);
  // With HDF5's default ("weak") close degree a file stays open while any object in it is
  // open; a caller that still holds a group would see its data written after close() returned.
  const ssize_t open_objects = H5Fget_obj_count(file_->get(), H5F_OBJ_ALL | H5F_OBJ_LOCAL) - 1;
  const herr_t closed = file_->close();
  file_.reset();
  if (open_objects > 0)
    throw std::logic_error(file_path_ + ": Hdf5File::close() while groups or datasets are still open");
  if (closed < 0) fail_write("cannot close the file", file_path_);
}

// ------------------------------------------------------------------------------------------------

bool is_hdf5_file(const std::string& path) {
  QuietHdf5Errors quiet;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return false;
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  H5Eclear2(H5E_DEFAULT);
  return is_hdf5 > 0;
}

}  // namespace atropos
