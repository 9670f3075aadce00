// The must-show of issue 20, item 1, over HTTP with the real binary: a vendor's own pools (ids
// `12345`, `x` and one of 255 characters, in each campaign of the target file) read back byte
// for byte the same after `ringpool conform --profile vendor` against `ringpool serve --variant`
// (a valid server that is not the reference) and against `ringpool serve --control`, and no pool
// of the run remains.
#include "tests/conformance/command.hpp"
#include "tests/conformance/server_process.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

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

// The campaigns of network 1 that the variant's and the default world's target files name.
const std::vector<Campaign> kCampaigns = {{"adv-1", "camp-1"}, {"adv-1", "camp-2"}, {"adv-bulk", "camp-bulk"}};

std::string path_of(const Campaign& campaign, const std::string& id = {}) {
  return fmt::format("/api/2022-08-01/1/advertisers/{}/advertiser_campaigns/{}/ring_pools{}", campaign.advertiser,
                     campaign.campaign, id.empty() ? ".json" : "/" + id + ".json");
}

// The vendor's ids in the campaign-th campaign: `12345`, `x` and 255 v's in the first; the server
// keeps an id_from_network unique across a network's campaigns ("has already been taken"), so the
// others get their own numeric, one-letter and 255-character ids.
std::vector<std::string> vendor_ids(std::size_t campaign) {
  const char letter = static_cast<char>('x' + campaign);
  return {std::to_string(12345 + campaign), std::string(1, letter), std::string(255, static_cast<char>('v' - campaign))};
}

// Creates the vendor's pools and returns what each reads back as (status and body).
std::vector<std::string> create_vendor_pools(httplib::Client& client) {
  for (std::size_t c = 0; c < kCampaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const Campaign& campaign = kCampaigns[c];
      const auto created = client.Post(path_of(campaign), {{"Authorization", "demo-token"}},
                                       nlohmann::json{{"id_from_network", id}, {"name", "the vendor's own"}, {"max_pool_size", 3},
                                                      {"fill_immediately", true}}
                                           .dump(),
                                       "application/json");
      BOOST_REQUIRE(created && created->status < 300);
    }
  std::vector<std::string> out;
  for (std::size_t c = 0; c < kCampaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const auto read = client.Get(path_of(kCampaigns[c], id), {{"Authorization", "demo-token"}});
      BOOST_REQUIRE(read);
      out.push_back(std::to_string(read->status) + " " + read->body);
    }
  return out;
}

// Every campaign's ids, as listed.
std::map<std::string, std::set<std::string>> listed_ids(httplib::Client& client) {
  std::map<std::string, std::set<std::string>> out;
  for (const Campaign& campaign : kCampaigns) {
    const auto listed = client.Get(path_of(campaign), {{"Authorization", "demo-token"}});
    BOOST_REQUIRE(listed && listed->status == 200);
    for (const auto& pool : nlohmann::json::parse(listed->body)) out[campaign.campaign].insert(pool["id_from_network"].get<std::string>());
  }
  return out;
}

void check_vendor_run(const std::vector<std::string>& server_args, const std::string& target_file, const std::string& run_id) {
  ringpool::testing::ServerProcess server(server_args);
  httplib::Client client("127.0.0.1", std::stoi(server.url().substr(server.url().rfind(':') + 1)));
  const std::vector<std::string> before = create_vendor_pools(client);
  const auto listed_before = listed_ids(client);

  const fs::path report = fs::temp_directory_path() / ("ringpool-vendor-run-" + run_id);
  const auto run = run_command(fmt::format("env -u RINGPOOL_TOKEN RINGPOOL_CONTROL_TOKEN=ctl {} conform --target {} {} "
                                           "--profile vendor --run-id {} --quiet --report {}",
                                           ringpool_binary(), server.url(), target_file.empty() ? "" : "--target-file " + target_file,
                                           run_id, report.string()));
  BOOST_TEST(run.exit_status == 0, run.output);

  std::size_t at = 0;
  for (std::size_t c = 0; c < kCampaigns.size(); ++c)
    for (const std::string& id : vendor_ids(c)) {
      const Campaign& campaign = kCampaigns[c];
      const auto read = client.Get(path_of(campaign, id), {{"Authorization", "demo-token"}});
      BOOST_REQUIRE(read);
      BOOST_TEST(std::to_string(read->status) + " " + read->body == before[at], campaign.campaign << "/" << id.substr(0, 12));
      ++at;
    }
  // No pool of the run remains, and every campaign lists what it listed before the run.
  const auto listed_after = listed_ids(client);
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
