#include "reports/junit_report.hpp"

#include "reports/report_text.hpp"

#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <map>
#include <sstream>

namespace ringpool::reports {

namespace {

using conformance::CheckResult;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;

// Attribute values (messages) stay one readable line.
constexpr std::size_t message_bytes_max = 1024;
// Bodies inside <failure>/<error> text.
constexpr std::size_t body_bytes_max = 4096;

// Set, not appended: the root's counts are set again when the run's gate case is added, and an
// element must not carry an attribute twice (the first one would win for most readers).
pugi::xml_attribute attribute_of(pugi::xml_node node, const char* name) {
  pugi::xml_attribute existing = node.attribute(name);
  return existing ? existing : node.append_attribute(name);
}

void set_attribute(pugi::xml_node node, const char* name, std::string_view value) {
  attribute_of(node, name).set_value(xml_safe(value).c_str());
}

void set_count(pugi::xml_node node, const char* name, std::size_t value) {
  attribute_of(node, name).set_value(std::to_string(value).c_str());
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (out.size() > message_bytes_max) out = std::string(utf8_prefix(out, message_bytes_max)) + "…";
  return out;
}

std::string clipped_body(std::string_view body) {
  if (body.size() <= body_bytes_max) return std::string(body);
  return fmt::format("{}\n… (truncated: {} of {} bytes shown)", utf8_prefix(body, body_bytes_max), utf8_prefix(body, body_bytes_max).size(), body.size());
}

void append_exchange(std::string& out, const conformance::ExchangeRecord& exchange) {
  out += fmt::format("    request:  {} {}\n", exchange.method, exchange.url);
  if (!exchange.request_body.empty()) out += fmt::format("    request body:\n{}\n", clipped_body(exchange.request_body));
  if (exchange.status) {
    out += fmt::format("    response: {}\n", *exchange.status);
    if (!exchange.response_body.empty()) out += fmt::format("    response body:\n{}\n", clipped_body(exchange.response_body));
  } else {
    out += fmt::format("    no response: {}\n", exchange.transport_error.empty() ? "(none recorded)" : exchange.transport_error);
  }
}

// Every check of `outcome` in `scenario`, with its exchange, then the reproduce line.
std::string details(const ScenarioResult& scenario, Outcome outcome) {
  std::string out;
  for (const CheckResult& check : scenario.checks) {
    if (check.outcome != outcome) continue;
    out += fmt::format("{} [{}]\n", check_location(check), conformance::level_name(check.level));
    out += fmt::format("    expected: {}\n    actual:   {}\n", check.expected, check.actual);
    if (check.exchange && *check.exchange < scenario.exchanges.size()) append_exchange(out, scenario.exchanges[*check.exchange]);
    out += '\n';
  }
  if (!scenario.reason.empty()) out += fmt::format("reason: {}\n", scenario.reason);
  if (!scenario.reproduce.empty()) out += fmt::format("reproduce: {}\n", scenario.reproduce);
  return out;
}

std::string first_message(const ScenarioResult& scenario, Outcome outcome) {
  for (const CheckResult& check : scenario.checks)
    if (check.outcome == outcome) return one_line(check_one_liner(check));
  if (!scenario.reason.empty()) return one_line(scenario.reason);
  return outcome == Outcome::Failed ? "scenario failed" : "outcome unknown";
}

struct SuiteCounts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double wall_ms = 0;
};

// Counts follow conformance::scenario_verdict, as the exit status does: a known failure (in the
// --baseline report) is reported skipped, not failed, so CI is green exactly when the exit is 0.
void count(SuiteCounts& counts, const RunResult& run, const ScenarioResult& scenario) {
  ++counts.tests;
  counts.wall_ms += scenario.wall_ms;
  switch (conformance::scenario_verdict(run, scenario)) {
    case conformance::Verdict::Failed: ++counts.failures; break;
    case conformance::Verdict::Unknown:
    case conformance::Verdict::Incomplete: ++counts.errors; break;
    case conformance::Verdict::Skipped:
    case conformance::Verdict::KnownFailure: ++counts.skipped; break;
    case conformance::Verdict::Passed: break;
  }
}

void set_counts(pugi::xml_node node, const SuiteCounts& counts, double wall_ms) {
  set_count(node, "tests", counts.tests);
  set_count(node, "failures", counts.failures);
  set_count(node, "errors", counts.errors);
  set_count(node, "skipped", counts.skipped);
  set_attribute(node, "time", seconds_text(wall_ms));
}

// A run that is incomplete (nothing checked, interrupted, a coverage gate unmet) or whose coverage
// fell below its --baseline gets one more test case, an error or a failure, so that a CI view is
// red exactly when the exit status is not 0. Other runs have none.
void append_run_gates(pugi::xml_node root, const RunResult& run, SuiteCounts& total) {
  const conformance::RunVerdict verdict = conformance::run_verdict(run);
  if (verdict.incomplete.empty() && run.coverage_regressions.empty()) return;
  pugi::xml_node suite = root.append_child("testsuite");
  set_attribute(suite, "name", "run");
  SuiteCounts counts;
  counts.tests = 1;
  pugi::xml_node testcase = suite.append_child("testcase");
  set_attribute(testcase, "classname", "run");
  set_attribute(testcase, "name", "coverage gates");
  set_attribute(testcase, "time", seconds_text(0));
  const bool incomplete = !verdict.incomplete.empty();
  const std::vector<std::string>& lines = incomplete ? verdict.incomplete : run.coverage_regressions;
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  pugi::xml_node node = testcase.append_child(incomplete ? "error" : "failure");
  set_attribute(node, "message", one_line(lines.front()));
  set_attribute(node, "type", incomplete ? "incomplete" : "coverage-regression");
  node.append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
  (incomplete ? counts.errors : counts.failures) = 1;
  set_counts(suite, counts, 0);
  ++total.tests;
  (incomplete ? total.errors : total.failures) += 1;
  set_counts(root, total, run.wall_ms);
}

// The run's settings, repeated in each suite (JUnit readers show a suite's properties).
void append_properties(pugi::xml_node suite, const RunResult& run) {
  pugi::xml_node properties = suite.append_child("properties");
  const std::pair<const char*, std::string> values[] = {
      {"target", run.target},
      {"profile", conformance::profile_name(run.profile)},
      {"seed", std::to_string(run.seed)},
      {"run_id", run.run_id},
      {"tool_version", run.tool_version},
  };
  for (const auto& [name, value] : values) {
    pugi::xml_node property = properties.append_child("property");
    set_attribute(property, "name", name);
    set_attribute(property, "value", value);
  }
}

// One scenario: passed, failed, skipped (a known failure too, its failure kept) or an error.
void append_testcase(pugi::xml_node suite, const RunResult& run, const std::string& folder, const ScenarioResult& scenario) {
  pugi::xml_node testcase = suite.append_child("testcase");
  set_attribute(testcase, "classname", folder);
  const std::string stem = scenario_stem(scenario.id);
  set_attribute(testcase, "name", scenario.title.empty() ? stem : stem + " — " + scenario.title);
  set_attribute(testcase, "time", seconds_text(scenario.wall_ms));
  switch (conformance::scenario_verdict(run, scenario)) {
    case conformance::Verdict::Passed: break;
    case conformance::Verdict::KnownFailure: {
      // Skipped, with the failure kept in the message and in system-out for whoever looks.
      pugi::xml_node skipped = testcase.append_child("skipped");
      set_attribute(skipped, "message", one_line("known failure (in the baseline): " + first_message(scenario, Outcome::Failed)));
      pugi::xml_node out = testcase.append_child("system-out");
      out.append_child(pugi::node_pcdata).set_value(xml_safe(details(scenario, Outcome::Failed)).c_str());
      break;
    }
    case conformance::Verdict::Failed: {
      pugi::xml_node failure = testcase.append_child("failure");
      set_attribute(failure, "message", first_message(scenario, Outcome::Failed));
      set_attribute(failure, "type", "conformance");
      failure.append_child(pugi::node_pcdata).set_value(xml_safe(details(scenario, Outcome::Failed)).c_str());
      break;
    }
    case conformance::Verdict::Skipped: {
      pugi::xml_node skipped = testcase.append_child("skipped");
      set_attribute(skipped, "message", one_line(scenario.reason.empty() ? "skipped" : scenario.reason));
      break;
    }
    case conformance::Verdict::Unknown:
    case conformance::Verdict::Incomplete: {
      pugi::xml_node error = testcase.append_child("error");
      set_attribute(error, "message", first_message(scenario, Outcome::Unknown));
      set_attribute(error, "type", "unknown");
      error.append_child(pugi::node_pcdata).set_value(xml_safe(details(scenario, Outcome::Unknown)).c_str());
      break;
    }
  }
}

}  // namespace

