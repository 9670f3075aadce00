// The capacity planner's HTML report: one self-contained page (inline CSS and SVG, no scripts, no
// network) a planner can send to a colleague — the recommendation, the rule of thumb and
// Erlang-B beside the simulation, and charts of overflow vs pool size (with the Erlang-B curve),
// numbers held over time, misattribution vs lifetime and cost vs overflow.
#pragma once

#include "sim/plan/study.hpp"

#include <string>

namespace ringpool::reports {

std::string render_simulation_html(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
