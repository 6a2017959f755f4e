#pragma once
// The option tables of the geometry tasks, one parser per table for both front ends: the TOML
// tables [optimizer] (with [optimizer.constraints]), [scan], [neb], [ts], [frequencies] and the
// `keywords` of a QCSchema optimization input. Values come as JSON (toml_input.cpp converts each
// TOML value), one key at a time, so an error names the key and, from TOML, its line.
//
// Units at this edge: Angstrom and degrees for targets and scan limits, 1-based atom numbers;
// stored in bohr, radians and 0-based (drivers/tasks/task_settings.hpp). docs/input.md lists
// every key.
//
// Compiled into atropos_drivers (the front ends live there), not atropos_tasks.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drivers/job.hpp"

namespace atropos {

// `where` names the table and, from TOML, the key's line ("job.toml line 7 [optimizer]").
// Unknown keys: InputError "unknown key 'k' (known: ...)"; bad values: InputError at
// "<where> <key>".
void apply_optimizer_keyword(OptimizerOptions& options, const std::string& key, const nlohmann::json& value,
                             const std::string& where);
// [optimizer.constraints]: frozen_atoms, distances, angles, dihedrals (appended to `constraints`).
void apply_constraint_keyword(std::vector<Constraint>& constraints, const std::string& key, const nlohmann::json& value,
                              const std::string& where);
void apply_scan_keyword(ScanSettings& scan, const std::string& key, const nlohmann::json& value, const std::string& where);
// `endpoint` is stored as given; the front end resolves it against the input's directory.
void apply_neb_keyword(NebSettings& neb, const std::string& key, const nlohmann::json& value, const std::string& where);
void apply_ts_keyword(TsSettings& ts, const std::string& key, const nlohmann::json& value, const std::string& where);
void apply_frequency_keyword(FrequencySettings& frequencies, const std::string& key, const nlohmann::json& value,
                             const std::string& where);

std::vector<std::string> optimizer_keys();
std::vector<std::string> constraint_keys();
std::vector<std::string> scan_keys();
std::vector<std::string> neb_keys();
std::vector<std::string> ts_keys();
std::vector<std::string> frequency_keys();

// The `keywords` object of a QCSchema optimization input: [optimizer] keys (constraints as an
// object of constraint keys), `transition_state` (bool: sets options.target) and the [ts] keys
// `initial_hessian` and `follow`.
void apply_optimization_procedure_keywords(TaskOptions& options, const nlohmann::json& keywords, const std::string& where);

// Whether `task` reads the table `table` ("optimizer", "scan", "neb", "ts", "frequencies"); a
// table the task does not read is an input error (most likely a mistake in the task name).
bool task_uses_table(const std::string& task, const std::string& table);

// Checks that need the whole input: atom numbers within the molecule, the table the task needs
// ([scan] for "scan", an endpoint for "neb"), tables given that the task does not use. `where`
// names the input.
void validate_task_options(const Job& job, const std::string& where);

// SCF convergence for geometry tasks, unless the input set it: d_convergence 1e-8 (gradients
// accurate to ~1e-8 Eh/bohr, as Psi4 tightens it for gradients), and for tasks with finite-
// difference Hessians (frequencies, ts, QCSchema hessian) also e_convergence 1e-10.
void tighten_scf_for_task(Job& job, bool energy_threshold_given, bool gradient_threshold_given);

}  // namespace atropos
