// reports/junit_report: well-formed JUnit XML whose counts agree with the run, whatever the text.
#include "conformance/verdict.hpp"
#include "reports/junit_report.hpp"
#include "reports/report_text.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <regex>
#include <string>

using namespace ringpool::test::reports;
using ringpool::reports::render_junit;

namespace {

pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result result = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration);
  BOOST_TEST_REQUIRE(static_cast<bool>(result), result.description() << " at offset " << result.offset);
  return doc;
}

std::size_t count_attribute(pugi::xml_node node, const char* name) {
  return static_cast<std::size_t>(node.attribute(name).as_ullong());
}

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; checked on
// the raw bytes (valid UTF-8, no forbidden control bytes) and on character references.
void require_xml_chars_only(const std::string& xml) {
  BOOST_TEST(ringpool::reports::sanitize_utf8(xml) == xml);
  for (unsigned char c : xml) {
    const bool forbidden = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    BOOST_TEST(!forbidden, "control byte " << static_cast<int>(c));
  }
  const std::regex reference("&#(x?)([0-9A-Fa-f]+);");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), reference); it != std::sregex_iterator(); ++it) {
    const unsigned long code = std::stoul((*it)[2].str(), nullptr, (*it)[1].length() > 0 ? 16 : 10);
    const bool allowed = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                         (code >= 0x10000 && code <= 0x10FFFF);
    BOOST_TEST(allowed, "character reference " << it->str());
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(junit_counts_match_the_run_summary) {
  const RunResult run = sample_run();
  const RunSummary summary = run.summary();
  const std::string xml = render_junit(run);
  BOOST_TEST(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
  const pugi::xml_document doc = parse(xml);
  const pugi::xml_node root = doc.child("testsuites");
  BOOST_TEST_REQUIRE(static_cast<bool>(root));
  BOOST_TEST(count_attribute(root, "tests") == run.scenarios.size());
  BOOST_TEST(count_attribute(root, "failures") == summary.failed);
  BOOST_TEST(count_attribute(root, "errors") == summary.unknown);
  BOOST_TEST(count_attribute(root, "skipped") == summary.skipped);
  BOOST_TEST(std::string(root.attribute("time").value()) == "3.185");

  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0, testcases = 0;
  for (pugi::xml_node suite : root.children("testsuite")) {
    tests += count_attribute(suite, "tests");
    failures += count_attribute(suite, "failures");
    errors += count_attribute(suite, "errors");
    skipped += count_attribute(suite, "skipped");
    std::size_t in_suite = 0;
    for (pugi::xml_node testcase : suite.children("testcase")) {
      ++in_suite;
      BOOST_TEST(std::string(testcase.attribute("classname").value()) == suite.attribute("name").value());
    }
    BOOST_TEST(in_suite == count_attribute(suite, "tests"));
    testcases += in_suite;
  }
  BOOST_TEST(tests == run.scenarios.size());
  BOOST_TEST(testcases == run.scenarios.size());
  BOOST_TEST(failures == summary.failed);
  BOOST_TEST(errors == summary.unknown);
  BOOST_TEST(skipped == summary.skipped);
  BOOST_TEST(doc.select_nodes("//testcase/failure").size() == summary.failed);
  BOOST_TEST(doc.select_nodes("//testcase/error").size() == summary.unknown);
  BOOST_TEST(doc.select_nodes("//testcase/skipped").size() == summary.skipped);
}

BOOST_AUTO_TEST_CASE(junit_agrees_with_the_exit_status_with_and_without_a_baseline) {
  // CI shows red (failures or errors) exactly when `ringpool conform` exits 1: both read
  // conformance::run_verdict. Known failures (in the --baseline report) are skipped, not failed.
  const auto agree = [](const RunResult& run) {
    const pugi::xml_document doc = parse(render_junit(run));
    const pugi::xml_node root = doc.child("testsuites");
    const bool red = count_attribute(root, "failures") + count_attribute(root, "errors") > 0;
    const ringpool::conformance::RunVerdict verdict = ringpool::conformance::run_verdict(run);
    BOOST_TEST(red == (verdict.exit_status != 0));
    BOOST_TEST(count_attribute(root, "failures") == verdict.failed);
    BOOST_TEST(count_attribute(root, "errors") == verdict.unknown);
    BOOST_TEST(count_attribute(root, "skipped") == verdict.skipped + verdict.known_failures);
    return verdict.exit_status;
  };
  RunResult run = sample_run();  // two failed scenarios and one unknown
  BOOST_TEST(agree(run) == 1);
  run.known_failures = {"legacy/overflow.toml"};  // one failure known, one new
  BOOST_TEST(agree(run) == 1);
  run.known_failures = {"legacy/overflow.toml", "management/errors.toml"};  // all known, one unknown left
  BOOST_TEST(agree(run) == 1);
  std::erase_if(run.scenarios, [](const ScenarioResult& s) { return s.outcome == Outcome::Unknown; });
  BOOST_TEST(agree(run) == 0);
  const pugi::xml_document doc = parse(render_junit(run));
  const pugi::xml_node known = doc.select_node("//testcase[starts-with(@name, 'overflow')]/skipped").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(known));
  BOOST_TEST(std::string(known.attribute("message").value()).starts_with("known failure (in the baseline): "));
  BOOST_TEST(!doc.select_node("//failure"));
}

BOOST_AUTO_TEST_CASE(junit_one_suite_per_folder_in_run_order) {
  const pugi::xml_document doc = parse(render_junit(sample_run()));
  std::vector<std::string> names;
  for (pugi::xml_node suite : doc.child("testsuites").children("testsuite")) names.push_back(suite.attribute("name").value());
  const std::vector<std::string> expected = {"bulk", "clock", "common", "leases", "legacy", "local", "management"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  const pugi::xml_node legacy = doc.select_node("//testsuite[@name='legacy']").node();
  BOOST_TEST(count_attribute(legacy, "tests") == 2u);
  BOOST_TEST(count_attribute(legacy, "failures") == 1u);
  BOOST_TEST(std::string(legacy.attribute("time").value()) == "0.344");
}

BOOST_AUTO_TEST_CASE(junit_failure_carries_the_first_check_all_checks_and_the_reproduce_line) {
  const pugi::xml_document doc = parse(render_junit(sample_run()));
  const pugi::xml_node testcase = doc.select_node("//testcase[failure][@classname='legacy']").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(testcase));
  BOOST_TEST(std::string(testcase.attribute("name").value()) == "overflow — A full pool hands out the overflow number");
  BOOST_TEST(std::string(testcase.attribute("time").value()) == "0.213");
  const pugi::xml_node failure = testcase.child("failure");
  BOOST_TEST(std::string(failure.attribute("message").value()) ==
             "P-4 step 3: allocate p (json): overflow flag: expected the pool's overflow number 800-555-0011, got a fresh number 800-555-0013");
  const std::string body = failure.text().get();
  BOOST_TEST(body.find("expected: https://network1.ringpool.test/c/1/3-1") != std::string::npos);
  BOOST_TEST(body.find("actual:   https://network1.ringpool.test/c/1/3-3") != std::string::npos);
  BOOST_TEST(body.find("request:  GET http://127.0.0.1:8080/api/2015-12-09/ring_pools/3/allocate_number.json") != std::string::npos);
  BOOST_TEST(body.find("reproduce: ringpool conform --target http://127.0.0.1:8080 --seed 42 --scenario legacy/overflow.toml") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(junit_skipped_and_unknown_carry_their_reason) {
  const pugi::xml_document doc = parse(render_junit(sample_run()));
  const pugi::xml_node skipped = doc.select_node("//testcase[@classname='bulk']/skipped").node();
  BOOST_TEST(std::string(skipped.attribute("message").value()) ==
             "needs capability \"control\" (POST /_control/bulk), which the target does not have");
  const pugi::xml_node error = doc.select_node("//testcase[@classname='leases']/error").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(error));
  BOOST_TEST(std::string(error.attribute("message").value()) == "P-5 step 4: allocate after 600 s: status: unknown (no response)");
  BOOST_TEST(std::string(error.text().get()).find("no response: timed out after 5000 ms (read)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(junit_hostile_text_stays_well_formed) {
  const std::string xml = render_junit(hostile_run());
  require_xml_chars_only(xml);
  BOOST_TEST(xml.find("<script>") == std::string::npos);
  const pugi::xml_document doc = parse(xml);
  const pugi::xml_node testcase = doc.select_node("//testcase[failure][@classname='legacy']").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(testcase));
  const std::string name = testcase.attribute("name").value();
  BOOST_TEST(name.find("<script>alert(\"x\")</script> & 'quote' ]]>") != std::string::npos, name);
  // The bad bytes became U+FFFD and the control characters their visible pictures.
  BOOST_TEST(name.find("\xEF\xBF\xBD\xEF\xBF\xBD bad") != std::string::npos, name);
  BOOST_TEST(name.find("\xE2\x90\x80nul \xE2\x90\x81\xE2\x90\x9B[31m") != std::string::npos, name);
  BOOST_TEST(std::string(testcase.child("failure").text().get()).find("X-Evil") == std::string::npos);  // headers are not in JUnit
  BOOST_TEST(std::string(testcase.child("failure").text().get()).find("]]>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(junit_same_run_gives_the_same_bytes) {
  BOOST_TEST(render_junit(sample_run()) == render_junit(sample_run()));
}

// A run in which nothing was checked does not pass (issue 20): its one test case is the run's
// coverage gate, an error, so that a CI view is red as the exit status is.
BOOST_AUTO_TEST_CASE(junit_empty_run_is_one_error_nothing_checked) {
  RunResult run;
  const pugi::xml_document doc = parse(render_junit(run));
  BOOST_TEST(count_attribute(doc.child("testsuites"), "tests") == 1u);
  BOOST_TEST(count_attribute(doc.child("testsuites"), "errors") == 1u);
  const pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  BOOST_TEST(std::string(suite.attribute("name").value()) == "run");
  BOOST_TEST(!suite.next_sibling("testsuite"));
  BOOST_TEST(suite.child("testcase").child("error"));
}

BOOST_AUTO_TEST_SUITE_END()
