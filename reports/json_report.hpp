// The machine-readable report of a conformance run (schema "ringpool-conformance-report/1",
// documented field by field in reports/README.md) and its reader, used for --baseline.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace ringpool::reports {

inline constexpr std::string_view json_report_schema = "ringpool-conformance-report/1";

// The report as pretty-printed JSON (2-space indent, trailing newline). Keys keep a fixed order
// and every list keeps the run's order, so the same RunResult gives the same bytes. Text that
// is not valid UTF-8 is written with U+FFFD in place of the bad bytes.
std::string render_json_report(const conformance::RunResult& run, const conformance::ClauseCatalogue& catalogue);

// Reads a report written by render_json_report back into a RunResult: run fields, scenarios
// (ids, outcomes, reasons, failed and unknown checks in full, exchanges) and known failures.
// Passed checks come back as one check per passed check with only clause and level set, so that
// summary() and compute_coverage() agree with the original run. Fails with a message for text
// that is not JSON, not this schema, or has a field of the wrong type (naming the field).
std::expected<conformance::RunResult, std::string> parse_json_report(std::string_view text);

}  // namespace ringpool::reports
