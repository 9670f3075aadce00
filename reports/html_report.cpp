#include "reports/html_report.hpp"

#include "reports/html_page.hpp"
#include "reports/html_style.hpp"
#include "reports/json_report.hpp"
#include "reports/report_text.hpp"
#include "conformance/verdict.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <string_view>

namespace ringpool::reports {

namespace {

using conformance::CheckResult;
using conformance::ClauseCoverage;
using conformance::Coverage;
using conformance::ExchangeRecord;
using conformance::Outcome;
using conformance::RunResult;
using conformance::ScenarioResult;
using html::add;
using html::add_text;
using html::set;
using html::text;
using pugi::xml_node;

// ---- building blocks --------------------------------------------------------------------------

// A small code-like label; a path may break after each '/' (a <wbr>), nowhere else.
xml_node add_tag(xml_node parent, std::string_view value) {
  xml_node tag = add(parent, "span", "tag");
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = value.find('/', start);
    if (slash == std::string_view::npos) {
      if (start < value.size()) text(tag, value.substr(start));
      break;
    }
    text(tag, value.substr(start, slash + 1 - start));
    tag.append_child("wbr");
    start = slash + 1;
  }
  return tag;
}

// A table in a box that scrolls sideways rather than overflowing the card on narrow screens.
xml_node add_table(xml_node parent) { return add(add(parent, "div", "table-wrap"), "table"); }

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "0%";
  return fmt::format("{}%", (part * 100 + whole / 2) / whole);
}

std::string duration_text(double wall_ms) {
  if (wall_ms <= 0) return "—";
  if (wall_ms < 1000) return fmt::format("{:.0f} ms", wall_ms);
  return fmt::format("{:.2f} s", wall_ms / 1000.0);
}

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// ---- outcomes and coverage: colour, symbol and words together ----------------------------------

struct OutcomeStyle {
  const char* css;
  const char* symbol;
  const char* fill;
};

OutcomeStyle outcome_style(Outcome outcome) {
  switch (outcome) {
    case Outcome::Passed: return {"passed", "✓", "#009E73"};
    case Outcome::Failed: return {"failed", "✗", "#D55E00"};
    case Outcome::Skipped: return {"skipped", "↷", "#E69F00"};
    case Outcome::Unknown: return {"unknown", "?", "#CC79A7"};
  }
  return {"unknown", "?", "#CC79A7"};
}

xml_node outcome_badge(xml_node parent, Outcome outcome) {
  const OutcomeStyle style = outcome_style(outcome);
  return add_text(parent, "span", fmt::format("{} {}", style.symbol, conformance::outcome_name(outcome)),
                  fmt::format("badge {}", style.css));
}

struct CoverageStyle {
  Coverage coverage;
  const char* css;
  const char* symbol;
  const char* short_label;
  const char* fill;
  const char* meaning;
};

constexpr std::array<CoverageStyle, 6> coverage_styles = {{
    {Coverage::Failed, "cov-failed", "✗", "failed", "#D55E00", "a check of it failed"},
    {Coverage::Unknown, "cov-unknown", "?", "unknown", "#CC79A7", "a check got no answer (timeout, dropped connection)"},
    {Coverage::Checked, "cov-checked", "✓", "checked", "#009E73", "checked, every check passed"},
    {Coverage::Skipped, "cov-skipped", "↷", "skipped", "#E69F00", "its scenarios were skipped"},
    {Coverage::NotCovered, "cov-none", "○", "uncovered", "#D5DAE0", "no scenario in this run checks it"},
    {Coverage::NotBlackBox, "cov-nbb", "⊘", "untestable", "#9AA3AD", "not black-box testable from outside a server"},
}};

const CoverageStyle& coverage_style(Coverage coverage) {
  for (const CoverageStyle& style : coverage_styles)
    if (style.coverage == coverage) return style;
  return coverage_styles[4];
}

std::string levels_text(const conformance::Clause& clause) {
  std::string out;
  for (conformance::Level level : clause.levels) {
    if (!out.empty()) out += ' ';
    out += conformance::level_name(level);
  }
  return out;
}

std::string profile_meaning(conformance::Profile profile) {
  switch (profile) {
    case conformance::Profile::Vendor: return "checks [doc] parts";
    case conformance::Profile::Strict: return "checks [doc] and [dec] parts";
    case conformance::Profile::Reference: return "checks [doc], [dec] and [ref] parts";
  }
  return "";
}

