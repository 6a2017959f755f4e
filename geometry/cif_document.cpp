#include "geometry/cif_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "common/error.hpp"

namespace atropos {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool starts_with_ci(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

struct Token {
  std::string text;
  int line;
  bool quoted;  // quoted string or text field: never a keyword or a tag
};

std::vector<Token> tokenize(const std::string& text, const std::string& source) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  auto at_line_start = [&](std::size_t pos) { return pos == 0 || text[pos - 1] == '\n' || text[pos - 1] == '\r'; };
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '#') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == ';' && at_line_start(i)) {
      // Text field: up to a line starting with ';'.
      const int start_line = line;
      std::size_t end = i + 1;
      std::string value;
      while (true) {
        const std::size_t newline = text.find('\n', end);
        if (newline == std::string::npos)
          throw InputError("text field opened with ';' is never closed", fmt::format("{} line {}", source, start_line));
        value += text.substr(end, newline + 1 - end);
        ++line;
        end = newline + 1;
        if (end < n && text[end] == ';') break;
      }
      tokens.push_back({value, start_line, true});
      i = end + 1;
    } else if (c == '\'' || c == '"') {
      // Quoted string: closed by the same quote followed by whitespace or end of text.
      std::size_t end = i + 1;
      while (end < n && !(text[end] == c && (end + 1 == n || std::isspace(static_cast<unsigned char>(text[end + 1])))))
        {
        if (text[end] == '\n')
          throw InputError(fmt::format("unterminated {} quoted string", c), fmt::format("{} line {}", source, line));
        ++end;
      }
      if (end >= n) throw InputError(fmt::format("unterminated {} quoted string", c), fmt::format("{} line {}", source, line));
      tokens.push_back({text.substr(i + 1, end - i - 1), line, true});
      i = end + 1;
    } else {
      std::size_t end = i;
      while (end < n && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
      tokens.push_back({text.substr(i, end - i), line, false});
      i = end;
    }
  }
  return tokens;
}

}  // namespace

int CifLoop::column(const std::string& tag) const {
  const auto it = std::find(tags.begin(), tags.end(), lower(tag));
  return it == tags.end() ? -1 : static_cast<int>(it - tags.begin());
}

const CifValue* CifBlock::find(const std::string& tag) const {
  const auto it = items.find(lower(tag));
  return it == items.end() ? nullptr : &it->second;
}

const CifLoop* CifBlock::find_loop(const std::string& tag) const {
  for (const auto& loop : loops)
    if (loop.column(tag) >= 0) return &loop;
  return nullptr;
}

std::vector<CifBlock> parse_cif(const std::string& text, const std::string& source) {
  const std::vector<Token> tokens = tokenize(text, source);
  std::vector<CifBlock> blocks;
  auto where = [&](int line) { return fmt::format("{} line {}", source, line); };
  std::size_t t = 0;
  while (t < tokens.size()) {
    const Token& token = tokens[t];
    const bool keyword = !token.quoted;
    if (keyword && starts_with_ci(token.text, "data_")) {
      blocks.push_back(CifBlock{token.text.substr(5), token.line, {}, {}});
      ++t;
    } else if (keyword && (starts_with_ci(token.text, "save_") || lower(token.text) == "global_")) {
      ++t;  // save frames and global blocks: not used by crystal structures
    } else if (blocks.empty()) {
      throw InputError("content before the first data_ block: '" + token.text + "'", where(token.line));
    } else if (keyword && lower(token.text) == "loop_") {
      CifLoop loop;
      loop.line = token.line;
      ++t;
      while (t < tokens.size() && !tokens[t].quoted && tokens[t].text[0] == '_') loop.tags.push_back(lower(tokens[t++].text));
      if (loop.tags.empty()) throw InputError("loop_ without tags", where(token.line));
      std::vector<CifValue> values;
      while (t < tokens.size()) {
        const Token& v = tokens[t];
        if (!v.quoted && (v.text[0] == '_' || lower(v.text) == "loop_" || starts_with_ci(v.text, "data_") ||
                          starts_with_ci(v.text, "save_")))
          break;
        values.push_back({v.text, v.line, v.quoted});
        ++t;
      }
      // Rows written one per line with a different count than the tags: a misaligned loop
      // that may still divide evenly; reading it would shift every column.
      std::map<int, std::size_t> per_line;
      bool text_fields = false;
      for (const auto& v : values) {
        ++per_line[v.line];
        text_fields |= v.quoted && v.text.find('\n') != std::string::npos;
      }
      if (!text_fields && per_line.size() > 1) {
        const std::size_t count = per_line.begin()->second;
        bool uniform = true;
        for (const auto& entry : per_line) uniform &= entry.second == count;
        if (uniform && count != loop.tags.size())
          throw InputError(fmt::format("every line of the loop ({}...) holds {} values but the loop has {} tags",
                                       loop.tags[0], count, loop.tags.size()),
                           where(values.front().line));
      }
      if (values.size() % loop.tags.size() != 0)
        throw InputError(fmt::format("loop of {} tags ({}...) has {} values, not a multiple of {}", loop.tags.size(),
                                     loop.tags[0], values.size(), loop.tags.size()),
                         where(loop.line));
      for (std::size_t r = 0; r < values.size(); r += loop.tags.size())
        loop.rows.emplace_back(values.begin() + r, values.begin() + r + loop.tags.size());
      blocks.back().loops.push_back(std::move(loop));
    } else if (keyword && token.text[0] == '_') {
      if (t + 1 >= tokens.size()) throw InputError("tag " + token.text + " has no value", where(token.line));
      const Token& v = tokens[t + 1];
      if (!v.quoted && (v.text[0] == '_' || lower(v.text) == "loop_" || starts_with_ci(v.text, "data_")))
        throw InputError("tag " + token.text + " has no value", where(token.line));
      blocks.back().items[lower(token.text)] = {v.text, v.line, v.quoted};
      t += 2;
    } else {
      throw InputError("value '" + token.text + "' without a tag", where(token.line));
    }
  }
  return blocks;
}

std::vector<CifBlock> read_cif_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open CIF file '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_cif(buffer.str(), path);
}

double cif_number(const CifValue& value, const std::string& where) {
  const std::string& s = value.text;
  const std::string& located = where;
  if (value.is_null()) throw InputError("value is missing ('" + s + "')", located);
  const std::string number = s.substr(0, s.find('('));
  char* end = nullptr;
  const double x = std::strtod(number.c_str(), &end);
  if (number.empty() || *end != '\0') throw InputError("expected a number, found '" + s + "'", located);
  return x;
}

}  // namespace atropos
