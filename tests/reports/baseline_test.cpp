// reports/baseline: which failures are new, known or fixed compared with a baseline run.
#include "reports/baseline.hpp"
#include "reports/json_report.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool::test::reports;
using ringpool::reports::compare_with_baseline;

namespace {

const std::string overflow_flag = "legacy/overflow.toml: P-4 step 3: allocate p (json): overflow flag";
const std::string overflow_url = "legacy/overflow.toml: A-4 step 3: allocate p (json): tracking_url";
const std::string errors_status = "management/errors.toml: C-3 step 2: create with max_pool_size \"three\": status";
const std::string errors_class = "management/errors.toml: C-3 step 2: create with max_pool_size \"three\": error class";

RunResult all_passing() {
  RunResult run = sample_run();
  for (ScenarioResult& scenario : run.scenarios) {
    if (scenario.outcome != Outcome::Failed) continue;
    scenario.outcome = Outcome::Passed;
    for (CheckResult& check : scenario.checks) check.outcome = Outcome::Passed;
    scenario.exchanges.clear();
  }
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(baseline_same_run_has_only_known_failures) {
  const auto comparison = compare_with_baseline(sample_run(), sample_run());
  BOOST_TEST(!comparison.regressed());
  BOOST_TEST(comparison.new_failures.empty());
  BOOST_TEST(comparison.fixed.empty());
  const std::vector<std::string> expected = {overflow_flag, overflow_url, errors_status, errors_class};
  BOOST_TEST(comparison.known_failures == expected, boost::test_tools::per_element());
  const std::vector<std::string> scenarios = {"legacy/overflow.toml", "management/errors.toml"};
  BOOST_TEST(comparison.known_failure_scenarios == scenarios, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_failure_missing_from_the_baseline_is_new) {
  const auto comparison = compare_with_baseline(sample_run(), all_passing());
  BOOST_TEST(comparison.regressed());
  const std::vector<std::string> expected = {overflow_flag, overflow_url, errors_status, errors_class};
  BOOST_TEST(comparison.new_failures == expected, boost::test_tools::per_element());
  BOOST_TEST(comparison.known_failures.empty());
  BOOST_TEST(comparison.known_failure_scenarios.empty());
}

BOOST_AUTO_TEST_CASE(baseline_new_failure_flagged_next_to_a_known_one_in_the_same_scenario) {
  RunResult baseline = sample_run();
  // The baseline only had the overflow-flag failure of legacy/overflow.toml.
  scenario_named(baseline, "legacy/overflow.toml").checks[3].outcome = Outcome::Passed;
  const auto comparison = compare_with_baseline(sample_run(), baseline);
  BOOST_TEST(comparison.regressed());
  BOOST_TEST(comparison.new_failures == std::vector<std::string>{overflow_url}, boost::test_tools::per_element());
  BOOST_TEST(comparison.known_failures.size() == 3u);
  // A scenario with a new failure is not a "known failure" scenario.
  BOOST_TEST(comparison.known_failure_scenarios == std::vector<std::string>{"management/errors.toml"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_failure_identity_ignores_the_actual_value) {
  RunResult current = sample_run();
  scenario_named(current, "legacy/overflow.toml").checks[2].actual = "a fresh number 800-555-0099";
  const auto comparison = compare_with_baseline(current, sample_run());
  BOOST_TEST(!comparison.regressed());
}

BOOST_AUTO_TEST_CASE(baseline_failure_in_another_step_is_new) {
  RunResult current = sample_run();
  scenario_named(current, "legacy/overflow.toml").checks[2].step = "step 4: allocate p (xml)";
  const auto comparison = compare_with_baseline(current, sample_run());
  BOOST_TEST(comparison.regressed());
  BOOST_TEST(comparison.new_failures == std::vector<std::string>{"legacy/overflow.toml: P-4 step 4: allocate p (xml): overflow flag"},
             boost::test_tools::per_element());
  BOOST_TEST(comparison.fixed == std::vector<std::string>{overflow_flag}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_unknown_scenario_is_neither_a_new_failure_nor_a_fix) {
  RunResult current = all_passing();
  ScenarioResult& overflow = scenario_named(current, "legacy/overflow.toml");
  overflow.outcome = Outcome::Unknown;
  overflow.reason = "the target did not answer within 5000 ms";
  overflow.checks.back().outcome = Outcome::Unknown;
  // In the baseline the timed-out scenario of the current run had passed.
  const auto against_passing = compare_with_baseline(current, all_passing());
  BOOST_TEST(!against_passing.regressed());
  BOOST_TEST(against_passing.new_failures.empty());
  // In the baseline it failed: not fixed either, nothing can be said.
  const auto against_failing = compare_with_baseline(current, sample_run());
  BOOST_TEST(!against_failing.regressed());
  BOOST_TEST(against_failing.fixed == std::vector<std::string>({errors_status, errors_class}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_skipped_or_missing_scenario_is_not_fixed) {
  RunResult current = sample_run();
  scenario_named(current, "legacy/overflow.toml").outcome = Outcome::Skipped;
  std::erase_if(current.scenarios, [](const ScenarioResult& s) { return s.id == "management/errors.toml"; });
  const auto comparison = compare_with_baseline(current, sample_run());
  BOOST_TEST(comparison.fixed.empty());
  BOOST_TEST(!comparison.regressed());
}

BOOST_AUTO_TEST_CASE(baseline_fixed_failure_is_listed) {
  const auto comparison = compare_with_baseline(all_passing(), sample_run());
  BOOST_TEST(!comparison.regressed());
  const std::vector<std::string> expected = {overflow_flag, overflow_url, errors_status, errors_class};
  BOOST_TEST(comparison.fixed == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(baseline_scenario_failed_without_failed_checks_is_identified_by_its_reason) {
  RunResult current = all_passing();
  ScenarioResult& lifecycle = scenario_named(current, "management/lifecycle.toml");
  lifecycle.outcome = Outcome::Failed;
  lifecycle.reason = "setup: campaign camp-1 not found";
  const auto comparison = compare_with_baseline(current, all_passing());
  BOOST_TEST(comparison.new_failures == std::vector<std::string>{"management/lifecycle.toml: setup: campaign camp-1 not found"},
             boost::test_tools::per_element());
  BOOST_TEST(!compare_with_baseline(current, current).regressed());
}

BOOST_AUTO_TEST_CASE(baseline_read_back_from_json_compares_like_the_original) {
  const auto baseline = ringpool::reports::parse_json_report(ringpool::reports::render_json_report(sample_run(), ClauseCatalogue::builtin()));
  BOOST_TEST_REQUIRE(baseline.has_value());
  const auto comparison = compare_with_baseline(sample_run(), *baseline);
  BOOST_TEST(!comparison.regressed());
  BOOST_TEST(comparison.known_failures.size() == 4u);
  BOOST_TEST(comparison.fixed.empty());
}

BOOST_AUTO_TEST_SUITE_END()
