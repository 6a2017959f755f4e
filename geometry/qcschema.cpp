#include "geometry/qcschema.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.hpp"
#include "geometry/element.hpp"

namespace atropos {

namespace {

using json = nlohmann::json;

XyzFrame frame_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) throw InputError("expected a QCSchema molecule object", where);
  if (j.contains("schema_name") && j["schema_name"] != "qcschema_molecule")
    throw InputError("schema_name is " + j["schema_name"].dump() + ", expected \"qcschema_molecule\"", where);
  for (const char* key : {"symbols", "geometry"})
    if (!j.contains(key) || !j[key].is_array()) throw InputError(std::string("missing array \"") + key + "\"", where);
  const json& symbols = j["symbols"];
  const json& geometry = j["geometry"];
  if (geometry.size() != 3 * symbols.size())
    throw InputError(fmt::format("\"geometry\" has {} numbers for {} symbols (expected {})", geometry.size(),
                                 symbols.size(), 3 * symbols.size()),
                     where);
  std::vector<Atom> atoms;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const std::string field = fmt::format("{} symbols[{}]", where, i);
    if (!symbols[i].is_string()) throw InputError("expected an element symbol", field);
    const auto Z = atomic_number(symbols[i].get<std::string>());
    if (!Z) throw InputError("unknown element '" + symbols[i].get<std::string>() + "'", field);
    Eigen::Vector3d r;
    for (int k = 0; k < 3; ++k) {
      const json& x = geometry[3 * i + k];
      if (!x.is_number()) throw InputError("expected a number", fmt::format("{} geometry[{}]", where, 3 * i + k));
      r(k) = x.get<double>();
    }
    atoms.push_back({*Z, r});
  }
  const int charge = j.contains("molecular_charge") ? static_cast<int>(std::lround(j["molecular_charge"].get<double>())) : 0;
  const int multiplicity = j.contains("molecular_multiplicity") ? j["molecular_multiplicity"].get<int>() : 1;
  XyzFrame frame;
  frame.molecule = Molecule(std::move(atoms), charge, multiplicity);
  if (j.contains("comment") && j["comment"].is_string()) frame.comment = j["comment"].get<std::string>();
  return frame;
}

json frame_to_json(const XyzFrame& frame) {
  json j;
  j["schema_name"] = "qcschema_molecule";
  j["schema_version"] = 2;
  json symbols = json::array(), geometry = json::array();
  for (const auto& atom : frame.molecule.atoms()) {
    symbols.push_back(element_symbol(atom.Z));
    for (int k = 0; k < 3; ++k) geometry.push_back(atom.position(k));
  }
  j["symbols"] = symbols;
  j["geometry"] = geometry;  // bohr
  j["molecular_charge"] = frame.molecule.charge();
  j["molecular_multiplicity"] = frame.molecule.multiplicity();
  j["comment"] = frame.comment;
  return j;
}

}  // namespace

std::vector<XyzFrame> parse_qcschema(const std::string& text, const std::string& source) {
  json document;
  try {
    document = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(std::string("malformed JSON: ") + e.what(), source);
  }
  std::vector<XyzFrame> frames;
  try {
    if (document.is_array()) {
      for (std::size_t i = 0; i < document.size(); ++i)
        frames.push_back(frame_from_json(document[i], fmt::format("{} [{}]", source, i)));
    } else {
      frames.push_back(frame_from_json(document, source));
    }
  } catch (const json::exception& e) {  // wrong value types in optional fields
    throw InputError(std::string("invalid QCSchema molecule: ") + e.what(), source);
  }
  if (frames.empty()) throw InputError("no molecules in QCSchema file", source);
  return frames;
}

std::vector<XyzFrame> read_qcschema_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError("cannot open QCSchema file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_qcschema(buffer.str(), path);
}

std::string format_qcschema(const std::vector<XyzFrame>& frames) {
  json document;
  if (frames.size() == 1) {
    document = frame_to_json(frames[0]);
  } else {
    document = json::array();
    for (const auto& frame : frames) document.push_back(frame_to_json(frame));
  }
  return document.dump(1) + "\n";
}

void write_qcschema_file(const std::string& path, const std::vector<XyzFrame>& frames) {
  std::ofstream out(path);
  if (!out) throw InputError("cannot write QCSchema file '" + path + "'");
  out << format_qcschema(frames);
}

}  // namespace atropos
