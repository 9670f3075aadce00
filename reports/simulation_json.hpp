// The capacity planner's JSON report (`ringpool simulate`, schema ringpool-simulation-report/1,
// documented in scenarios/plans/README.md): per sweep point the knob values, the analytic
// cross-checks and mean, stderr and 95 % interval of every metric, then the recommendation.
#pragma once

#include "sim/plan/study.hpp"

#include <string>
#include <string_view>

namespace ringpool::reports {

inline constexpr std::string_view kSimulationSchema = "ringpool-simulation-report/1";

// Pretty-printed (two spaces), keys in documented order, a trailing newline; no wall times, so
// the same plan and seed give the same bytes whatever --jobs or --shard was.
std::string render_simulation_json(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
