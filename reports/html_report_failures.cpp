#include "reports/html_report_parts.hpp"

#include "conformance/verdict.hpp"
#include "reports/html_page.hpp"
#include "reports/html_report.hpp"
#include "reports/report_text.hpp"

#include <fmt/format.h>

namespace ringpool::reports::run_html {

using conformance::CheckResult;
using conformance::ExchangeRecord;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;
using html::add;
using html::add_text;
using html::set;
using html::text;

namespace {

// A body cut to html_body_bytes_max; the note is empty when nothing was cut.
std::pair<std::string, std::string> clipped(std::string_view body) {
  if (body.size() <= html_body_bytes_max) return {std::string(body), {}};
  const std::string_view head = utf8_prefix(body, html_body_bytes_max);
  return {std::string(head), fmt::format("Body truncated: showing the first {} of {} bytes.", head.size(), body.size())};
}

void render_headers_and_body(xml_node parent, std::string first_line, const conformance::HeaderList& headers, std::string_view body) {
  std::string out = std::move(first_line);
  for (const auto& [name, value] : headers) out += fmt::format("\n{}: {}", name, value);
  const auto [shown, note] = clipped(body);
  if (!shown.empty()) out += "\n\n" + shown;
  add_text(parent, "pre", out);
  if (!note.empty()) add_text(parent, "div", note, "truncated");
}

std::string exchange_summary(std::size_t index, const ExchangeRecord& exchange) {
  std::string answer = exchange.status ? fmt::format("{}", *exchange.status) : std::string("no response");
  return fmt::format("Exchange {}: {} {} → {}", index + 1, exchange.method, exchange.url, answer);
}

void render_exchange(xml_node parent, std::size_t index, const ExchangeRecord& exchange, bool open, std::string_view anchor) {
  xml_node details = add(parent, "details");
  set(details, "id", anchor);
  if (open) set(details, "open", "open");
  add_text(details, "summary", exchange_summary(index, exchange));
  xml_node grid = add(details, "div", "exchange");
  xml_node request = add(grid, "div", "half");
  add_text(request, "h4", exchange.api.empty() ? std::string("Request") : fmt::format("Request · {} API", exchange.api));
  render_headers_and_body(request, fmt::format("{} {}", exchange.method, exchange.url), exchange.request_headers, exchange.request_body);
  xml_node response = add(grid, "div", "half");
  add_text(response, "h4", "Response");
  if (exchange.status) {
    render_headers_and_body(response, fmt::format("HTTP {}", *exchange.status), exchange.response_headers, exchange.response_body);
  } else {
    add_text(response, "pre", fmt::format("No response: {}", exchange.transport_error.empty() ? "(no error recorded)" : exchange.transport_error));
  }
}

void render_check(xml_node parent, const ScenarioResult& scenario, std::size_t scenario_index, const CheckResult& check,
                  std::vector<bool>& exchange_shown, bool open_exchanges) {
  xml_node box = add(parent, "div", "check");
  xml_node head = add(box, "div", "check-head");
  outcome_badge(head, check.outcome);
  add_text(head, "span", check.clause.empty() ? std::string("(no clause)") : check.clause, "tag");
  add_text(head, "span", fmt::format("[{}]", conformance::level_name(check.level)), "faint");
  if (!check.step.empty()) add_text(head, "span", check.step, "step");
  if (!check.what.empty()) add_text(head, "span", check.what, "what");

  xml_node versus = add(box, "div", "versus");
  xml_node expected = add(versus, "div", "side expected");
  add_text(expected, "h4", "Expected");
  add_text(expected, "pre", check.expected.empty() ? std::string("—") : check.expected);
  xml_node actual = add(versus, "div", check.outcome == Outcome::Unknown ? "side actual unknown" : "side actual");
  add_text(actual, "h4", "Actual");
  add_text(actual, "pre", check.actual.empty() ? std::string("—") : check.actual);

  if (!check.exchange) return;
  const std::size_t index = *check.exchange;
  const std::string anchor = fmt::format("s{}-x{}", scenario_index, index + 1);
  if (index >= scenario.exchanges.size()) {
    add_text(box, "p", fmt::format("Exchange {} was not recorded.", index + 1), "muted");
  } else if (exchange_shown[index]) {
    xml_node note = add(box, "p", "muted");
    text(note, "Judged on ");
    set(add_text(note, "a", fmt::format("exchange {}", index + 1)), "href", "#" + anchor);
    text(note, ", shown above.");
  } else {
    exchange_shown[index] = true;
    render_exchange(box, index, scenario.exchanges[index], open_exchanges, anchor);
  }
}


}  // namespace

void render_failures(xml_node page, const RunResult& run) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "failures");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "Failures and unknowns");
  std::size_t problem_checks = 0, problem_scenarios = 0;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (scenario.outcome != Outcome::Failed && scenario.outcome != Outcome::Unknown) continue;
    ++problem_scenarios;
    for (const CheckResult& check : scenario.checks)
      if (check.outcome == Outcome::Failed || check.outcome == Outcome::Unknown) ++problem_checks;
  }
  add_text(head, "span", "failed: the target answered against the spec · unknown: no answer came, so nothing can be said either way", "note");
  if (problem_scenarios == 0) {
    add_text(card, "p", "No failures and no unknowns.", "empty");
    return;
  }
  // A short report shows its exchanges; a long one keeps them folded.
  const bool open_exchanges = problem_checks <= 6;
  // Failures first, then unknowns, each in run order.
  std::vector<std::size_t> order;
  for (Outcome wanted : {Outcome::Failed, Outcome::Unknown})
    for (std::size_t index = 0; index < run.scenarios.size(); ++index)
      if (run.scenarios[index].outcome == wanted) order.push_back(index);
  for (std::size_t index : order) {
    const ScenarioResult& scenario = run.scenarios[index];
    xml_node article = add(card, "article", fmt::format("scenario {}", outcome_style(scenario.outcome).css));
    set(article, "id", scenario_anchor(index));
    xml_node article_head = add(article, "div", "scenario-head");
    outcome_badge(article_head, scenario.outcome);
    if (conformance::scenario_verdict(run, scenario) == conformance::Verdict::KnownFailure)
      add_text(article_head, "span", "known (in baseline)", "badge known");
    add_text(article_head, "h3", scenario.id);
    if (!scenario.title.empty()) add_text(article_head, "span", scenario.title, "scenario-title");
    if (!scenario.reason.empty()) add_text(article, "p", scenario.reason, "scenario-reason");
    if (!scenario.reproduce.empty()) {
      xml_node reproduce = add(article, "div", "reproduce");
      add_text(reproduce, "span", "Reproduce", "label");
      xml_node code = add_text(reproduce, "code", scenario.reproduce);
      set(code, "title", "Click to select the whole command");
    }
    std::vector<bool> exchange_shown(scenario.exchanges.size(), false);
    bool any = false;
    for (const CheckResult& check : scenario.checks) {
      if (check.outcome != Outcome::Failed && check.outcome != Outcome::Unknown) continue;
      render_check(article, scenario, index, check, exchange_shown, open_exchanges);
      any = true;
    }
    if (!any) add_text(article, "p", "No individual check recorded this outcome; see the reason above.", "muted");
  }
}

}  // namespace ringpool::reports::run_html
