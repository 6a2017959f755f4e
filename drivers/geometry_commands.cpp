#include "drivers/geometry_commands.hpp"

#include <CLI/CLI.hpp>

namespace atropos {

void add_geometry_commands(CLI::App& app) { (void)app; }

}  // namespace atropos
