#include "drivers/toml_input.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "common/error.hpp"
#include "drivers/keywords.hpp"
#include "drivers/tasks/task_keywords.hpp"
#include "geometry/xyz.hpp"

namespace atropos {

namespace fs = std::filesystem;

namespace {

std::string location(const std::string& source, const toml::node& node) {
  const auto& begin = node.source().begin;
  return begin.line ? fmt::format("{} line {}", source, begin.line) : source;
}

nlohmann::json to_json(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : *table) out[std::string(key.str())] = to_json(value);
    return out;
  }
  if (const auto* array = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& value : *array) out.push_back(to_json(value));
    return out;
  }
  if (const auto* v = node.as_string()) return v->get();
  if (const auto* v = node.as_integer()) return v->get();
  if (const auto* v = node.as_floating_point()) return v->get();
  if (const auto* v = node.as_boolean()) return v->get();
  throw InputError("unsupported TOML value type (dates are not used by atropos)");
}

template <typename T>
T required_type(const toml::node& node, const std::string& where, const char* what) {
  if (auto value = node.value<T>()) return *value;
  throw InputError(std::string("expected ") + what, where);
}

std::string resolve(const std::string& base, const std::string& path) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(base) / path).lexically_normal().string();
}

}  // namespace

Job parse_toml_job(const std::string& text, const std::string& source, const std::string& base_directory) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(std::string(e.description()), fmt::format("{} line {}", source, e.source().begin.line));
  }

  Job job;
  job.name = fs::path(source).stem().string();
  int charge = 0, multiplicity = 1;
  bool have_molecule = false;
  bool energy_threshold_given = false, gradient_threshold_given = false;
  // Task tables given, with their place: checked against the task once it is known (keys come in any order).
  std::vector<std::pair<std::string, std::string>> tables_given;
  static const std::set<std::string> kTopLevel = {
      "task", "method", "basis", "charge", "multiplicity", "mirror", "checkpoint", "guess_checkpoint", "molecule",
      "scf",  "name",   "optimizer", "scan", "neb",       "ts",     "frequencies"};
  for (const auto& [key_view, node] : root) {
    const std::string key(key_view.str());
    const std::string where = location(source, node) + " '" + key + "'";
    if (!kTopLevel.count(key))
      throw InputError(fmt::format("unknown key '{}' (known: task, method, basis, charge, multiplicity, mirror, "
                                   "checkpoint, guess_checkpoint, name, [molecule], [scf], [optimizer], [scan], "
                                   "[neb], [ts], [frequencies])",
                                   key),
                       location(source, node));
    if (key == "task") {
      job.task = required_type<std::string>(node, where, "a string");
      if (job.task != "energy" && job.task != "gradient" && !is_geometry_task(job.task))
        throw InputError("unknown task '" + job.task +
                             "' (available: energy, gradient, optimize, scan, neb, ts, frequencies)",
                         where);
    } else if (key == "method") {
      job.method = required_type<std::string>(node, where, "a string");
      std::transform(job.method.begin(), job.method.end(), job.method.begin(), ::tolower);
    } else if (key == "basis") {
      job.basis = required_type<std::string>(node, where, "a string");
    } else if (key == "name") {
      job.name = required_type<std::string>(node, where, "a string");
    } else if (key == "charge") {
      charge = static_cast<int>(required_type<int64_t>(node, where, "an integer"));
    } else if (key == "multiplicity") {
      multiplicity = static_cast<int>(required_type<int64_t>(node, where, "an integer"));
    } else if (key == "mirror") {
      job.mirror = required_type<bool>(node, where, "true or false");
    } else if (key == "checkpoint") {
      job.checkpoint = resolve(base_directory, required_type<std::string>(node, where, "a file name"));
    } else if (key == "guess_checkpoint") {
      job.guess_checkpoint = resolve(base_directory, required_type<std::string>(node, where, "a file name"));
    } else if (key == "molecule") {
      const auto* table = node.as_table();
      if (!table) throw InputError("[molecule] must be a table with 'file' or 'xyz'", where);
      const auto* file = table->get("file");
      const auto* xyz = table->get("xyz");
      if ((file != nullptr) == (xyz != nullptr))
        throw InputError("[molecule] needs exactly one of 'file' (an XYZ file) or 'xyz' (inline XYZ text)", where);
      for (const auto& [sub, value] : *table)
        if (sub.str() != "file" && sub.str() != "xyz")
          throw InputError("unknown key '" + std::string(sub.str()) + "' in [molecule] (known: file, xyz)",
                           location(source, value));
      if (file) {
        const std::string path = resolve(base_directory, required_type<std::string>(*file, where + ".file", "a file name"));
        job.molecule = read_xyz_molecule(path);
      } else {
        job.molecule = parse_xyz(required_type<std::string>(*xyz, where + ".xyz", "XYZ text"),
                                 location(source, *xyz) + " [molecule] xyz")
                           .front()
                           .molecule;
      }
      have_molecule = true;
    } else if (key == "scf") {
      if (!node.is_table()) throw InputError("[scf] must be a table of keywords", where);
      // One keyword at a time, so that an error names the keyword's own line.
      for (const auto& [keyword, value] : *node.as_table()) {
        apply_keywords(job, nlohmann::json{{std::string(keyword.str()), to_json(value)}},
                       location(source, value) + " [scf]");
        energy_threshold_given = energy_threshold_given || keyword.str() == "e_convergence";
        gradient_threshold_given = gradient_threshold_given || keyword.str() == "d_convergence";
      }
    } else {
      // The geometry tasks' tables (drivers/tasks/task_keywords.hpp), one key at a time.
      if (!node.is_table()) throw InputError("[" + key + "] must be a table", where);
      tables_given.emplace_back(key, location(source, node));
      TaskOptions& options = job.task_options;
      for (const auto& [sub_view, value] : *node.as_table()) {
        const std::string sub(sub_view.str());
        const std::string at = location(source, value) + " [" + key + "]";
        if (key == "optimizer" && sub == "constraints" && value.is_table()) {
          for (const auto& [c, v] : *value.as_table())
            apply_constraint_keyword(options.optimizer.constraints, std::string(c.str()), to_json(v),
                                     location(source, v) + " [optimizer.constraints]");
        } else if (key == "optimizer") {
          apply_optimizer_keyword(options.optimizer, sub, to_json(value), at);
        } else if (key == "scan") {
          apply_scan_keyword(options.scan, sub, to_json(value), at);
        } else if (key == "neb") {
          apply_neb_keyword(options.neb, sub, to_json(value), at);
          if (sub == "endpoint") options.neb.endpoint = resolve(base_directory, options.neb.endpoint);
        } else if (key == "ts") {
          apply_ts_keyword(options.ts, sub, to_json(value), at);
        } else {
          apply_frequency_keyword(options.frequencies, sub, to_json(value), at);
        }
      }
    }
  }
  if (!have_molecule) throw InputError("no [molecule] table (give 'file' or 'xyz')", source);
  job.molecule.set_charge_and_multiplicity(charge, multiplicity);
  // Every run leaves a checkpoint; by default in the working directory, named after the input.
  if (job.checkpoint.empty()) job.checkpoint = job.name + ".h5";
  if (job.guess == "read" && job.guess_checkpoint.empty())
    throw InputError("guess = 'read' needs guess_checkpoint = \"FILE.h5\"", source);
  for (const auto& [table, place] : tables_given)
    if (!task_uses_table(job.task, table))
      throw InputError(fmt::format("the [{}] table is not used by task '{}'", table, job.task), place);
  validate_task_options(job, source);
  tighten_scf_for_task(job, energy_threshold_given, gradient_threshold_given);
  return job;
}

Job read_toml_job(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot open input file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string base = fs::path(path).parent_path().string();
  return parse_toml_job(buffer.str(), path, base.empty() ? "." : base);
}

}  // namespace atropos
