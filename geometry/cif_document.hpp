#pragma once
// A small CIF 1.1 reader: data blocks of tag-value pairs and loops, quoted strings, text fields,
// comments. Each value remembers its line, so errors point at the file position. (gemmi's CIF
// parser would need PEGTL, which the build machines do not have; gemmi is used for symmetry.)

#include <map>
#include <string>
#include <vector>

namespace atropos {

struct CifValue {
  std::string text;  // unquoted
  int line = 0;
  bool quoted = false;
  // "?" (unknown) and "." (inapplicable) when unquoted.
  bool is_null() const { return !quoted && (text == "?" || text == "."); }
};

struct CifLoop {
  std::vector<std::string> tags;                // lower case
  std::vector<std::vector<CifValue>> rows;
  int line = 0;
  int column(const std::string& tag) const;     // -1 when absent
};

struct CifBlock {
  std::string name;
  int line = 0;
  std::map<std::string, CifValue> items;        // single values, tags lower case
  std::vector<CifLoop> loops;
  const CifValue* find(const std::string& tag) const;
  const CifLoop* find_loop(const std::string& tag) const;  // the loop holding this tag
};

// Throws InputError("<source> line N: ...") for malformed text.
std::vector<CifBlock> parse_cif(const std::string& text, const std::string& source);
std::vector<CifBlock> read_cif_file(const std::string& path);

// Number of a CIF numeric value without its standard uncertainty: "1.234(5)" -> 1.234.
// Throws InputError naming `where` (file, line, tag: the caller's words) when it is not a number.
double cif_number(const CifValue& value, const std::string& where);

}  // namespace atropos
