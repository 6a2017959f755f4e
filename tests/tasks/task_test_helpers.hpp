#pragma once
// Shared pieces of the task tests: a scratch directory per test (named by rank 0's process id,
// removed at the end), jobs read through the TOML front end, results JSON and XYZ frame counts.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "drivers/toml_input.hpp"
#include "geometry/xyz.hpp"
#include "parallel/communicator.hpp"
#include "reference_data.hpp"

namespace atropos::testing {

class ScratchDirectory {
 public:
  ScratchDirectory(const std::string& name, const Communicator& comm) : comm_(comm) {
    path_ = (std::filesystem::temp_directory_path() / ("atropos_tasks_" + std::to_string(::getpid()) + "_" + name)).string();
    comm_.broadcast(path_);
    if (comm_.is_root()) {
      std::filesystem::remove_all(path_);
      std::filesystem::create_directories(path_);
    }
    comm_.barrier();
  }
  ~ScratchDirectory() {
    comm_.barrier();
    std::error_code ignored;
    if (comm_.is_root()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  Communicator comm_;
  std::string path_;
};

// A job from TOML text (the front end under test too); checkpoint <directory>/<name>.h5.
inline Job toml_job(const std::string& toml, const std::string& name, const ScratchDirectory& scratch) {
  Job job = parse_toml_job(toml, name + ".toml", std::string(ATROPOS_TEST_DATA));
  job.checkpoint = scratch.file(name + ".h5");
  return job;
}

inline nlohmann::json read_results(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("missing results file " + path);
  return nlohmann::json::parse(in);
}

inline std::size_t xyz_frames(const std::string& path) { return read_xyz_file(path).size(); }

inline bool starts_with_png_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char bytes[8] = {};
  in.read(bytes, 8);
  return in && std::string(bytes, 8) == std::string("\x89PNG\r\n\x1a\n", 8);
}

}  // namespace atropos::testing
