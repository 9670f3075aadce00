// The same scenarios against `ringpool serve` over loopback HTTP, started by the test: with
// --control everything passes; without it the time-dependent scenarios are skipped with a reason,
// never passed; an unreachable server is reported as unknown, never as pass or spec failure.
#include "conformance_fixture.hpp"
#include "control_subset_target.hpp"
#include "conformance/http_target.hpp"
#include "server_process.hpp"
#include "tests/support/http_target_at.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

namespace {


bool needs(const Scenario& scenario, std::string_view capability) {
  return std::find(scenario.requires_caps.begin(), scenario.requires_caps.end(), capability) != scenario.requires_caps.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(live_server)

BOOST_AUTO_TEST_CASE(serve_with_control_passes_every_scenario_over_http) {
  testing::ServerProcess server({"--control", "--control-token", "live-token"});
  auto target = testing::http_target_at(server.url(), "live-token");
  const RunOptions options = testing::run_options(Profile::Reference, *target, "live-token");
  for (const CapabilityInfo& capability : known_capabilities()) BOOST_TEST(options.capabilities.has(capability.name), capability.name);
  const RunResult run = run_scenarios(*target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  BOOST_TEST(run.summary().skipped == 0u);
}

BOOST_AUTO_TEST_CASE(serve_without_control_skips_time_dependent_scenarios_with_a_reason) {
  testing::ServerProcess server({});
  auto target = testing::http_target_at(server.url(), "");
  const RunOptions options = testing::run_options(Profile::Strict, *target, "");
  for (const ControlEndpoint& endpoint : control_endpoints()) {
    BOOST_TEST(!options.capabilities.has(endpoint.capability), endpoint.capability);
    BOOST_TEST(options.capabilities.absent.at(std::string(endpoint.capability)).find("answered 404") != std::string::npos);
  }
  const RunResult run = run_scenarios(*target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  std::size_t control_scenarios = 0;
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    const Scenario& scenario = testing::shipped_scenarios()[i];
    if (!needs(scenario, "clock-advance") || scenario.profile == Profile::Reference) continue;
    ++control_scenarios;
    BOOST_TEST(run.scenarios[i].outcome == Outcome::Skipped, scenario.id);
    BOOST_TEST(run.scenarios[i].reason.starts_with("needs '"), run.scenarios[i].reason);
  }
  BOOST_TEST(control_scenarios > 0u);
}

BOOST_AUTO_TEST_CASE(a_server_with_only_the_clock_endpoints_skips_what_needs_the_others_with_the_reason) {
  // `ringpool serve --control` behind a decorator that serves only GET /_control/clock and
  // POST /_control/clock/advance (404 for the other control paths), as a vendor may (T-4).
  testing::ServerProcess server({"--control", "--control-token", "live-token"});
  auto live = testing::http_target_at(server.url(), "live-token");
  testing::ControlSubsetTarget target(*live, {"/_control/clock", "/_control/clock/advance"});
  const RunOptions options = testing::run_options(Profile::Reference, target, "live-token");
  BOOST_TEST(options.capabilities.has("clock"));
  BOOST_TEST(options.capabilities.has("clock-advance"));
  for (const char* lacking : {"reset", "bulk-enablement", "inspect", "world", "fault-injection"})
    BOOST_TEST(!options.capabilities.has(lacking), lacking);
  const RunResult run = run_scenarios(target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  std::size_t skipped = 0, ran = 0;
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    const Scenario& scenario = testing::shipped_scenarios()[i];
    const ScenarioResult& result = run.scenarios[i];
    std::string lacking;
    for (const std::string& name : scenario.requires_caps)
      if (lacking.empty() && !options.capabilities.has(name)) lacking = name;
    BOOST_TEST_CONTEXT(scenario.id) {
      if (lacking.empty()) {
        ++ran;
        BOOST_TEST(result.outcome == Outcome::Passed, result.reason);
      } else {
        ++skipped;
        BOOST_TEST(result.outcome == Outcome::Skipped);
        BOOST_TEST(result.reason.starts_with("needs '" + lacking + "'"), result.reason);
        BOOST_TEST(result.checks.empty());
      }
    }
  }
  BOOST_TEST(skipped > 20u);
  BOOST_TEST(ran > 100u);
  // The two scenarios that used to fail such a server (issue 8) are skipped, naming what they need.
  for (const ScenarioResult& result : run.scenarios)
    if (result.id == "bulk/enablement-via-control-api.toml" || result.id == "bulk/network-and-publisher-enablement.toml") {
      BOOST_TEST(result.outcome == Outcome::Skipped, result.id);
      BOOST_TEST(result.reason.find("bulk-enablement") != std::string::npos, result.reason);
    }
  BOOST_TEST(run.missing_capabilities.size() == 5u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_is_unknown_not_failed) {
  // Port 1 on loopback refuses connections.
  auto target = testing::http_target_at("http://127.0.0.1:1", "", 0.5);
  const RunOptions options = testing::run_options(Profile::Vendor, *target, "");
  const auto& all = testing::shipped_scenarios();
  std::vector<Scenario> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, all.size())));
  const RunResult run = run_scenarios(*target, first, options);
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().passed == 0u);
  BOOST_TEST(run.summary().unknown + run.summary().skipped == first.size());
}

BOOST_AUTO_TEST_SUITE_END()
