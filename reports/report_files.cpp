#include "reports/report_files.hpp"

#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/output_files.hpp"

#include <fmt/format.h>


namespace ringpool::reports {

std::expected<ReportPaths, std::string> write_reports(const std::filesystem::path& dir, const conformance::RunResult& run,
                                                      const conformance::ClauseCatalogue& catalogue,
                                                      std::optional<std::filesystem::path> junit_path) {
  ReportPaths paths{dir / "report.json", dir / "report.html", junit_path ? *junit_path : dir / "junit.xml"};
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  if (junit_path) {
    if (auto created = ensure_directory(junit_path->parent_path()); !created) return std::unexpected(created.error());
  }
  if (auto written = write_whole_file(paths.json, render_json_report(run, catalogue)); !written) return std::unexpected(written.error());
  if (auto written = write_whole_file(paths.html, render_html(run, catalogue)); !written) return std::unexpected(written.error());
  if (auto written = write_whole_file(paths.junit, render_junit(run)); !written) return std::unexpected(written.error());
  return paths;
}

}  // namespace ringpool::reports