std::string number(double value) { return fmt::format("{:.4f}", value); }

// ---- masthead ---------------------------------------------------------------------------------

struct Verdict {
  const char* css;
  std::string label;
};

// The run's verdict is conformance::run_verdict's, the one the exit status and JUnit use.
Verdict verdict_of(const RunResult& run) {
  const conformance::RunVerdict verdict = conformance::run_verdict(run);
  if (!verdict.incomplete.empty())
    return {"verdict-unknown", fmt::format("? Incomplete — {}", verdict.incomplete.front())};
  if (!run.coverage_regressions.empty() && verdict.failed == 0)
    return {"verdict-failed", fmt::format("✗ Failed — coverage fell below the baseline ({})",
                                          plural(run.coverage_regressions.size(), "regression", "regressions"))};
  if (verdict.failed > 0) return {"verdict-failed", fmt::format("✗ Failed — {}", plural(verdict.failed, "scenario", "scenarios"))};
  if (verdict.unknown > 0) return {"verdict-unknown", fmt::format("? Inconclusive — {} unknown", verdict.unknown)};
  if (verdict.known_failures > 0)
    return {"verdict-passed", fmt::format("✓ Passed — {} known {}", verdict.known_failures,
                                          verdict.known_failures == 1 ? "failure" : "failures")};
  return {"verdict-passed", "✓ Passed"};
}

void meta_item(xml_node list, std::string_view term, std::string_view value, std::string_view note = {}) {
  xml_node item = add(list, "div");
  add_text(item, "dt", term);
  xml_node description = add_text(item, "dd", value);
  if (!note.empty()) add_text(description, "span", note, "sub");
}

void render_masthead(xml_node page, const RunResult& run) {
  xml_node head = add(page, "header", "masthead");
  xml_node top = add(head, "div", "masthead-top");
  xml_node titles = add(top, "div");
  add_text(titles, "div", "RingPool conformance report", "eyebrow");
  add_text(titles, "h1", run.target.empty() ? std::string("(no target)") : run.target);
  const Verdict verdict = verdict_of(run);
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
  link("#scenarios", "All scenarios", run.scenarios.size());
}

// ---- summary ----------------------------------------------------------------------------------

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
  xml_node label = add_text(svg, "text", total == 1 ? "scenario" : "scenarios", "donut-label");
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

