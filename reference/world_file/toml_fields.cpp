#include "reference/world_file/toml_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace ringpool::world_file::detail {

Position position_of(const toml::source_region& region) {
  // toml++ counts from 1 and uses 0 for "unknown"; clamp so a huge file cannot overflow an int.
  constexpr auto kMax = static_cast<toml::source_index>(std::numeric_limits<int>::max());
  return Position{static_cast<int>(std::min(region.begin.line, kMax)),
                  static_cast<int>(std::min(region.begin.column, kMax))};
}

void fail_at(std::string_view source_name, Position where, std::string message) {
  throw LoadFailure{LoadError{std::string(source_name), where.line, where.column, std::move(message)}};
}

std::string_view describe_type(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string quoted(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : text[i]);
  }
  if (text.size() > kMaxShown) out += "...";
  out += '"';
  return out;
}

namespace {

// What was found, for "must be X, not Y": the value itself for scalars, the type otherwise.
std::string describe_value(const toml::node& node) {
  if (const auto* text = node.as_string()) return quoted(text->get());
  if (const auto* integer = node.as_integer()) return fmt::format("{}", integer->get());
  if (const auto* number = node.as_floating_point()) return fmt::format("{}", number->get());
  if (const auto* flag = node.as_boolean()) return flag->get() ? "true" : "false";
  return std::string(describe_type(node));
}

std::string integer_range_text(std::int64_t min, std::int64_t max) {
  if (max == std::numeric_limits<std::int64_t>::max()) return fmt::format("an integer of at least {}", min);
  return fmt::format("an integer from {} to {}", min, max);
}

}  // namespace

TableReader::TableReader(const toml::table& table, std::string_view source_name, std::string context)
    : table_(table), source_name_(source_name), context_(std::move(context)) {}

void TableReader::allow_only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : table_) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
    detail::fail_at(source_name_, position_of(key.source()),
                    fmt::format("{}: unknown key {}; allowed keys: {}", context_, quoted(key.str()), list));
  }
}

const toml::node* TableReader::find(std::string_view key) const { return table_.get(key); }

std::optional<std::string> TableReader::peek_string(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr || !node->is_string()) return std::nullopt;
  return node->as_string()->get();
}

std::optional<std::int64_t> TableReader::peek_integer(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr || !node->is_integer()) return std::nullopt;
  return node->as_integer()->get();
}

void TableReader::fail_at(const toml::node& node, std::string message) const {
  detail::fail_at(source_name_, position_of(node.source()), fmt::format("{}: {}", context_, message));
}

void TableReader::fail_here(std::string message) const {
  detail::fail_at(source_name_, position(), fmt::format("{}: {}", context_, message));
}

void TableReader::fail_expected(std::string_view key, const toml::node& value, std::string_view expected) const {
  fail_at(value, fmt::format("\"{}\" must be {}, not {}", key, expected, describe_value(value)));
}

void TableReader::fail_missing(std::string_view key, std::string_view expected) const {
  fail_here(fmt::format("\"{}\" is required; expected {}", key, expected));
}

std::string TableReader::check_string(std::string_view key, const toml::node& node, const StringRule& rule) const {
  const auto* text = node.as_string();
  if (text == nullptr) fail_expected(key, node, rule.expected);
  const std::string& value = text->get();
  const bool ok = rule.accepts != nullptr ? rule.accepts(value) : !value.empty();
  if (!ok) fail_expected(key, node, rule.expected);
  return value;
}

std::string TableReader::required_string(std::string_view key, StringRule rule) const {
  const toml::node* node = find(key);
  if (node == nullptr) fail_missing(key, rule.expected);
  return check_string(key, *node, rule);
}

std::optional<std::string> TableReader::optional_string(std::string_view key, StringRule rule) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  return check_string(key, *node, rule);
}

