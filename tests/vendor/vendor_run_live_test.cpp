// The must-show of issue 20, item 1, over HTTP with the real binary: a vendor's own pools (ids
// `12345`, `x` and one of 255 characters, in each campaign of the target file) read back byte
// for byte the same after `ringpool conform --profile vendor` against `ringpool serve --variant`
// (a valid server that is not the reference), against valid servers drawn by the oracle's
// generator (`serve --variant SEED`, with the target file that describes each drawn world) and
// against `ringpool serve --control`, and no pool of the run remains.
#include "tests/conformance/command.hpp"
#include "tests/conformance/server_process.hpp"

#include "conformance/target_description.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using ringpool::testing::ringpool_binary;
using ringpool::testing::run_command;

namespace {

struct Campaign {
  std::string advertiser, campaign;
};

// The primary network of a target file, its token and the campaigns of that network it names.
struct VendorWorld {
  std::int64_t network = 1;
  std::string token = "demo-token";
  std::vector<Campaign> campaigns;
};

// The campaigns of network 1 that the variant's and the default world's target files name.
const VendorWorld kNetworkOne{1, "demo-token", {{"adv-1", "camp-1"}, {"adv-1", "camp-2"}, {"adv-bulk", "camp-bulk"}}};

// What a drawn server's target file names: a drawn world may have one campaign, no Bulk
// advertiser, another token.
VendorWorld world_of(const std::string& target_file_text) {
  auto description = ringpool::conformance::parse_target_description(target_file_text, "drawn.toml");
  BOOST_TEST_REQUIRE(description.has_value(), description.error());
  const ringpool::conformance::NetworkContext& primary = description->contexts.at("primary");
  VendorWorld out{primary.network, primary.token, {}};
  for (const auto& [name, context] : description->contexts) {
    if (context.network != primary.network) continue;
    for (const std::string* campaign : {&context.campaign, &context.second_campaign}) {
      const Campaign entry{context.advertiser, *campaign};
      const bool known = std::ranges::any_of(out.campaigns, [&](const Campaign& c) {
        return c.advertiser == entry.advertiser && c.campaign == entry.campaign;
      });
      if (!campaign->empty() && !known) out.campaigns.push_back(entry);
    }
  }
  return out;
}

// The token goes as the oauth_token parameter, which every valid server takes (M-6 [doc]); a
// drawn server may take only one form of the Authorization header.
std::string path_of(const VendorWorld& world, const Campaign& campaign, const std::string& id = {}) {
  return fmt::format("/api/2022-08-01/{}/advertisers/{}/advertiser_campaigns/{}/ring_pools{}?oauth_token={}", world.network,
                     campaign.advertiser, campaign.campaign, id.empty() ? ".json" : "/" + id + ".json", world.token);
}

// The vendor's ids in the campaign-th campaign: `12345`, `x` and 255 v's in the first; the server
// keeps an id_from_network unique across a network's campaigns ("has already been taken"), so the
// others get their own numeric, one-letter and 255-character ids.
std::vector<std::string> vendor_ids(std::size_t campaign) {
  const char letter = static_cast<char>('x' + campaign);
  return {std::to_string(12345 + campaign), std::string(1, letter), std::string(255, static_cast<char>('v' - campaign))};
}

// Creates the vendor's pools and returns what each reads back as (status and body).
std::vector<std::string> create_vendor_pools(httplib::Client& client, const VendorWorld& world) {
  for (std::size_t c = 0; c < world.campaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const Campaign& campaign = world.campaigns[c];
      const auto created = client.Post(path_of(world, campaign), httplib::Headers{},
                                       nlohmann::json{{"id_from_network", id}, {"name", "the vendor's own"}, {"max_pool_size", 3},
                                                      {"fill_immediately", true}}
                                           .dump(),
                                       "application/json");
      BOOST_REQUIRE(created && created->status < 300);
    }
  std::vector<std::string> out;
  for (std::size_t c = 0; c < world.campaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const auto read = client.Get(path_of(world, world.campaigns[c], id));
      BOOST_REQUIRE(read);
      out.push_back(std::to_string(read->status) + " " + read->body);
    }
  return out;
}

// Every campaign's ids, as listed.
std::map<std::string, std::set<std::string>> listed_ids(httplib::Client& client, const VendorWorld& world) {
  std::map<std::string, std::set<std::string>> out;
  for (const Campaign& campaign : world.campaigns) {
    const auto listed = client.Get(path_of(world, campaign));
    BOOST_REQUIRE(listed && listed->status == 200);
    for (const auto& pool : nlohmann::json::parse(listed->body)) out[campaign.campaign].insert(pool["id_from_network"].get<std::string>());
  }
  return out;
}

void check_vendor_run(const std::vector<std::string>& server_args, const std::string& target_file, const std::string& run_id,
                      const VendorWorld& world = kNetworkOne) {
  ringpool::testing::ServerProcess server(server_args);
  httplib::Client client("127.0.0.1", std::stoi(server.url().substr(server.url().rfind(':') + 1)));
  const std::vector<std::string> before = create_vendor_pools(client, world);
  const auto listed_before = listed_ids(client, world);

  const fs::path report = fs::temp_directory_path() / ("ringpool-vendor-run-" + run_id);
  const auto run = run_command(fmt::format("env -u RINGPOOL_TOKEN RINGPOOL_CONTROL_TOKEN=ctl {} conform --target {} {} "
                                           "--profile vendor --run-id {} --quiet --report {}",
                                           ringpool_binary(), server.url(), target_file.empty() ? "" : "--target-file " + target_file,
                                           run_id, report.string()));
  BOOST_TEST(run.exit_status == 0, run.output);

  std::size_t at = 0;
  for (std::size_t c = 0; c < world.campaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const Campaign& campaign = world.campaigns[c];
      const auto read = client.Get(path_of(world, campaign, id));
      BOOST_REQUIRE(read);
      BOOST_TEST(std::to_string(read->status) + " " + read->body == before[at], campaign.campaign << "/" << id.substr(0, 12));
      ++at;
    }
  // No pool of the run remains, and every campaign lists what it listed before the run.
  const auto listed_after = listed_ids(client, world);
  for (const auto& [campaign, ids] : listed_after) {
    for (const std::string& id : ids) BOOST_TEST(id.find(run_id) == std::string::npos, campaign << " still holds " << id);
    BOOST_TEST((ids == listed_before.at(campaign)), campaign);
  }
  const auto written = nlohmann::json::parse(run_command("cat " + (report / "report.json").string()).output);
  BOOST_TEST(written["leftover_pools"].empty());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vendor_run_live)

BOOST_AUTO_TEST_CASE(the_vendors_pools_are_byte_identical_after_a_vendor_run_against_the_variant) {
  check_vendor_run({"--variant", "--control", "--control-token", "ctl"}, "conformance/targets/variant.toml", "vendorlivevar");
}

// Seed 2 draws Bulk on the whole primary network and a single campaign; 1 and 3 other worlds.
BOOST_AUTO_TEST_CASE(the_vendors_pools_are_byte_identical_after_vendor_runs_against_drawn_valid_servers) {
  for (const int seed : {1, 2, 3}) {
    BOOST_TEST_CONTEXT("serve --variant " << seed) {
      const auto printed = run_command(fmt::format("{} serve --variant {} --print-target-file", ringpool_binary(), seed));
      BOOST_TEST_REQUIRE(printed.exit_status == 0, printed.output);
      const fs::path file = fs::temp_directory_path() / fmt::format("ringpool-vendor-run-drawn-{}.toml", seed);
      std::ofstream(file) << printed.output;
      const VendorWorld world = world_of(printed.output);
      BOOST_TEST_REQUIRE(!world.campaigns.empty());
      check_vendor_run({"--variant", std::to_string(seed), "--control", "--control-token", "ctl"}, file.string(),
                       fmt::format("vendordrawn{}", seed), world);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_vendors_pools_are_byte_identical_after_a_vendor_run_against_the_reference) {
  // The reference's reset would replace its whole world: declared away, as VENDORS.md says.
  const fs::path file = fs::temp_directory_path() / "ringpool-vendor-run-reference.toml";
  std::string text = run_command("cat conformance/targets/default-world.toml").output;
  const std::string from = "capabilities = {}";
  text.replace(text.find(from), from.size(), "capabilities = { reset = false, world = false }");
  std::ofstream(file) << text;
  check_vendor_run({"--control", "--control-token", "ctl"}, file.string(), "vendorliveref");
}

BOOST_AUTO_TEST_SUITE_END()