std::size_t count_coverage(const std::vector<ClauseCoverage>& coverage, Coverage kind) {
  return static_cast<std::size_t>(
      std::count_if(coverage.begin(), coverage.end(), [&](const ClauseCoverage& entry) { return entry.coverage == kind; }));
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

// ---- coverage matrix --------------------------------------------------------------------------

std::string cell_title(const ClauseCoverage& entry) {
  const conformance::Clause& clause = *entry.clause;
  std::string out = fmt::format("{} — {} [{}]\n{}", clause.id, conformance::coverage_name(entry.coverage), levels_text(clause), clause.summary);
  if (entry.checks_passed + entry.checks_failed + entry.checks_unknown > 0)
    out += fmt::format("\nchecks: {} passed, {} failed, {} unknown", entry.checks_passed, entry.checks_failed, entry.checks_unknown);
  if (!entry.scenarios.empty()) {
    out += "\nscenarios:";
    for (const std::string& scenario : entry.scenarios) out += "\n  " + scenario;
  }
  if (!clause.black_box && !clause.reason.empty()) out += "\nnot black-box testable: " + clause.reason;
  return out;
}

void render_coverage_bar(xml_node parent, const std::vector<ClauseCoverage>& coverage) {
  xml_node holder = add(parent, "div", "bar");
  xml_node svg = add(holder, "svg");
  set(svg, "viewBox", "0 0 1000 14");
  set(svg, "preserveAspectRatio", "none");
  set(svg, "role", "img");
  std::string label = "Clause coverage:";
  double x = 0;
  for (const CoverageStyle& style : coverage_styles) {
    const std::size_t count = count_coverage(coverage, style.coverage);
    label += fmt::format(" {} {},", count, style.short_label);
    if (count == 0) continue;
    const double width = 1000.0 * static_cast<double>(count) / static_cast<double>(coverage.size());
    xml_node rect = add(svg, "rect");
    set(rect, "x", number(x));
    set(rect, "y", "0");
    set(rect, "width", number(width));
    set(rect, "height", "14");
    set(rect, "fill", style.fill);
    add_text(rect, "title", fmt::format("{} {}", count, style.short_label));
    x += width;
  }
  label.pop_back();
  set(svg, "aria-label", label);
}

void render_legend(xml_node parent, const std::vector<ClauseCoverage>& coverage) {
  xml_node legend = add(parent, "ul", "legend");
  for (const CoverageStyle& style : coverage_styles) {
    xml_node item = add(legend, "li");
    set(item, "title", style.meaning);
    add_text(item, "span", style.symbol, fmt::format("swatch {}", style.css));
    add_text(item, "span", std::to_string(count_coverage(coverage, style.coverage)), "n");
    add_text(item, "span", conformance::coverage_name(style.coverage));
  }
}

void render_coverage(xml_node page, const std::vector<ClauseCoverage>& coverage) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "coverage");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "Clause coverage");
  add_text(head, "span", fmt::format("{} clauses of the spec, in spec order — hover a cell for its summary and scenarios", coverage.size()), "note");
  render_coverage_bar(card, coverage);
  render_legend(card, coverage);

  // Sections in spec order (a section's clauses are contiguous in the catalogue, but do not rely on it).
  std::vector<std::string> sections;
  for (const ClauseCoverage& entry : coverage)
    if (std::find(sections.begin(), sections.end(), entry.clause->section) == sections.end()) sections.push_back(entry.clause->section);

  xml_node matrix = add(card, "div", "matrix");
  for (const std::string& section : sections) {
    xml_node row = add(matrix, "div", "matrix-section");
    xml_node title = add_text(row, "div", section.empty() ? std::string("(no section)") : section, "matrix-title");
    std::size_t in_section = 0, exercised = 0, failed = 0;
    xml_node cells = add(row, "div", "cells");
    for (const ClauseCoverage& entry : coverage) {
      if (entry.clause->section != section) continue;
      ++in_section;
      if (entry.coverage == Coverage::Checked || entry.coverage == Coverage::Failed || entry.coverage == Coverage::Unknown) ++exercised;
      if (entry.coverage == Coverage::Failed) ++failed;
      const CoverageStyle& style = coverage_style(entry.coverage);
      xml_node cell = add(cells, "div", fmt::format("cell {}", style.css));
      set(cell, "title", cell_title(entry));
      add_text(cell, "span", entry.clause->id, "id");
      add_text(cell, "span", fmt::format("{} {}", style.symbol, style.short_label), "status");
      add_text(cell, "span", levels_text(*entry.clause), "lv");
    }
    std::string tally = fmt::format("{} exercised of {}", exercised, in_section);
    if (failed > 0) tally += fmt::format(" · {} failed", failed);
    add_text(title, "span", tally, "tally");
  }

  xml_node details = add(card, "details");
  add_text(details, "summary", "Every clause as a table");
  xml_node table = add_table(details);
  xml_node header = add(add(table, "thead"), "tr");
  add_text(header, "th", "Clause");
  add_text(header, "th", "Levels");
  add_text(header, "th", "Coverage");
  add_text(header, "th", "Passed", "num");
  add_text(header, "th", "Failed", "num");
  add_text(header, "th", "Unknown", "num");
  add_text(header, "th", "Summary");
  add_text(header, "th", "Scenarios");
  xml_node body = add(table, "tbody");
  for (const std::string& section : sections) {
    xml_node section_row = add(body, "tr", "section-row");
    set(add_text(section_row, "td", section), "colspan", "8");
    for (const ClauseCoverage& entry : coverage) {
      if (entry.clause->section != section) continue;
      const CoverageStyle& style = coverage_style(entry.coverage);
      xml_node row = add(body, "tr");
      add_text(row, "td", entry.clause->id, "id");
      add_text(row, "td", levels_text(*entry.clause));
      add_text(add(row, "td"), "span", fmt::format("{} {}", style.symbol, conformance::coverage_name(entry.coverage)),
               fmt::format("badge {}", style.css));
      add_text(row, "td", std::to_string(entry.checks_passed), "num");
      add_text(row, "td", std::to_string(entry.checks_failed), "num");
      add_text(row, "td", std::to_string(entry.checks_unknown), "num");
      std::string summary = entry.clause->summary;
      if (!entry.clause->black_box && !entry.clause->reason.empty()) summary += " (Not black-box testable: " + entry.clause->reason + ")";
      add_text(row, "td", summary, "prose");
      xml_node scenarios = add(row, "td");
      for (const std::string& scenario : entry.scenarios) add_tag(scenarios, scenario);
    }
  }
}

