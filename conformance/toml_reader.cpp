#include "conformance/toml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace ringpool::conformance {

void TomlReader::fail(const toml::node& node, std::string_view message) const {
  fail_at_line(node.source().begin.line, message);
}

void TomlReader::fail_at_line(std::int64_t line, std::string_view message) const {
  throw ScenarioFileError(fmt::format("{}:{}: {}", path_, line, message));
}

void TomlReader::check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                            std::string_view where) const {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
      fail(node, fmt::format("unknown key '{}' in {} (expected one of: {})", key.str(), where, fmt::join(allowed, ", ")));
  }
}

std::string TomlReader::string(const toml::node& node, std::string_view what) const {
  if (auto value = node.value_exact<std::string>()) return *value;
  fail(node, fmt::format("{} must be a string", what));
}

std::string TomlReader::scalar_text(const toml::node& node, std::string_view what) const {
  if (auto text = node.value_exact<std::string>()) return *text;
  if (auto integer = node.value_exact<std::int64_t>()) return std::to_string(*integer);
  if (auto boolean = node.value_exact<bool>()) return *boolean ? "true" : "false";
  if (auto number = node.value_exact<double>()) return fmt::format("{}", *number);
  fail(node, fmt::format("{} must be a string, number or boolean", what));
}

bool TomlReader::boolean(const toml::node& node, std::string_view what) const {
  if (auto value = node.value_exact<bool>()) return *value;
  fail(node, fmt::format("{} must be true or false", what));
}

std::int64_t TomlReader::integer(const toml::node& node, std::string_view what, std::int64_t low,
                                 std::int64_t high) const {
  auto value = node.value_exact<std::int64_t>();
  if (!value || *value < low || *value > high) fail(node, fmt::format("{} must be an integer from {} to {}", what, low, high));
  return *value;
}

std::size_t TomlReader::size(const toml::node& node, std::string_view what) const {
  return static_cast<std::size_t>(integer(node, what, 0, 1'000'000));
}

nlohmann::json TomlReader::json(const toml::node& node) const {
  if (const toml::table* table = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : *table) out[std::string(key.str())] = json(value);
    return out;
  }
  if (const toml::array* array = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const toml::node& value : *array) out.push_back(json(value));
    return out;
  }
  if (auto text = node.value_exact<std::string>()) return *text;
  if (auto integer = node.value_exact<std::int64_t>()) return *integer;
  if (auto number = node.value_exact<double>()) return *number;
  if (auto boolean = node.value_exact<bool>()) return *boolean;
  fail(node, "dates and times are not JSON values; write them as strings");
}

std::string TomlReader::clause(const toml::node& node) const {
  std::string id = string(node, "a clause");
  if (catalogue_.find(id) == nullptr)
    fail(node, fmt::format("unknown clause '{}' (clause ids are those of the spec, e.g. A-4, P-1, M-7a)", id));
  return id;
}

StringPairs TomlReader::string_pairs(const toml::node& node, std::string_view what) const {
  const toml::table* table = node.as_table();
  if (table == nullptr) fail(node, fmt::format("{} must be a table of name = value", what));
  StringPairs out;
  for (const auto& [key, value] : *table) out.emplace_back(std::string(key.str()), scalar_text(value, what));
  return out;
}

std::vector<std::string> TomlReader::strings(const toml::node& node, std::string_view what, std::string_view each) const {
  const toml::array* list = node.as_array();
  if (list == nullptr) fail(node, fmt::format("{} must be an array of {}", what, each));
  std::vector<std::string> out;
  for (const toml::node& entry : *list) out.push_back(string(entry, fmt::format("each entry of {}", what)));
  return out;
}

}  // namespace ringpool::conformance
