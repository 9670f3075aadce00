// `ringpool conform --target variant`: a server that meets every [doc] clause and chooses
// differently at every [dec] and [ref] one. The vendor profile must pass it with zero failures
// (no false failures) and the strict profile must fail it, on [dec] clauses only.
#include "conformance_fixture.hpp"

#include "conformance/http_target.hpp"
#include "conformance/variant_target.hpp"
#include "server_process.hpp"

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

constexpr const char* kToken = "conformance-control";

RunResult run_variant(Profile profile) {
  VariantTarget target(kToken);
  RunOptions options = testing::run_options(profile, target, kToken);
  options.description = variant_description();
  options.capabilities = probe_capabilities(target, options.description, kToken);
  options.reproduce_prefix = "ringpool conform --target variant";
  return run_scenarios(target, testing::shipped_scenarios(), options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(variant_target)

BOOST_AUTO_TEST_CASE(capabilities_are_a_clock_only_control_api_and_a_bulk_advertiser) {
  VariantTarget target(kToken);
  BOOST_REQUIRE(target.begin_scenario(1, std::nullopt));
  const Capabilities capabilities = probe_capabilities(target, variant_description(), kToken);
  const std::set<std::string, std::less<>> expected{std::string(capability::kBulk), std::string(capability::kClock),
                                                    std::string(capability::kClockAdvance)};
  BOOST_TEST((capabilities.present == expected));
  // It refuses world files rather than ignoring them.
  BOOST_TEST(!target.begin_scenario(1, std::string("start = \"2026-01-01T00:00:00Z\"")));
}

BOOST_AUTO_TEST_CASE(vendor_profile_has_zero_failures) {
  const RunResult run = run_variant(Profile::Vendor);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u, "false failures on the variant");
  BOOST_TEST(run.summary().unknown == 0u);
  BOOST_TEST(run.summary().passed >= 60u);  // the vendor scenarios that need no world, white-box or second network
  // A scenario that needs a control endpoint the variant lacks is skipped, saying which.
  for (const ScenarioResult& scenario : run.scenarios)
    if (scenario.id == "bulk/enablement-via-control-api.toml") {
      BOOST_TEST(scenario.outcome == Outcome::Skipped);
      BOOST_TEST(scenario.reason.find("bulk-enablement") != std::string::npos, scenario.reason);
    }
}

BOOST_AUTO_TEST_CASE(strict_profile_fails_on_dec_clauses_only) {
  const RunResult run = run_variant(Profile::Strict);
  BOOST_TEST(run.summary().failed > 0u);
  std::string not_dec;
  for (const ScenarioResult& scenario : run.scenarios)
    for (const CheckResult& check : scenario.checks)
      if (check.outcome == Outcome::Failed && check.level != Level::Dec)
        not_dec += scenario.id + ": " + check.clause + " [" + level_name(check.level) + "] " + check.what + "\n";
  BOOST_TEST(not_dec.empty(), "failed checks above [dec]:\n" << not_dec);
  // A few of the flips the strict profile must see.
  const std::set<std::string> failed = testing::failed_clauses(run);
  for (const char* clause : {"M-1", "M-3", "A-4", "P-4"})
    BOOST_TEST(failed.contains(clause), clause << " not failed; failed: " << testing::problems_of(run));
}

BOOST_AUTO_TEST_CASE(serve_variant_over_http_answers_as_in_process) {
  testing::ServerProcess server({"--variant", "--control", "--control-token", kToken});
  auto target = HttpTarget::create(HttpTargetUrls{server.url(), server.url(), server.url(), server.url()}, 10, kToken);
  BOOST_REQUIRE(target);
  RunOptions options = testing::run_options(Profile::Vendor, **target, kToken);
  options.description = variant_description();
  options.capabilities = probe_capabilities(**target, options.description, kToken);
  // Not taken for a ringpool reference: only the clock endpoints, no world or fault injection.
  const std::set<std::string, std::less<>> expected{std::string(capability::kBulk), std::string(capability::kClock),
                                                    std::string(capability::kClockAdvance)};
  BOOST_TEST((options.capabilities.present == expected));
  const RunResult run = run_scenarios(**target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
}

BOOST_AUTO_TEST_CASE(serve_control_endpoints_limits_the_control_api) {
  testing::ServerProcess server({"--control", "--control-token", kToken, "--control-endpoints", "clock,clock-advance"});
  auto target = HttpTarget::create(HttpTargetUrls{server.url(), server.url(), server.url(), server.url()}, 10, kToken);
  BOOST_REQUIRE(target);
  const api::Headers token{{"X-Control-Token", kToken}};
  const auto status_of = [&](const char* method, const char* path, std::string body) {
    const Exchange exchange = (*target)->send(ApiKind::Control, api::make_request(method, path, std::move(body), token));
    return exchange.response ? exchange.response->status : 0;
  };
  BOOST_TEST(status_of("GET", "/_control/clock", "") == 200);
  BOOST_TEST(status_of("POST", "/_control/clock/advance", R"({"seconds": 1})") == 200);
  BOOST_TEST(status_of("POST", "/_control/reset", "{}") == 404);
  BOOST_TEST(status_of("GET", "/_control/ring_pools/1", "") == 404);
}

BOOST_AUTO_TEST_SUITE_END()
