#pragma once
// BandState in an HDF5 group (io/hdf5_file.hpp), for checkpoint and resume. Layout (bohr, Eh):
//   attributes  format = "atropos-neb-band", version = 1
//   atomic_numbers [natom] int, charge, multiplicity
//   positions [nimage, 3 natom]   (row = image: x1 y1 z1 x2 ...), energies [nimage],
//   gradients [nimage, 3 natom]   (Eh/bohr)
//   iteration, climbing, converged, image_evaluations, climbing_image,
//   max_perpendicular_force, climbing_image_force, optimizer ("fire"/"lbfgs")
//   fire/      velocity [3 natom (nimage-2)] (absent before the first step), time_step, mixing,
//              steps_downhill
//   lbfgs/     steps, gradient_changes [pairs, 3 natom (nimage-2)] (absent when empty),
//              previous_positions, previous_forces (absent when there is no previous point)
// Doubles are stored as they are, so a resumed run continues with the same bits.
// Serial HDF5: let one rank write; every rank may read.

#include "drivers/path/band_state.hpp"
#include <string>

#include "io/hdf5_file.hpp"

namespace atropos {

void write_band_state(Hdf5Group& group, const BandState& state);

// InputError (naming file and object) for a missing group, another format, or shapes that do
// not fit together.
BandState read_band_state(const Hdf5Group& group);

// The checkpoint a driver writes after every iteration: the top-level group `group_name` of the
// file at `path` replaced by `state`, the file's other top-level objects kept, written
// atomically (io/atomic_rewrite.hpp: temporary file, fsync, rename), so a kill while writing
// leaves the previous iteration's state. Call on one rank.
void save_band_state(const std::string& path, const BandState& state, const std::string& group_name = "neb");
// read_band_state of that group; InputError when the file or group is missing.
BandState load_band_state(const std::string& path, const std::string& group_name = "neb");

}  // namespace atropos
