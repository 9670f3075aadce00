// The capacity planner's JSON report (`ringpool simulate`, schema ringpool-simulation-report/2,
// documented in scenarios/plans/README.md): the plan as asked and as resolved (every value the
// study ran with, enough to rebuild it), per sweep point the knob values, the analytic
// cross-checks, every metric's mean and clipped 95 % interval with its method, the target checks
// and the verdict; then the recommendation with why not each cheaper point, and the stability
// across seeds when measured.
#pragma once

#include "sim/plan/study.hpp"

#include <string>
#include <string_view>

namespace ringpool::reports {

inline constexpr std::string_view kSimulationSchema = "ringpool-simulation-report/2";

// Pretty-printed (two spaces), keys in documented order, a trailing newline; no wall times, so
// the same plan and seed give the same bytes whatever --jobs or --shard was.
std::string render_simulation_json(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
