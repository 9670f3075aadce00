#include "conformance/expectation_checker.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <regex>
#include <set>

namespace ringpool::conformance {

namespace {

constexpr std::size_t kShownChars = 300;

std::string shorten(std::string text) {
  if (text.size() > kShownChars) text = text.substr(0, kShownChars) + "…";
  return text;
}

std::string shown(const std::optional<std::string>& value) { return value ? fmt::format("'{}'", shorten(*value)) : "(none)"; }

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

class Judge {
 public:
  Judge(const CheckSubject& subject, const CheckContext& context, std::string clause, std::vector<CheckResult>& out)
      : subject_(subject), context_(context), clause_(std::move(clause)), out_(out) {}

  void record(std::string what, std::string expected, std::string actual, bool ok) {
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

  const nlohmann::json* json() const {
    if (subject_.row != nullptr) return subject_.row;
    return subject_.response != nullptr ? subject_.response->json() : nullptr;
  }

  ErrorView error() const {
    if (subject_.row != nullptr) return error_of_json(*subject_.row);
    return subject_.response != nullptr ? subject_.response->error() : ErrorView{};
  }

  AllocationView allocation() const {
    if (subject_.row != nullptr) return allocation_of_json(*subject_.row);
    return subject_.response != nullptr ? subject_.response->allocation() : AllocationView{};
  }

  void run(const Expectations& e) {
    const bool strict = context_.level != Level::Doc;
    if (!e.status.empty()) {
      const std::optional<int> status =
          subject_.response != nullptr ? std::optional<int>(subject_.response->response().status) : std::nullopt;
      const bool ok = status && std::find(e.status.begin(), e.status.end(), *status) != e.status.end();
      record("status", fmt::format("{}", fmt::join(e.status, " or ")), status ? std::to_string(*status) : "(no status)", ok);
    }
    if (e.content_type) {
      const std::string actual = subject_.response != nullptr ? subject_.response->media_type() : "";
      std::string expected = *e.content_type;
      std::transform(expected.begin(), expected.end(), expected.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      record("content type (media type)", expected, actual.empty() ? "(none)" : actual, actual == expected);
    }
    if (e.error_class) {
      const std::string expected = context_.expand(*e.error_class);
      const ErrorView view = error();
      record("error class", expected, shown(view.error_class), view.error_class == expected);
    }
    if (e.message) {
      const std::string expected = context_.expand(*e.message);
      const ErrorView view = error();
      record("error message", fmt::format("'{}'", expected), shown(view.message), view.message == expected);
    }
    if (e.message_contains) {
      const std::string expected = context_.expand(*e.message_contains);
      const ErrorView view = error();
      record("error message", fmt::format("containing '{}'", expected), shown(view.message),
             view.message && view.message->find(expected) != std::string::npos);
    }
    if (e.shape) shape(*e.shape, strict);
    if (e.overflow) {
      const AllocationView view = allocation();
      record("overflow flag", *e.overflow ? "true (the overflow number)" : "absent or false (a trackable number)",
             view.overflow ? (*view.overflow ? "true" : "absent or false") : "(not an allocation)",
             view.overflow == *e.overflow);
    }
    if (e.tracking_url) tracking_url(*e.tracking_url);
    if (e.body) {
      const std::string expected = context_.expand(*e.body);
      const std::string actual = subject_.response != nullptr ? subject_.response->response().body : "";
      record("body", fmt::format("'{}'", shorten(expected)), fmt::format("'{}'", shorten(actual)), actual == expected);
    }
    if (e.body_json) {
      const nlohmann::json expected = expand_json(*e.body_json);
      const nlohmann::json* actual = json();
      record("body (as JSON)", shorten(expected.dump()), actual != nullptr ? shorten(actual->dump()) : "(not JSON)",
             actual != nullptr && json_equivalent(expected, *actual, context_.level));
    }
    for (const auto& [pointer, value] : e.fields) field(pointer, value);
    for (const std::string& pointer : e.absent_fields) {
      const nlohmann::json* actual = at(pointer);
      record(fmt::format("field {}", pointer), "absent", actual != nullptr ? shorten(actual->dump()) : "absent",
             actual == nullptr);
    }
    for (const auto& [pointer, type] : e.types) {
      const nlohmann::json* actual = at(pointer);
      record(fmt::format("type of {}", pointer), type, actual != nullptr ? type_of(*actual) : "(absent)",
             actual != nullptr && (type_of(*actual) == type || (type == "number" && actual->is_number())));
    }
    for (const auto& [pointer, pattern] : e.matches) {
      const nlohmann::json* actual = at(pointer);
      const std::string text = actual == nullptr ? "" : actual->is_string() ? actual->get<std::string>() : actual->dump();
      record(fmt::format("field {}", pointer), fmt::format("matching /{}/", pattern),
             actual != nullptr ? shorten(text) : "(absent)",
             actual != nullptr && std::regex_match(text, std::regex(pattern)));
    }
    for (const auto& [name, expected] : e.headers) header(name, expected);
    if (e.promo_distinct_from) promo_list(*e.promo_distinct_from, false);
    if (e.promo_in) promo_list(*e.promo_in, true);
    if (e.promo_equals) {
      const std::string expected = context_.expand(*e.promo_equals);
      const AllocationView view = allocation();
      record("promo_number", fmt::format("'{}'", expected), shown(view.promo_number), view.promo_number == expected);
    }
    if (e.row_count) {
      const nlohmann::json* body = json();
      const nlohmann::json* rows = body != nullptr && body->is_object() && body->contains("responses")
                                       ? &(*body)["responses"]
                                       : nullptr;
      const bool is_array = rows != nullptr && rows->is_array();
      record("number of response rows", std::to_string(*e.row_count),
             is_array ? std::to_string(rows->size()) : "(no responses array)", is_array && rows->size() == *e.row_count);
    }
    if (e.length) {
      const nlohmann::json* body = json();
      const bool is_array = body != nullptr && body->is_array();
      record("array length", std::to_string(*e.length), is_array ? std::to_string(body->size()) : "(not an array)",
             is_array && body->size() == *e.length);
    }
    for (const std::string& alias : e.list_contains) list_contains(alias, true);
    for (const std::string& alias : e.list_excludes) list_contains(alias, false);
    for (const auto& [pointer, value] : e.fields_differ) {
      const nlohmann::json unexpected = expand_json(value);
      const nlohmann::json* actual = at(pointer);
      record(fmt::format("field {}", pointer), fmt::format("not {}", shorten(unexpected.dump())),
             actual != nullptr ? shorten(actual->dump()) : "(absent)",
             actual != nullptr && !json_equivalent(unexpected, *actual, context_.level));
    }
    if (e.list_ascending_ids) {
      const nlohmann::json* body = json();
      bool ok = body != nullptr && body->is_array();
      std::vector<std::string> ids;
      if (ok) {
        for (std::size_t i = 0; i < body->size(); ++i) {
          const nlohmann::json& entry = (*body)[i];
          ids.push_back(entry.is_object() && entry.contains("id") ? entry["id"].dump() : "?");
          if (i > 0 && !id_less((*body)[i - 1], entry)) ok = false;
        }
      }
      record("list order", "ids ascending", body != nullptr ? fmt::format("ids {}", fmt::join(ids, ", ")) : "(not JSON)", ok);
    }
    if (subject_.values != nullptr) {
      const std::set<std::string> distinct(subject_.values->begin(), subject_.values->end());
      const std::string actual = fmt::format("{} distinct of {} ({})", distinct.size(), subject_.values->size(),
                                             shorten(fmt::format("{}", fmt::join(distinct, ", "))));
      if (e.count) record("distinct values", std::to_string(*e.count), actual, distinct.size() == *e.count);
      if (e.count_at_most)
        record("distinct values", fmt::format("at most {}", *e.count_at_most), actual, distinct.size() <= *e.count_at_most);
      if (e.count_at_least)
        record("distinct values", fmt::format("at least {}", *e.count_at_least), actual,
               distinct.size() >= *e.count_at_least);
    }
    if (e.request_id) {
      const nlohmann::json* row = json();
      const nlohmann::json* actual = row != nullptr && row->is_object() && row->contains("request_id") ? &(*row)["request_id"] : nullptr;
      if (*e.request_id == "absent") {
        record("request_id", "absent", actual != nullptr ? actual->dump() : "absent", actual == nullptr);
      } else {
        const std::string expected = context_.expand(*e.request_id);
        const std::string seen = actual == nullptr ? "absent" : actual->is_string() ? actual->get<std::string>() : actual->dump();
        record("request_id echoed", fmt::format("'{}'", expected), fmt::format("'{}'", seen), actual != nullptr && seen == expected);
      }
    }
    for (const Expectations::Row& row : e.rows) {
      const nlohmann::json* body = json();
      const nlohmann::json* rows = body != nullptr && body->is_object() && body->contains("responses") ? &(*body)["responses"] : nullptr;
      if (rows == nullptr || !rows->is_array() || row.index >= rows->size()) {
        record(fmt::format("row {}", row.index), "present", rows != nullptr && rows->is_array()
                                                               ? fmt::format("only {} rows", rows->size())
                                                               : "(no responses array)", false);
        continue;
      }
      CheckSubject row_subject{nullptr, &(*rows)[row.index], nullptr};
      CheckContext row_context = context_;
      row_context.step = fmt::format("{}, row {}", context_.step, row.index);
      Judge(row_subject, row_context, row.expect.clause.value_or(clause_), out_).run(row.expect);
    }
  }

 private:
  void shape(const std::string& name, bool strict) {
    std::string problem;
    const nlohmann::json* body = json();
    if (name == "allocation") {
      if (subject_.row != nullptr) {
        const AllocationView view = allocation();
        if (!view.promo_number || !view.promo_number_formatted || !view.tracking_url)
          problem = "a success row needs promo_number_formatted, promo_number and tracking_url (B-5)";
        else if (strict)
          problem = phone_output_problem(view);
      } else if (subject_.response != nullptr) {
        problem = subject_.response->allocation_shape_problem(strict);
      }
    } else if (name == "ring_pool") {
      problem = body == nullptr ? "the body is not JSON" : ring_pool_problem(*body);
    } else if (name == "ring_pool_list") {
      if (body == nullptr || !body->is_array()) problem = "the body is not a JSON array";
      else
        for (const nlohmann::json& entry : *body)
          if (problem.empty() && !(problem = ring_pool_problem(entry)).empty()) problem = "an entry is " + problem;
    } else if (name == "error") {
      if (subject_.row != nullptr) {
        const ErrorView view = error();
        if (!view.error_class || !view.message) problem = "an error row needs error_class and message (B-6)";
      } else if (subject_.response != nullptr) {
        problem = subject_.response->error_shape_problem();
      }
    } else if (name == "empty_object") {
      if (body == nullptr || !body->is_object() || !body->empty()) problem = "the body is not {}";
    } else if (name == "json") {
      if (body == nullptr) problem = "the body is not JSON";
    }
    record("shape", name, problem.empty() ? name : problem, problem.empty());
  }

  void tracking_url(const std::string& rule) {
    const AllocationView view = allocation();
    const std::string actual = shown(view.tracking_url);
    if (rule == "absolute") {
      record("tracking_url", "an absolute URL", actual, view.tracking_url && is_absolute_url(*view.tracking_url));
    } else if (rule == "tel") {
      record("tracking_url", "a tel: URI", actual, view.tracking_url && view.tracking_url->starts_with("tel:"));
    } else {
      const std::string expected = context_.expand(rule);
      record("tracking_url", fmt::format("'{}'", expected), actual, view.tracking_url == expected);
    }
  }

  const nlohmann::json* at(const std::string& pointer) const {
    const nlohmann::json* body = json();
    if (body == nullptr) return nullptr;
    try {
      const nlohmann::json::json_pointer parsed(pointer);
      return body->contains(parsed) ? &body->at(parsed) : nullptr;
    } catch (const nlohmann::json::exception&) {
      return nullptr;
    }
  }

  nlohmann::json expand_json(const nlohmann::json& value) const { return expand_strings(value, context_.expand); }

  void field(const std::string& pointer, const nlohmann::json& value) {
    const nlohmann::json expected = expand_json(value);
    const nlohmann::json* actual = at(pointer);
    record(fmt::format("field {}", pointer), shorten(expected.dump()), actual != nullptr ? shorten(actual->dump()) : "(absent)",
           actual != nullptr && json_equivalent(expected, *actual, context_.level));
  }

  void header(const std::string& name, const std::string& rule) {
    const std::optional<std::string> value =
        subject_.response != nullptr ? subject_.response->header(name) : std::nullopt;
    const std::string what = fmt::format("header {}", name);
    if (rule == "present") {
      record(what, "present", shown(value), value.has_value());
    } else if (rule == "absent") {
      record(what, "absent", shown(value), !value.has_value());
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
      record(what, "a decimal number >= 0", shown(value), ok);
    } else {
      const std::string expected = context_.expand(rule);
      record(what, fmt::format("'{}'", expected), shown(value), value == expected);
    }
  }

  void promo_list(const std::string& name, bool must_be_in) {
    const AllocationView view = allocation();
    const std::vector<std::string>* list = context_.captured(name);
    const bool in = list != nullptr && view.promo_number &&
                    std::find(list->begin(), list->end(), *view.promo_number) != list->end();
    const std::string listed = list != nullptr ? shorten(fmt::format("{}", fmt::join(*list, ", "))) : "(empty)";
    record("promo_number", fmt::format("{} {} [{}]", must_be_in ? "one of" : "none of", name, listed),
           shown(view.promo_number), view.promo_number && in == must_be_in);
  }

  void list_contains(const std::string& alias, bool wanted) {
    const nlohmann::json* body = json();
    const std::optional<std::string> name = context_.pool_name(alias);
    bool found = false;
    if (body != nullptr && body->is_array() && name)
      for (const nlohmann::json& entry : *body)
        found = found || (entry.is_object() && entry.value("id_from_network", std::string{}) == *name);
    record(wanted ? "list contains" : "list does not contain",
           fmt::format("pool '{}' ({})", alias, name.value_or("never created")), found ? "present" : "missing",
           found == wanted && (name.has_value() || !wanted));
  }

  const CheckSubject& subject_;
  const CheckContext& context_;
  std::string clause_;
  std::vector<CheckResult>& out_;
};

std::optional<std::string> lenient_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  return std::nullopt;
}

}  // namespace

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