std::int64_t TableReader::required_integer(std::string_view key, std::int64_t min, std::int64_t max) const {
  if (find(key) == nullptr) fail_missing(key, integer_range_text(min, max));
  return *optional_integer(key, min, max);
}

std::optional<std::int64_t> TableReader::optional_integer(std::string_view key, std::int64_t min,
                                                          std::int64_t max) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* integer = node->as_integer();
  if (integer == nullptr || integer->get() < min || integer->get() > max)
    fail_expected(key, *node, integer_range_text(min, max));
  return integer->get();
}

double TableReader::required_number(std::string_view key, double min, double max) const {
  if (find(key) == nullptr) fail_missing(key, fmt::format("a number from {} to {}", min, max));
  return *optional_number(key, min, max);
}

std::optional<double> TableReader::optional_number(std::string_view key, double min, double max) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  std::optional<double> value;
  if (const auto* number = node->as_floating_point()) value = number->get();
  if (const auto* integer = node->as_integer()) value = static_cast<double>(integer->get());
  // Written so that NaN fails too.
  if (!value || !(*value >= min && *value <= max))
    fail_expected(key, *node, fmt::format("a number from {} to {}", min, max));
  return value;
}

std::optional<bool> TableReader::optional_bool(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* flag = node->as_boolean();
  if (flag == nullptr) fail_expected(key, *node, "true or false");
  return flag->get();
}

std::optional<std::vector<std::string>> TableReader::optional_string_array(std::string_view key,
                                                                           std::size_t min_count,
                                                                           std::size_t max_count,
                                                                           StringRule rule) const {
  const toml::node* node = find(key);
  if (node == nullptr) return std::nullopt;
  const auto* array = node->as_array();
  if (array == nullptr || array->size() < min_count)
    fail_expected(key, *node, min_count > 0 ? "a non-empty array of strings" : "an array of strings");
  if (array->size() > max_count)
    fail_at(*node, fmt::format("\"{}\" must be an array of at most {} strings, not {}", key, max_count, array->size()));
  std::vector<std::string> values;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* text = element.as_string();
    const bool ok = text != nullptr && (rule.accepts != nullptr ? rule.accepts(text->get()) : !text->get().empty());
    if (!ok)
      fail_at(element, fmt::format("\"{}\" entry {} must be {}, not {}", key, i + 1, rule.expected,
                                   describe_value(element)));
    if (!seen.insert(text->get()).second)
      fail_at(element, fmt::format("\"{}\" lists {} twice", key, quoted(text->get())));
    values.push_back(text->get());
  }
  return values;
}

std::vector<const toml::table*> TableReader::table_array(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) return {};
  const auto* array = node->as_array();
  if (array == nullptr) fail_expected(key, *node, "an array of tables");
  std::vector<const toml::table*> tables;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* table = element.as_table();
    if (table == nullptr)
      fail_at(element, fmt::format("\"{}\" must be an array of tables; entry {} is {}", key, i + 1,
                                   describe_value(element)));
    tables.push_back(table);
  }
  return tables;
}

const toml::table* TableReader::optional_table(std::string_view key) const {
  const toml::node* node = find(key);
  if (node == nullptr) return nullptr;
  const auto* table = node->as_table();
  if (table == nullptr) fail_expected(key, *node, fmt::format("a table ([{}])", key));
  return table;
}

namespace {
bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
}  // namespace

bool is_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253 || text.front() == '.' || text.front() == '-') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return is_ascii_alnum(c) || c == '-' || c == '.'; });
}

bool is_identifier(std::string_view text) {
  if (text.empty() || text.size() > 255) return false;
  // Ids appear in URL paths and query strings; spaces and controls would make them unaddressable.
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

bool is_parameter_name(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return is_ascii_alnum(c) || c == '_' || c == '-' || c == '.'; });
}

bool is_state_code(std::string_view text) {
  return text.size() == 2 && std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_zip_code(std::string_view text) {
  return text.size() == 5 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace ringpool::world_file::detail
