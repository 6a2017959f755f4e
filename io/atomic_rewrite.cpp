#include "io/atomic_rewrite.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace atropos {

namespace {

// fsync, so that after a crash of the whole machine the renamed file has its content; for the
// directory (which records the rename) this is best effort.
void sync_to_disk(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) {
    if (directory) return;  // best effort: some file systems refuse to open directories
    throw std::runtime_error(path + ": cannot reopen to sync: " + std::strerror(errno));
  }
  const int status = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (status != 0 && !directory)
    throw std::runtime_error(path + ": cannot sync to disk: " + std::strerror(saved));
}

}  // namespace

std::string atomic_temporary_path(const std::string& path) { return path + ".tmp"; }

void rewrite_hdf5_file_atomically(const std::string& path,
                                  const std::function<bool(const std::string& name)>& keep,
                                  const std::function<void(Hdf5Group& root)>& write) {
  const std::string temporary = atomic_temporary_path(path);
  try {
    {
      Hdf5File output = Hdf5File::create(temporary);
      std::error_code error;
      if (keep && std::filesystem::exists(path, error)) {
        const Hdf5File previous = Hdf5File::open_read(path);
        previous.copy_attributes_to(output);
        for (const auto& name : previous.children())
          if (keep(name)) previous.copy_to(name, output);
      }
      write(output);
      output.close();
    }
    sync_to_disk(temporary, false);
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
      throw std::runtime_error(fmt::format("{}: cannot rename {} over it: {}", path, temporary,
                                           std::strerror(errno)));
    const auto directory = std::filesystem::path(path).parent_path();
    sync_to_disk(directory.empty() ? "." : directory.string(), true);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace atropos
