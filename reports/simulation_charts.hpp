// The capacity planner's charts, built from a StudyResult for the HTML page: overflow vs pool
// size with the Erlang-B curve, numbers held and leased over time with their per-bucket peaks,
// misattribution vs lease lifetime, and cost vs overflow. Each is an svg::Chart; the page draws it.
#pragma once

#include "reports/svg_chart.hpp"
#include "sim/plan/study.hpp"

namespace ringpool::reports::simulation_charts {

svg::Chart overflow_chart(const sim::plan::StudyResult& result);
svg::Chart held_chart(const sim::plan::StudyResult& result);
svg::Chart misattribution_chart(const sim::plan::StudyResult& result);
svg::Chart cost_chart(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports::simulation_charts
