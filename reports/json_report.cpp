#include "reports/json_report.hpp"

#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace ringpool::reports {

namespace {

using conformance::CheckResult;
using conformance::ClauseCoverage;
using conformance::ExchangeRecord;
using conformance::HeaderList;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;
using ordered_json = nlohmann::ordered_json;

// ---- writing ----------------------------------------------------------------------------------

ordered_json headers_json(const HeaderList& headers) {
  ordered_json out = ordered_json::array();
  for (const auto& [name, value] : headers) out.push_back(ordered_json::array({name, value}));
  return out;
}

ordered_json exchange_json(const ExchangeRecord& exchange) {
  ordered_json out = ordered_json::object();
  out["api"] = exchange.api;
  out["method"] = exchange.method;
  out["url"] = exchange.url;
  out["request"] = ordered_json{{"headers", headers_json(exchange.request_headers)}, {"body", exchange.request_body}};
  if (exchange.status) {
    out["response"] = ordered_json{{"status", *exchange.status},
                                   {"headers", headers_json(exchange.response_headers)},
                                   {"body", exchange.response_body}};
  } else {
    out["response"] = nullptr;
  }
  out["transport_error"] = exchange.transport_error;
  return out;
}

ordered_json check_json(const CheckResult& check) {
  ordered_json out = ordered_json::object();
  out["clause"] = check.clause;
  out["level"] = conformance::level_name(check.level);
  out["step"] = check.step;
  out["what"] = check.what;
  out["expected"] = check.expected;
  out["actual"] = check.actual;
  out["outcome"] = conformance::outcome_name(check.outcome);
  if (check.exchange) out["exchange"] = *check.exchange;
  else out["exchange"] = nullptr;
  return out;
}

struct PassedGroup {
  std::string clause;
  conformance::Level level;
  std::size_t count;
};

ordered_json scenario_json(const RunResult& run, const ScenarioResult& scenario) {
  std::size_t passed = 0, failed = 0, unknown = 0, skipped = 0;
  std::vector<PassedGroup> groups;           // passed checks per (clause, level), first seen first
  std::vector<std::string> clauses_seen;     // every clause with a check, first seen first
  std::vector<std::string> clauses_not_ok;   // clauses with a failed or unknown check
  ordered_json checks = ordered_json::array();
  for (const CheckResult& check : scenario.checks) {
    if (std::find(clauses_seen.begin(), clauses_seen.end(), check.clause) == clauses_seen.end())
      clauses_seen.push_back(check.clause);
    switch (check.outcome) {
      case Outcome::Passed: {
        ++passed;
        auto group = std::find_if(groups.begin(), groups.end(), [&](const PassedGroup& candidate) {
          return candidate.clause == check.clause && candidate.level == check.level;
        });
        if (group == groups.end()) groups.push_back({check.clause, check.level, 1});
        else ++group->count;
        break;
      }
      case Outcome::Failed:
      case Outcome::Unknown:
        if (check.outcome == Outcome::Failed) ++failed;
        else ++unknown;
        clauses_not_ok.push_back(check.clause);
        checks.push_back(check_json(check));
        break;
      case Outcome::Skipped: ++skipped; break;
    }
  }
  ordered_json clauses_passed = ordered_json::array();
  for (const std::string& clause : clauses_seen) {
    const bool has_pass = std::any_of(groups.begin(), groups.end(), [&](const PassedGroup& group) { return group.clause == clause; });
    const bool not_ok = std::find(clauses_not_ok.begin(), clauses_not_ok.end(), clause) != clauses_not_ok.end();
    if (has_pass && !not_ok) clauses_passed.push_back(clause);
  }
  ordered_json passed_checks = ordered_json::array();
  for (const PassedGroup& group : groups) {
    passed_checks.push_back(ordered_json{{"clause", group.clause}, {"level", conformance::level_name(group.level)}, {"count", group.count}});
  }
  ordered_json exchanges = ordered_json::array();
  for (const ExchangeRecord& exchange : scenario.exchanges) exchanges.push_back(exchange_json(exchange));

  ordered_json out = ordered_json::object();
  out["id"] = scenario.id;
  out["title"] = scenario.title;
  out["clauses"] = scenario.clauses;
  out["profile"] = conformance::profile_name(scenario.profile);
  out["outcome"] = conformance::outcome_name(scenario.outcome);
  out["verdict"] = conformance::verdict_name(conformance::scenario_verdict(run, scenario));
  out["reason"] = scenario.reason;
  out["reproduce"] = scenario.reproduce;
  out["wall_ms"] = scenario.wall_ms;
  out["check_counts"] = ordered_json{{"passed", passed}, {"failed", failed}, {"unknown", unknown}, {"skipped", skipped}};
  out["clauses_passed"] = std::move(clauses_passed);
  out["passed_checks"] = std::move(passed_checks);
  out["checks"] = std::move(checks);
  out["exchanges"] = std::move(exchanges);
  return out;
}

ordered_json coverage_json(const ClauseCoverage& entry) {
  ordered_json levels = ordered_json::array();
  for (conformance::Level level : entry.clause->levels) levels.push_back(conformance::level_name(level));
  ordered_json out = ordered_json::object();
  out["id"] = entry.clause->id;
  out["section"] = entry.clause->section;
  out["levels"] = std::move(levels);
  out["black_box"] = entry.clause->black_box;
  out["coverage"] = conformance::coverage_name(entry.coverage);
  out["checks_passed"] = entry.checks_passed;
  out["checks_failed"] = entry.checks_failed;
  out["checks_unknown"] = entry.checks_unknown;
  out["scenarios"] = entry.scenarios;
  return out;
}

// Keys of summary.clauses, one per conformance::Coverage value.
const char* coverage_key(conformance::Coverage coverage) {
  switch (coverage) {
    case conformance::Coverage::Checked: return "checked";
    case conformance::Coverage::Failed: return "failed";
    case conformance::Coverage::Unknown: return "unknown";
    case conformance::Coverage::Skipped: return "skipped";
    case conformance::Coverage::NotCovered: return "not_covered";
    case conformance::Coverage::NotBlackBox: return "not_black_box";
  }
  return "not_covered";
}

// ---- reading ----------------------------------------------------------------------------------

using json = nlohmann::json;

struct ReadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string type_error(const std::string& path, const char* expected, const json& value) {
  return fmt::format("report field {} should be {}, not {}", path, expected, value.type_name());
}

const json* member(const json& object, const char* key, const std::string& path, bool required) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (required) throw ReadError(fmt::format("report field {}.{} is missing", path, key));
    return nullptr;
  }
  return &*it;
}

