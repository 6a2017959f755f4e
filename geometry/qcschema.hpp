#pragma once
// QCSchema molecule JSON (MolSSI QCSchema, schema_name "qcschema_molecule", schema_version 2):
// "symbols", "geometry" (flat list, bohr), "molecular_charge", "molecular_multiplicity", and
// "comment" for the XYZ comment line. A file holds one molecule object or an array of them.
// Numbers are written with 17 significant digits, so reading back gives the same doubles.

#include <string>
#include <vector>

#include "geometry/xyz.hpp"

namespace atropos {

// `source` names the text in error messages.
std::vector<XyzFrame> parse_qcschema(const std::string& text, const std::string& source);
std::vector<XyzFrame> read_qcschema_file(const std::string& path);

// One frame: a single object; several: an array.
std::string format_qcschema(const std::vector<XyzFrame>& frames);
void write_qcschema_file(const std::string& path, const std::vector<XyzFrame>& frames);

}  // namespace atropos
