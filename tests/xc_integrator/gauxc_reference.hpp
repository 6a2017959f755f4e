#pragma once
// Reader for GauXC's frozen-density reference files (tests/data/xc_integrator/*.hdf5; source and
// licence in the README there). Layout, as written by GauXC's hdf5_write (github
// wavefunction91/GauXC, src/external/hdf5_util.hpp):
//   /MOLECULE  compound[natom] {"Atomic Number" int32, "X/Y/Z Coordinate" double (bohr)}
//   /BASIS     compound[nshell] {NPRIM, L, PURE int32; ALPHA[16], COEFF[16], ORIGIN[3] double}
//              COEFF already includes the primitive and contraction normalisation (GauXC's
//              Shell::normalize, the same convention as libint2's).
//   /DENSITY, /VXC (restricted) or /DENSITY_SCALAR, /DENSITY_Z, /VXC_SCALAR, /VXC_Z
//   (unrestricted), nbf x nbf; /EXC scalar (Eh).
// The HDF5 C API is used directly because the compound types are beyond io/hdf5_file.hpp.

#include <hdf5.h>

#include <Eigen/Core>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "basis/basis_set.hpp"
#include "geometry/molecule.hpp"
#include "scf/xc_integrator/shell_normalisation.hpp"

namespace atropos::testing {

struct GauxcReference {
  Molecule molecule;
  BasisSet basis;
  std::vector<Eigen::MatrixXd> densities;   // as stored: {DENSITY} or {DENSITY_SCALAR, DENSITY_Z}
  std::vector<Eigen::MatrixXd> potentials;  // {VXC} or {VXC_SCALAR, VXC_Z}
  double exc = 0.0;
  // /EXC_GRAD when the file has it (natoms x 3, Eh/bohr; GauXC stores atom after atom): the
  // basis-function term only, no grid-weight derivatives (GauXC's reference exc_grad at 15d57f4).
  Eigen::MatrixX3d exc_gradient;
};

namespace gauxc_detail {

struct FileShell {
  int nprim, l, pure;
  double alpha[16], coeff[16], origin[3];
};
struct FileAtom {
  int Z;
  double x, y, z;
};

class H5 {  // closes an hid_t
 public:
  H5(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
    if (id < 0) throw std::runtime_error("HDF5: cannot open " + what);
  }
  ~H5() { close_(id_); }
  H5(const H5&) = delete;
  H5& operator=(const H5&) = delete;
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

inline hsize_t extent(hid_t dataset, const std::string& name) {
  H5 space(H5Dget_space(dataset), H5Sclose, name + " dataspace");
  hsize_t dims[2] = {1, 1};
  const int rank = H5Sget_simple_extent_dims(space, dims, nullptr);
  return rank == 0 ? 1 : dims[0] * (rank == 2 ? dims[1] : 1);
}

template <typename T>
std::vector<T> read_all(hid_t file, const std::string& name, hid_t type) {
  H5 dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, name);
  std::vector<T> data(extent(dataset, name));
  if (H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    throw std::runtime_error("HDF5: cannot read " + name);
  return data;
}

inline Eigen::MatrixXd read_square(hid_t file, const std::string& name) {
  const auto v = read_all<double>(file, name, H5T_NATIVE_DOUBLE);
  const auto n = static_cast<Eigen::Index>(std::llround(std::sqrt(static_cast<double>(v.size()))));
  if (n * n != static_cast<Eigen::Index>(v.size())) throw std::runtime_error(name + " is not square");
  // Stored row-major by GauXC's writer; the matrices are symmetric, but keep the orientation.
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(v.data(), n, n);
}

}  // namespace gauxc_detail

inline GauxcReference read_gauxc_reference(const std::string& path) {
  using namespace gauxc_detail;
  H5 file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, path);

  H5 atom_type(H5Tcreate(H5T_COMPOUND, sizeof(FileAtom)), H5Tclose, "atom type");
  H5Tinsert(atom_type, "Atomic Number", HOFFSET(FileAtom, Z), H5T_NATIVE_INT);
  H5Tinsert(atom_type, "X Coordinate", HOFFSET(FileAtom, x), H5T_NATIVE_DOUBLE);
  H5Tinsert(atom_type, "Y Coordinate", HOFFSET(FileAtom, y), H5T_NATIVE_DOUBLE);
  H5Tinsert(atom_type, "Z Coordinate", HOFFSET(FileAtom, z), H5T_NATIVE_DOUBLE);
  std::vector<Atom> atoms;
  for (const FileAtom& a : read_all<FileAtom>(file, "/MOLECULE", atom_type)) {
    Atom atom;
    atom.Z = a.Z;
    atom.position = Eigen::Vector3d(a.x, a.y, a.z);
    atoms.push_back(atom);
  }

