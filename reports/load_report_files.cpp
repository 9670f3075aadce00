#include "reports/load_report_files.hpp"

#include "reports/load_html_report.hpp"

#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <system_error>

namespace ringpool::reports {

namespace {

std::expected<void, std::string> write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  out << text;
  out.close();
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  return {};
}

}  // namespace

std::expected<LoadReportPaths, std::string> write_load_reports(const std::filesystem::path& dir,
                                                               const load::LoadResult& result,
                                                               const std::vector<std::string>& failed_gates) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return std::unexpected(fmt::format("cannot create directory {}: {}", dir.string(), error.message()));
  LoadReportPaths paths{dir / "load.json", dir / "load.html"};
  if (auto written = write_text(paths.json, load::render_load_json(result)); !written) return std::unexpected(written.error());
  if (auto written = write_text(paths.html, render_load_html(result, failed_gates)); !written) return std::unexpected(written.error());
  return paths;
}

}  // namespace ringpool::reports
