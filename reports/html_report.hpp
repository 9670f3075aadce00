// The run as one self-contained HTML page for people: verdict, summary charts, the clause
// coverage matrix, every failure with its exchange and reproduce line, skipped scenarios and
// the full scenario list. No scripts, no external resources; inline <style> and inline SVG.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <cstddef>
#include <string>

namespace ringpool::reports {

// Request and response bodies longer than this are cut (at a character boundary) and say so.
inline constexpr std::size_t html_body_bytes_max = 8 * 1024;

// "<!DOCTYPE html>\n" and the document, built with pugixml (all escaping is the library's; text
// is made XML-safe first, see report_text.hpp). The same input gives the same bytes.
std::string render_html(const conformance::RunResult& run, const conformance::ClauseCatalogue& catalogue);

}  // namespace ringpool::reports
