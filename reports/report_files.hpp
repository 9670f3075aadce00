// The registry of a run's report formats (JSON, JUnit, HTML, ...) and the one function that writes
// them all. A new format is its own file, defining `std::string render_<x>(const RunResult&, const
// ClauseCatalogue&)`, plus one line in report_files.cpp's table: the CLI's --report help, options
// such as --junit and the "reports:" line `conform` and `check` print are generated from it.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::reports {

using RenderReport = std::string (*)(const conformance::RunResult&, const conformance::ClauseCatalogue&);

struct ReportFormat {
  std::string_view name;       // "json": how code and messages name it
  std::string_view file_name;  // "report.json": its file under the report directory
  std::string_view option;     // "--junit": the option that writes it elsewhere, or empty
  std::string_view purpose;    // "for machines and --baseline": why someone opens it
  RenderReport render;
};

// Every format, in the order files are written and listed.
std::span<const ReportFormat> report_formats();
// The format of that name, or null.
const ReportFormat* find_report_format(std::string_view name);

// One file written: its format and where it went.
struct WrittenReport {
  const ReportFormat* format = nullptr;
  std::filesystem::path path;
};
using WrittenReports = std::vector<WrittenReport>;

// Paths given for formats that have an option of their own (--junit), by format name; an empty
// path is not given.
using ReportPlaces = std::map<std::string, std::string, std::less<>>;

// Creates `dir` (and the folder of any path given in `elsewhere`) when missing and writes every
// format, replacing existing files, in report_formats() order. On failure, says which path and why
// ("cannot write out/report.html: Permission denied"); files written before the failure stay.
std::expected<WrittenReports, std::string> write_reports(const std::filesystem::path& dir, const conformance::RunResult& run,
                                                         const conformance::ClauseCatalogue& catalogue,
                                                         const ReportPlaces& elsewhere = {});

// Where the format `name` was written (empty when it was not).
std::filesystem::path written_path(const WrittenReports& written, std::string_view name);

// --report's help: "Directory for report.json, junit.xml and report.html".
std::string report_directory_help();
// An option's help for a format written elsewhere: "Write junit.xml (for CI test views) here
// instead of <report>/junit.xml".
std::string report_place_help(const ReportFormat& format);
// What `conform` and `check` print after a run, one format a line, each with its purpose:
// "reports:\n  out/report.json      for machines and --baseline\n  ...".
std::string reports_lines(const WrittenReports& written);

}  // namespace ringpool::reports
