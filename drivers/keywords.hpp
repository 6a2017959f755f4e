#pragma once
// Psi4-named keywords (QCSchema `keywords`, TOML [scf] table) applied to a Job. One parser for
// both front ends, so an option means the same everywhere; unknown keywords are errors.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "drivers/job.hpp"

namespace atropos {

// `where` prefixes error messages ("input.toml [scf]", "QCSchema keywords").
void apply_keywords(Job& job, const nlohmann::json& keywords, const std::string& where);

std::vector<std::string> known_keywords();

}  // namespace atropos
