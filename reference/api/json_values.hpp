// Lenient typed reads of JSON values (spec C-1): booleans and integers may arrive as strings, as
// the documents' own examples send them. Each read yields an Input: absent, a value, or an error.
#pragma once

#include "reference/domain/ring_pool_patch.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ringpool::api {

// `label` names the field in messages, e.g. "Max pool size".
domain::Input<bool> read_bool(const nlohmann::json& value, std::string_view label);
domain::Input<std::int64_t> read_integer(const nlohmann::json& value, std::string_view label);
domain::Input<double> read_number(const nlohmann::json& value, std::string_view label);
domain::Input<std::string> read_string(const nlohmann::json& value, std::string_view label);

// Reads `key` of `object` with `reader` when present.
template <typename Reader>
auto read_field(const nlohmann::json& object, const char* key, std::string_view label, Reader reader)
    -> decltype(reader(object, label)) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  return reader(*it, label);
}

}  // namespace ringpool::api