std::string read_string(const json& object, const char* key, const std::string& path, bool required = false) {
  const json* value = member(object, key, path, required);
  if (value == nullptr) return {};
  if (!value->is_string()) throw ReadError(type_error(path + "." + key, "a string", *value));
  return value->get<std::string>();
}

std::vector<std::string> read_strings(const json& object, const char* key, const std::string& path) {
  std::vector<std::string> out;
  const json* value = member(object, key, path, false);
  if (value == nullptr) return out;
  if (!value->is_array()) throw ReadError(type_error(path + "." + key, "an array of strings", *value));
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_string()) throw ReadError(type_error(fmt::format("{}.{}[{}]", path, key, i), "a string", item));
    out.push_back(item.get<std::string>());
  }
  return out;
}

double read_number(const json& object, const char* key, const std::string& path) {
  const json* value = member(object, key, path, false);
  if (value == nullptr) return 0;
  if (!value->is_number()) throw ReadError(type_error(path + "." + key, "a number", *value));
  return value->get<double>();
}

std::size_t read_count(const json& object, const char* key, const std::string& path) {
  const json* value = member(object, key, path, true);
  if (!value->is_number_unsigned()) throw ReadError(type_error(path + "." + key, "a non-negative integer", *value));
  return value->get<std::size_t>();
}

const json& read_array(const json& object, const char* key, const std::string& path) {
  static const json empty = json::array();
  const json* value = member(object, key, path, false);
  if (value == nullptr) return empty;
  if (!value->is_array()) throw ReadError(type_error(path + "." + key, "an array", *value));
  return *value;
}

void require_object(const json& value, const std::string& path) {
  if (!value.is_object()) throw ReadError(type_error(path, "an object", value));
}

