// Judges one tier of a step's expectations against what came back: a response, one Bulk row, or
// a captured list. Each expectation becomes one CheckResult (passed or failed) with what was
// expected and what was seen, attributed to a clause.
#pragma once

#include "conformance/response_view.hpp"
#include "conformance/results.hpp"
#include "conformance/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace ringpool::conformance {

struct CheckSubject {
  const ResponseView* response = nullptr;           // a whole response
  const nlohmann::json* row = nullptr;              // or one Bulk response row
  const std::vector<std::string>* values = nullptr;  // or a captured list (distinct steps)
};

struct CheckContext {
  Level level = Level::Doc;
  std::string clause;  // default clause
  std::string step;    // step title
  // Expands ${...} placeholders; throws std::runtime_error for an unknown name.
  std::function<std::string(const std::string&)> expand;
  // A captured list by name, or nullptr.
  std::function<const std::vector<std::string>*(const std::string&)> captured;
  // The id_from_network of a pool alias, or nullopt.
  std::function<std::optional<std::string>(const std::string&)> pool_name;
};

void check_expectations(const Expectations& expect, const CheckSubject& subject, const CheckContext& context,
                        std::vector<CheckResult>& out);

// `value` with every string (at any depth) passed through `expand` (placeholders in JSON bodies
// and expected values).
nlohmann::json expand_strings(const nlohmann::json& value, const std::function<std::string(const std::string&)>& expand);

// JSON equality as the spec means it at `level`: at [doc] level the C-1 spellings of numbers and
// booleans as strings ("3", "true") equal the values.
bool json_equivalent(const nlohmann::json& expected, const nlohmann::json& actual, Level level);

}  // namespace ringpool::conformance
