// `ringpool conform --target reference` passes every shipped scenario in every profile, quickly,
// and the same seed gives byte-identical results.
#include "conformance_fixture.hpp"
#include "reports/json_report.hpp"
#include "reports/html_report.hpp"

#include <chrono>

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

RunResult run_in_process(Profile profile) {
  ReferenceTarget target("conformance-control");
  return run_scenarios(target, testing::shipped_scenarios(), testing::run_options(profile, target, true, "conformance-control"));
}

void require_clean(const RunResult& run) {
  const RunSummary summary = run.summary();
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(summary.failed == 0u);
  BOOST_TEST(summary.unknown == 0u);
  BOOST_TEST(summary.checks_passed > 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reference_target)

BOOST_AUTO_TEST_CASE(vendor_profile_passes_every_scenario) {
  const RunResult run = run_in_process(Profile::Vendor);
  require_clean(run);
  // Scenarios above the vendor profile are skipped, with the reason.
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.profile != Profile::Vendor) BOOST_TEST(scenario.outcome == Outcome::Skipped);
}

BOOST_AUTO_TEST_CASE(strict_profile_passes_every_scenario) { require_clean(run_in_process(Profile::Strict)); }

BOOST_AUTO_TEST_CASE(reference_profile_passes_every_scenario_and_skips_none) {
  const RunResult run = run_in_process(Profile::Reference);
  require_clean(run);
  BOOST_TEST(run.summary().skipped == 0u);
}

BOOST_AUTO_TEST_CASE(every_black_box_doc_clause_is_checked) {
  const RunResult run = run_in_process(Profile::Vendor);
  const auto coverage = compute_coverage(ClauseCatalogue::builtin(), run);
  std::string uncovered;
  for (const ClauseCoverage& entry : coverage) {
    const auto& levels = entry.clause->levels;
    const bool doc = std::find(levels.begin(), levels.end(), Level::Doc) != levels.end();
    if (doc && entry.clause->black_box && entry.coverage != Coverage::Checked) uncovered += entry.clause->id + " ";
  }
  // Clauses only observable with capabilities the in-process reference has all count as checked.
  BOOST_TEST(uncovered.empty(), "[doc] clauses not checked in the vendor profile: " << uncovered);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_byte_identical_reports) {
  const RunResult first = run_in_process(Profile::Reference);
  const RunResult second = run_in_process(Profile::Reference);
  const auto& catalogue = ClauseCatalogue::builtin();
  BOOST_TEST(reports::render_json_report(first, catalogue) == reports::render_json_report(second, catalogue));
  BOOST_TEST(reports::render_html(first, catalogue) == reports::render_html(second, catalogue));
}

BOOST_AUTO_TEST_SUITE_END()