// ---- failures ---------------------------------------------------------------------------------

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

std::string scenario_anchor(std::size_t index) { return fmt::format("s{}", index); }

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

// ---- tables -----------------------------------------------------------------------------------

void clause_tags(xml_node cell, const std::vector<std::string>& clauses) {
  for (const std::string& clause : clauses) add_tag(cell, clause);
}

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
  add_text(head, "h2", "All scenarios");
  add_text(head, "span", "in run order", "note");
  if (run.scenarios.empty()) {
    add_text(card, "p", "The run had no scenarios.", "empty");
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

}  // namespace

// ---- [doc] sentences ---------------------------------------------------------------------------

// Each [doc] sentence of the catalogue and whether this run checked it at [doc] level through the
// scenarios the catalogue names for it; one the catalogue names none for is a gap.
void render_sentences(xml_node page, const std::vector<conformance::SentenceCoverage>& sentences) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "sentences");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "[doc] sentences");
  std::size_t checked = 0;
  std::string gaps;
  for (const conformance::SentenceCoverage& entry : sentences) {
    if (entry.coverage == Coverage::Checked) ++checked;
    if (entry.coverage == Coverage::NotCovered) gaps += (gaps.empty() ? "" : ", ") + entry.sentence->id;
  }
  add_text(head, "span",
           fmt::format("{} of {} checked at [doc] level in this run{}", checked, sentences.size(),
                       gaps.empty() ? std::string(" · no gap") : " · gaps (no vendor-profile check): " + gaps),
           "note");
  xml_node table = add_table(card);
  xml_node header = add(add(table, "thead"), "tr");
  add_text(header, "th", "Sentence");
  add_text(header, "th", "Coverage");
  add_text(header, "th", "Checked by");
  add_text(header, "th", "Text");
  xml_node rows = add(table, "tbody");
  for (const conformance::SentenceCoverage& entry : sentences) {
    const CoverageStyle& style = coverage_style(entry.coverage);
    xml_node row = add(rows, "tr");
    add_text(row, "td", entry.sentence->id);
    add_text(row, "td", fmt::format("{} {}", style.symbol, entry.coverage == Coverage::NotCovered ? "gap" : style.short_label),
             style.css);
    std::string scenarios;
    for (const std::string& id : entry.sentence->checked_by) scenarios += (scenarios.empty() ? "" : " ") + id;
    if (!entry.sentence->black_box) scenarios = "not black-box testable: " + entry.sentence->reason;
    add_text(row, "td", scenarios.empty() ? std::string("—") : scenarios);
    add_text(row, "td", entry.sentence->text);
  }
}

std::string render_html(const RunResult& run, const conformance::ClauseCatalogue& catalogue) {
  const std::vector<ClauseCoverage> coverage = conformance::compute_coverage(catalogue, run);

  const Verdict verdict = verdict_of(run);
  html::Page document(fmt::format("RingPool conformance — {} — {}", run.target, verdict.label), html_report_stylesheet());
  xml_node body = document.body();
  xml_node page = add(body, "div", "page");
  render_masthead(page, run);
  render_toc(page, run, coverage.size());
  xml_node content = add(page, "main");
  render_summary(content, run, coverage);
  render_coverage(content, coverage);
  render_sentences(content, conformance::compute_sentence_coverage(catalogue, run));
  render_failures(content, run);
  render_skipped(content, run);
  render_all_scenarios(content, run);
  add_text(page, "footer",
           fmt::format("Generated by ringpool {} · machine-readable twin: report.json ({}) · this page is self-contained: "
                       "no scripts, no network · wall times differ between runs, everything else is the same for the same seed",
                       run.tool_version.empty() ? std::string("(unknown version)") : run.tool_version, json_report_schema));

  return document.render();
}

}  // namespace ringpool::reports
