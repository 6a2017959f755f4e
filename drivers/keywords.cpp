#include "drivers/keywords.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "common/error.hpp"

namespace atropos {

namespace {

using Setter = std::function<void(Job&, const nlohmann::json&, const std::string&)>;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

double as_number(const nlohmann::json& v, const std::string& where) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      std::size_t used = 0;
      const double x = std::stod(v.get<std::string>(), &used);
      if (used == v.get<std::string>().size()) return x;
    } catch (const std::exception&) {
    }
  }
  throw InputError("expected a number, got " + v.dump(), where);
}

int as_int(const nlohmann::json& v, const std::string& where) {
  const double x = as_number(v, where);
  if (x != static_cast<double>(static_cast<long>(x))) throw InputError("expected an integer, got " + v.dump(), where);
  return static_cast<int>(x);
}

bool as_bool(const nlohmann::json& v, const std::string& where) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) {
    const std::string s = lower(v.get<std::string>());
    if (s == "true" || s == "yes" || s == "on") return true;
    if (s == "false" || s == "no" || s == "off") return false;
  }
  throw InputError("expected true or false, got " + v.dump(), where);
}

std::string as_choice(const nlohmann::json& v, const std::vector<std::string>& choices, const std::string& where) {
  if (!v.is_string()) throw InputError("expected a string, got " + v.dump(), where);
  const std::string s = lower(v.get<std::string>());
  if (std::find(choices.begin(), choices.end(), s) == choices.end())
    throw InputError(fmt::format("'{}' is not one of: {}", v.get<std::string>(), fmt::join(choices, ", ")), where);
  return s;
}

double positive(double x, const std::string& where) {
  if (!(x > 0.0)) throw InputError(fmt::format("must be positive, got {}", x), where);
  return x;
}

double non_negative(double x, const std::string& where) {
  if (!(x >= 0.0)) throw InputError(fmt::format("must be >= 0, got {}", x), where);
  return x;
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"reference",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         const std::string r = as_choice(v, {"rhf", "uhf", "rks", "uks"}, w);
         j.reference = (r == "rhf" || r == "rks") ? Reference::restricted : Reference::unrestricted;
       }},
      {"scf_type",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         const std::string t = as_choice(v, {"auto", "direct", "pk", "out_of_core", "df"}, w);
         // pk and out_of_core are exact integrals too: computed directly here.
         j.scf_type = t == "df" || t == "auto" ? t : "direct";
       }},
      {"e_convergence", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.energy_threshold = positive(as_number(v, w), w); }},
      {"d_convergence", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.gradient_threshold = positive(as_number(v, w), w); }},
      {"maxiter",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         j.scf.max_iterations = as_int(v, w);
         if (j.scf.max_iterations < 1) throw InputError("must be at least 1", w);
       }},
      {"fail_on_maxiter", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.allow_unconverged = !as_bool(v, w); }},
      {"guess", [](Job& j, const nlohmann::json& v, const std::string& w) { j.guess = as_choice(v, {"sad", "core", "read"}, w); }},
      {"level_shift", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.level_shift = as_number(v, w); }},
      {"level_shift_cutoff", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.level_shift_cutoff = as_number(v, w); }},
      {"damping_percentage",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         const double p = as_number(v, w);
         if (p < 0.0 || p >= 100.0) throw InputError("must be in [0, 100)", w);
         j.scf.damping = p / 100.0;
       }},
      {"scf_initial_accelerator",
       [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.adiis = as_choice(v, {"adiis", "none"}, w) == "adiis"; }},
      {"diis", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.diis = as_bool(v, w); }},
      {"diis_max_vecs",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         j.scf.diis_max_vectors = as_int(v, w);
         if (j.scf.diis_max_vectors < 2) throw InputError("must be at least 2", w);
       }},
      {"ints_tolerance", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.integral_threshold = positive(as_number(v, w), w); }},
      {"s_tolerance", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.linear_dependency_threshold = positive(as_number(v, w), w); }},
      {"incfock", [](Job& j, const nlohmann::json& v, const std::string& w) { j.scf.incremental_fock = as_bool(v, w); }},
      {"df_basis_scf",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         if (!v.is_string()) throw InputError("expected a basis-set name, got " + v.dump(), w);
         j.df_basis = v.get<std::string>();
       }},
      {"puream", [](Job& j, const nlohmann::json& v, const std::string& w) { j.pure_harmonics = as_bool(v, w); }},
      {"grid",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         if (v.is_string()) {
           j.grid_level = as_choice(v, {"coarse", "default", "fine", "ultrafine"}, w);
           j.grid_radial_points = j.grid_angular_points = 0;
         } else if (v.is_array() && v.size() == 2) {
           j.grid_radial_points = as_int(v[0], w);
           j.grid_angular_points = as_int(v[1], w);
         } else {
           throw InputError("expected a level (coarse, default, fine, ultrafine) or [radial, angular], got " + v.dump(), w);
         }
       }},
      {"grid_response", [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_response = as_bool(v, w); }},
      {"dft_radial_points", [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_radial_points = as_int(v, w); }},
      {"dft_spherical_points", [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_angular_points = as_int(v, w); }},
      {"dft_grid_style", [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_style = as_choice(v, {"atropos", "psi4"}, w); }},
      {"dft_radial_scheme",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         j.grid_radial_scheme = as_choice(v, {"treutler", "becke", "mura", "mura-knowles"}, w);
       }},
      {"dft_nuclear_scheme",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         j.grid_nuclear_scheme = as_choice(v, {"treutler", "becke", "stratmann", "ssf"}, w);
       }},
      {"initial_grid",
       [](Job& j, const nlohmann::json& v, const std::string& w) {
         j.initial_grid = as_choice(v, {"auto", "none", "coarse", "default", "fine", "ultrafine"}, w);
       }},
      {"initial_grid_convergence",
       [](Job& j, const nlohmann::json& v, const std::string& w) { j.initial_grid_convergence = positive(as_number(v, w), w); }},
      {"df_cache_memory",
       [](Job& j, const nlohmann::json& v, const std::string& w) { j.df_cache_memory_mib = non_negative(as_number(v, w), w); }},
      {"dft_weights_tolerance",
       [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_weight_threshold = as_number(v, w); }},
      {"dft_bs_radius_alpha", [](Job& j, const nlohmann::json& v, const std::string& w) { j.grid_bs_radius_alpha = positive(as_number(v, w), w); }},
  };
  return table;
}

}  // namespace

std::vector<std::string> known_keywords() {
  std::vector<std::string> names;
  for (const auto& [name, setter] : setters()) names.push_back(name);
  return names;
}

void apply_keywords(Job& job, const nlohmann::json& keywords, const std::string& where) {
  if (keywords.is_null()) return;
  if (!keywords.is_object()) throw InputError("keywords must be a table/object", where);
  for (const auto& [key, value] : keywords.items()) {
    const auto it = setters().find(lower(key));
    if (it == setters().end())
      throw InputError(fmt::format("unknown keyword '{}' (known: {})", key, fmt::join(known_keywords(), ", ")), where);
    it->second(job, value, where + " " + key);
  }
}

}  // namespace atropos
