// The pieces of the HTML report of a `conform` or `check` run (html_report.cpp puts them together):
// the building blocks and styles every section shares, the wording for the kind of run, and one
// renderer per section, each in its own file (html_report_summary, _coverage, _failures, _tables).
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <pugixml.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::reports::run_html {

using pugi::xml_node;

// ---- building blocks (html_report_blocks.cpp) ---------------------------------------------------

// A small code-like label; a path may break after each '/' (a <wbr>), nowhere else.
xml_node add_tag(xml_node parent, std::string_view value);
// A table in a box that scrolls sideways rather than overflowing the card on narrow screens.
xml_node add_table(xml_node parent);
std::string percent(std::size_t part, std::size_t whole);  // "42%"
std::string duration_text(double wall_ms);                 // "—", "120 ms", "1.50 s"
std::string plural(std::size_t count, std::string_view one, std::string_view many);
std::string number(double value);  // SVG coordinates: four decimals
std::string levels_text(const conformance::Clause& clause);  // "[doc] [dec]"
std::string scenario_anchor(std::size_t index);  // the id of a failed scenario's article

// Colour, symbol and words of an outcome, together.
struct OutcomeStyle {
  const char* css;
  const char* symbol;
  const char* fill;
};
OutcomeStyle outcome_style(conformance::Outcome outcome);
xml_node outcome_badge(xml_node parent, conformance::Outcome outcome);

struct CoverageStyle {
  conformance::Coverage coverage;
  const char* css;
  const char* symbol;
  const char* short_label;
  const char* fill;
  const char* meaning;
};
std::span<const CoverageStyle> coverage_styles();  // in legend order
const CoverageStyle& coverage_style(conformance::Coverage coverage);
std::size_t count_coverage(const std::vector<conformance::ClauseCoverage>& coverage, conformance::Coverage kind);

// The run's verdict (conformance::run_verdict's, the one the exit status and JUnit use) as the
// page shows it.
struct PageVerdict {
  const char* css;
  std::string label;
};
PageVerdict verdict_of(const conformance::RunResult& run);

// How the page words itself for the kind of run.
struct Wording {
  std::string_view eyebrow;     // above the target in the masthead
  std::string_view page_title;  // the <title>'s first part
  std::string_view unit_one, unit_many;  // what the run's results are: "scenario" / "scenarios"
  std::string_view all_title;   // the heading of the table of every result
};
const Wording& wording_for(const conformance::RunResult& run);

// ---- sections, in page order --------------------------------------------------------------------

void render_masthead(xml_node page, const conformance::RunResult& run);       // html_report_summary.cpp
void render_toc(xml_node page, const conformance::RunResult& run, std::size_t clause_count);
void render_summary(xml_node page, const conformance::RunResult& run,
                    const std::vector<conformance::ClauseCoverage>& coverage);
void render_coverage(xml_node page, const std::vector<conformance::ClauseCoverage>& coverage);  // html_report_coverage.cpp
void render_sentences(xml_node page, const conformance::RunResult& run, const conformance::ClauseCatalogue& catalogue);
void render_failures(xml_node page, const conformance::RunResult& run);       // html_report_failures.cpp
void render_skipped(xml_node page, const conformance::RunResult& run);        // html_report_tables.cpp
void render_all_scenarios(xml_node page, const conformance::RunResult& run);

}  // namespace ringpool::reports::run_html
