// reports/report_files: the three files land where asked, and failures name the path.
#include "reports/report_files.hpp"
#include "reports/json_report.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ringpool::test::reports;
using ringpool::reports::write_reports;
using ringpool::reports::written_path;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed at scope end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "ringpool-reports-XXXXXX").string();
    BOOST_TEST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(report_files_writes_json_html_and_junit_into_a_new_directory) {
  TempDir temp;
  const fs::path dir = temp.path / "out" / "run-1";
  const auto paths = write_reports(dir, sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST_REQUIRE(paths.has_value(), (paths ? std::string() : paths.error()));
  BOOST_TEST(written_path(*paths, "json") == dir / "report.json");
  BOOST_TEST(written_path(*paths, "html") == dir / "report.html");
  BOOST_TEST(written_path(*paths, "junit") == dir / "junit.xml");
  BOOST_TEST(read(written_path(*paths, "json")) == ringpool::reports::render_json_report(sample_run(), ClauseCatalogue::builtin()));
  BOOST_TEST(read(written_path(*paths, "html")).starts_with("<!DOCTYPE html>\n"));
  BOOST_TEST(read(written_path(*paths, "junit")).starts_with("<?xml"));
}

BOOST_AUTO_TEST_CASE(report_files_puts_junit_where_asked_and_replaces_old_files) {
  TempDir temp;
  const fs::path junit = temp.path / "ci" / "results" / "conformance.xml";
  fs::create_directories(temp.path / "reports");
  std::ofstream(temp.path / "reports" / "report.json") << "old content that is much longer than nothing at all";
  const auto paths = write_reports(temp.path / "reports", sample_run(), ClauseCatalogue::builtin(), {{"junit", junit.string()}});
  BOOST_TEST_REQUIRE(paths.has_value(), (paths ? std::string() : paths.error()));
  BOOST_TEST(written_path(*paths, "junit") == junit);
  BOOST_TEST(fs::exists(junit));
  BOOST_TEST(!fs::exists(temp.path / "reports" / "junit.xml"));
  BOOST_TEST(read(written_path(*paths, "json")).starts_with("{\n  \"schema\""));
}

BOOST_AUTO_TEST_CASE(report_files_error_names_the_path_that_could_not_be_made) {
  TempDir temp;
  std::ofstream(temp.path / "a-file") << "x";
  const auto blocked = write_reports(temp.path / "a-file" / "reports", sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST_REQUIRE(!blocked.has_value());
  BOOST_TEST(blocked.error().starts_with("cannot create directory " + (temp.path / "a-file" / "reports").string() + ": "), blocked.error());

  const auto junit_blocked = write_reports(temp.path / "ok", sample_run(), ClauseCatalogue::builtin(),
                                           {{"junit", (temp.path / "a-file" / "junit.xml").string()}});
  BOOST_TEST_REQUIRE(!junit_blocked.has_value());
  BOOST_TEST(junit_blocked.error().find((temp.path / "a-file").string()) != std::string::npos, junit_blocked.error());
}

BOOST_AUTO_TEST_CASE(report_files_error_names_the_file_that_could_not_be_written) {
  TempDir temp;
  fs::create_directories(temp.path / "reports" / "report.html");  // a directory where the file should go
  const auto paths = write_reports(temp.path / "reports", sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST_REQUIRE(!paths.has_value());
  BOOST_TEST(paths.error().starts_with("cannot write " + (temp.path / "reports" / "report.html").string() + ": "), paths.error());
}

// The registry is the one list of formats: the CLI's help and the "reports:" lines come from it.
BOOST_AUTO_TEST_CASE(report_files_registry_generates_help_and_the_reports_lines) {
  using namespace ringpool::reports;
  BOOST_TEST(report_directory_help() == "Directory for report.json, junit.xml and report.html");
  const ReportFormat* junit = find_report_format("junit");
  BOOST_TEST_REQUIRE(junit != nullptr);
  BOOST_TEST(junit->option == "--junit");
  BOOST_TEST(report_place_help(*junit).find("instead of <report>/junit.xml") != std::string::npos);
  TempDir temp;
  const auto paths = write_reports(temp.path, sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST_REQUIRE(paths.has_value());
  BOOST_TEST(paths->size() == report_formats().size());
  const std::string lines = reports_lines(*paths);
  BOOST_TEST(lines.starts_with("reports:\n"));
  for (const ReportFormat& format : report_formats()) {
    BOOST_TEST(lines.find((temp.path / format.file_name).string()) != std::string::npos, format.name);
    BOOST_TEST(lines.find(format.purpose) != std::string::npos, format.name);
  }
}

BOOST_AUTO_TEST_SUITE_END()
