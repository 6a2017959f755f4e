#pragma once
// The energy of a relaxed scan against the scanned coordinate as a PNG picture (the raster and
// PNG writer of drivers/path): framed axes with ticks, the points as dots joined by straight lines
// (nothing is interpolated between relaxed points), y = E - E_lowest in kcal/mol.

#include <string>
#include <vector>

namespace atropos {

// `values`: the coordinate at each point in display units (Angstrom or degrees); `relative_kcal`:
// E - E_lowest; `x_title` e.g. "torsion (degree)" (letters the built-in font lacks are an error).
void write_scan_png(const std::string& path, const std::vector<double>& values, const std::vector<double>& relative_kcal,
                    const std::string& x_title);

}  // namespace atropos
