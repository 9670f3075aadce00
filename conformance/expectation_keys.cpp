#include "conformance/expectation_keys.hpp"

#include "conformance/expectation_checker.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>

namespace ringpool::conformance {

namespace {

using Value = ExpectationValue;
constexpr unsigned kAnswer = subject::kResponse | subject::kRow;  // a response, or a Bulk row

// ---- readers of values (the key's name is passed for messages) ---------------------------------

Value read_string(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.string(value, name);
}
Value read_bool(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.boolean(value, name);
}
Value read_size(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.size(value, name);
}
Value read_aliases(const TomlReader& reader, const toml::node& value, std::string_view name) {
  return reader.strings(value, name, "pool aliases");
}

// fields = { max_pool_size = 3, errors = { class = "X" } } -> "/max_pool_size", "/errors/class".
void flatten_fields(const TomlReader& reader, const toml::table& table, const std::string& prefix, JsonPairs& out) {
  for (const auto& [key, value] : table) {
    std::string name(key.str());
    if (prefix.empty() && (name == "clause" || name == "status" || name == "class"))
      reader.fail(value, fmt::format("'{}' inside fields would be a JSON field; put it beside fields, in the tier", name));
    std::string pointer = name.starts_with('/') ? name : prefix + "/" + name;
    if (const toml::table* nested = value.as_table(); nested != nullptr && !nested->empty())
      flatten_fields(reader, *nested, pointer, out);
    else
      out.emplace_back(pointer, reader.json(value));
  }
}

Value read_fields(const TomlReader& reader, const toml::node& value, std::string_view name) {
  const toml::table* fields = value.as_table();
  if (fields == nullptr) reader.fail(value, fmt::format("{} must be a table: {{ name = value, \"/json/pointer\" = value }}", name));
  JsonPairs out;
  flatten_fields(reader, *fields, "", out);
  if (out.empty()) reader.fail(value, fmt::format("{} is empty: name at least one field", name));
  return out;
}

std::string pointer_of(std::string name) { return name.starts_with('/') ? name : "/" + name; }

// { field = "rule" } with fields as JSON pointers.
StringPairs read_rules(const TomlReader& reader, const toml::node& value, std::string_view name) {
  const toml::table* pairs = value.as_table();
  if (pairs == nullptr) reader.fail(value, fmt::format("{} must be a table: {{ field = \"...\" }}", name));
  if (pairs->empty()) reader.fail(value, fmt::format("{} is empty: name at least one field", name));
  StringPairs out;
  for (const auto& [field, rule] : *pairs) out.emplace_back(pointer_of(std::string(field.str())), reader.string(rule, name));
  return out;
}

// ---- regular expressions from scenario files ---------------------------------------------------
// A scenario's pattern is outside input, matched against what a target answered (any length).
// libstdc++'s default executor recurses once per character matched (a 30,000-character message
// against ".*" overflows the stack) and its compiler overflows on a repetition count such as
// {22222222222222222227} or a back-reference such as \5555555555555555555; the polynomial
// (breadth-first) executor recurses only as deep as the pattern, so patterns are bounded in length
// and repetition, have no back-references (refused before compiling), and are always compiled for it.
constexpr std::size_t kMaxPatternLength = 1000;
constexpr unsigned long kMaxRepetition = 1000;

// Why the pattern cannot be used, or nothing.
std::optional<std::string> pattern_problem(std::string_view pattern) {
  if (pattern.size() > kMaxPatternLength)
    return fmt::format("is {} characters long; patterns are limited to {}", pattern.size(), kMaxPatternLength);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i + 1])) != 0)
        return fmt::format("uses a back-reference or octal escape ('{}'); patterns have no back-references",
                           pattern.substr(i, std::min<std::size_t>(pattern.size() - i, 8)));
      ++i;
      continue;
    }
    if (in_class) { in_class = c != ']'; continue; }
    if (c == '[') { in_class = true; continue; }
    if (c != '{') continue;
    // {n}, {n,} or {n,m}: every count at most kMaxRepetition (longer digit runs are refused unread).
    for (std::size_t j = i + 1; j < pattern.size() && pattern[j] != '}'; ++j) {
      std::size_t digits = 0;
      while (j + digits < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j + digits])) != 0) ++digits;
      if (digits > 4 || (digits > 0 && std::stoul(std::string(pattern.substr(j, digits))) > kMaxRepetition))
        return fmt::format("repeats more than {} times ('{}'); write a shorter repetition", kMaxRepetition,
                           pattern.substr(j, std::min<std::size_t>(digits, 24)));
      j += digits;
      if (j >= pattern.size() || pattern[j] == '}') break;
    }
  }
  return std::nullopt;
}

