// Typed reads from toml++ tables for the world-file loader: each read checks type and range and,
// on failure, reports the source, line and column and what was expected. Internal to world_file.
#pragma once

#include "reference/world_file/world_toml.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::world_file::detail {

// Thrown inside the loader and caught by load_world only. It keeps every field read to one line
// while still reporting the first problem found; it never escapes the library.
struct LoadFailure {
  LoadError error;
};

struct Position {
  int line = 0;  // 0 when unknown
  int column = 0;
};
Position position_of(const toml::source_region& region);

[[noreturn]] void fail_at(std::string_view source_name, Position where, std::string message);

// "a string", "an integer", ... for messages that say what was found instead.
std::string_view describe_type(const toml::node& node);
// A value quoted for a message, shortened and with control characters replaced.
std::string quoted(std::string_view text);

// A string check: the predicate, and how the message describes a valid value.
struct StringRule {
  bool (*accepts)(std::string_view) = nullptr;  // null: any non-empty string
  std::string_view expected = "a non-empty string";
};

// Reads one table. `context` prefixes every message ("network 2", "zip 90210", ...).
class TableReader {
 public:
  TableReader(const toml::table& table, std::string_view source_name, std::string context);

  const toml::table& table() const { return table_; }
  std::string_view source_name() const { return source_name_; }
  const std::string& context() const { return context_; }
  // Once the table's id is read, messages can name it.
  void set_context(std::string context) { context_ = std::move(context); }
  Position position() const { return position_of(table_.source()); }

  // Fails at the first key not in `allowed`, naming it and listing the allowed keys. Called first,
  // so that a misspelt key is reported as such rather than as a missing one.
  void allow_only(std::initializer_list<std::string_view> allowed) const;

  const toml::node* find(std::string_view key) const;
  // The value of `key` when present with that type, else nullopt; never fails. Names a table in
  // messages before its keys are checked.
  std::optional<std::string> peek_string(std::string_view key) const;
  std::optional<std::int64_t> peek_integer(std::string_view key) const;

  std::string required_string(std::string_view key, StringRule rule = {}) const;
  std::optional<std::string> optional_string(std::string_view key, StringRule rule = {}) const;

  std::int64_t required_integer(std::string_view key, std::int64_t min, std::int64_t max) const;
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min,
                                               std::int64_t max) const;

  // An integer or a float; NaN and infinities are out of every range.
  double required_number(std::string_view key, double min, double max) const;
  std::optional<double> optional_number(std::string_view key, double min, double max) const;

  std::optional<bool> optional_bool(std::string_view key) const;

  // An array of strings, each checked by `rule`, no entry twice, at most `max_count` entries.
  std::optional<std::vector<std::string>> optional_string_array(std::string_view key,
                                                                std::size_t min_count,
                                                                std::size_t max_count,
                                                                StringRule rule = {}) const;

  // Either `[[key]]` tables or an array of inline tables; empty when the key is absent.
  std::vector<const toml::table*> table_array(std::string_view key) const;
  const toml::table* optional_table(std::string_view key) const;

  // `<context>: <message>` at the node, at the table, or at the value of `key`.
  [[noreturn]] void fail_at(const toml::node& node, std::string message) const;
  [[noreturn]] void fail_here(std::string message) const;
  // `<context>: "<key>" must be <expected>, not <what was found>` at the key's value.
  [[noreturn]] void fail_expected(std::string_view key, const toml::node& value,
                                  std::string_view expected) const;

 private:
  [[noreturn]] void fail_missing(std::string_view key, std::string_view expected) const;
  std::string check_string(std::string_view key, const toml::node& node, const StringRule& rule) const;

  const toml::table& table_;
  std::string_view source_name_;
  std::string context_;
};

// Common string shapes.
bool is_host_name(std::string_view text);       // letters, digits, '-', '.'; at most 253
bool is_identifier(std::string_view text);      // printable ASCII without spaces; at most 255
bool is_parameter_name(std::string_view text);  // letters, digits, '_', '-', '.'; at most 64
bool is_state_code(std::string_view text);      // two uppercase letters
bool is_zip_code(std::string_view text);        // five digits

}  // namespace ringpool::world_file::detail
