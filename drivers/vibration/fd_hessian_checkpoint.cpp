#include "drivers/vibration/fd_hessian_checkpoint.hpp"

#include <fmt/format.h>

#include <cmath>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "common/error.hpp"
#include "io/atomic_rewrite.hpp"

namespace atropos {

namespace {

constexpr const char* kFormat = "atropos-fd-hessian";
constexpr int kFormatVersion = 1;
constexpr double kGeometryTolerance = 1e-10;  // bohr

// Points packed one per row, [index, energy, gradient (3N)], for broadcasting.
Eigen::MatrixXd pack(const std::map<int, SurfacePoint>& points, int natom) {
  Eigen::MatrixXd packed(static_cast<Eigen::Index>(points.size()), 2 + 3 * natom);
  Eigen::Index row = 0;
  for (const auto& [index, point] : points) {
    packed(row, 0) = index;
    packed(row, 1) = point.energy;
    for (int i = 0; i < 3 * natom; ++i) packed(row, 2 + i) = point.gradient(i / 3, i % 3);
    ++row;
  }
  return packed;
}

std::map<int, SurfacePoint> unpack(const Eigen::MatrixXd& packed, int natom) {
  std::map<int, SurfacePoint> points;
  for (Eigen::Index row = 0; row < packed.rows(); ++row) {
    SurfacePoint point;
    point.energy = packed(row, 1);
    point.gradient.resize(natom, 3);
    for (int i = 0; i < 3 * natom; ++i) point.gradient(i / 3, i % 3) = packed(row, 2 + i);
    points.emplace(static_cast<int>(packed(row, 0)), std::move(point));
  }
  return points;
}

// Runs `work` on rank 0 and makes its exception, if any, an exception on every rank.
template <typename Work>
void on_root_everywhere_throwing(const Communicator& comm, Work&& work) {
  std::string error;
  bool input_error = false;
  if (comm.is_root()) {
    try {
      work();
    } catch (const InputError& e) {
      error = e.what();
      input_error = true;
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  std::string kind = input_error ? "input" : "other";
  comm.broadcast(error);
  comm.broadcast(kind);
  if (error.empty()) return;
  if (kind == "input") throw InputError(error);
  throw std::runtime_error(error);
}

}  // namespace

void write_fd_hessian_points(Hdf5Group& group, const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points) {
  const Molecule& molecule = plan.molecule();
  const int natom = static_cast<int>(molecule.size());
  group.write_attribute("format", kFormat);
  group.write_attribute("format_version", kFormatVersion);
  group.write_attribute("step_bohr", plan.step_bohr());
  group.write_attribute("points", plan.points());
  group.write_attribute("units", "bohr, hartree, hartree/bohr");
  std::vector<int> atomic_numbers;
  for (const Atom& atom : molecule.atoms()) atomic_numbers.push_back(atom.Z);
  group.write_int_vector("atomic_numbers", atomic_numbers);
  group.write_matrix("geometry_bohr", molecule.positions());
  group.write_int("charge", molecule.charge());
  group.write_int("multiplicity", molecule.multiplicity());
  const Eigen::MatrixXd packed = pack(points, natom);
  std::vector<int> indices;
  for (const auto& entry : points) indices.push_back(entry.first);
  group.write_int_vector("indices", indices);
  group.write_vector("energies", packed.col(1));
  group.write_matrix("gradients", packed.rightCols(3 * natom));
}

std::map<int, SurfacePoint> read_fd_hessian_points(const Hdf5Group& group, const FdHessianPlan& plan) {
  const Molecule& molecule = plan.molecule();
  const int natom = static_cast<int>(molecule.size());
  const std::string where = group.where();
  if (!group.has_attribute("format") || group.read_string_attribute("format") != kFormat)
    throw InputError(fmt::format("not an atropos finite-difference Hessian group (attribute format != \"{}\")", kFormat),
                     where);
  const int version = group.read_int_attribute("format_version");
  if (version != kFormatVersion)
    throw InputError(fmt::format("format_version {} (this program reads {})", version, kFormatVersion), where);

  const double step = group.read_double_attribute("step_bohr");
  if (std::abs(step - plan.step_bohr()) > 1e-12 * plan.step_bohr())
    throw InputError(fmt::format("stored points were made with step {} bohr, this job uses {} bohr", step,
                                 plan.step_bohr()),
                     where);
  const int stencil = group.read_int_attribute("points");
  if (stencil != plan.points())
    throw InputError(fmt::format("stored points belong to a {}-point stencil, this job uses {} points", stencil,
                                 plan.points()),
                     where);
  const std::vector<int> atomic_numbers = group.read_int_vector("atomic_numbers");
  bool same_atoms = static_cast<int>(atomic_numbers.size()) == natom;
  for (int i = 0; same_atoms && i < natom; ++i) same_atoms = atomic_numbers[i] == molecule[i].Z;
  if (!same_atoms) throw InputError("stored points belong to other atoms (atomic numbers differ)", where);
  if (group.read_int("charge") != molecule.charge() || group.read_int("multiplicity") != molecule.multiplicity())
    throw InputError("stored points were made for another charge or multiplicity", where);
  const Eigen::MatrixXd geometry = group.read_matrix("geometry_bohr", natom, 3);
  const double offset = (geometry - Eigen::MatrixXd(molecule.positions())).cwiseAbs().maxCoeff();
  if (offset > kGeometryTolerance)
    throw InputError(fmt::format("stored points belong to another geometry (a coordinate differs by {:.3e} bohr)", offset),
                     where);

  const std::vector<int> indices = group.read_int_vector("indices");
  const auto n = static_cast<long>(indices.size());
  const Eigen::VectorXd energies = group.read_vector("energies", n);
  const Eigen::MatrixXd gradients = group.read_matrix("gradients", n, 3 * natom);
  std::map<int, SurfacePoint> points;
  for (long j = 0; j < n; ++j) {
    const int index = indices[static_cast<std::size_t>(j)];
    if (index < 0 || index > plan.reference_index())
      throw InputError(fmt::format("stored point index {} outside 0..{}", index, plan.reference_index()), where);
    SurfacePoint point;
    point.energy = energies(j);
    point.gradient.resize(natom, 3);
    for (int i = 0; i < 3 * natom; ++i) point.gradient(i / 3, i % 3) = gradients(j, i);
    if (!std::isfinite(point.energy) || !point.gradient.allFinite())
      throw InputError(fmt::format("stored point {} is not finite", index), where);
    if (!points.emplace(index, std::move(point)).second)
      throw InputError(fmt::format("stored point {} appears twice", index), where);
  }
  return points;
}

FdHessianCheckpoint::FdHessianCheckpoint(std::string path, std::string group)
    : path_(std::move(path)), group_(std::move(group)) {
  if (path_.empty()) throw InputError("finite-difference Hessian checkpoint: empty file name");
  if (group_.empty()) throw InputError("finite-difference Hessian checkpoint: empty group name", path_);
}

std::map<int, SurfacePoint> FdHessianCheckpoint::restore(const FdHessianPlan& plan, const Communicator& comm) const {
  const int natom = static_cast<int>(plan.molecule().size());
  Eigen::MatrixXd packed = Eigen::MatrixXd::Zero(0, 2 + 3 * natom);
  on_root_everywhere_throwing(comm, [&] {
    std::error_code ignored;
    if (!std::filesystem::exists(path_, ignored)) return;
    const Hdf5File file = Hdf5File::open_read(path_);
    if (!file.has_group(group_)) return;
    packed = pack(read_fd_hessian_points(file.group(group_), plan), natom);
  });
  comm.broadcast(packed);
  return unpack(packed, natom);
}

void FdHessianCheckpoint::store(const FdHessianPlan& plan, const std::map<int, SurfacePoint>& points,
                                const Communicator& comm) const {
  on_root_everywhere_throwing(comm, [&] {
    rewrite_hdf5_file_atomically(
        path_, [](const std::string&) { return true; },
        [&](Hdf5Group& root) {
          root.remove(group_);
          Hdf5Group group = root.require_group(group_);
          write_fd_hessian_points(group, plan, points);
        });
  });
}

FdHessianCallback FdHessianCheckpoint::saving_callback(const FdHessianPlan& plan, const Communicator& comm,
                                                       FdHessianCallback then) const {
  return [checkpoint = *this, plan, comm, then = std::move(then)](const FdHessianRound& round) {
    if (!round.new_points.empty()) checkpoint.store(plan, *round.points, comm);
    if (then) then(round);
  };
}

}  // namespace atropos