// Compiled once per thread and pattern: a scenario's patterns are read when it loads and matched
// when it runs, and `ringpool check` loads and runs the same few patterns in every run (compiling
// them was a twentieth of its time). At most kCachedPatterns (then the cache starts over).
const std::regex& compile_pattern(const std::string& pattern) {
  constexpr std::size_t kCachedPatterns = 256;
  thread_local std::map<std::string, std::regex, std::less<>> compiled;
  if (auto found = compiled.find(pattern); found != compiled.end()) return found->second;
  std::regex regex(pattern, std::regex_constants::ECMAScript | std::regex_constants::__polynomial);  // may throw
  if (compiled.size() >= kCachedPatterns) compiled.clear();
  return compiled.emplace(pattern, std::move(regex)).first->second;
}

// Reads a pattern at scenario-load time, so that a bad one is a file:line error, never a crash.
void check_pattern(const TomlReader& reader, const toml::node& value, const std::string& pattern) {
  if (auto problem = pattern_problem(pattern))
    reader.fail(value, fmt::format("the regular expression '{}' {}", pattern.substr(0, 80), *problem));
  try {
    compile_pattern(pattern);
  } catch (const std::regex_error& error) {
    reader.fail(value, fmt::format("'{}' is not a usable regular expression (ECMAScript syntax, no "
                                   "back-references): {}", pattern.substr(0, 80), error.what()));
  }
}

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

// ---- the vocabulary -----------------------------------------------------------------------------
// One entry per key, in the order the checks run.

