// The same scenarios against `ringpool serve` over loopback HTTP, started by the test: with
// --control everything passes; without it the time-dependent scenarios are skipped with a reason,
// never passed; an unreachable server is reported as unknown, never as pass or spec failure.
#include "conformance_fixture.hpp"
#include "conformance/http_target.hpp"
#include "server_process.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

std::unique_ptr<HttpTarget> target_at(const std::string& url, const std::string& control_token, double timeout = 10) {
  auto target = HttpTarget::create({url, url, url, url}, timeout, control_token);
  BOOST_REQUIRE(target.has_value());
  return std::move(*target);
}

bool needs(const Scenario& scenario, const char* capability) {
  return std::find(scenario.requires_caps.begin(), scenario.requires_caps.end(), capability) != scenario.requires_caps.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(live_server)

BOOST_AUTO_TEST_CASE(serve_with_control_passes_every_scenario_over_http) {
  testing::ServerProcess server({"--control", "--control-token", "live-token"});
  auto target = target_at(server.url(), "live-token");
  const RunOptions options = testing::run_options(Profile::Reference, *target, false, "live-token");
  BOOST_TEST(options.capabilities.contains("control"));
  BOOST_TEST(options.capabilities.contains("world"));
  const RunResult run = run_scenarios(*target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  BOOST_TEST(run.summary().skipped == 0u);
}

BOOST_AUTO_TEST_CASE(serve_without_control_skips_time_dependent_scenarios_with_a_reason) {
  testing::ServerProcess server({});
  auto target = target_at(server.url(), "");
  const RunOptions options = testing::run_options(Profile::Strict, *target, false, "");
  BOOST_TEST(!options.capabilities.contains("control"));
  const RunResult run = run_scenarios(*target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  std::size_t control_scenarios = 0;
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    const Scenario& scenario = testing::shipped_scenarios()[i];
    if (!needs(scenario, "control") || scenario.profile == Profile::Reference) continue;
    ++control_scenarios;
    BOOST_TEST(run.scenarios[i].outcome == Outcome::Skipped, scenario.id);
    BOOST_TEST(run.scenarios[i].reason.find("control") != std::string::npos, run.scenarios[i].reason);
  }
  BOOST_TEST(control_scenarios > 0u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_is_unknown_not_failed) {
  // Port 1 on loopback refuses connections.
  auto target = target_at("http://127.0.0.1:1", "", 0.5);
  const RunOptions options = testing::run_options(Profile::Vendor, *target, false, "");
  const auto& all = testing::shipped_scenarios();
  std::vector<Scenario> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(3, all.size())));
  const RunResult run = run_scenarios(*target, first, options);
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().passed == 0u);
  BOOST_TEST(run.summary().unknown + run.summary().skipped == first.size());
}

BOOST_AUTO_TEST_SUITE_END()
