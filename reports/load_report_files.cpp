#include "reports/load_report_files.hpp"

#include "reports/load_html_report.hpp"
#include "reports/output_files.hpp"

namespace ringpool::reports {

std::expected<LoadReportPaths, std::string> write_load_reports(const std::filesystem::path& dir,
                                                               const load::LoadResult& result,
                                                               const std::vector<std::string>& failed_gates) {
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  LoadReportPaths paths{dir / "load.json", dir / "load.html"};
  if (auto written = write_whole_file(paths.json, load::render_load_json(result)); !written) return std::unexpected(written.error());
  if (auto written = write_whole_file(paths.html, render_load_html(result, failed_gates)); !written) return std::unexpected(written.error());
  return paths;
}

}  // namespace ringpool::reports
