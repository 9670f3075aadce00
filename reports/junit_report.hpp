// The run as JUnit XML (the Ant/Jenkins/GitLab dialect) so that CI systems show scenario
// results next to unit tests: one <testsuite> per scenario folder, one <testcase> per scenario.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <string>

namespace ringpool::reports {

// <testsuites> with tests/failures/errors/skipped counts; a failed scenario gets <failure>
// (message: the first failed check; text: every failed check with expected/actual, the exchange
// and the reproduce command), a skipped one <skipped message="reason"/>, an unknown one <error>.
// Built with pugixml; any text (invalid UTF-8, control characters) is made XML-safe first.
std::string render_junit(const conformance::RunResult& run);
// The same, in the signature of the report-format registry (report_files.hpp).
std::string render_junit_report(const conformance::RunResult& run, const conformance::ClauseCatalogue& catalogue);

}  // namespace ringpool::reports
