#include "reports/html_report_parts.hpp"

#include "reports/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::reports::run_html {

using conformance::CheckResult;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;
using html::add;
using html::add_text;
using html::set;
using html::text;

namespace {

void clause_tags(xml_node cell, const std::vector<std::string>& clauses) {
  for (const std::string& clause : clauses) add_tag(cell, clause);
}


}  // namespace

void render_skipped(xml_node page, const RunResult& run) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "skipped");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "Skipped scenarios");
  add_text(head, "span", "not run against this target: never counted as passed", "note");
  const bool any = std::any_of(run.scenarios.begin(), run.scenarios.end(), [](const ScenarioResult& s) { return s.outcome == Outcome::Skipped; });
  if (!any) {
    add_text(card, "p", "No scenario was skipped.", "empty");
    return;
  }
  xml_node table = add_table(card);
  xml_node header = add(add(table, "thead"), "tr");
  for (const char* title : {"Scenario", "Title", "Clauses", "Reason"}) add_text(header, "th", title);
  xml_node body = add(table, "tbody");
  for (const ScenarioResult& scenario : run.scenarios) {
    if (scenario.outcome != Outcome::Skipped) continue;
    xml_node row = add(body, "tr");
    add_text(row, "td", scenario.id, "id");
    add_text(row, "td", scenario.title);
    clause_tags(add(row, "td"), scenario.clauses);
    add_text(row, "td", scenario.reason.empty() ? std::string("(no reason given)") : scenario.reason);
  }
}

void render_all_scenarios(xml_node page, const RunResult& run) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "scenarios");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", wording_for(run).all_title);
  add_text(head, "span", "in run order", "note");
  if (run.scenarios.empty()) {
    add_text(card, "p", fmt::format("The run had no {}.", wording_for(run).unit_many), "empty");
    return;
  }
  xml_node table = add_table(card);
  xml_node header = add(add(table, "thead"), "tr");
  add_text(header, "th", "Outcome");
  add_text(header, "th", "Scenario");
  add_text(header, "th", "Title");
  add_text(header, "th", "Clauses");
  add_text(header, "th", "Profile");
  add_text(header, "th", "Passed", "num");
  add_text(header, "th", "Failed", "num");
  add_text(header, "th", "Unknown", "num");
  add_text(header, "th", "Time", "num");
  xml_node body = add(table, "tbody");
  for (std::size_t index = 0; index < run.scenarios.size(); ++index) {
    const ScenarioResult& scenario = run.scenarios[index];
    std::size_t passed = 0, failed = 0, unknown = 0;
    for (const CheckResult& check : scenario.checks) {
      if (check.outcome == Outcome::Passed) ++passed;
      if (check.outcome == Outcome::Failed) ++failed;
      if (check.outcome == Outcome::Unknown) ++unknown;
    }
    xml_node row = add(body, "tr");
    outcome_badge(add(row, "td"), scenario.outcome);
    xml_node id_cell = add(row, "td", "id");
    if (scenario.outcome == Outcome::Failed || scenario.outcome == Outcome::Unknown)
      set(add_text(id_cell, "a", scenario.id), "href", "#" + scenario_anchor(index));
    else
      text(id_cell, scenario.id);
    add_text(row, "td", scenario.title);
    clause_tags(add(row, "td"), scenario.clauses);
    add_text(row, "td", conformance::profile_name(scenario.profile));
    add_text(row, "td", std::to_string(passed), "num");
    add_text(row, "td", std::to_string(failed), "num");
    add_text(row, "td", std::to_string(unknown), "num");
    add_text(row, "td", scenario.wall_ms > 0 ? fmt::format("{:.1f} ms", scenario.wall_ms) : std::string("—"), "num");
  }
}

}  // namespace ringpool::reports::run_html