// A plain array: adding a key is one entry (its size follows).
const ExpectationKey kKeys[] = {
    {"status", subject::kResponse, "the status is this one (or one of an array: [200, 201])",
     [](const TomlReader& reader, const toml::node& value, std::string_view) -> Value {
       std::vector<int> codes;
       if (const toml::array* list = value.as_array()) {
         for (const toml::node& entry : *list) codes.push_back(static_cast<int>(reader.integer(entry, "status", 100, 599)));
         if (codes.empty()) reader.fail(value, "status = [] allows no status: give at least one");
       } else {
         codes.push_back(static_cast<int>(reader.integer(value, "status", 100, 599)));
       }
       return codes;
     },
     [](Judge& judge, const Value& value) {
       const auto& codes = std::get<std::vector<int>>(value);
       const ResponseView* response = judge.subject().response;
       const std::optional<int> status = response != nullptr ? std::optional<int>(response->response().status) : std::nullopt;
       const bool ok = status && std::find(codes.begin(), codes.end(), *status) != codes.end();
       judge.record("status", fmt::format("{}", fmt::join(codes, " or ")), status ? std::to_string(*status) : "(no status)", ok);
     }},
    {"content_type", subject::kResponse, "the media type, without parameters, is this one", read_string,
     [](Judge& judge, const Value& value) {
       const ResponseView* response = judge.subject().response;
       const std::string actual = response != nullptr ? response->media_type() : "";
       std::string expected = text(value);
       std::transform(expected.begin(), expected.end(), expected.begin(),
                      [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
       judge.record("content type (media type)", expected, actual.empty() ? "(none)" : actual, actual == expected);
     }},
    {"class", kAnswer, "the error class is this one, wherever the API and format put it", read_string,
     [](Judge& judge, const Value& value) {
       const std::string expected = judge.expand(text(value));
       const ErrorView view = judge.error();
       judge.record("error class", expected, shown(view.error_class), view.error_class == expected);
     }},
    {"message", kAnswer, "the error message is exactly this", read_string,
     [](Judge& judge, const Value& value) { check_error_text(judge, value, false); }},
    {"message_contains", kAnswer, "the error message contains this", read_string,
     [](Judge& judge, const Value& value) { check_error_text(judge, value, true); }},
    {"message_matches", kAnswer, "the whole error message matches the regular expression (ECMAScript)",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       std::string pattern = reader.string(value, name);
       check_pattern(reader, value, pattern);
       return pattern;
     },
     [](Judge& judge, const Value& value) {
       const std::string& pattern = text(value);
       const ErrorView view = judge.error();
       judge.record("error message", fmt::format("matching /{}/", pattern), shown(view.message),
                    view.message && std::regex_match(*view.message, compile_pattern(pattern)));
     }},
    {"shape", kAnswer, "allocation, ring_pool, ring_pool_list, error, empty_object or json",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       static const std::set<std::string, std::less<>> shapes = {"allocation", "ring_pool",    "ring_pool_list",
                                                                 "error",      "empty_object", "json"};
       std::string shape = reader.string(value, name);
       if (!shapes.contains(shape))
         reader.fail(value, "shape must be one of allocation, ring_pool, ring_pool_list, error, empty_object, json");
       return shape;
     },
     check_shape},
    {"overflow", kAnswer, "the allocation is (true) or is not (false) the overflow number (json, xml, Bulk rows)",
     read_bool,
     [](Judge& judge, const Value& value) {
       const bool wanted = std::get<bool>(value);
       const AllocationView view = judge.allocation();
       judge.record("overflow flag", wanted ? "true (the overflow number)" : "absent or false (a trackable number)",
                    view.overflow ? (*view.overflow ? "true" : "absent or false") : "(not an allocation)",
                    view.overflow == wanted);
     }},
    {"overflow_not_false", kAnswer, "the overflow flag is true or absent, never false (B-5: omitted when false)", read_bool,
     [](Judge& judge, const Value&) {
       const nlohmann::json* body = judge.json();
       const nlohmann::json* flag = body != nullptr && body->is_object() && body->contains("overflow") ? &(*body)["overflow"] : nullptr;
       judge.record("overflow flag", "true, or absent (omitted when false)", flag != nullptr ? flag->dump() : "absent",
                    flag == nullptr || *flag == true);
     }},
    {"tracking_url", kAnswer, "\"absolute\" (an absolute URL), \"tel\", or the exact URL", read_string,
     check_tracking_url},
    {"body", subject::kResponse, "the body is exactly this text", read_string,
     [](Judge& judge, const Value& value) {
       const std::string expected = judge.expand(text(value));
       const ResponseView* response = judge.subject().response;
       const std::string actual = response != nullptr ? response->response().body : "";
       judge.record("body", fmt::format("'{}'", shorten(expected)), fmt::format("'{}'", shorten(actual)), actual == expected);
     }},
    {"body_json", kAnswer, "the body equals this as JSON",
     [](const TomlReader& reader, const toml::node& value, std::string_view) -> Value { return reader.json(value); },
     [](Judge& judge, const Value& value) {
       const nlohmann::json expected = judge.expand_json(std::get<nlohmann::json>(value));
       const nlohmann::json* actual = judge.json();
       judge.record("body (as JSON)", shorten(expected.dump()), actual != nullptr ? shorten(actual->dump()) : "(not JSON)",
                    actual != nullptr && json_equivalent(expected, *actual, judge.context().level));
     }},
    {"fields", kAnswer, "these JSON fields (names or JSON pointers) have these values", read_fields,
     [](Judge& judge, const Value& value) {
       for (const auto& [pointer, wanted] : std::get<JsonPairs>(value)) {
         const nlohmann::json expected = judge.expand_json(wanted);
         const nlohmann::json* actual = judge.at(pointer);
         judge.record(fmt::format("field {}", pointer), shorten(expected.dump()),
                      actual != nullptr ? shorten(actual->dump()) : "(absent)",
                      actual != nullptr && json_equivalent(expected, *actual, judge.context().level));
       }
     }},
    {"absent", kAnswer, "these fields are not there",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       std::vector<std::string> fields = reader.strings(value, name, "field names or JSON pointers");
       if (fields.empty()) reader.fail(value, "absent = [] names no field: give at least one");
       for (std::string& field : fields) field = pointer_of(std::move(field));
       return fields;
     },
     [](Judge& judge, const Value& value) {
       for (const std::string& pointer : std::get<std::vector<std::string>>(value)) {
         const nlohmann::json* actual = judge.at(pointer);
         judge.record(fmt::format("field {}", pointer), "absent", actual != nullptr ? shorten(actual->dump()) : "absent",
                      actual == nullptr);
       }
     }},
    {"types", kAnswer, "these fields have these JSON types (integer, number, string, boolean, array, object, null)",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       static const std::set<std::string, std::less<>> types = {"integer", "number", "string", "boolean",
                                                                "array",   "object", "null"};
       StringPairs rules = read_rules(reader, value, name);
       for (const auto& [pointer, type] : rules)
         if (!types.contains(type))
           reader.fail(value, "types are integer, number, string, boolean, array, object or null");
       return rules;
     },
     [](Judge& judge, const Value& value) {
       for (const auto& [pointer, type] : std::get<StringPairs>(value)) {
         const nlohmann::json* actual = judge.at(pointer);
         judge.record(fmt::format("type of {}", pointer), type, actual != nullptr ? type_of(*actual) : "(absent)",
                      actual != nullptr && (type_of(*actual) == type || (type == "number" && actual->is_number())));
       }
     }},
    {"matches", kAnswer, "the whole value of each field matches the regular expression (ECMAScript)",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       StringPairs rules = read_rules(reader, value, name);
       for (const auto& [pointer, pattern] : rules) check_pattern(reader, value, pattern);
       return rules;
     },
     [](Judge& judge, const Value& value) {
       for (const auto& [pointer, pattern] : std::get<StringPairs>(value)) {
         const nlohmann::json* actual = judge.at(pointer);
         const std::string seen = actual == nullptr ? "" : actual->is_string() ? actual->get<std::string>() : actual->dump();
         judge.record(fmt::format("field {}", pointer), fmt::format("matching /{}/", pattern),
                      actual != nullptr ? shorten(seen) : "(absent)",
                      actual != nullptr && std::regex_match(seen, compile_pattern(pattern)));
       }
     }},
    {"headers", subject::kResponse,
     "each header is present, absent, a number (a decimal >= 0), keep-alive (not Connection: close) or exactly the value",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       StringPairs rules = reader.string_pairs(value, name);
       if (rules.empty()) reader.fail(value, "headers = {} names no header: give at least one");
       return rules;
     },
     [](Judge& judge, const Value& value) {
       for (const auto& [name, rule] : std::get<StringPairs>(value)) check_header(judge, name, rule);
     }},
    {"promo_distinct_from", kAnswer, "the promo number is not in this captured list", read_string,
     [](Judge& judge, const Value& value) { check_promo_list(judge, text(value), false); }},
    {"promo_in", kAnswer, "the promo number is in this captured list", read_string,
     [](Judge& judge, const Value& value) { check_promo_list(judge, text(value), true); }},
    {"promo_equals", kAnswer, "the promo number equals this value", read_string,
     [](Judge& judge, const Value& value) {
       const std::string expected = judge.expand(text(value));
       const AllocationView view = judge.allocation();
       judge.record("promo_number", fmt::format("'{}'", expected), shown(view.promo_number), view.promo_number == expected);
     }},
    {"row_count", subject::kResponse, "a Bulk answer has this many rows", read_size,
     [](Judge& judge, const Value& value) {
       const std::size_t wanted = std::get<std::size_t>(value);
       const nlohmann::json* rows = response_rows(judge);
       const bool is_array = rows != nullptr && rows->is_array();
       judge.record("number of response rows", std::to_string(wanted),
                    is_array ? std::to_string(rows->size()) : "(no responses array)", is_array && rows->size() == wanted);
     }},
    {"length", subject::kResponse, "the body is a JSON array of this length", read_size,
     [](Judge& judge, const Value& value) {
       const std::size_t wanted = std::get<std::size_t>(value);
       const nlohmann::json* body = judge.json();
       const bool is_array = body != nullptr && body->is_array();
       judge.record("array length", std::to_string(wanted), is_array ? std::to_string(body->size()) : "(not an array)",
                    is_array && body->size() == wanted);
     }},
    {"list_contains", subject::kResponse, "the list includes these pools (by alias)", read_aliases,
     [](Judge& judge, const Value& value) { check_list_contains(judge, value, true); }},
    {"list_excludes", subject::kResponse, "the list does not include these pools (by alias)", read_aliases,
     [](Judge& judge, const Value& value) { check_list_contains(judge, value, false); }},
    {"fields_differ", kAnswer, "these fields are there and do not equal the value", read_fields,
     [](Judge& judge, const Value& value) {
       for (const auto& [pointer, unwanted] : std::get<JsonPairs>(value)) {
         const nlohmann::json unexpected = judge.expand_json(unwanted);
         const nlohmann::json* actual = judge.at(pointer);
         judge.record(fmt::format("field {}", pointer), fmt::format("not {}", shorten(unexpected.dump())),
                      actual != nullptr ? shorten(actual->dump()) : "(absent)",
                      actual != nullptr && !json_equivalent(unexpected, *actual, judge.context().level));
       }
     }},
    {"list_ascending_ids", subject::kResponse, "the list is ordered by id, ascending", read_bool,
     [](Judge& judge, const Value&) {
       const nlohmann::json* body = judge.json();
       bool ok = body != nullptr && body->is_array();
       std::vector<std::string> ids;
       if (ok) {
         for (std::size_t i = 0; i < body->size(); ++i) {
           const nlohmann::json& entry = (*body)[i];
           ids.push_back(entry.is_object() && entry.contains("id") ? entry["id"].dump() : "?");
           if (i > 0 && !id_less((*body)[i - 1], entry)) ok = false;
         }
       }
       judge.record("list order", "ids ascending", body != nullptr ? fmt::format("ids {}", fmt::join(ids, ", ")) : "(not JSON)",
                    ok);
     }},
    {"count", subject::kList, "the list holds exactly this many distinct values", read_size,
     [](Judge& judge, const Value& value) { check_distinct(judge, value, 0); }},
    {"count_at_most", subject::kList, "the list holds at most this many distinct values", read_size,
     [](Judge& judge, const Value& value) { check_distinct(judge, value, 1); }},
    {"count_at_least", subject::kList, "the list holds at least this many distinct values", read_size,
     [](Judge& judge, const Value& value) { check_distinct(judge, value, 2); }},
    {"repeated_at_most", subject::kList, "at most this many distinct values occur more than once in the list", read_size,
     [](Judge& judge, const Value& value) { check_repeated(judge, value); }},
    {"disjoint_from", subject::kList, "no value of the list is in this other captured list", read_string, check_disjoint},
    {"local_at_least", subject::kList,
     "at least this many distinct values are local numbers (an NPA other than 800, 833, 844, 855, 866, 877, 888)", read_size,
     [](Judge& judge, const Value& value) { check_local(judge, value, true); }},
    {"toll_free_only", subject::kList, "every value is a toll-free number (true)",
     [](const TomlReader& reader, const toml::node& value, std::string_view name) -> Value {
       if (!reader.boolean(value, name)) reader.fail(value, "toll_free_only = true (leave it out otherwise)");
       return true;
     },
     [](Judge& judge, const Value& value) { check_local(judge, value, false); }},
    {"if_accepted", subject::kResponse,
     "when the status is 2xx (the server took the request), these expectations hold; a refusal is judged by nothing here",
     [](const TomlReader& reader, const toml::node& value, std::string_view) -> Value {
       ExpectationRow nested;
       nested.expect = parse_expectations(reader, value, "if_accepted", subject::kResponse);
       return std::vector<ExpectationRow>{std::move(nested)};
     },
     [](Judge& judge, const Value& value) {
       const ResponseView* response = judge.subject().response;
       if (response == nullptr || response->response().status < 200 || response->response().status >= 300) return;
       const Expectations& nested = std::get<std::vector<ExpectationRow>>(value).front().expect;
       Judge(judge.subject(), judge.context(), nested.clause.value_or(judge.clause()), judge.out()).run(nested);
     }},
    {"request_id", subject::kRow, "the row echoes this request_id (\"absent\": none)",
     [](const TomlReader& reader, const toml::node& value, std::string_view) -> Value {
       return value.is_string() ? *value.value_exact<std::string>() : reader.json(value).dump();
     },
     [](Judge& judge, const Value& value) {
       const nlohmann::json* row = judge.json();
       const nlohmann::json* actual = row != nullptr && row->is_object() && row->contains("request_id") ? &(*row)["request_id"] : nullptr;
       if (text(value) == "absent") {
         judge.record("request_id", "absent", actual != nullptr ? actual->dump() : "absent", actual == nullptr);
       } else {
         const std::string expected = judge.expand(text(value));
         const std::string seen = actual == nullptr ? "absent" : actual->is_string() ? actual->get<std::string>() : actual->dump();
         judge.record("request_id echoed", fmt::format("'{}'", expected), fmt::format("'{}'", seen),
                      actual != nullptr && seen == expected);
       }
     }},
    {"rows", subject::kResponse, "Bulk rows by index: [{ index = 0, <row expectations> }, ...]",
     [](const TomlReader& reader, const toml::node& value, std::string_view) -> Value {
       const toml::array* list = value.as_array();
       if (list == nullptr) reader.fail(value, "rows must be an array of tables, each with an index");
       if (list->empty()) reader.fail(value, "rows = [] checks no row: give at least one");
       std::vector<ExpectationRow> rows;
       for (const toml::node& entry : *list) {
         const toml::table* row = entry.as_table();
         if (row == nullptr || !row->contains("index")) reader.fail(entry, "each row expectation needs index = <0-based row>");
         ExpectationRow parsed;
         parsed.index = reader.size(*row->get("index"), "index");
         parsed.expect = parse_expectations(reader, entry, "a row expectation", subject::kRow);
         rows.push_back(std::move(parsed));
       }
       return rows;
     },
     [](Judge& judge, const Value& value) {
       for (const ExpectationRow& row : std::get<std::vector<ExpectationRow>>(value)) {
         const nlohmann::json* rows = response_rows(judge);
         if (rows == nullptr || !rows->is_array() || row.index >= rows->size()) {
           judge.record(fmt::format("row {}", row.index), "present",
                        rows != nullptr && rows->is_array() ? fmt::format("only {} rows", rows->size()) : "(no responses array)",
                        false);
           continue;
         }
         const CheckSubject row_subject{nullptr, &(*rows)[row.index], nullptr};
         CheckContext row_context = judge.context();
         row_context.step = fmt::format("{}, row {}", judge.context().step, row.index);
         Judge(row_subject, row_context, row.expect.clause.value_or(judge.clause()), judge.out()).run(row.expect);
       }
     }},
};

}  // namespace

