#include "conformance/expectation_readers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace ringpool::conformance::expectation_detail {

// ---- readers of values (the key's name is passed for messages) ---------------------------------

Value read_string(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.string(value, name);
}
Value read_bool(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.boolean(value, name);
}
Value read_size(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.size(value, name);
}
Value read_aliases(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.strings(value, name, "pool aliases");
}

// fields = { max_pool_size = 3, errors = { class = "X" } } -> "/max_pool_size", "/errors/class".
void flatten_fields(const TomlReader& reader, const toml::table& table, const std::string& prefix, JsonPairs& out) {
  for (const auto& [key, value] : table) {
    std::string name(key.str());
    if (prefix.empty() && (name == "clause" || name == "status" || name == "class"))
      reader.fail(value, fmt::format("'{}' inside fields would be a JSON field; put it beside fields, in the tier", name));
    std::string pointer = name.starts_with('/') ? name : prefix + "/" + name;
    if (const toml::table* nested = value.as_table(); nested != nullptr && !nested->empty())
      flatten_fields(reader, *nested, pointer, out);
    else
      out.emplace_back(pointer, reader.json(value));
  }
}

Value read_fields(const TomlReader& reader, const toml::node& value, std::string_view name) {
  const toml::table* fields = value.as_table();
  if (fields == nullptr) reader.fail(value, fmt::format("{} must be a table: {{ name = value, \"/json/pointer\" = value }}", name));
  JsonPairs out;
  flatten_fields(reader, *fields, "", out);
  if (out.empty()) reader.fail(value, fmt::format("{} is empty: name at least one field", name));
  return out;
}

std::string pointer_of(std::string name) { return name.starts_with('/') ? name : "/" + name; }

// { field = "rule" } with fields as JSON pointers.
StringPairs read_rules(const TomlReader& reader, const toml::node& value, std::string_view name) {
  const toml::table* pairs = value.as_table();
  if (pairs == nullptr) reader.fail(value, fmt::format("{} must be a table: {{ field = \"...\" }}", name));
  if (pairs->empty()) reader.fail(value, fmt::format("{} is empty: name at least one field", name));
  StringPairs out;
  for (const auto& [field, rule] : *pairs) out.emplace_back(pointer_of(std::string(field.str())), reader.string(rule, name));
  return out;
}

// ---- regular expressions from scenario files ---------------------------------------------------
// A scenario's pattern is outside input, matched against what a target answered (any length).
// libstdc++'s default executor recurses once per character matched (a 30,000-character message
// against ".*" overflows the stack) and its compiler overflows on a repetition count such as
// {22222222222222222227} or a back-reference such as \5555555555555555555; the polynomial
// (breadth-first) executor recurses only as deep as the pattern, so patterns are bounded in length
// and repetition, have no back-references (refused before compiling), and are always compiled for it.
constexpr std::size_t kMaxPatternLength = 1000;
constexpr unsigned long kMaxRepetition = 1000;

// Why the pattern cannot be used, or nothing.
std::optional<std::string> pattern_problem(std::string_view pattern) {
  if (pattern.size() > kMaxPatternLength)
    return fmt::format("is {} characters long; patterns are limited to {}", pattern.size(), kMaxPatternLength);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i + 1])) != 0)
        return fmt::format("uses a back-reference or octal escape ('{}'); patterns have no back-references",
                           pattern.substr(i, std::min<std::size_t>(pattern.size() - i, 8)));
      ++i;
      continue;
    }
    if (in_class) { in_class = c != ']'; continue; }
    if (c == '[') { in_class = true; continue; }
    if (c != '{') continue;
    // {n}, {n,} or {n,m}: every count at most kMaxRepetition (longer digit runs are refused unread).
    for (std::size_t j = i + 1; j < pattern.size() && pattern[j] != '}'; ++j) {
      std::size_t digits = 0;
      while (j + digits < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j + digits])) != 0) ++digits;
      if (digits > 4 || (digits > 0 && std::stoul(std::string(pattern.substr(j, digits))) > kMaxRepetition))
        return fmt::format("repeats more than {} times ('{}'); write a shorter repetition", kMaxRepetition,
                           pattern.substr(j, std::min<std::size_t>(digits, 24)));
      j += digits;
      if (j >= pattern.size() || pattern[j] == '}') break;
    }
  }
  return std::nullopt;
}

// Compiled once per thread and pattern: a scenario's patterns are read when it loads and matched
// when it runs, and `ringpool check` loads and runs the same few patterns in every run (compiling
// them was a twentieth of its time). At most kCachedPatterns (then the cache starts over).
const std::regex& compile_pattern(const std::string& pattern) {
  constexpr std::size_t kCachedPatterns = 256;
  thread_local std::map<std::string, std::regex, std::less<>> compiled;
  if (auto found = compiled.find(pattern); found != compiled.end()) return found->second;
  std::regex regex(pattern, std::regex_constants::ECMAScript | std::regex_constants::__polynomial);  // may throw
  if (compiled.size() >= kCachedPatterns) compiled.clear();
  return compiled.emplace(pattern, std::move(regex)).first->second;
}

// Reads a pattern at scenario-load time, so that a bad one is a file:line error, never a crash.
void check_pattern(const TomlReader& reader, const toml::node& value, const std::string& pattern) {
  if (auto problem = pattern_problem(pattern))
    reader.fail(value, fmt::format("the regular expression '{}' {}", pattern.substr(0, 80), *problem));
  try {
    compile_pattern(pattern);
  } catch (const std::regex_error& error) {
    reader.fail(value, fmt::format("'{}' is not a usable regular expression (ECMAScript syntax, no "
                                   "back-references): {}", pattern.substr(0, 80), error.what()));
  }
}


}  // namespace ringpool::conformance::expectation_detail