std::string render_junit(const RunResult& run) {
  // Folders in first-run order (the run is sorted by id, so this is sorted too).
  std::vector<std::string> folders;
  std::map<std::string, std::vector<const ScenarioResult*>> by_folder;
  for (const ScenarioResult& scenario : run.scenarios) {
    std::string folder = scenario_folder(scenario.id);
    auto [it, inserted] = by_folder.try_emplace(folder);
    if (inserted) folders.push_back(folder);
    it->second.push_back(&scenario);
  }

  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version").set_value("1.0");
  declaration.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child("testsuites");
  set_attribute(root, "name", "ringpool conformance");
  SuiteCounts total;
  for (const ScenarioResult& scenario : run.scenarios) count(total, run, scenario);
  set_counts(root, total, run.wall_ms);

  std::size_t suite_index = 0;
  for (const std::string& folder : folders) {
    const auto& scenarios = by_folder.at(folder);
    SuiteCounts counts;
    for (const ScenarioResult* scenario : scenarios) count(counts, run, *scenario);
    pugi::xml_node suite = root.append_child("testsuite");
    set_attribute(suite, "name", folder);
    set_count(suite, "id", suite_index++);
    set_counts(suite, counts, counts.wall_ms);
    append_properties(suite, run);
    for (const ScenarioResult* scenario : scenarios) append_testcase(suite, run, folder, *scenario);
  }

  append_run_gates(root, run, total);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

std::string render_junit_report(const conformance::RunResult& run, const conformance::ClauseCatalogue&) {
  return render_junit(run);
}

}  // namespace ringpool::reports