template <typename T, typename Parse>
T read_enum(const json& object, const char* key, const std::string& path, Parse parse, T fallback, bool required = false) {
  const json* value = member(object, key, path, required);
  if (value == nullptr) return fallback;
  if (!value->is_string()) throw ReadError(type_error(path + "." + key, "a string", *value));
  const auto parsed = parse(value->get<std::string>());
  if (!parsed) throw ReadError(fmt::format("report field {}.{} has an unknown value \"{}\"", path, key, value->get<std::string>()));
  return *parsed;
}

std::optional<Outcome> parse_outcome(std::string_view text) {
  if (text == "passed") return Outcome::Passed;
  if (text == "failed") return Outcome::Failed;
  if (text == "skipped") return Outcome::Skipped;
  if (text == "unknown") return Outcome::Unknown;
  return std::nullopt;
}

HeaderList read_headers(const json& object, const std::string& path) {
  HeaderList out;
  const json& headers = read_array(object, "headers", path);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const json& pair = headers[i];
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      throw ReadError(type_error(fmt::format("{}.headers[{}]", path, i), "a [name, value] pair of strings", pair));
    out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return out;
}

ExchangeRecord read_exchange(const json& object, const std::string& path) {
  require_object(object, path);
  ExchangeRecord out;
  out.api = read_string(object, "api", path);
  out.method = read_string(object, "method", path);
  out.url = read_string(object, "url", path);
  if (const json* request = member(object, "request", path, false)) {
    require_object(*request, path + ".request");
    out.request_headers = read_headers(*request, path + ".request");
    out.request_body = read_string(*request, "body", path + ".request");
  }
  if (const json* response = member(object, "response", path, false); response != nullptr && !response->is_null()) {
    const std::string response_path = path + ".response";
    require_object(*response, response_path);
    const json* status = member(*response, "status", response_path, true);
    if (!status->is_number_integer()) throw ReadError(type_error(response_path + ".status", "an integer", *status));
    out.status = status->get<int>();
    out.response_headers = read_headers(*response, response_path);
    out.response_body = read_string(*response, "body", response_path);
  }
  out.transport_error = read_string(object, "transport_error", path);
  return out;
}

CheckResult read_check(const json& object, const std::string& path) {
  require_object(object, path);
  CheckResult out;
  out.clause = read_string(object, "clause", path, true);
  out.level = read_enum(object, "level", path, conformance::parse_level, conformance::Level::Doc);
  out.step = read_string(object, "step", path);
  out.what = read_string(object, "what", path);
  out.expected = read_string(object, "expected", path);
  out.actual = read_string(object, "actual", path);
  out.outcome = read_enum(object, "outcome", path, parse_outcome, Outcome::Failed, true);
  if (const json* exchange = member(object, "exchange", path, false); exchange != nullptr && !exchange->is_null()) {
    if (!exchange->is_number_unsigned()) throw ReadError(type_error(path + ".exchange", "an index or null", *exchange));
    out.exchange = exchange->get<std::size_t>();
  }
  return out;
}

// Passed checks come back one record per `count`: a report asking for more than this in all is
// refused, so that a small hostile file (found by fuzz/report_json_fuzzer.cpp: "count": 371602 in
// 2.8 KB took 6 s) cannot make --baseline allocate without bound. A `ringpool check` of 100,000
// runs reports about 100,000 checks.
constexpr std::size_t kMaxReportChecks = 1'000'000;

