#pragma once
// The geometry subcommands of the CLI (`atropos extract`, `atropos inspect`).

namespace CLI {
class App;
}

namespace atropos {

// Registers the geometry subcommands on the top-level app; their callbacks do the work.
void add_geometry_commands(CLI::App& app);

}  // namespace atropos
