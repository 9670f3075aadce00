// The capacity planner's console summary (`ringpool simulate` without --quiet): one aligned row
// per sweep point, the rule of thumb and Erlang-B, the recommendation, why each cheaper point
// does not qualify, the straddle warnings and the stability across seeds. A listener on the same
// StudyResult the files are written from; README's sample session is checked against it.
#pragma once

#include "sim/plan/study.hpp"

#include <string>

namespace ringpool::reports {

std::string render_simulation_console(const sim::plan::StudyResult& result);
// --quiet: the recommendation's sentence and the warnings only.
std::string render_simulation_console_brief(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
