// World files (spec W-1..W-4): what a well-formed file loads into. Errors are in
// world_file_errors_test.cpp, the default world in default_world_test.cpp.
#include "tests/world/world_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

using namespace ringpool;
using namespace ringpool::world_file::testing;

BOOST_AUTO_TEST_SUITE(world)

BOOST_AUTO_TEST_CASE(W_1_network_fields) {
  const domain::World world = load_ok(R"toml(
[[network]]
id = 7
host = "calls.example.test"
tokens = ["first-token", "second-token"]
tag_destinations = true
auto_id_from_network = true
affiliate_parameter = "publisher"
data_dictionary = ["site", "location"]
bulk_enabled = true

[[network]]
id = 8
host = "defaults.example.test"
tokens = ["t8"]
)toml");
  BOOST_TEST_REQUIRE(world.networks.size() == 2u);
  const domain::Network& network = world.networks.at(7);
  BOOST_TEST(network.id == 7);
  BOOST_TEST(network.host == "calls.example.test");
  BOOST_TEST(network.tokens == (std::vector<std::string>{"first-token", "second-token"}),
             boost::test_tools::per_element());
  BOOST_TEST(network.has_token("second-token"));
  BOOST_TEST(network.tag_destinations);
  BOOST_TEST(network.auto_id_from_network);
  BOOST_TEST(network.affiliate_parameter == "publisher");
  BOOST_TEST(network.data_dictionary == (std::vector<std::string>{"site", "location"}),
             boost::test_tools::per_element());
  BOOST_TEST(network.bulk_enabled);

  // W-1's defaults: affiliate parameter "pid", every flag off, no dictionary.
  const domain::Network& defaults = world.networks.at(8);
  BOOST_TEST(defaults.affiliate_parameter == "pid");
  BOOST_TEST(!defaults.tag_destinations);
  BOOST_TEST(!defaults.auto_id_from_network);
  BOOST_TEST(!defaults.bulk_enabled);
  BOOST_TEST(defaults.data_dictionary.empty());
  BOOST_TEST(defaults.advertisers.empty());
  BOOST_TEST(defaults.inventory.empty());
}

BOOST_AUTO_TEST_CASE(W_2_advertisers_affiliates_campaigns) {
  const domain::World world = load_ok(R"toml(
[[network]]
id = 1
host = "n1.test"
tokens = ["t1"]

[[network.advertiser]]
id_from_network = "adv-1"
campaigns = ["camp-1", "camp-2"]

[[network.advertiser]]
id_from_network = "adv-bulk"
bulk_enabled = true

[[network.affiliate]]
id_from_network = "5567"

[[network.affiliate]]
id_from_network = "bulk-pub"
bulk_enabled = true

[[network]]
id = 2
host = "n2.test"
tokens = ["t2"]
# The same ids in another network are another network's business (W-2: unique in the network).
advertiser = [{ id_from_network = "adv-1", campaigns = ["camp-1"] }]
affiliate = [{ id_from_network = "5567" }]
)toml");
  const domain::Network& network = world.networks.at(1);
  BOOST_TEST_REQUIRE(network.advertisers.size() == 2u);
  const domain::Advertiser& advertiser = network.advertisers.at("adv-1");
  BOOST_TEST(advertiser.id_from_network == "adv-1");
  BOOST_TEST(!advertiser.bulk_enabled);
  BOOST_TEST_REQUIRE(advertiser.campaigns.size() == 2u);
  BOOST_TEST(advertiser.campaigns.at("camp-2").id_from_network == "camp-2");
  BOOST_TEST(advertiser.campaigns.at("camp-1").pools.empty());
  BOOST_TEST(network.advertisers.at("adv-bulk").bulk_enabled);
  BOOST_TEST(network.advertisers.at("adv-bulk").campaigns.empty());
  BOOST_TEST_REQUIRE(network.affiliates.size() == 2u);
  BOOST_TEST(!network.affiliates.at("5567").bulk_enabled);
  BOOST_TEST(network.affiliates.at("bulk-pub").bulk_enabled);
  BOOST_TEST(world.networks.at(2).advertisers.at("adv-1").campaigns.contains("camp-1"));
  BOOST_TEST(world.networks.at(2).affiliates.contains("5567"));
}

BOOST_AUTO_TEST_CASE(W_3_inventory_kinds) {
  // Ranges declared out of order, in several of C-2's number formats.
  const domain::World world = load_ok(R"toml(
[[network]]
id = 1
host = "n1.test"
tokens = ["t1"]
inventory = [
  { kind = "local", first = "(212) 555-0100", count = 3, state = "NY", latitude = 40.7831, longitude = -73.9712 },
  { kind = "toll_free", first = "8885550000", count = 2 },
  { kind = "toll_free", first = "+1 800 555 0000" },
  { kind = "local", first = "213.555.0100", count = 2, state = "CA", latitude = 34, longitude = -118.2437 },
]

[[network]]
id = 2
host = "n2.test"
tokens = ["t2"]

[[network.inventory]]
kind = "toll_free"
first = "877-555-0000"
count = 4
)toml");
  const std::vector<domain::InventoryNumber>& inventory = world.networks.at(1).inventory.all();
  std::vector<std::string> numbers;
  for (const auto& entry : inventory) numbers.push_back(entry.number.str());
  BOOST_TEST(numbers == (std::vector<std::string>{"2125550100", "2125550101", "2125550102", "2135550100",
                                                  "2135550101", "8005550000", "8885550000", "8885550001"}),
             boost::test_tools::per_element());

  const domain::InventoryNumber& local = inventory.front();
  BOOST_TEST((local.kind == domain::NumberKind::Local));
  BOOST_TEST(local.state == "NY");
  BOOST_TEST(local.location.latitude == 40.7831);
  BOOST_TEST(local.location.longitude == -73.9712);
  BOOST_TEST(inventory[3].location.latitude == 34.0);  // an integer coordinate is accepted

  const domain::InventoryNumber& toll_free = inventory.back();
  BOOST_TEST((toll_free.kind == domain::NumberKind::TollFree));
  BOOST_TEST(toll_free.state.empty());

  BOOST_TEST(world.networks.at(2).inventory.size() == 4u);
  BOOST_TEST(world.networks.at(2).inventory.back().number.str() == "8775550003");
}

