#include "conformance/expectation_keys.hpp"

#include "conformance/expectation_checker.hpp"
#include "conformance/expectation_checks.hpp"
#include "conformance/expectation_readers.hpp"

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

using namespace expectation_detail;
constexpr unsigned kAnswer = subject::kResponse | subject::kRow;  // a response, or a Bulk row

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
