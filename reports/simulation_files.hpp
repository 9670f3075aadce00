// Writes the capacity planner's report files into one directory: simulation.json,
// simulation.html, points.csv and runs.csv (a whole run or a merge), or one shard's
// shard-K-of-N.json (a --shard run, for `ringpool simulate merge`).
#pragma once

#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <expected>
#include <filesystem>
#include <string>

namespace ringpool::reports {

struct SimulationReportPaths {
  std::filesystem::path json, html, points_csv, runs_csv;
};

// Creates `dir` when missing; an error names the path and why ("cannot write out/x: ...").
std::expected<SimulationReportPaths, std::string> write_simulation_reports(const std::filesystem::path& dir,
                                                                           const sim::plan::StudyResult& result);

// "shard-3-of-8.json"
std::string shard_file_name(sim::plan::Shard shard);
std::expected<std::filesystem::path, std::string> write_shard_file(const std::filesystem::path& dir,
                                                                   const sim::plan::ShardFile& file);

}  // namespace ringpool::reports
