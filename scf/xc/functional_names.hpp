#pragma once
// The names a user may give for a functional (aliases and libxc's own), and the close matches
// offered when a name is unknown.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace atropos {

// Every functional name libxc knows ("gga_x_pbe", ...), lower case, sorted.
const std::vector<std::string>& libxc_functional_names();

// Edit distance with adjacent transpositions counted as one edit (optimal string alignment),
// so "b3lpy" is 1 away from "b3lyp".
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `max_count` known names (aliases first, then libxc names) closest to `typed`, best
// first; empty when nothing is reasonably close. A libxc name also matches through its part after
// the family prefix ("b3lyp" in "hyb_gga_xc_b3lyp").
std::vector<std::string> close_functional_names(std::string_view typed, std::size_t max_count = 6);

}  // namespace atropos
