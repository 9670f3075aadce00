// How the capacity planner's reports write numbers and points for people (console and HTML
// alike): percentages with enough decimals to be non-zero, intervals clipped as the statistics
// give them and named by method, thousands grouped, singular and plural.
#pragma once

#include "sim/core/time.hpp"
#include "sim/plan/study.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::reports::simulation_text {

// "2.40%", "0.0031%", "0%" (fractions in).
std::string percent(double fraction);
// "2,399", "2,398.6": one decimal unless the value is whole.
std::string amount(double value);
std::string money(double value, std::string_view currency);
// "2.40% (1.90% – 2.90%)"; the mean alone without an interval.
std::string interval(const sim::plan::Summary& summary, bool as_percent);
// "1 thread", "2 threads".
std::string count_of(std::int64_t count, std::string_view singular, std::string_view plural);
// "3 days", "6 hours", "600 s".
std::string duration(sim::Duration duration_ms);

// "max_pool_size = 40, lifetime_seconds = 3600"; "the plan as written" without knobs.
std::string knobs(const sim::plan::PointDescription& point);
// "max_pool_size=40 lifetime_seconds=3600" (the console's compact form).
std::string knobs_compact(const sim::plan::PointDescription& point);

// The summary of `name` at `point`.
const sim::plan::Summary& metric(const sim::plan::StudyResult& result, std::size_t point, std::string_view name);
// The largest value of a count over the replications of `point`.
std::int64_t highest(const sim::plan::StudyResult& result, std::size_t point, std::int64_t sim::plan::RunMetrics::*field);
// The point the page and the console feature: the recommended one, else the first.
std::size_t featured_point(const sim::plan::StudyResult& result);

// Where the simulated pool departs from Erlang-B at `point`: the description's caveats and what
// the run saw (growth and shrink steps). Empty when Erlang-B's assumptions hold.
std::vector<std::string> erlang_b_departures(const sim::plan::StudyResult& result, std::size_t point);
// "lifetime 3600 s + grace 60 s + quarantine 0 s = 3660 s" (only the parts that are not zero).
std::string holding_time(const sim::plan::StudyResult& result, std::size_t point);
// What the rule of thumb misses at `point`, compared with the neighbouring swept pool sizes.
std::string rule_of_thumb_gap(const sim::plan::StudyResult& result, std::size_t point);
// One sentence on the recommendation's stability across seeds; empty when not measured.
std::string stability(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports::simulation_text
