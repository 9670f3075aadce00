// How the expectation keys (expectation_keys.cpp) read their values from a scenario file, and
// the regular expressions scenario files give, bounded and compiled once: helpers of the
// vocabulary, internal to it.
#pragma once

#include "conformance/expectation_checker.hpp"
#include "conformance/scenario.hpp"
#include "conformance/toml_reader.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace ringpool::conformance::expectation_detail {

using Value = ExpectationValue;

Value read_string(const TomlReader& reader, const toml::node& value, std::string_view name);
Value read_bool(const TomlReader& reader, const toml::node& value, std::string_view name);
Value read_size(const TomlReader& reader, const toml::node& value, std::string_view name);
Value read_aliases(const TomlReader& reader, const toml::node& value, std::string_view name);
void flatten_fields(const TomlReader& reader, const toml::table& table, const std::string& prefix, JsonPairs& out);
Value read_fields(const TomlReader& reader, const toml::node& value, std::string_view name);
std::string pointer_of(std::string name);
StringPairs read_rules(const TomlReader& reader, const toml::node& value, std::string_view name);
std::optional<std::string> pattern_problem(std::string_view pattern);
const std::regex& compile_pattern(const std::string& pattern);
void check_pattern(const TomlReader& reader, const toml::node& value, const std::string& pattern);

}  // namespace ringpool::conformance::expectation_detail
