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
  const auto paths = write_reports(dir, sample_run(), ClauseCatalogue::builtin(), std::nullopt);
  BOOST_TEST_REQUIRE(paths.has_value(), (paths ? std::string() : paths.error()));
  BOOST_TEST(paths->json == dir / "report.json");
  BOOST_TEST(paths->html == dir / "report.html");
  BOOST_TEST(paths->junit == dir / "junit.xml");
  BOOST_TEST(read(paths->json) == ringpool::reports::render_json_report(sample_run(), ClauseCatalogue::builtin()));
  BOOST_TEST(read(paths->html).starts_with("<!DOCTYPE html>\n"));
  BOOST_TEST(read(paths->junit).starts_with("<?xml"));
}

BOOST_AUTO_TEST_CASE(report_files_puts_junit_where_asked_and_replaces_old_files) {
  TempDir temp;
  const fs::path junit = temp.path / "ci" / "results" / "conformance.xml";
  fs::create_directories(temp.path / "reports");
  std::ofstream(temp.path / "reports" / "report.json") << "old content that is much longer than nothing at all";
  const auto paths = write_reports(temp.path / "reports", sample_run(), ClauseCatalogue::builtin(), junit);
  BOOST_TEST_REQUIRE(paths.has_value(), (paths ? std::string() : paths.error()));
  BOOST_TEST(paths->junit == junit);
  BOOST_TEST(fs::exists(junit));
  BOOST_TEST(!fs::exists(temp.path / "reports" / "junit.xml"));
  BOOST_TEST(read(paths->json).starts_with("{\n  \"schema\""));
}

BOOST_AUTO_TEST_CASE(report_files_error_names_the_path_that_could_not_be_made) {
  TempDir temp;
  std::ofstream(temp.path / "a-file") << "x";
  const auto blocked = write_reports(temp.path / "a-file" / "reports", sample_run(), ClauseCatalogue::builtin(), std::nullopt);
  BOOST_TEST_REQUIRE(!blocked.has_value());
  BOOST_TEST(blocked.error().starts_with("cannot create directory " + (temp.path / "a-file" / "reports").string() + ": "), blocked.error());

  const auto junit_blocked = write_reports(temp.path / "ok", sample_run(), ClauseCatalogue::builtin(), temp.path / "a-file" / "junit.xml");
  BOOST_TEST_REQUIRE(!junit_blocked.has_value());
  BOOST_TEST(junit_blocked.error().find((temp.path / "a-file").string()) != std::string::npos, junit_blocked.error());
}

BOOST_AUTO_TEST_CASE(report_files_error_names_the_file_that_could_not_be_written) {
  TempDir temp;
  fs::create_directories(temp.path / "reports" / "report.html");  // a directory where the file should go
  const auto paths = write_reports(temp.path / "reports", sample_run(), ClauseCatalogue::builtin(), std::nullopt);
  BOOST_TEST_REQUIRE(!paths.has_value());
  BOOST_TEST(paths.error().starts_with("cannot write " + (temp.path / "reports" / "report.html").string() + ": "), paths.error());
}

BOOST_AUTO_TEST_SUITE_END()
