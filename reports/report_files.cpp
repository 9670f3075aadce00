#include "reports/report_files.hpp"

#include "reports/output_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ringpool::reports {

// The registry: one line per format, in the order files are written and listed — its name, its
// file, the option that writes it elsewhere (or ""), what it is for, and its render function
// (defined in the format's own file, with the RenderReport signature; the macro declares it).
#define RINGPOOL_REPORT_FORMATS(FORMAT)                                                            \
  FORMAT("json", "report.json", "", "for machines, and --baseline", render_json_report)             \
  FORMAT("junit", "junit.xml", "--junit", "for CI test views (JUnit XML)", render_junit_report)     \
  FORMAT("html", "report.html", "", "for people: one self-contained page, open it in a browser", render_html)

#define RINGPOOL_DECLARE_RENDER(name, file, option, purpose, render) \
  std::string render(const conformance::RunResult&, const conformance::ClauseCatalogue&);
RINGPOOL_REPORT_FORMATS(RINGPOOL_DECLARE_RENDER)
#undef RINGPOOL_DECLARE_RENDER

namespace {

#define RINGPOOL_FORMAT_ROW(name, file, option, purpose, render) ReportFormat{name, file, option, purpose, &render},
constexpr std::array kFormats = {RINGPOOL_REPORT_FORMATS(RINGPOOL_FORMAT_ROW)};
#undef RINGPOOL_FORMAT_ROW

std::string file_list(std::string_view conjunction) {
  std::string out;
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (i > 0) out += i + 1 == kFormats.size() ? fmt::format(" {} ", conjunction) : ", ";
    out += kFormats[i].file_name;
  }
  return out;
}

}  // namespace

std::span<const ReportFormat> report_formats() { return kFormats; }

const ReportFormat* find_report_format(std::string_view name) {
  const auto it = std::find_if(kFormats.begin(), kFormats.end(), [&](const ReportFormat& format) { return format.name == name; });
  return it == kFormats.end() ? nullptr : &*it;
}

std::expected<WrittenReports, std::string> write_reports(const std::filesystem::path& dir, const conformance::RunResult& run,
                                                         const conformance::ClauseCatalogue& catalogue,
                                                         const ReportPlaces& elsewhere) {
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  WrittenReports written;
  for (const ReportFormat& format : kFormats) {
    std::filesystem::path path = dir / format.file_name;
    if (const auto given = elsewhere.find(format.name); given != elsewhere.end() && !given->second.empty()) {
      path = given->second;
      if (auto created = ensure_directory(path.parent_path()); !created) return std::unexpected(created.error());
    }
    if (auto done = write_whole_file(path, format.render(run, catalogue)); !done) return std::unexpected(done.error());
    written.push_back({&format, std::move(path)});
  }
  return written;
}

std::filesystem::path written_path(const WrittenReports& written, std::string_view name) {
  for (const WrittenReport& report : written)
    if (report.format->name == name) return report.path;
  return {};
}

std::string report_directory_help() { return fmt::format("Directory for {}", file_list("and")); }

std::string report_place_help(const ReportFormat& format) {
  return fmt::format("Write {} ({}) here instead of <report>/{}", format.file_name, format.purpose, format.file_name);
}

std::string reports_lines(const WrittenReports& written) {
  std::size_t width = 0;
  for (const WrittenReport& report : written) width = std::max(width, report.path.string().size());
  std::string out = "reports:\n";
  for (const WrittenReport& report : written)
    out += fmt::format("  {:<{}}  {}\n", report.path.string(), width, report.format->purpose);
  return out;
}

}  // namespace ringpool::reports
