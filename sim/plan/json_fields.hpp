// Typed reads from nlohmann JSON for the files the planner reads back (shard files, a report's
// resolved plan): each read names the path of the value and what was expected, so a malformed
// file gives "runs[3].metrics.visits: expected an integer" instead of a library exception.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::sim::plan::json_fields {

using Json = nlohmann::ordered_json;

// Thrown by the reads below; callers turn it into an std::unexpected at their boundary.
struct Malformed {
  std::string message;
};

std::string sub(std::string_view path, std::string_view key);
const Json& field(const Json& object, std::string_view key, std::string_view path);
std::int64_t get_integer(const Json& object, std::string_view key, std::string_view path);
std::uint64_t get_unsigned(const Json& object, std::string_view key, std::string_view path);
double get_number(const Json& value, std::string_view path);
double get_number(const Json& object, std::string_view key, std::string_view path);
std::optional<double> get_optional_number(const Json& object, std::string_view key, std::string_view path);
std::string get_string(const Json& object, std::string_view key, std::string_view path);
bool get_bool(const Json& object, std::string_view key, std::string_view path);
const Json& get_array(const Json& object, std::string_view key, std::string_view path);
std::vector<double> get_numbers(const Json& object, std::string_view key, std::string_view path);

Json optional_number(const std::optional<double>& value);

}  // namespace ringpool::sim::plan::json_fields