std::span<const ExpectationKey> expectation_keys() { return kKeys; }

const ExpectationKey* find_expectation_key(std::string_view name) {
  for (const ExpectationKey& key : kKeys)
    if (key.name == name) return &key;
  return nullptr;
}

const Expectation* Expectations::find(std::string_view key) const {
  for (const Expectation& expectation : checks)
    if (expectation.key->name == key) return &expectation;
  return nullptr;
}

std::string_view subject_name(unsigned subject) {
  if (subject == subject::kRow) return "a Bulk row";
  if (subject == subject::kList) return "a captured list (distinct steps)";
  return "a response";
}

std::string subjects_text(unsigned subjects) {
  std::string out;
  for (unsigned one : {subject::kResponse, subject::kRow, subject::kList})
    if ((subjects & one) != 0) out += (out.empty() ? "" : " or ") + std::string(subject_name(one));
  return out;
}

Expectations parse_expectations(const TomlReader& reader, const toml::node& node, std::string_view where,
                                unsigned subject) {
  const toml::table* table = node.as_table();
  if (table == nullptr) reader.fail(node, fmt::format("{} must be a table of expectations", where));
  const bool row = subject == subject::kRow;
  std::vector<std::string_view> allowed(std::begin(kTierMetaKeys), std::end(kTierMetaKeys));
  if (row) allowed.push_back("index");
  for (const ExpectationKey& key : kKeys)
    if ((key.subjects & subject) != 0) allowed.push_back(key.name);

  Expectations out;
  for (const auto& [name_, value] : *table) {
    const std::string_view name = name_.str();
    if (name == "clause") {
      out.clause = reader.clause(value);
      continue;
    }
    if (name == "note" || name == "comment" || (row && name == "index")) continue;
    if (name == "index") reader.fail(value, "index belongs in a row expectation (rows = [{ index = 0, ... }])");
    const ExpectationKey* key = find_expectation_key(name);
    if (key != nullptr && (key->subjects & subject) == 0) {
      if (name == "rows" && row) reader.fail(value, "rows cannot nest inside a row");
      reader.fail(value, fmt::format("'{}' does not apply here: {} judges {}, and '{}' judges {}", name, where,
                                     subject_name(subject), name, subjects_text(key->subjects)));
    }
    if (key == nullptr)
      reader.fail(value, fmt::format("unknown key '{}' in {} (expected one of: {})", name, where, fmt::join(allowed, ", ")));
    out.checks.push_back(Expectation{key, key->parse(reader, value, key->name)});
  }
  if (out.checks.empty())
    reader.fail(node, fmt::format("{} has no checks{}: give at least one expectation (one of: {})", where,
                                  table->empty() ? "" : " (only clause, note or index)",
                                  fmt::join(allowed.begin() + static_cast<std::ptrdiff_t>(row ? 4 : 3), allowed.end(), ", ")));
  // Vocabulary order, so checks run and are reported in a stable order whatever the file's order.
  std::stable_sort(out.checks.begin(), out.checks.end(),
                   [](const Expectation& a, const Expectation& b) { return a.key < b.key; });
  return out;
}

}  // namespace ringpool::conformance
