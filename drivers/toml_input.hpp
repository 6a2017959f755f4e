#pragma once
// `atropos run FILE.toml`: the input file format (documented in docs/input.md).

#include <string>

#include "drivers/job.hpp"

namespace atropos {

// Relative paths in the input (molecule file, checkpoints) are taken relative to the input
// file's directory. Errors name the file, line and key.
Job read_toml_job(const std::string& path);
Job parse_toml_job(const std::string& text, const std::string& source, const std::string& base_directory);

}  // namespace atropos
