// `ringpool conform --jobs N` against a live server (`ringpool serve --variant`, a valid server
// that is not the reference): scenarios in flight at once, each on its own connection and in its
// own pools, give byte for byte the report of the scenarios run one after another — the lanes
// keep clock moves, world resets and Bulk switches away from whoever they would disturb.
#include "conformance_fixture.hpp"
#include "conformance/http_target.hpp"
#include "conformance/variant_target.hpp"
#include "reports/json_report.hpp"
#include "server_process.hpp"
#include "tests/support/http_target_at.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

BOOST_AUTO_TEST_SUITE(jobs_live)

BOOST_AUTO_TEST_CASE(jobs_against_a_live_server_give_the_report_of_one_at_a_time) {
  testing::ServerProcess server({"--variant", "--control", "--control-token", "jobs-token"});
  auto probe = testing::http_target_at(server.url(), "jobs-token");
  RunOptions options = testing::run_options(Profile::Vendor, *probe, "jobs-token");
  options.description = variant_description();
  options.capabilities = probe_capabilities(*probe, options.description, "jobs-token");
  BOOST_REQUIRE(options.capabilities.has("clock-advance"));  // so that clock-movers are among them
  const RunResult one = run_scenarios(*probe, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(one));
  BOOST_TEST(one.summary().failed == 0u);
  BOOST_TEST(one.summary().passed > 50u);
  options.jobs = 8;
  const RunResult eight = run_scenarios([&] { return testing::http_target_at(server.url(), "jobs-token"); }, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(eight));
  BOOST_TEST(reports::render_json_report(one, ClauseCatalogue::builtin()) ==
             reports::render_json_report(eight, ClauseCatalogue::builtin()));
}

BOOST_AUTO_TEST_SUITE_END()
