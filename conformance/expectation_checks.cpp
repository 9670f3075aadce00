#include "conformance/expectation_checks.hpp"

#include "conformance/expectation_readers.hpp"
#include "conformance/response_view.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace ringpool::conformance::expectation_detail {

// ---- helpers of the checks ----------------------------------------------------------------------

const char* const kRingPoolFields[] = {"id",           "id_from_network", "name",           "object_url",
                                       "preferred",    "lifetime_seconds", "max_pool_size", "api_key",
                                       "fill_immediately", "allow_overflow", "customer_phone_numbers",
                                       "default_customer_phone_number"};

std::string ring_pool_problem(const nlohmann::json& value) {
  if (!value.is_object()) return "not a JSON object";
  std::vector<std::string> missing;
  for (const char* field : kRingPoolFields)
    if (!value.contains(field)) missing.emplace_back(field);
  if (!missing.empty()) return fmt::format("missing {}", fmt::join(missing, ", "));
  return {};
}

// Ids ascending: numbers numerically, anything else (the documents show "id": "value") as text.
bool id_less(const nlohmann::json& a, const nlohmann::json& b) {
  const auto id_of = [](const nlohmann::json& entry) -> const nlohmann::json* {
    return entry.is_object() && entry.contains("id") ? &entry["id"] : nullptr;
  };
  const nlohmann::json* x = id_of(a);
  const nlohmann::json* y = id_of(b);
  if (x == nullptr || y == nullptr) return false;
  if (x->is_number() && y->is_number()) return x->get<double>() < y->get<double>();
  const std::string left = x->is_string() ? x->get<std::string>() : x->dump();
  const std::string right = y->is_string() ? y->get<std::string>() : y->dump();
  return left < right;
}

std::string type_of(const nlohmann::json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) return "integer";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_array()) return "array";
  if (value.is_object()) return "object";
  return "null";
}

const std::string& text(const Value& value) { return std::get<std::string>(value); }

void check_error_text(Judge& judge, const Value& value, bool contains) {
  const std::string expected = judge.expand(text(value));
  const ErrorView view = judge.error();
  if (contains)
    judge.record("error message", fmt::format("containing '{}'", expected), shown(view.message),
                 view.message && view.message->find(expected) != std::string::npos);
  else
    judge.record("error message", fmt::format("'{}'", expected), shown(view.message), view.message == expected);
}

void check_shape(Judge& judge, const Value& value) {
  const std::string& name = text(value);
  std::string problem;
  const nlohmann::json* body = judge.json();
  const CheckSubject& subject = judge.subject();
  if (name == "allocation") {
    if (subject.row != nullptr) {
      const AllocationView view = judge.allocation();
      if (!view.promo_number || !view.promo_number_formatted || !view.tracking_url)
        problem = "a success row needs promo_number_formatted, promo_number and tracking_url (B-5)";
      else if (judge.strict())
        problem = phone_output_problem(view);
    } else if (subject.response != nullptr) {
      problem = subject.response->allocation_shape_problem(judge.strict());
    }
  } else if (name == "ring_pool") {
    problem = body == nullptr ? "the body is not JSON" : ring_pool_problem(*body);
  } else if (name == "ring_pool_list") {
    if (body == nullptr || !body->is_array()) problem = "the body is not a JSON array";
    else
      for (const nlohmann::json& entry : *body)
        if (problem.empty() && !(problem = ring_pool_problem(entry)).empty()) problem = "an entry is " + problem;
  } else if (name == "error") {
    if (subject.row != nullptr) {
      const ErrorView view = judge.error();
      if (!view.error_class || !view.message) problem = "an error row needs error_class and message (B-6)";
    } else if (subject.response != nullptr) {
      problem = subject.response->error_shape_problem();
    }
  } else if (name == "empty_object") {
    if (body == nullptr || !body->is_object() || !body->empty()) problem = "the body is not {}";
  } else if (name == "json") {
    if (body == nullptr) problem = "the body is not JSON";
  }
  judge.record("shape", name, problem.empty() ? name : problem, problem.empty());
}

void check_tracking_url(Judge& judge, const Value& value) {
  const std::string& rule = text(value);
  const AllocationView view = judge.allocation();
  const std::string actual = shown(view.tracking_url);
  if (rule == "absolute") {
    judge.record("tracking_url", "an absolute URL", actual, view.tracking_url && is_absolute_url(*view.tracking_url));
  } else if (rule == "tel") {
    // Surrounding white space is trimmed before a URL is judged (A-2: the documents' own examples
    // begin with a space).
    std::string_view url = view.tracking_url ? std::string_view(*view.tracking_url) : std::string_view();
    while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front())) != 0) url.remove_prefix(1);
    judge.record("tracking_url", "a tel: URI", actual, view.tracking_url && url.starts_with("tel:"));
  } else {
    const std::string expected = judge.expand(rule);
    judge.record("tracking_url", fmt::format("'{}'", expected), actual, view.tracking_url == expected);
  }
}