BOOST_AUTO_TEST_CASE(W_4_zip_table) {
  // [[zip]] tables here; the default world uses the equivalent inline form (zip = [{...}, ...]).
  const domain::World world = load_ok(std::string(R"toml(
[[zip]]
zipcode = "90210"
state = "CA"
latitude = 34.0901
longitude = -118.4065

[[zip]]
zipcode = "02108"
state = "MA"
latitude = 42.3576
longitude = -71.0636

[[zip]]
zipcode = "10001"
state = "NY"
latitude = 40.7506
longitude = -73.9972
)toml") + std::string(kMinimalNetwork));
  BOOST_TEST(world.zips.size() == 3u);
  const domain::ZipEntry* beverly_hills = world.zips.find("90210");
  BOOST_TEST_REQUIRE(beverly_hills != nullptr);
  BOOST_TEST(beverly_hills->state == "CA");
  BOOST_TEST(beverly_hills->location.latitude == 34.0901);
  BOOST_TEST(beverly_hills->location.longitude == -118.4065);
  // A leading zero is kept: ZIPs are strings, never numbers.
  BOOST_TEST_REQUIRE(world.zips.find("02108") != nullptr);
  BOOST_TEST(world.zips.find("02108")->state == "MA");
  BOOST_TEST(world.zips.nearest(domain::Coordinates{40.71, -74.0})->zipcode == "10001");
}

BOOST_AUTO_TEST_CASE(world_start_policy_and_faults) {
  const domain::World defaults = load_ok(kMinimalNetwork);
  BOOST_TEST(defaults.epoch == sim::kDefaultEpoch);
  BOOST_TEST(defaults.policy.aging_seconds == 86400);
  BOOST_TEST(defaults.faults.internal_error_probability == 0.0);

  const domain::World world = load_ok(std::string(R"toml(
start = "2026-03-01T12:00:00Z"

[policy]
reuse_quarantine_seconds = 30
autoscale_interval_seconds = 60
grow_threshold = 0.75
grow_percent = 50
max_grow_step = 10
provision_delay_seconds = 5
shrink_policy = "idle"
shrink_idle_seconds = 3600
aging_seconds = 0
local_fill_delay_seconds = 0
local_retry_seconds = 120

[faults]
internal_error_probability = 0.25
inventory_exhausted = true
extra_provision_delay_seconds = 7
)toml") + std::string(kMinimalNetwork));
  BOOST_TEST(world.epoch == *sim::parse_iso8601("2026-03-01T12:00:00Z"));
  const domain::ReferencePolicy& policy = world.policy;
  BOOST_TEST(policy.reuse_quarantine_seconds == 30);
  BOOST_TEST(policy.autoscale_interval_seconds == 60);
  BOOST_TEST(policy.grow_threshold == 0.75);
  BOOST_TEST(policy.grow_percent == 50);
  BOOST_TEST(policy.max_grow_step == 10);
  BOOST_TEST(policy.provision_delay_seconds == 5);
  BOOST_TEST((policy.shrink_policy == domain::ShrinkPolicy::Idle));
  BOOST_TEST(policy.shrink_idle_seconds == 3600);
  BOOST_TEST(policy.aging_seconds == 0);
  BOOST_TEST(policy.local_fill_delay_seconds == 0);
  BOOST_TEST(policy.local_retry_seconds == 120);
  BOOST_TEST(world.faults.internal_error_probability == 0.25);
  BOOST_TEST(world.faults.inventory_exhausted);
  BOOST_TEST(world.faults.extra_provision_delay_seconds == 7);
}

BOOST_AUTO_TEST_CASE(world_start_as_toml_date_time) {
  // A native TOML offset date-time works too; the offset is honoured.
  const domain::World world = load_ok("start = 2026-03-01T13:30:00+01:30\n" + std::string(kMinimalNetwork));
  BOOST_TEST(world.epoch == *sim::parse_iso8601("2026-03-01T12:00:00Z"));
}

BOOST_AUTO_TEST_CASE(world_seed_reaches_the_world) {
  const auto world = world_file::load_world(kMinimalNetwork, "test", 99);
  BOOST_TEST_REQUIRE(world.has_value());
  BOOST_TEST(world->seed() == 99u);
}

BOOST_AUTO_TEST_SUITE_END()