  const hsize_t prim_dims[1] = {16}, cart_dims[1] = {3};
  H5 prim_array(H5Tarray_create2(H5T_NATIVE_DOUBLE, 1, prim_dims), H5Tclose, "array type");
  H5 cart_array(H5Tarray_create2(H5T_NATIVE_DOUBLE, 1, cart_dims), H5Tclose, "array type");
  H5 shell_type(H5Tcreate(H5T_COMPOUND, sizeof(FileShell)), H5Tclose, "shell type");
  H5Tinsert(shell_type, "NPRIM", HOFFSET(FileShell, nprim), H5T_NATIVE_INT);
  H5Tinsert(shell_type, "L", HOFFSET(FileShell, l), H5T_NATIVE_INT);
  H5Tinsert(shell_type, "PURE", HOFFSET(FileShell, pure), H5T_NATIVE_INT);
  H5Tinsert(shell_type, "ALPHA", HOFFSET(FileShell, alpha), prim_array);
  H5Tinsert(shell_type, "COEFF", HOFFSET(FileShell, coeff), prim_array);
  H5Tinsert(shell_type, "ORIGIN", HOFFSET(FileShell, origin), cart_array);
  std::vector<Shell> shells;
  for (const FileShell& fs : read_all<FileShell>(file, "/BASIS", shell_type)) {
    Shell s;
    s.l = fs.l;
    // GauXC marks its p shells Cartesian (x, y, z order); s shells are the same either way.
    s.pure = fs.pure != 0;
    s.center = Eigen::Vector3d(fs.origin[0], fs.origin[1], fs.origin[2]);
    for (int p = 0; p < fs.nprim; ++p) {
      s.exponents.push_back(fs.alpha[p]);
      // Back to coefficients of individually normalised primitives (what a Shell stores); the
      // contraction is already normalised, so libint2's renormalisation leaves it unchanged.
      s.coefficients.push_back(fs.coeff[p] / primitive_normalisation(fs.alpha[p], fs.l));
    }
    for (std::size_t a = 0; a < atoms.size(); ++a)
      if ((atoms[a].position - s.center).norm() < 1e-10) s.atom = static_cast<int>(a);
    if (s.atom < 0) throw std::runtime_error(path + ": a shell is not on any atom");
    shells.push_back(std::move(s));
  }

  GauxcReference ref;
  ref.molecule = Molecule(std::move(atoms));
  ref.basis = BasisSet("gauxc", std::move(shells));
  const bool unrestricted = H5Lexists(file, "DENSITY_Z", H5P_DEFAULT) > 0;
  if (unrestricted) {
    ref.densities = {read_square(file, "/DENSITY_SCALAR"), read_square(file, "/DENSITY_Z")};
    ref.potentials = {read_square(file, "/VXC_SCALAR"), read_square(file, "/VXC_Z")};
  } else {
    ref.densities = {read_square(file, "/DENSITY")};
    ref.potentials = {read_square(file, "/VXC")};
  }
  ref.exc = read_all<double>(file, "/EXC", H5T_NATIVE_DOUBLE).at(0);
  if (H5Lexists(file, "EXC_GRAD", H5P_DEFAULT) > 0) {
    const auto g = read_all<double>(file, "/EXC_GRAD", H5T_NATIVE_DOUBLE);
    const auto natoms = static_cast<Eigen::Index>(ref.molecule.size());
    if (static_cast<Eigen::Index>(g.size()) != 3 * natoms) throw std::runtime_error(path + ": EXC_GRAD is not natoms x 3");
    ref.exc_gradient.resize(natoms, 3);
    for (Eigen::Index a = 0; a < natoms; ++a)
      for (int k = 0; k < 3; ++k) ref.exc_gradient(a, k) = g[static_cast<std::size_t>(3 * a + k)];
  }
  return ref;
}

}  // namespace atropos::testing
