#include "scf/xc/functional_names.hpp"

#include <xc.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "scf/xc/functional_aliases.hpp"

namespace atropos {

const std::vector<std::string>& libxc_functional_names() {
  static const std::vector<std::string> names = [] {
    // libxc writes into caller-provided buffers of xc_maximum_name_length()+1 characters.
    const int count = xc_number_of_functionals();
    const std::size_t width = static_cast<std::size_t>(xc_maximum_name_length()) + 1;
    std::vector<char> storage(static_cast<std::size_t>(count) * width, '\0');
    std::vector<char*> rows(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) rows[static_cast<std::size_t>(i)] = storage.data() + i * width;
    xc_available_functional_names(rows.data());
    std::vector<std::string> result(rows.begin(), rows.end());
    std::sort(result.begin(), result.end());
    return result;
  }();
  return names;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the dynamic-programming table: the transposition looks two rows back.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

namespace {

// "hyb_gga_xc_b3lyp" -> "b3lyp", "lda_c_vwn_rpa" -> "vwn_rpa": what people remember of a name.
std::string_view libxc_short_name(std::string_view name) {
  static constexpr std::string_view prefixes[] = {"hyb_", "lda_", "gga_", "mgga_", "xc_", "x_", "c_", "k_"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    for (const auto prefix : prefixes) {
      if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
        name.remove_prefix(prefix.size());
        stripped = true;
        break;
      }
    }
  }
  return name;
}

}  // namespace

std::vector<std::string> close_functional_names(std::string_view typed, std::size_t max_count) {
  // Farther than about a third of the typed length is a different name, not a typo.
  const std::size_t allowed = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  std::string underscored(typed);
  std::replace(underscored.begin(), underscored.end(), '-', '_');  // "wb97x-v" ~ "wb97x_v"

  // (distance, 0 for an alias / 1 for a libxc name, name): aliases win ties.
  std::vector<std::tuple<std::size_t, int, std::string>> found;
  for (const auto& alias : functional_aliases()) {
    const std::size_t d = edit_distance(typed, alias.name);
    if (d <= allowed) found.emplace_back(d, 0, std::string(alias.name));
  }
  for (const auto& name : libxc_functional_names()) {
    if (name.find("_k_") != std::string::npos) continue;  // kinetic-energy functionals: never XC
    const std::size_t d =
        std::min(edit_distance(underscored, name), edit_distance(underscored, libxc_short_name(name)));
    if (d <= allowed) found.emplace_back(d, 1, name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> result;
  for (const auto& entry : found) {
    if (result.size() == max_count) break;
    result.push_back(std::get<2>(entry));
  }
  return result;
}

}  // namespace atropos
