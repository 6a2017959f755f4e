#pragma once
// Replacing an HDF5 file so that a killed job never leaves a half-written file behind.

#include <functional>
#include <string>

#include "io/hdf5_file.hpp"

namespace atropos {

// Rewrites the file at `path` so that a killed job never leaves a half-written file there:
// a new file is built at "<path>.tmp", closed, synced to disk, then renamed over `path`.
// When `path` already exists, its root attributes and every top-level object for which
// `keep(name)` returns true are copied into the new file first; then `write(root)` adds the new
// content (and may overwrite copied root attributes). If anything throws, `path` is untouched
// and the .tmp file is removed. A stale .tmp from an earlier killed job is simply overwritten.
void rewrite_hdf5_file_atomically(const std::string& path,
                                  const std::function<bool(const std::string& name)>& keep,
                                  const std::function<void(Hdf5Group& root)>& write);

// The temporary name used by rewrite_hdf5_file_atomically.
std::string atomic_temporary_path(const std::string& path);

}  // namespace atropos
