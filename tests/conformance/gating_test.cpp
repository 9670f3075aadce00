// `ringpool conform --baseline`: the exit status, junit.xml, report.json and report.html give the
// same verdict (one verdict function), so a CI job is green exactly when the command exits 0.
#include "command.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using ringpool::testing::run_ringpool;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Junit {
  std::size_t failures = 0, errors = 0, skipped = 0;
};

Junit junit_counts(const fs::path& path) {
  pugi::xml_document doc;
  BOOST_REQUIRE(doc.load_file(path.c_str()));
  const pugi::xml_node root = doc.child("testsuites");
  return {root.attribute("failures").as_ullong(), root.attribute("errors").as_ullong(), root.attribute("skipped").as_ullong()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gating)

BOOST_AUTO_TEST_CASE(baseline_junit_report_and_exit_status_agree) {
  const fs::path dir = fs::temp_directory_path() / "ringpool-gating-test";
  fs::remove_all(dir);
  // Two folders are enough to catch both defects used here, and keep the test cheap under ASan.
  const std::string scenarios = "--scenarios scenarios/leases scenarios/allocation ";
  const std::string common =
      "conform --target reference --profile vendor --deterministic --quiet --inject-defect lease-reuse " + scenarios;

  // A broken server: failures, exit 1, JUnit red, report.json says so.
  auto first = run_ringpool(common + "--report " + (dir / "first").string());
  BOOST_TEST(first.exit_status == 1, first.output);
  const Junit red = junit_counts(dir / "first" / "junit.xml");
  BOOST_TEST(red.failures > 0u);
  auto first_json = nlohmann::json::parse(read(dir / "first" / "report.json"));
  BOOST_TEST(first_json["verdict"]["exit_status"].get<int>() == 1);
  BOOST_TEST(first.output.find("verdict:   failed (exit status 1)") != std::string::npos, first.output);

  // The same failures against that report as the baseline: all known, exit 0, JUnit green.
  auto second = run_ringpool(common + "--report " + (dir / "second").string() + " --baseline " +
                             (dir / "first" / "report.json").string());
  BOOST_TEST(second.exit_status == 0, second.output);
  const Junit green = junit_counts(dir / "second" / "junit.xml");
  BOOST_TEST(green.failures == 0u);
  BOOST_TEST(green.errors == 0u);
  BOOST_TEST(green.skipped >= red.skipped + red.failures);
  auto second_json = nlohmann::json::parse(read(dir / "second" / "report.json"));
  BOOST_TEST(second_json["verdict"]["exit_status"].get<int>() == 0);
  BOOST_TEST(second_json["verdict"]["scenarios"]["known_failures"].get<std::size_t>() == red.failures);
  BOOST_TEST(read(dir / "second" / "report.html").find("✓ Passed — ") != std::string::npos);
  BOOST_TEST(second.output.find("verdict:   passed (exit status 0)") != std::string::npos, second.output);

  // A different defect against that baseline: new failures, exit 1, JUnit red again.
  auto third = run_ringpool("conform --target reference --profile vendor --deterministic --quiet " + scenarios +
                            "--inject-defect missing-tracking-url --report " + (dir / "third").string() +
                            " --baseline " + (dir / "first" / "report.json").string());
  BOOST_TEST(third.exit_status == 1, third.output);
  BOOST_TEST(junit_counts(dir / "third" / "junit.xml").failures > 0u);

  // An unreadable baseline stops before running anything.
  std::ofstream(dir / "bad.json") << "{";
  auto bad = run_ringpool(common + "--report " + (dir / "fourth").string() + " --baseline " + (dir / "bad.json").string());
  BOOST_TEST(bad.exit_status == 2, bad.output);
  BOOST_TEST(!fs::exists(dir / "fourth"));
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