ScenarioResult read_scenario(const json& object, const std::string& path, std::size_t& checks_left) {
  require_object(object, path);
  ScenarioResult out;
  out.id = read_string(object, "id", path, true);
  out.title = read_string(object, "title", path);
  out.clauses = read_strings(object, "clauses", path);
  out.profile = read_enum(object, "profile", path, conformance::parse_profile, conformance::Profile::Vendor);
  out.outcome = read_enum(object, "outcome", path, parse_outcome, Outcome::Passed, true);
  out.reason = read_string(object, "reason", path);
  out.reproduce = read_string(object, "reproduce", path);
  out.wall_ms = read_number(object, "wall_ms", path);
  const json& passed = read_array(object, "passed_checks", path);
  for (std::size_t i = 0; i < passed.size(); ++i) {
    const std::string group_path = fmt::format("{}.passed_checks[{}]", path, i);
    require_object(passed[i], group_path);
    CheckResult check;
    check.clause = read_string(passed[i], "clause", group_path, true);
    check.level = read_enum(passed[i], "level", group_path, conformance::parse_level, conformance::Level::Doc);
    check.outcome = Outcome::Passed;
    const std::size_t count = read_count(passed[i], "count", group_path);
    if (count > checks_left)
      throw ReadError(fmt::format("report field {}.count is {}: a report holds at most {} checks in all", group_path, count,
                                  kMaxReportChecks));
    checks_left -= count;
    out.checks.insert(out.checks.end(), count, check);
  }
  const json& checks = read_array(object, "checks", path);
  for (std::size_t i = 0; i < checks.size(); ++i) out.checks.push_back(read_check(checks[i], fmt::format("{}.checks[{}]", path, i)));
  checks_left -= std::min(checks_left, checks.size());
  const json& exchanges = read_array(object, "exchanges", path);
  for (std::size_t i = 0; i < exchanges.size(); ++i)
    out.exchanges.push_back(read_exchange(exchanges[i], fmt::format("{}.exchanges[{}]", path, i)));
  return out;
}

RunResult read_run(const json& root) {
  RunResult out;
  const std::string path = "report";
  out.tool_version = read_string(root, "tool_version", path);
  out.target = read_string(root, "target", path);
  out.profile = read_enum(root, "profile", path, conformance::parse_profile, conformance::Profile::Strict);
  if (const json* seed = member(root, "seed", path, false)) {
    if (!seed->is_number_unsigned()) throw ReadError(type_error("report.seed", "a non-negative integer", *seed));
    out.seed = seed->get<std::uint64_t>();
  }
  out.run_id = read_string(root, "run_id", path);
  out.capabilities = read_strings(root, "capabilities", path);
  if (const json* missing = member(root, "missing_capabilities", path, false)) {  // absent in older reports
    if (!missing->is_array()) throw ReadError(type_error("report.missing_capabilities", "an array", *missing));
    for (std::size_t i = 0; i < missing->size(); ++i) {
      const std::string where = fmt::format("report.missing_capabilities[{}]", i);
      out.missing_capabilities.emplace_back(read_string((*missing)[i], "name", where), read_string((*missing)[i], "reason", where));
    }
  }
  out.wall_ms = read_number(root, "wall_ms", path);
  const json* scenarios = member(root, "scenarios", path, true);
  if (!scenarios->is_array()) throw ReadError(type_error("report.scenarios", "an array", *scenarios));
  std::size_t checks_left = kMaxReportChecks;
  for (std::size_t i = 0; i < scenarios->size(); ++i)
    out.scenarios.push_back(read_scenario((*scenarios)[i], fmt::format("report.scenarios[{}]", i), checks_left));
  out.known_failures = read_strings(root, "known_failures", path);
  // Absent in older reports.
  out.unmet_gates = read_strings(root, "unmet_gates", path);
  out.setup_findings = read_strings(root, "setup_findings", path);
  out.leftover_pools = read_strings(root, "leftover_pools", path);
  if (const json* interrupted = member(root, "interrupted", path, false)) {
    if (!interrupted->is_boolean()) throw ReadError(type_error("report.interrupted", "true or false", *interrupted));
    out.interrupted = interrupted->get<bool>();
  }
  return out;
}

}  // namespace

