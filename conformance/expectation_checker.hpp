// Judges one tier of a step's expectations against what came back: a response, one Bulk row, or
// a captured list. Each expectation becomes one CheckResult (passed or failed) with what was
// expected and what was seen, attributed to a clause. What each key checks is in its entry of the
// vocabulary (expectation_keys.cpp); the Judge is what those entries see.
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

// What an expectation key's checker works with: the subject read by meaning, placeholders, and
// record() for its verdicts.
class Judge {
 public:
  Judge(const CheckSubject& subject, const CheckContext& context, std::string clause, std::vector<CheckResult>& out)
      : subject_(subject), context_(context), clause_(std::move(clause)), out_(out) {}

  // Runs every check of `expectations`, in their order.
  void run(const Expectations& expectations);
  void record(std::string what, std::string expected, std::string actual, bool ok);

  const CheckSubject& subject() const { return subject_; }
  const CheckContext& context() const { return context_; }
  const std::string& clause() const { return clause_; }
  std::vector<CheckResult>& out() { return out_; }
  // True above [doc] level: the [dec]/[ref] reading of a rule (C-2 number formats, exact JSON types).
  bool strict() const { return context_.level != Level::Doc; }

  // The body as JSON (or the Bulk row), nullptr when it is not JSON.
  const nlohmann::json* json() const;
  // A JSON pointer into json(), nullptr when absent or malformed.
  const nlohmann::json* at(const std::string& pointer) const;
  ErrorView error() const;
  AllocationView allocation() const;
  std::string expand(const std::string& text) const { return context_.expand(text); }
  nlohmann::json expand_json(const nlohmann::json& value) const;

 private:
  const CheckSubject& subject_;
  const CheckContext& context_;
  std::string clause_;
  std::vector<CheckResult>& out_;
};

void check_expectations(const Expectations& expect, const CheckSubject& subject, const CheckContext& context,
                        std::vector<CheckResult>& out);

// `value` with every string (at any depth) passed through `expand` (placeholders in JSON bodies
// and expected values).
nlohmann::json expand_strings(const nlohmann::json& value, const std::function<std::string(const std::string&)>& expand);

// JSON equality as the spec means it at `level`: at [doc] level the C-1 spellings of numbers and
// booleans as strings ("3", "true") equal the values.
bool json_equivalent(const nlohmann::json& expected, const nlohmann::json& actual, Level level);

// Text shown in a check's expected/actual: cut at 300 characters.
std::string shorten(std::string text);
// 'value' (shortened), or "(none)".
std::string shown(const std::optional<std::string>& value);

}  // namespace ringpool::conformance
