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

// What to do with an array or object that opens deeper than the bound.
enum class DeepValues {
  Refuse,  // the body is refused (control API: its bodies are flat)
  Prune,   // the value is left out, as if absent (management: unknown keys are ignored, M-17,
           // and a known field whose value was pruned still sees a container, a type error)
};

// Parses `text` with nlohmann's parser (iterative), treating arrays and objects opened deeper
// than `max_depth` levels as `deep` says; the message of a refusal says what was wrong (syntax,
// number overflow, depth).
JsonBody parse_json_body(std::string_view text, DeepValues deep = DeepValues::Refuse,
                         std::size_t max_depth = kMaxJsonBodyDepth);

}  // namespace ringpool::api