std::string render_json_report(const RunResult& run, const conformance::ClauseCatalogue& catalogue) {
  const conformance::RunSummary summary = run.summary();
  const std::vector<ClauseCoverage> coverage = conformance::compute_coverage(catalogue, run);

  ordered_json clause_counts = ordered_json::object();
  clause_counts["total"] = coverage.size();
  for (conformance::Coverage kind : {conformance::Coverage::Checked, conformance::Coverage::Failed, conformance::Coverage::Unknown,
                                     conformance::Coverage::Skipped, conformance::Coverage::NotCovered, conformance::Coverage::NotBlackBox}) {
    clause_counts[coverage_key(kind)] = static_cast<std::size_t>(
        std::count_if(coverage.begin(), coverage.end(), [&](const ClauseCoverage& entry) { return entry.coverage == kind; }));
  }

  ordered_json doc = ordered_json::object();
  doc["schema"] = std::string(json_report_schema);
  doc["tool_version"] = run.tool_version;
  doc["target"] = run.target;
  doc["profile"] = conformance::profile_name(run.profile);
  doc["seed"] = run.seed;
  doc["run_id"] = run.run_id;
  doc["capabilities"] = run.capabilities;
  ordered_json missing = ordered_json::array();
  for (const auto& [name, reason] : run.missing_capabilities) missing.push_back(ordered_json{{"name", name}, {"reason", reason}});
  doc["missing_capabilities"] = std::move(missing);
  doc["summary"] = ordered_json{
      {"scenarios",
       {{"total", run.scenarios.size()}, {"passed", summary.passed}, {"failed", summary.failed}, {"skipped", summary.skipped}, {"unknown", summary.unknown}}},
      {"checks",
       {{"total", summary.checks_passed + summary.checks_failed + summary.checks_unknown},
        {"passed", summary.checks_passed},
        {"failed", summary.checks_failed},
        {"unknown", summary.checks_unknown}}},
      {"clauses", std::move(clause_counts)}};
  const conformance::RunVerdict verdict = conformance::run_verdict(run);
  doc["verdict"] = ordered_json{{"result", conformance::verdict_name(verdict.overall)},
                                {"exit_status", verdict.exit_status},
                                {"scenarios",
                                 {{"passed", verdict.passed},
                                  {"failed", verdict.failed},
                                  {"known_failures", verdict.known_failures},
                                  {"skipped", verdict.skipped},
                                  {"unknown", verdict.unknown}}},
                                {"incomplete", verdict.incomplete},
                                {"coverage_regressions", run.coverage_regressions}};
  doc["interrupted"] = run.interrupted;
  doc["unmet_gates"] = run.unmet_gates;
  doc["setup_findings"] = run.setup_findings;
  doc["leftover_pools"] = run.leftover_pools;
  doc["wall_ms"] = run.wall_ms;
  ordered_json scenarios = ordered_json::array();
  for (const ScenarioResult& scenario : run.scenarios) scenarios.push_back(scenario_json(run, scenario));
  doc["scenarios"] = std::move(scenarios);
  ordered_json coverage_entries = ordered_json::array();
  for (const ClauseCoverage& entry : coverage) coverage_entries.push_back(coverage_json(entry));
  doc["coverage"] = std::move(coverage_entries);
  // Each [doc] sentence: checked at [doc] level by the scenarios the catalogue names, or a gap
  // ("not covered": no scenario named for it ran and checked it).
  ordered_json sentence_entries = ordered_json::array();
  for (const conformance::SentenceCoverage& entry : conformance::compute_sentence_coverage(catalogue, run)) {
    ordered_json sentence = ordered_json::object();
    sentence["id"] = entry.sentence->id;
    sentence["clause"] = entry.sentence->clause;
    sentence["coverage"] = conformance::coverage_name(entry.coverage);
    sentence["checked_by"] = entry.sentence->checked_by;
    sentence["scenarios"] = entry.scenarios;
    sentence_entries.push_back(std::move(sentence));
  }
  doc["sentence_coverage"] = std::move(sentence_entries);
  doc["known_failures"] = run.known_failures;
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::expected<RunResult, std::string> parse_json_report(std::string_view text) {
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::exception& error) {
    // parse_error, and out_of_range for a number too large for a double ("1e999", found by
    // fuzz/report_json_fuzzer.cpp): either way the text is no report.
    return std::unexpected(fmt::format("not a JSON document: {}", error.what()));
  }
  if (!root.is_object()) return std::unexpected(fmt::format("not a ringpool conformance report: the document is {}, not an object", root.type_name()));
  const auto schema = root.find("schema");
  if (schema == root.end()) return std::unexpected(std::string("not a ringpool conformance report: it has no \"schema\" field"));
  if (!schema->is_string() || schema->get<std::string>() != json_report_schema) {
    return std::unexpected(fmt::format("not a ringpool conformance report of a known version: schema is {}, expected \"{}\"",
                                       schema->dump(-1, ' ', false, json::error_handler_t::replace), json_report_schema));
  }
  try {
    return read_run(root);
  } catch (const ReadError& error) {
    return std::unexpected(std::string(error.what()));
  } catch (const json::exception& error) {
    return std::unexpected(fmt::format("unreadable report: {}", error.what()));
  }
}

}  // namespace ringpool::reports
