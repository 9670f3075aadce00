#include "reports/report_files.hpp"

#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ringpool::reports {

namespace {

std::expected<void, std::string> ensure_directory(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return std::unexpected(fmt::format("cannot create directory {}: {}", dir.string(), error.message()));
  if (!std::filesystem::is_directory(dir, error))
    return std::unexpected(fmt::format("cannot create directory {}: a file of that name is in the way", dir.string()));
  return {};
}

std::expected<void, std::string> write_whole_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  return {};
}

}  // namespace

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
