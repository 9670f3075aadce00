#include "sim/plan/json_fields.hpp"

#include <fmt/format.h>

namespace ringpool::sim::plan::json_fields {

std::string sub(std::string_view path, std::string_view key) { return fmt::format("{}.{}", path, key); }

const Json& field(const Json& object, std::string_view key, std::string_view path) {
  if (!object.is_object()) throw Malformed{fmt::format("{}: expected an object", path)};
  auto it = object.find(key);
  if (it == object.end()) throw Malformed{fmt::format("{}: missing \"{}\"", path, key)};
  return *it;
}

std::int64_t get_integer(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_number_integer()) throw Malformed{fmt::format("{}: expected an integer", sub(path, key))};
  return value.get<std::int64_t>();
}

std::uint64_t get_unsigned(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_number_unsigned()) throw Malformed{fmt::format("{}: expected an unsigned integer", sub(path, key))};
  return value.get<std::uint64_t>();
}

double get_number(const Json& value, std::string_view path) {
  if (!value.is_number()) throw Malformed{fmt::format("{}: expected a number", path)};
  return value.get<double>();
}

double get_number(const Json& object, std::string_view key, std::string_view path) {
  return get_number(field(object, key, path), sub(path, key));
}

std::optional<double> get_optional_number(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (value.is_null()) return std::nullopt;
  return get_number(value, sub(path, key));
}

std::string get_string(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_string()) throw Malformed{fmt::format("{}: expected a string", sub(path, key))};
  return value.get<std::string>();
}

bool get_bool(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_boolean()) throw Malformed{fmt::format("{}: expected true or false", sub(path, key))};
  return value.get<bool>();
}

const Json& get_array(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_array()) throw Malformed{fmt::format("{}: expected an array", sub(path, key))};
  return value;
}

std::vector<double> get_numbers(const Json& object, std::string_view key, std::string_view path) {
  std::vector<double> values;
  for (const Json& value : get_array(object, key, path)) values.push_back(get_number(value, sub(path, key)));
  return values;
}

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace ringpool::sim::plan::json_fields
