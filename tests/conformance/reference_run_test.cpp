// `ringpool conform --target reference` passes every shipped scenario in every profile, quickly,
// and the same seed gives byte-identical results.
#include "conformance_fixture.hpp"
#include "conformance/response_view.hpp"
#include "control_subset_target.hpp"
#include "reports/json_report.hpp"
#include "reports/html_report.hpp"

#include <chrono>

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

RunResult run_in_process(Profile profile) {
  ReferenceTarget target("conformance-control");
  return run_scenarios(target, testing::shipped_scenarios(), testing::run_options(profile, target, "conformance-control"));
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

BOOST_AUTO_TEST_CASE(the_in_process_reference_is_probed_like_a_live_server_and_has_every_capability) {
  ReferenceTarget target("conformance-control");
  const Capabilities capabilities = probe_capabilities(target, default_world_description(), "conformance-control");
  for (const CapabilityInfo& info : known_capabilities()) BOOST_TEST(capabilities.has(info.name), info.name);
  // With a wrong control token every control endpoint is absent, and says why.
  ReferenceTarget other("conformance-control");
  const Capabilities refused = probe_capabilities(other, default_world_description(), "wrong-token");
  for (const ControlEndpoint& endpoint : control_endpoints()) {
    BOOST_TEST(!refused.has(endpoint.capability), endpoint.capability);
    BOOST_TEST(refused.absent.at(std::string(endpoint.capability)).find("control token was refused") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_control_endpoint_answering_404_during_the_run_skips_the_scenario_never_fails_it) {
  // The target file claims bulk-enablement (so it is not probed), but POST /_control/bulk is 404.
  ReferenceTarget reference("conformance-control");
  testing::ControlSubsetTarget target(reference, {"/_control/clock", "/_control/clock/advance", "/_control/reset",
                                                  "/_control/ring_pools/"});
  RunOptions options = testing::run_options(Profile::Reference, target, "conformance-control");
  options.description.capabilities["bulk-enablement"] = true;
  options.capabilities = probe_capabilities(target, options.description, "conformance-control");
  BOOST_REQUIRE(options.capabilities.has("bulk-enablement"));
  std::vector<Scenario> using_it;
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (std::find(scenario.requires_caps.begin(), scenario.requires_caps.end(), "bulk-enablement") != scenario.requires_caps.end())
      using_it.push_back(scenario);
  BOOST_REQUIRE(using_it.size() >= 2u);
  const RunResult run = run_scenarios(target, using_it, options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().skipped == using_it.size());
  BOOST_TEST(run.summary().checks_passed == 0u);  // a skipped scenario counts no check
  // The first finds it missing during the run; the rest are skipped before they start.
  BOOST_TEST(run.scenarios.front().reason.find("answered 404 during the run") != std::string::npos,
             run.scenarios.front().reason);
  for (const ScenarioResult& result : run.scenarios)
    BOOST_TEST(result.reason.find("needs 'bulk-enablement'") != std::string::npos, result.reason);
  BOOST_REQUIRE(run.missing_capabilities.size() == 1u);
  BOOST_TEST(run.missing_capabilities.front().first == "bulk-enablement");
}

BOOST_AUTO_TEST_CASE(vendor_profile_on_a_clock_only_target_runs_what_needs_only_the_clock) {
  // A step with only [ref] checks (an inspect step) is not sent in the vendor profile, so the
  // scenario runs on a target without the pool view; nothing fails, whatever is skipped says why.
  ReferenceTarget reference("conformance-control");
  testing::ControlSubsetTarget target(reference, {"/_control/clock", "/_control/clock/advance"});
  const RunOptions options = testing::run_options(Profile::Vendor, target, "conformance-control");
  BOOST_TEST(!options.capabilities.has("inspect"));
  const RunResult run = run_scenarios(target, testing::shipped_scenarios(), options);
  BOOST_TEST_INFO(testing::problems_of(run));
  BOOST_TEST(run.summary().failed == 0u);
  BOOST_TEST(run.summary().unknown == 0u);
  for (const ScenarioResult& result : run.scenarios) {
    if (result.id == "local/fill-delay.toml" || result.id == "local/fallback-toll-free.toml" ||
        result.id == "local/fallback-wait.toml")
      BOOST_TEST(result.outcome == Outcome::Passed, result.id << ": " << result.reason);
    if (result.outcome == Outcome::Skipped) BOOST_TEST(result.reason.starts_with("needs "), result.id << ": " << result.reason);
  }
}

// After a scenario the runner deletes the pools it made and restores the default world, so that
// a live server is left as it was; a target whose every scenario starts afresh (in process) is
// spared both. A run listener hears every answer, the clean-up's included (`ringpool check`
// counts the error classes it sees there too).
BOOST_AUTO_TEST_CASE(live_targets_are_cleaned_up_after_a_scenario_fresh_ones_are_not) {
  struct Hearing final : RunListener {
    void exchanged(ApiKind, const api::Request& request, const ResponseView& view) override {
      heard.push_back(request.method + " " + std::to_string(view.response().status));
    }
    std::vector<std::string> heard;
  };
  struct Recording final : Target {
    Recording(Target& wrapped, bool fresh_each_time) : inner(wrapped), afresh(fresh_each_time) {}
    std::string describe() const override { return "recording"; }
    std::string base_url(ApiKind api) const override { return inner.base_url(api); }
    std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
      log.push_back(world ? "begin with a world" : "begin");
      return inner.begin_scenario(seed, world);
    }
    Exchange send(ApiKind api, const api::Request& request) override {
      log.push_back(request.method);
      return inner.send(api, request);
    }
    std::vector<std::string_view> built_in_capabilities() const override { return inner.built_in_capabilities(); }
    bool begins_afresh() const override { return afresh; }
    Target& inner;
    bool afresh;
    std::vector<std::string> log;
  };
  auto scenario = parse_scenario(R"(title = "t"
description = "d"
clauses = ["M-3"]
profile = "vendor"
requires = ["world"]
world_append = "[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-1\"\ncampaign = \"camp-2\"\nid_from_network = \"extra\"\n"

[[step]]
create_pool = "p"
)", "t.toml", "t.toml", ClauseCatalogue::builtin());
  BOOST_TEST_REQUIRE(scenario.has_value(), (scenario ? "" : scenario.error()));
  for (const bool afresh : {false, true}) {
    ReferenceTarget reference("conformance-control");
    Recording target(reference, afresh);
    const RunOptions options = testing::run_options(Profile::Vendor, target, "conformance-control");
    target.log.clear();
    Hearing listener;
    const RunResult run = run_scenarios(target, {*scenario}, options, &listener);
    BOOST_TEST((run.scenarios.front().outcome == Outcome::Passed));
    // Live: the scenario deletes its pool, and at the end of the run the campaign it used is listed
    // once more for anything of the run left behind (cleanup.hpp).
    const std::vector<std::string> live = {"begin with a world", "POST", "DELETE", "begin with a world", "GET"};
    const std::vector<std::string> fresh = {"begin with a world", "POST"};
    BOOST_TEST(target.log == (afresh ? fresh : live), boost::test_tools::per_element());
    const std::vector<std::string> heard_live = {"POST 201", "DELETE 200"};
    const std::vector<std::string> heard_fresh = {"POST 201"};
    BOOST_TEST(listener.heard == (afresh ? heard_fresh : heard_live), boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(same_seed_gives_byte_identical_reports) {
  const RunResult first = run_in_process(Profile::Reference);
  const RunResult second = run_in_process(Profile::Reference);
  const auto& catalogue = ClauseCatalogue::builtin();
  BOOST_TEST(reports::render_json_report(first, catalogue) == reports::render_json_report(second, catalogue));
  BOOST_TEST(reports::render_html(first, catalogue) == reports::render_html(second, catalogue));
}

BOOST_AUTO_TEST_SUITE_END()
