// The capacity planner's console summary (`ringpool simulate` without --quiet): one aligned row
// per sweep point, the rule of thumb and Erlang-B, the recommendation, why each cheaper point
// does not qualify, the straddle warnings and the stability across seeds. A listener on the same
// StudyResult the files are written from; README's sample session is checked against it.
#pragma once

#include "sim/plan/study.hpp"

#include <cstddef>
#include <string>

namespace ringpool::reports {

// "ringpool simulate: <title> — 44 points x 10 replications = 440 runs, seed 1, 2 threads";
// `shard_runs` names the slice a --shard run does.
std::string render_simulation_header(const sim::plan::StudyDescription& description, int jobs,
                                     const std::string& shard_text = {}, std::size_t shard_runs = 0);
std::string render_simulation_console(const sim::plan::StudyResult& result);
// "max_pool_size=40 lifetime_seconds=3600: 120.00 USD a month, overflow 0.25%, misattributed
// 2.60%": what scenarios/plans/README.md's table says of each example plan (a test checks it).
std::string render_simulation_headline(const sim::plan::StudyResult& result);
// --quiet: the recommendation's sentence and the warnings only.
std::string render_simulation_console_brief(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
