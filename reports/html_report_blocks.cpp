#include "reports/html_report_parts.hpp"

#include "conformance/verdict.hpp"
#include "reports/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ringpool::reports::run_html {

using conformance::ClauseCoverage;
using conformance::Coverage;
using conformance::Outcome;
using conformance::RunResult;
using html::add;
using html::add_text;
using html::text;

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

namespace {

constexpr std::array<CoverageStyle, 6> kCoverageStyles = {{
    {Coverage::Failed, "cov-failed", "✗", "failed", "#D55E00", "a check of it failed"},
    {Coverage::Unknown, "cov-unknown", "?", "unknown", "#CC79A7", "a check got no answer (timeout, dropped connection)"},
    {Coverage::Checked, "cov-checked", "✓", "checked", "#009E73", "checked, every check passed"},
    {Coverage::Skipped, "cov-skipped", "↷", "skipped", "#E69F00", "its scenarios were skipped"},
    {Coverage::NotCovered, "cov-none", "○", "uncovered", "#D5DAE0", "no scenario in this run checks it"},
    {Coverage::NotBlackBox, "cov-nbb", "⊘", "untestable", "#9AA3AD", "not black-box testable from outside a server"},
}};

}  // namespace

std::span<const CoverageStyle> coverage_styles() { return kCoverageStyles; }

const CoverageStyle& coverage_style(Coverage coverage) {
  for (const CoverageStyle& style : kCoverageStyles)
    if (style.coverage == coverage) return style;
  return kCoverageStyles[4];
}

std::string levels_text(const conformance::Clause& clause) {
  std::string out;
  for (conformance::Level level : clause.levels) {
    if (!out.empty()) out += ' ';
    out += conformance::level_name(level);
  }
  return out;
}

std::string number(double value) { return fmt::format("{:.4f}", value); }

PageVerdict verdict_of(const RunResult& run) {
  const conformance::RunVerdict verdict = conformance::run_verdict(run);
  const Wording& words = wording_for(run);
  if (!verdict.incomplete.empty())
    return {"verdict-unknown", fmt::format("? Incomplete — {}", verdict.incomplete.front())};
  if (!run.coverage_regressions.empty() && verdict.failed == 0)
    return {"verdict-failed", fmt::format("✗ Failed — coverage fell below the baseline ({})",
                                          plural(run.coverage_regressions.size(), "regression", "regressions"))};
  if (verdict.failed > 0) return {"verdict-failed", fmt::format("✗ Failed — {}", plural(verdict.failed, words.unit_one, words.unit_many))};
  if (verdict.unknown > 0) return {"verdict-unknown", fmt::format("? Inconclusive — {} unknown", verdict.unknown)};
  if (verdict.known_failures > 0)
    return {"verdict-passed", fmt::format("✓ Passed — {} known {}", verdict.known_failures,
                                          verdict.known_failures == 1 ? "failure" : "failures")};
  return {"verdict-passed", "✓ Passed"};
}

std::size_t count_coverage(const std::vector<ClauseCoverage>& coverage, Coverage kind) {
  return static_cast<std::size_t>(
      std::count_if(coverage.begin(), coverage.end(), [&](const ClauseCoverage& entry) { return entry.coverage == kind; }));
}

std::string scenario_anchor(std::size_t index) { return fmt::format("s{}", index); }

const Wording& wording_for(const RunResult& run) {
  static constexpr Wording conformance_run{"RingPool conformance report", "RingPool conformance", "scenario", "scenarios",
                                           "All scenarios"};
  static constexpr Wording check_run{"RingPool check report · random traffic judged by the permissive model",
                                     "RingPool check", "result", "results", "Every result: the random runs, and the "
                                     "shrunk failure replayed as a scenario"};
  return run.kind == conformance::RunKind::Check ? check_run : conformance_run;
}


}  // namespace ringpool::reports::run_html
