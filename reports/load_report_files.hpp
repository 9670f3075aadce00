// Writes a `ringpool load` result to disk: <dir>/load.json (schema ringpool-load-report/1, the
// input of `ringpool load merge`) and <dir>/load.html (charts for people).
#pragma once

#include "load/load_result.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace ringpool::reports {

struct LoadReportPaths {
  std::filesystem::path json;
  std::filesystem::path html;
};

// Creates `dir`; the error names the path and the reason.
std::expected<LoadReportPaths, std::string> write_load_reports(const std::filesystem::path& dir,
                                                               const load::LoadResult& result,
                                                               const std::vector<std::string>& failed_gates = {});

}  // namespace ringpool::reports
