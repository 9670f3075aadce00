#include "reports/html_report_parts.hpp"

#include "conformance/verdict.hpp"
#include "reports/html_page.hpp"

#include <fmt/format.h>

#include <optional>

namespace ringpool::reports::run_html {

using conformance::ClauseCoverage;
using conformance::Coverage;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;
using html::add;
using html::add_text;
using html::set;
using html::text;

namespace {

std::string profile_meaning(conformance::Profile profile) {
  switch (profile) {
    case conformance::Profile::Vendor: return "checks [doc] parts";
    case conformance::Profile::Strict: return "checks [doc] and [dec] parts";
    case conformance::Profile::Reference: return "checks [doc], [dec] and [ref] parts";
  }
  return "";
}

void meta_item(xml_node list, std::string_view term, std::string_view value, std::string_view note = {}) {
  xml_node item = add(list, "div");
  add_text(item, "dt", term);
  xml_node description = add_text(item, "dd", value);
  if (!note.empty()) add_text(description, "span", note, "sub");
}

void render_donut(xml_node parent, const RunResult& run, const conformance::RunSummary& summary) {
  const std::size_t total = run.scenarios.size();
  xml_node svg = add(parent, "svg");
  set(svg, "viewBox", "0 0 42 42");
  set(svg, "role", "img");
  set(svg, "aria-label", fmt::format("Scenarios: {} passed, {} failed, {} skipped, {} unknown", summary.passed,
                                     summary.failed, summary.skipped, summary.unknown));
  // A circle of circumference 100 lets dash lengths be percentages; offset 25 starts at 12 o'clock.
  constexpr double radius = 15.91549430918954;
  xml_node track = add(svg, "circle");
  set(track, "cx", "21");
  set(track, "cy", "21");
  set(track, "r", number(radius));
  set(track, "fill", "none");
  set(track, "stroke", "#EEF0F3");
  set(track, "stroke-width", "5.5");
  double start = 0;
  const std::pair<Outcome, std::size_t> parts[] = {
      {Outcome::Passed, summary.passed}, {Outcome::Failed, summary.failed}, {Outcome::Skipped, summary.skipped}, {Outcome::Unknown, summary.unknown}};
  for (const auto& [outcome, count] : parts) {
    if (count == 0 || total == 0) continue;
    const double length = 100.0 * static_cast<double>(count) / static_cast<double>(total);
    xml_node arc = add(svg, "circle");
    set(arc, "cx", "21");
    set(arc, "cy", "21");
    set(arc, "r", number(radius));
    set(arc, "fill", "none");
    set(arc, "stroke", outcome_style(outcome).fill);
    set(arc, "stroke-width", "5.5");
    set(arc, "stroke-dasharray", fmt::format("{} {}", number(length), number(100.0 - length)));
    set(arc, "stroke-dashoffset", number(25.0 - start));
    add_text(arc, "title", fmt::format("{} {}", count, conformance::outcome_name(outcome)));
    start += length;
  }
  xml_node total_text = add_text(svg, "text", std::to_string(total), "donut-total");
  set(total_text, "x", "21");
  set(total_text, "y", "22.5");
  set(total_text, "text-anchor", "middle");
  xml_node label = add_text(svg, "text", total == 1 ? wording_for(run).unit_one : wording_for(run).unit_many, "donut-label");
  set(label, "x", "21");
  set(label, "y", "27.5");
  set(label, "text-anchor", "middle");
}

void stat_tile(xml_node parent, Outcome outcome, std::size_t count, std::size_t total) {
  const OutcomeStyle style = outcome_style(outcome);
  xml_node tile = add(parent, "div", fmt::format("stat {}", style.css));
  add_text(tile, "div", std::to_string(count), "value");
  add_text(tile, "div", fmt::format("{} {} · {}", style.symbol, conformance::outcome_name(outcome), percent(count, total)), "label");
}

void figure_box(xml_node parent, std::string_view label, std::string_view value, std::string_view split) {
  xml_node box = add(parent, "div", "figure");
  add_text(box, "div", label, "label");
  add_text(box, "div", value, "value");
  add_text(box, "div", split, "split");
}



}  // namespace

void render_masthead(xml_node page, const RunResult& run) {
  xml_node head = add(page, "header", "masthead");
  xml_node top = add(head, "div", "masthead-top");
  xml_node titles = add(top, "div");
  add_text(titles, "div", wording_for(run).eyebrow, "eyebrow");
  add_text(titles, "h1", run.target.empty() ? std::string("(no target)") : run.target);
  const PageVerdict verdict = verdict_of(run);
  add_text(top, "div", verdict.label, fmt::format("verdict {}", verdict.css));

  xml_node meta = add(head, "dl", "meta");
  meta_item(meta, "Profile", conformance::profile_name(run.profile), profile_meaning(run.profile));
  meta_item(meta, "Seed", std::to_string(run.seed));
  meta_item(meta, "Run id", run.run_id.empty() ? std::string("—") : run.run_id);
  meta_item(meta, "Tool version", run.tool_version.empty() ? std::string("—") : run.tool_version);
  meta_item(meta, "Wall time", duration_text(run.wall_ms));
  xml_node capabilities = add(meta, "div", "wide");
  add_text(capabilities, "dt", "Target capabilities");
  xml_node chips = add(capabilities, "dd", "chips");
  if (run.capabilities.empty()) add_text(chips, "span", "none declared", "muted");
  for (const std::string& capability : run.capabilities) add_text(chips, "span", capability, "chip");
  if (!run.missing_capabilities.empty()) {
    xml_node missing = add(meta, "div", "wide");
    add_text(missing, "dt", "Without (scenarios needing these were skipped)");
    xml_node list = add(missing, "dd", "chips");
    for (const auto& [name, reason] : run.missing_capabilities) {
      xml_node chip = add_text(list, "span", name, "chip missing");
      set(chip, "title", reason);
    }
  }
}

void render_toc(xml_node page, const RunResult& run, std::size_t clause_count) {
  std::size_t problems = 0, skipped = 0;
  for (const ScenarioResult& scenario : run.scenarios) {
    if (scenario.outcome == Outcome::Failed || scenario.outcome == Outcome::Unknown) ++problems;
    if (scenario.outcome == Outcome::Skipped) ++skipped;
  }
  xml_node nav = add(page, "nav", "toc");
  const auto link = [&](const char* anchor, std::string_view label, std::optional<std::size_t> count) {
    xml_node a = add_text(nav, "a", label);
    set(a, "href", anchor);
    if (count) add_text(a, "span", std::to_string(*count), "count");
  };
  link("#summary", "Summary", std::nullopt);
  link("#coverage", "Clause coverage", clause_count);
  link("#sentences", "[doc] sentences", std::nullopt);
  link("#failures", "Failures and unknowns", problems);
  link("#skipped", "Skipped", skipped);
  link("#scenarios", run.kind == conformance::RunKind::Check ? "Every result" : "All scenarios", run.scenarios.size());
}

void render_summary(xml_node page, const RunResult& run, const std::vector<ClauseCoverage>& coverage) {
  const conformance::RunSummary summary = run.summary();
  xml_node card = add(page, "section", "card");
  set(card, "id", "summary");
  add_text(card, "h2", "Summary");
  xml_node grid = add(card, "div", "summary");
  xml_node donut = add(grid, "figure", "donut");
  set(donut, "style", "margin:0");
  render_donut(donut, run, summary);
  xml_node right = add(grid, "div");
  xml_node stats = add(right, "div", "stats");
  const std::size_t total = run.scenarios.size();
  stat_tile(stats, Outcome::Passed, summary.passed, total);
  stat_tile(stats, Outcome::Failed, summary.failed, total);
  stat_tile(stats, Outcome::Skipped, summary.skipped, total);
  stat_tile(stats, Outcome::Unknown, summary.unknown, total);

  xml_node figures = add(right, "div", "figures");
  const std::size_t checks = summary.checks_passed + summary.checks_failed + summary.checks_unknown;
  figure_box(figures, "Checks", std::to_string(checks),
         fmt::format("{} passed · {} failed · {} unknown", summary.checks_passed, summary.checks_failed, summary.checks_unknown));
  const std::size_t testable = coverage.size() - count_coverage(coverage, Coverage::NotBlackBox);
  const std::size_t exercised = count_coverage(coverage, Coverage::Checked) + count_coverage(coverage, Coverage::Failed) +
                                count_coverage(coverage, Coverage::Unknown);
  figure_box(figures, "Clauses exercised", fmt::format("{} of {}", exercised, testable),
         fmt::format("{} black-box testable clauses · {}", testable, percent(exercised, testable)));
  figure_box(figures, "Wall time", duration_text(run.wall_ms),
         run.wall_ms > 0 ? std::string("not part of the deterministic output") : std::string("not measured (deterministic run)"));

  if (!run.known_failures.empty()) {
    xml_node notice = add(card, "div", "notice");
    add_text(notice, "strong", fmt::format("{} known: ", plural(run.known_failures.size(), "failure is", "failures are")));
    std::string ids;
    for (const std::string& id : run.known_failures) ids += (ids.empty() ? "" : ", ") + id;
    text(notice, ids + " — also failing in the baseline, so they do not fail this run.");
  }
}

}  // namespace ringpool::reports::run_html
