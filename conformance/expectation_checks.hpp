// How the expectation keys (expectation_keys.cpp) judge what came back: shapes, headers, tracking
// URLs, captured lists and their distinct values; helpers of the vocabulary, internal to it.
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

std::string ring_pool_problem(const nlohmann::json& value);
bool id_less(const nlohmann::json& a, const nlohmann::json& b);
std::string type_of(const nlohmann::json& value);
const std::string& text(const Value& value);
void check_error_text(Judge& judge, const Value& value, bool contains);
void check_shape(Judge& judge, const Value& value);
void check_tracking_url(Judge& judge, const Value& value);
void check_header(Judge& judge, const std::string& name, const std::string& rule);
void check_promo_list(Judge& judge, const std::string& name, bool must_be_in);
void check_list_contains(Judge& judge, const Value& value, bool wanted);
const nlohmann::json* response_rows(const Judge& judge);
void check_distinct(Judge& judge, const Value& value, int mode);
void check_disjoint(Judge& judge, const Value& value);
bool toll_free_number(const std::string& number);
void check_local(Judge& judge, const Value& value, bool at_least);
void check_repeated(Judge& judge, const Value& value);

}  // namespace ringpool::conformance::expectation_detail