void check_header(Judge& judge, const std::string& name, const std::string& rule) {
  const ResponseView* response = judge.subject().response;
  const std::optional<std::string> value = response != nullptr ? response->header(name) : std::nullopt;
  const std::string what = fmt::format("header {}", name);
  if (rule == "present") {
    judge.record(what, "present", shown(value), value.has_value());
  } else if (rule == "absent") {
    judge.record(what, "absent", shown(value), !value.has_value());
  } else if (rule == "keep-alive") {
    // B-10: a persistent connection; only "Connection: close" says the server ends it.
    std::string lowered = value.value_or("");
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    judge.record(what, "not close (the connection is kept alive)", shown(value), lowered.find("close") == std::string::npos);
  } else if (rule == "number") {
    bool ok = false;
    if (value) {
      try {
        std::size_t used = 0;
        const double number = std::stod(*value, &used);
        ok = used == value->size() && number >= 0;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    judge.record(what, "a decimal number >= 0", shown(value), ok);
  } else {
    const std::string expected = judge.expand(rule);
    judge.record(what, fmt::format("'{}'", expected), shown(value), value == expected);
  }
}

void check_promo_list(Judge& judge, const std::string& name, bool must_be_in) {
  const AllocationView view = judge.allocation();
  const std::vector<std::string>* list = judge.context().captured(name);
  const bool in = list != nullptr && view.promo_number &&
                  std::find(list->begin(), list->end(), *view.promo_number) != list->end();
  const std::string listed = list != nullptr ? shorten(fmt::format("{}", fmt::join(*list, ", "))) : "(empty)";
  judge.record("promo_number", fmt::format("{} {} [{}]", must_be_in ? "one of" : "none of", name, listed),
               shown(view.promo_number), view.promo_number && in == must_be_in);
}

void check_list_contains(Judge& judge, const Value& value, bool wanted) {
  const nlohmann::json* body = judge.json();
  for (const std::string& alias : std::get<std::vector<std::string>>(value)) {
    const std::optional<std::string> name = judge.context().pool_name(alias);
    bool found = false;
    if (body != nullptr && body->is_array() && name)
      for (const nlohmann::json& entry : *body)
        found = found || (entry.is_object() && entry.value("id_from_network", std::string{}) == *name);
    judge.record(wanted ? "list contains" : "list does not contain",
                 fmt::format("pool '{}' ({})", alias, name.value_or("never created")), found ? "present" : "missing",
                 found == wanted && (name.has_value() || !wanted));
  }
}

const nlohmann::json* response_rows(const Judge& judge) {
  const nlohmann::json* body = judge.json();
  return body != nullptr && body->is_object() && body->contains("responses") ? &(*body)["responses"] : nullptr;
}

void check_distinct(Judge& judge, const Value& value, int mode) {  // 0 exactly, 1 at most, 2 at least
  const std::vector<std::string>* values = judge.subject().values;
  if (values == nullptr) return;
  const std::size_t wanted = std::get<std::size_t>(value);
  const std::set<std::string> distinct(values->begin(), values->end());
  const std::string actual = fmt::format("{} distinct of {} ({})", distinct.size(), values->size(),
                                         shorten(fmt::format("{}", fmt::join(distinct, ", "))));
  if (mode == 0) judge.record("distinct values", std::to_string(wanted), actual, distinct.size() == wanted);
  if (mode == 1) judge.record("distinct values", fmt::format("at most {}", wanted), actual, distinct.size() <= wanted);
  if (mode == 2) judge.record("distinct values", fmt::format("at least {}", wanted), actual, distinct.size() >= wanted);
}

// The values of the judged list that are also in the other captured list (P-4: a number handed
// out as trackable, leased, is never the overflow number).
void check_disjoint(Judge& judge, const Value& value) {
  const std::vector<std::string>* values = judge.subject().values;
  if (values == nullptr) return;
  const std::string& other_name = text(value);
  const std::vector<std::string>* other = judge.context().captured(other_name);
  std::set<std::string> shared;
  if (other != nullptr)
    for (const std::string& entry : *values)
      if (std::find(other->begin(), other->end(), entry) != other->end()) shared.insert(entry);
  judge.record(fmt::format("values also in {}", other_name), "none",
               shared.empty() ? "none" : shorten(fmt::format("{}", fmt::join(shared, ", "))), shared.empty());
}

bool toll_free_number(const std::string& number) {
  static const std::set<std::string, std::less<>> kTollFree = {"800", "833", "844", "855", "866", "877", "888"};
  return number.size() == 10 && kTollFree.contains(number.substr(0, 3));
}

// L-1: local numbers (an NPA that is not toll-free) among the distinct values of the list.
void check_local(Judge& judge, const Value& value, bool at_least) {
  const std::vector<std::string>* values = judge.subject().values;
  if (values == nullptr) return;
  const std::set<std::string> distinct(values->begin(), values->end());
  std::vector<std::string> local;
  for (const std::string& number : distinct)
    if (!toll_free_number(number)) local.push_back(number);
  const std::string actual = fmt::format("{} local of {} ({})", local.size(), distinct.size(), shorten(fmt::format("{}", fmt::join(distinct, ", "))));
  if (at_least) {
    const std::size_t wanted = std::get<std::size_t>(value);
    judge.record("local numbers", fmt::format("at least {}", wanted), actual, local.size() >= wanted);
  } else {
    judge.record("local numbers", "none (toll-free numbers only)", actual, local.empty());
  }
}

// How many distinct values occur more than once in the list (P-1: among answers whose leases
// overlap, only the overflow number may come twice, so at most one value repeats).
void check_repeated(Judge& judge, const Value& value) {
  const std::vector<std::string>* values = judge.subject().values;
  if (values == nullptr) return;
  const std::size_t wanted = std::get<std::size_t>(value);
  std::map<std::string, std::size_t> seen;
  for (const std::string& entry : *values) ++seen[entry];
  std::vector<std::string> repeated;
  for (const auto& [entry, times] : seen)
    if (times > 1) repeated.push_back(fmt::format("{} x{}", entry, times));
  judge.record("values given more than once", fmt::format("at most {}", wanted),
               fmt::format("{} ({})", repeated.size(), shorten(fmt::format("{}", fmt::join(repeated, ", ")))),
               repeated.size() <= wanted);
}


}  // namespace ringpool::conformance::expectation_detail
