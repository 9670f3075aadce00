#include "reports/html_report_parts.hpp"

#include "reports/html_page.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::reports::run_html {

using conformance::ClauseCoverage;
using conformance::Coverage;
using conformance::RunResult;
using html::add;
using html::add_text;
using html::set;
using html::text;

namespace {

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
  for (const CoverageStyle& style : coverage_styles()) {
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
  for (const CoverageStyle& style : coverage_styles()) {
    xml_node item = add(legend, "li");
    set(item, "title", style.meaning);
    add_text(item, "span", style.symbol, fmt::format("swatch {}", style.css));
    add_text(item, "span", std::to_string(count_coverage(coverage, style.coverage)), "n");
    add_text(item, "span", conformance::coverage_name(style.coverage));
  }
}


// The spec's sections in spec order (a section's clauses are contiguous in the catalogue, but do
// not rely on it).
std::vector<std::string> sections_of(const std::vector<ClauseCoverage>& coverage) {
  std::vector<std::string> sections;
  for (const ClauseCoverage& entry : coverage)
    if (std::find(sections.begin(), sections.end(), entry.clause->section) == sections.end()) sections.push_back(entry.clause->section);
  return sections;
}

// One row of cells per section, each cell a clause with its status.
void render_matrix(xml_node card, const std::vector<ClauseCoverage>& coverage, const std::vector<std::string>& sections) {
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
}

void clause_row(xml_node body, const ClauseCoverage& entry) {
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

// Every clause as a table, folded.
void render_clause_table(xml_node card, const std::vector<ClauseCoverage>& coverage, const std::vector<std::string>& sections) {
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
    for (const ClauseCoverage& entry : coverage)
      if (entry.clause->section == section) clause_row(body, entry);
  }
}

// The table of [doc] sentences; `coverage_label` says what a row's status cell shows.
void sentence_table(xml_node card, const std::vector<conformance::SentenceCoverage>& sentences, bool scenario_run) {
  xml_node table = add_table(card);
  xml_node header = add(add(table, "thead"), "tr");
  add_text(header, "th", "Sentence");
  add_text(header, "th", scenario_run ? "Coverage" : "Its clause in this run");
  if (scenario_run) add_text(header, "th", "Checked by");
  add_text(header, "th", "Text");
  xml_node rows = add(table, "tbody");
  for (const conformance::SentenceCoverage& entry : sentences) {
    const CoverageStyle& style = coverage_style(entry.coverage);
    xml_node row = add(rows, "tr");
    add_text(row, "td", entry.sentence->id);
    const bool gap = scenario_run && entry.coverage == Coverage::NotCovered;
    add_text(row, "td", fmt::format("{} {}", style.symbol, gap ? "gap" : style.short_label), style.css);
    if (scenario_run) {
      std::string scenarios;
      for (const std::string& id : entry.sentence->checked_by) scenarios += (scenarios.empty() ? "" : " ") + id;
      if (!entry.sentence->black_box) scenarios = "not black-box testable: " + entry.sentence->reason;
      add_text(row, "td", scenarios.empty() ? std::string("—") : scenarios);
    }
    add_text(row, "td", entry.sentence->text);
  }
}

// For random traffic, a sentence's row shows how its clause fared: the model judges whole
// clauses, so no sentence is a gap of this run (sentence coverage is `ringpool conform`'s).
std::vector<conformance::SentenceCoverage> sentences_by_clause(const conformance::ClauseCatalogue& catalogue,
                                                               const std::vector<ClauseCoverage>& clauses) {
  std::vector<conformance::SentenceCoverage> out;
  for (const conformance::Sentence& sentence : catalogue.sentences()) {
    conformance::SentenceCoverage entry;
    entry.sentence = &sentence;
    for (const ClauseCoverage& clause : clauses)
      if (clause.clause->id == sentence.clause) entry.coverage = clause.coverage;
    if (!sentence.black_box) entry.coverage = Coverage::NotBlackBox;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

void render_coverage(xml_node page, const std::vector<ClauseCoverage>& coverage) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "coverage");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "Clause coverage");
  add_text(head, "span", fmt::format("{} clauses of the spec, in spec order — hover a cell for its summary and scenarios", coverage.size()), "note");
  render_coverage_bar(card, coverage);
  render_legend(card, coverage);
  const std::vector<std::string> sections = sections_of(coverage);
  render_matrix(card, coverage, sections);
  render_clause_table(card, coverage, sections);
}

// Each [doc] sentence of the catalogue and whether this run checked it at [doc] level through the
// scenarios the catalogue names for it; one the catalogue names none for is a gap. A check run
// shows each sentence's clause instead, and lists no gap.
void render_sentences(xml_node page, const RunResult& run, const conformance::ClauseCatalogue& catalogue) {
  xml_node card = add(page, "section", "card");
  set(card, "id", "sentences");
  xml_node head = add(card, "div", "card-head");
  add_text(head, "h2", "[doc] sentences");
  if (run.kind == conformance::RunKind::Check) {
    add_text(head, "span",
             "random traffic is judged clause by clause, not sentence by sentence: each row shows how its clause fared "
             "in this run; which sentences the scenario suite checks is told by the report of `ringpool conform`",
             "note");
    sentence_table(card, sentences_by_clause(catalogue, conformance::compute_coverage(catalogue, run)), false);
    return;
  }
  const std::vector<conformance::SentenceCoverage> sentences = conformance::compute_sentence_coverage(catalogue, run);
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
  sentence_table(card, sentences, true);
}

}  // namespace ringpool::reports::run_html
