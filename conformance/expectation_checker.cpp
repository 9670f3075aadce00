#include "conformance/expectation_checker.hpp"

#include "conformance/expectation_keys.hpp"

namespace ringpool::conformance {

namespace {

constexpr std::size_t kShownChars = 300;

std::optional<std::string> lenient_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  // A captured value is kept as text (captures.cpp: JSON values other than strings as their
  // dump), so a field that read null and is compared with "${captured}" later meets "null".
  if (value.is_null()) return "null";
  return std::nullopt;
}

}  // namespace

std::string shorten(std::string text) {
  if (text.size() > kShownChars) text = text.substr(0, kShownChars) + "…";
  return text;
}

std::string shown(const std::optional<std::string>& value) { return value ? "'" + shorten(*value) + "'" : "(none)"; }

void Judge::run(const Expectations& expectations) {
  for (const Expectation& expectation : expectations.checks) expectation.key->check(*this, expectation.value);
}

void Judge::record(std::string what, std::string expected, std::string actual, bool ok) {
  CheckResult check;
  check.clause = clause_;
  check.level = context_.level;
  check.step = context_.step;
  check.what = std::move(what);
  check.expected = std::move(expected);
  check.actual = std::move(actual);
  check.outcome = ok ? Outcome::Passed : Outcome::Failed;
  out_.push_back(std::move(check));
}

const nlohmann::json* Judge::json() const {
  if (subject_.row != nullptr) return subject_.row;
  return subject_.response != nullptr ? subject_.response->json() : nullptr;
}

const nlohmann::json* Judge::at(const std::string& pointer) const {
  const nlohmann::json* body = json();
  if (body == nullptr) return nullptr;
  try {
    const nlohmann::json::json_pointer parsed(pointer);
    return body->contains(parsed) ? &body->at(parsed) : nullptr;
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

ErrorView Judge::error() const {
  if (subject_.row != nullptr) return error_of_json(*subject_.row);
  return subject_.response != nullptr ? subject_.response->error() : ErrorView{};
}

AllocationView Judge::allocation() const {
  if (subject_.row != nullptr) return allocation_of_json(*subject_.row);
  return subject_.response != nullptr ? subject_.response->allocation() : AllocationView{};
}

nlohmann::json Judge::expand_json(const nlohmann::json& value) const { return expand_strings(value, context_.expand); }

nlohmann::json expand_strings(const nlohmann::json& value, const std::function<std::string(const std::string&)>& expand) {
  if (value.is_string()) return expand(value.get<std::string>());
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) out[key] = expand_strings(member, expand);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& member : value) out.push_back(expand_strings(member, expand));
    return out;
  }
  return value;
}

bool json_equivalent(const nlohmann::json& expected, const nlohmann::json& actual, Level level) {
  if (expected.is_number() && actual.is_number()) return expected.get<double>() == actual.get<double>();
  if (expected.is_object() && actual.is_object()) {
    if (expected.size() != actual.size()) return false;
    for (const auto& [key, value] : expected.items()) {
      auto it = actual.find(key);
      if (it == actual.end() || !json_equivalent(value, *it, level)) return false;
    }
    return true;
  }
  if (expected.is_array() && actual.is_array()) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!json_equivalent(expected[i], actual[i], level)) return false;
    return true;
  }
  if (expected == actual) return true;
  if (level == Level::Doc && (expected.is_string() != actual.is_string())) {
    const auto a = lenient_text(expected), b = lenient_text(actual);
    return a && b && *a == *b;
  }
  return false;
}

void check_expectations(const Expectations& expect, const CheckSubject& subject, const CheckContext& context,
                        std::vector<CheckResult>& out) {
  Judge(subject, context, expect.clause.value_or(context.clause), out).run(expect);
}

}  // namespace ringpool::conformance
