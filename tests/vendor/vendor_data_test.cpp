// A vendor's run touches only what it created (issue 20, item 1): the whole suite runs against a
// server that keeps its world from one scenario to the next and already holds the vendor's own
// pools (ids `12345`, `x` and one of 255 characters, in every campaign the target file names).
// Afterwards each of them reads back byte for byte as before, no pool of the run is left, and no
// state-changing request ever addressed an id that was not the run's own.
#include "conformance/cleanup.hpp"
#include "conformance/placeholders.hpp"
#include "conformance/probe.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario_parser.hpp"
#include "live_looking_target.hpp"
#include "tests/conformance/conformance_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <map>

using namespace ringpool;
using namespace ringpool::conformance;

namespace {

constexpr const char* kVendorControl = "vendor-control";

struct VendorPool {
  std::string table, campaign, id;
};

// The vendor's own pools: three ids in each campaign of every table of the default description.
std::vector<VendorPool> vendor_pools(const TargetDescription& description) {
  std::vector<VendorPool> out;
  for (const auto& [table, context] : description.contexts) {
    if (table == "tags") continue;  // the tag network needs an obfuscated_tag_id only with destinations: kept simple
    std::vector<std::string> campaigns{context.campaign};
    if (!context.second_campaign.empty()) campaigns.push_back(context.second_campaign);
    // `12345`, `x` and 255 v's in the first campaign; an id_from_network is unique across a
    // network's campaigns, so each other campaign gets its own numeric, short and long ids.
    for (const std::string& campaign : campaigns) {
      const std::size_t k = out.size() / 3;
      const char letter = static_cast<char>('x' - static_cast<int>(k));
      for (const std::string& id : {std::to_string(12345 + k), std::string(1, letter), std::string(255, static_cast<char>('v' - k))})
        out.push_back({table, campaign, id});
    }
  }
  return out;
}

api::Request management(const NetworkContext& context, const std::string& campaign, std::string method, const std::string& id,
                        std::string body = {}) {
  std::string target = fmt::format("/api/2022-08-01/{}/advertisers/{}/advertiser_campaigns/{}/ring_pools", context.network,
                                   context.advertiser, campaign);
  target += id.empty() ? ".json" : "/" + id + ".json";
  api::Request request = api::make_request(std::move(method), target, std::move(body), {{"Authorization", context.token}});
  if (!request.body.empty()) request.headers.emplace("Content-Type", "application/json");
  return request;
}

std::string read_back(Target& target, const TargetDescription& description, const VendorPool& pool) {
  const Exchange exchange = target.send(ApiKind::Management, management(*description.context(pool.table), pool.campaign, "GET", pool.id));
  BOOST_REQUIRE(exchange.response.has_value());
  return std::to_string(exchange.response->status) + " " + exchange.response->body;
}

// Every id_from_network a campaign lists.
std::vector<std::string> listed(Target& target, const NetworkContext& context, const std::string& campaign) {
  const Exchange exchange = target.send(ApiKind::Management, management(context, campaign, "GET", ""));
  std::vector<std::string> out;
  if (!exchange.response) return out;
  for (const auto& pool : nlohmann::json::parse(exchange.response->body, nullptr, false))
    if (pool.is_object() && pool.contains("id_from_network")) out.push_back(pool["id_from_network"].get<std::string>());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vendor_data)

BOOST_AUTO_TEST_CASE(a_run_leaves_the_vendors_pools_byte_identical_and_none_of_its_own) {
  for (const Profile profile : {Profile::Vendor, Profile::Strict}) {
    BOOST_TEST_CONTEXT("profile " << profile_name(profile)) {
      testing::LiveLookingTarget target(kVendorControl);
      TargetDescription description = default_world_description();
      // What VENDORS.md tells a vendor with data to keep: the suite must not reset the server.
      description.capabilities.insert_or_assign("reset", false);
      description.capabilities.insert_or_assign("world", false);
      const std::vector<VendorPool> pools = vendor_pools(description);
      std::map<std::size_t, std::string> before;
      for (std::size_t i = 0; i < pools.size(); ++i) {
        const NetworkContext& context = *description.context(pools[i].table);
        const Exchange created = target.send(
            ApiKind::Management, management(context, pools[i].campaign, "POST", "",
                                            nlohmann::json{{"id_from_network", pools[i].id}, {"name", "the vendor's own"},
                                                           {"max_pool_size", 3}, {"fill_immediately", true}}
                                                .dump()));
        BOOST_REQUIRE(created.response && created.response->status < 300);
        before[i] = read_back(target, description, pools[i]);
      }

      RunOptions options;
      options.profile = profile;
      options.run_id = "vendorrun";
      options.description = description;
      options.control_token = kVendorControl;
      options.capabilities = probe_capabilities(target, description, kVendorControl);
      options.deterministic = true;
      const RunResult run = run_scenarios(target, testing::shipped_scenarios(), options);

      for (std::size_t i = 0; i < pools.size(); ++i)
        BOOST_TEST(read_back(target, description, pools[i]) == before[i], pools[i].table << " " << pools[i].campaign << " " << pools[i].id.substr(0, 12));
      for (const auto& [table, context] : description.contexts)
        for (const std::string& campaign : {context.campaign, context.second_campaign}) {
          if (campaign.empty()) continue;
          for (const std::string& id : listed(target, context, campaign))
            BOOST_TEST(id.find("vendorrun") == std::string::npos, table << "/" << campaign << " still holds " << id);
        }
      BOOST_TEST(run.leftover_pools.empty());

      // Every id a state-changing request addressed was the run's own (or one the server made up).
      std::size_t addressed = 0;
      for (const testing::AddressedId& sent : target.addressed()) {
        if (sent.target.find("/ring_pools") == std::string::npos) continue;
        ++addressed;
        const bool numeric_own = sent.id.size() == 15 && sent.id.front() == '1' &&
                                 sent.id.find_first_not_of("0123456789") == std::string::npos;
        BOOST_TEST((sent.id.find("vendorrun") != std::string::npos || target.server_named().contains(sent.id) || numeric_own),
                   sent.method << " " << sent.target.substr(0, 120) << " addressed '" << sent.id.substr(0, 40) << "'");
      }
      BOOST_TEST(addressed > 200u);
      // The steps a live server is spared are reported, not silently dropped.
      std::size_t not_sent = 0;
      for (const ScenarioResult& scenario : run.scenarios)
        for (const CheckResult& check : scenario.checks) not_sent += check.what == "not sent" ? 1 : 0;
      if (profile == Profile::Strict) BOOST_TEST(not_sent >= 1u);  // the empty id_from_network
    }
  }
}

BOOST_AUTO_TEST_CASE(run_number_is_fifteen_digits_unique_per_scenario_and_sent_as_a_number) {
  const std::int64_t a = run_number(scenario_run_prefix("run", "management/a.toml"));
  const std::int64_t b = run_number(scenario_run_prefix("run", "management/b.toml"));
  BOOST_TEST(a != b);
  BOOST_TEST(std::to_string(a).size() == 15u);
  BOOST_TEST(a < (std::int64_t{1} << 53));  // exact in any JSON reader
}

BOOST_AUTO_TEST_CASE(bulk_enablement_is_set_back_to_what_the_target_file_declares) {
  const TargetDescription& description = default_world_description();
  BOOST_TEST(declared_bulk_enabled(description, "bulk", "advertiser"));
  BOOST_TEST(declared_bulk_enabled(description, "bulk", "affiliate"));
  BOOST_TEST(!declared_bulk_enabled(description, "bulk", "network"));
  BOOST_TEST(!declared_bulk_enabled(description, "primary", "advertiser"));
  BOOST_TEST(!declared_bulk_enabled(description, "primary", "network"));
}

BOOST_AUTO_TEST_CASE(a_scenario_that_stops_after_enabling_bulk_leaves_enablement_as_declared) {
  // The scenario enables Bulk for the whole primary network, then fails (a status no server
  // answers) before it can disable it: its clean-up sets it back, so a later pool is legacy.
  const auto scenario = parse_scenario(R"(
title = "enables bulk and stops"
clauses = ["B-8"]
profile = "vendor"
requires = ["bulk-enablement"]
[[step]]
set_bulk = "network"
enabled = true
clause = "T-4"
[[step]]
create_pool = "p"
body = { max_pool_size = 3, fill_immediately = true }
clause = "M-3"
expect = { status = 299 }
)",
                                       "stops.toml", "stops.toml", ClauseCatalogue::builtin());
  BOOST_REQUIRE_MESSAGE(scenario.has_value(), (scenario ? std::string() : scenario.error()));
  testing::LiveLookingTarget target(kVendorControl);
  RunOptions options;
  options.profile = Profile::Vendor;
  options.run_id = "bulkrun";
  options.description = default_world_description();
  options.control_token = kVendorControl;
  options.capabilities = probe_capabilities(target, options.description, kVendorControl);
  const RunResult run = run_scenarios(target, {*scenario}, options);
  BOOST_REQUIRE(run.scenarios.size() == 1u);
  BOOST_TEST(run.scenarios[0].outcome == Outcome::Failed);
  const NetworkContext& primary = *options.description.context("primary");
  const Exchange created = target.send(ApiKind::Management,
                                       management(primary, primary.campaign, "POST", "",
                                                  R"({"id_from_network":"after-bulkrun","fill_immediately":true})"));
  BOOST_REQUIRE(created.response && created.response->status < 300);
  const auto pool = nlohmann::json::parse(created.response->body);
  const Exchange allocated = target.send(
      ApiKind::Allocation, api::make_request("GET", fmt::format("/api/2015-12-09/ring_pools/{}/allocate_number.json?ring_pool_key={}&site=a",
                                                                pool["id"].get<std::int64_t>(), pool["api_key"].get<std::string>())));
  BOOST_REQUIRE(allocated.response.has_value());
  BOOST_TEST(allocated.response->status == 200, allocated.response->body);  // legacy-served: Bulk is off again
}

BOOST_AUTO_TEST_SUITE_END()
