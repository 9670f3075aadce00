// The console side of a `ringpool load` run: the summary printed at its end (throughput,
// percentiles, errors by class, what the invariants saw, violations with their evidence) and
// the one-line progress shown while it runs.
#pragma once

#include "load/load_result.hpp"
#include "load/load_runner.hpp"

#include <string>
#include <vector>

namespace ringpool::reports {

// Several lines, each ending in '\n'; `failed_gates` as load::failed_gates() returned them.
std::string render_load_summary(const load::LoadResult& result, const std::vector<std::string>& failed_gates);

// "[ 12.0/32.0 s] 1,998 req/s  p99 0.82 ms  errors 0  violations 0" (no newline).
std::string render_load_progress(const load::Progress& progress);

}  // namespace ringpool::reports
