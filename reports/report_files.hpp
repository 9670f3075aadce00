// Writes a run's report files: report.json, report.html and junit.xml, side by side (the CLI's
// --report-dir), JUnit optionally elsewhere (--junit).
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <expected>
#include <filesystem>
#include <optional>
#include <string>

namespace ringpool::reports {

struct ReportPaths {
  std::filesystem::path json;   // dir/report.json
  std::filesystem::path html;   // dir/report.html
  std::filesystem::path junit;  // dir/junit.xml, or the junit_path given
};

// Creates `dir` (and junit_path's folder) when missing and writes the three files, replacing
// existing ones. On failure, says which path and why ("cannot write out/report.html: Permission
// denied"); files written before the failure stay.
std::expected<ReportPaths, std::string> write_reports(const std::filesystem::path& dir, const conformance::RunResult& run,
                                                      const conformance::ClauseCatalogue& catalogue,
                                                      std::optional<std::filesystem::path> junit_path = std::nullopt);

}  // namespace ringpool::reports
