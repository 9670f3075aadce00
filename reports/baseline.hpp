// Comparing a run with a baseline run (--baseline report.json): which failures are new, which
// were already known, which went away. A failure is identified by (scenario id, clause, step,
// what), so a check that keeps failing with a different actual value stays "known".
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <string>
#include <vector>

namespace ringpool::reports {

struct BaselineComparison {
  // Each entry reads "legacy/overflow.toml: P-4 step 3: allocate p (json): overflow flag".
  std::vector<std::string> new_failures;    // failing now, not in the baseline (current run order)
  std::vector<std::string> known_failures;  // failing now and in the baseline (current run order)
  std::vector<std::string> fixed;           // in the baseline, and the scenario now ran without it (baseline order)
  // Scenario ids all of whose current failures are known (what RunResult::known_failures holds).
  std::vector<std::string> known_failure_scenarios;

  bool regressed() const { return !new_failures.empty(); }
};

// Failed checks only count as failures: an unknown check (or an unknown scenario) is neither a
// new failure nor a fix, and neither is a skipped or missing scenario. A scenario that failed
// without any failed check counts as one failure with clause and step empty and its reason as
// `what`.
BaselineComparison compare_with_baseline(const conformance::RunResult& current, const conformance::RunResult& baseline);

// Coverage the baseline run had and this one lacks: each [doc] sentence the baseline checked that
// this run did not check (with why: the skip reason of the scenario that checks it), and each
// capability the baseline's target had that this one lacks (with why). A sentence that now
// fails is a failure, not listed here. In catalogue order, then capabilities by name.
std::vector<std::string> coverage_regressions(const conformance::ClauseCatalogue& catalogue,
                                              const conformance::RunResult& current,
                                              const conformance::RunResult& baseline);

}  // namespace ringpool::reports
