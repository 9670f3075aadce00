// The capacity planner's CSV files: runs.csv (one row per point and replication, the raw counts)
// and points.csv (one row per sweep point: knobs, cross-checks, and mean, stderr and 95 %
// interval of every metric). RFC 4180; numbers in the shortest form that reads back exactly.
#pragma once

#include "sim/plan/study.hpp"

#include <string>

namespace ringpool::reports {

std::string render_simulation_runs_csv(const sim::plan::StudyResult& result);
std::string render_simulation_points_csv(const sim::plan::StudyResult& result);

}  // namespace ringpool::reports
