// Setup mistakes that only a run's answers can show (spec T-5: a target promises only what its
// file says, and the suite must tell a wrong file from a wrong server). A finding makes the run
// incomplete (exit 2) with the line that fixes the file; the scenario results stay in the reports.
//
// Today one finding: legacy allocations refused with A-11's Bulk-only class in scenarios that use
// no Bulk API. On a valid server that happens only when the pool's network (or advertiser) has
// Bulk enabled, which the file did not declare (bulk_enabled = true makes those scenarios skip);
// on a network without Bulk it breaks A-11/B-8, and the line says so too.
#pragma once

#include "conformance/results.hpp"

#include <string>
#include <vector>

namespace ringpool::conformance {

std::vector<std::string> setup_findings(const RunResult& run);

}  // namespace ringpool::conformance
