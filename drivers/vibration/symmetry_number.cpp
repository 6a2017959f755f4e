#include "drivers/vibration/symmetry_number.hpp"

#include <cctype>

#include "common/error.hpp"

namespace atropos {

int rotational_symmetry_number(const std::string& label) {
  std::string lower;
  for (const char c : label) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "c1" || lower == "cs" || lower == "ci" || lower == "c*v" || lower == "kh") return 1;
  if (lower == "d*h") return 2;
  if (lower == "t" || lower == "td" || lower == "th") return 12;
  if (lower == "o" || lower == "oh") return 24;
  if (lower == "i" || lower == "ih") return 60;
  // Cn, Cnv, Cnh, Dn, Dnh, Dnd, Sn with n >= 2.
  if (lower.size() >= 2 && (lower[0] == 'c' || lower[0] == 'd' || lower[0] == 's')) {
    std::size_t end = 1;
    while (end < lower.size() && std::isdigit(static_cast<unsigned char>(lower[end]))) ++end;
    const std::string suffix = lower.substr(end);
    if (end > 1 && end - 1 <= 3) {
      const int n = std::stoi(lower.substr(1, end - 1));
      if (n >= 2) {
        if (lower[0] == 'c' && (suffix.empty() || suffix == "v" || suffix == "h")) return n;
        if (lower[0] == 'd' && (suffix.empty() || suffix == "h" || suffix == "d")) return 2 * n;
        if (lower[0] == 's' && suffix.empty() && n % 2 == 0) return n / 2;
      }
    }
  }
  throw InputError("unknown point group \"" + label + "\" (no rotational symmetry number)");
}

}  // namespace atropos
