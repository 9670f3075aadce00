// Reading JSON request bodies (management, control) with a bound on nesting depth, so that no
// later step (validation, echo, destruction) can recurse as deep as a hostile body goes (C-3).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ringpool::api {

// Deeper than any body the APIs define (local_center's preferences are three levels down).
inline constexpr std::size_t kMaxJsonBodyDepth = 32;

struct JsonBody {
  nlohmann::json value;  // discarded when the body is not valid JSON or nests too deep
  std::string error;     // why not, for the 400 message; empty when `value` is usable

  bool ok() const { return error.empty(); }
};

// Parses `text` with nlohmann's parser (iterative), refusing any array or object opened deeper
// than `max_depth` levels; the message of a refusal says what was wrong (syntax, overflow, depth).
JsonBody parse_json_body(std::string_view text, std::size_t max_depth = kMaxJsonBodyDepth);

}  // namespace ringpool::api
