// Pools declared in a world file (spec W-5): pool type, per-pool parameter names, served_by and
// the local settings, each checked with a positioned error when wrong.
#include "tests/world/world_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool;
using namespace ringpool::world_file::testing;

namespace {

// Two networks (the second with auto ids and bulk on), one ZIP, then `pools`.
std::string world_with_pools(std::string_view pools) {
  return std::string(R"toml(
[[zip]]
zipcode = "90210"
state = "CA"
latitude = 34.0901
longitude = -118.4065

[[network]]
id = 1
host = "n1.test"
tokens = ["t1"]
data_dictionary = ["m1", "m2"]

[[network.advertiser]]
id_from_network = "adv"
campaigns = ["camp", "camp-2"]

[[network.advertiser]]
id_from_network = "adv-bulk"
bulk_enabled = true
campaigns = ["camp"]

[[network]]
id = 2
host = "n2.test"
tokens = ["t2"]
auto_id_from_network = true
bulk_enabled = true
advertiser = [{ id_from_network = "adv", campaigns = ["camp"] }]
)toml") + std::string(pools);
}

const domain::RingPool& pool_named(const domain::World& world, domain::NetworkId network, const std::string& id) {
  return *world.find_pool(world.networks.at(network).pools_by_id_from_network.at(id));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world)

BOOST_AUTO_TEST_CASE(W_5_declared_pool_settings) {
  const domain::World world = load_ok(world_with_pools(R"toml(
[[ring_pool]]
network = 1
advertiser = "adv"
campaign = "camp"
id_from_network = "wizard"
name = "Wizard pool"
type = "ReferralDomainWithSearchTracking"
max_pool_size = 40
lifetime_seconds = 600
fill_immediately = true
allow_overflow = false
preferred = true
parameter_names = ["site", "location"]
served_by = "legacy"
tn_prefix_whitelist = ["213", "455"]
local_center = { zipcode = "90210", tn_prefix = "" }
local_number_preferences = { search_radius_miles = 30, restrict_search_to_state = false, allocation_fallback_strategy = "Wait" }
)toml"));
  const domain::RingPool& pool = pool_named(world, 1, "wizard");
  BOOST_TEST(pool.id == 1);
  BOOST_TEST(pool.network_id == 1);
  BOOST_TEST(pool.advertiser_id == "adv");
  BOOST_TEST(pool.campaign_id == "camp");
  BOOST_TEST(pool.settings.name == "Wizard pool");
  BOOST_TEST((pool.type == domain::PoolType::ReferralDomainWithSearchTracking));
  BOOST_TEST(pool.settings.max_pool_size == 40);
  BOOST_TEST(pool.settings.lifetime_seconds == 600);
  BOOST_TEST(pool.settings.fill_immediately);
  BOOST_TEST(!pool.settings.allow_overflow);
  BOOST_TEST(pool.settings.preferred);
  BOOST_TEST(pool.parameter_names[0] == "site");
  BOOST_TEST(pool.parameter_names[1] == "location");
  BOOST_TEST(pool.parameter_names[2].empty());
  BOOST_TEST(!pool.bulk_served);
  BOOST_TEST_REQUIRE(pool.settings.tn_prefix_whitelist.has_value());
  BOOST_TEST(*pool.settings.tn_prefix_whitelist == (std::vector<std::string>{"213", "455"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(pool.settings.local_center.has_value());
  BOOST_TEST(*pool.settings.local_center->zipcode == "90210");
  BOOST_TEST(*pool.settings.local_center->tn_prefix == "");  // kept as given (M-19)
  BOOST_TEST(!pool.settings.local_center->has_tn_prefix());
  BOOST_TEST_REQUIRE(pool.settings.local_number_preferences.has_value());
  BOOST_TEST(pool.settings.local_number_preferences->search_radius_miles == 30);
  BOOST_TEST(!pool.settings.local_number_preferences->restrict_search_to_state);
  BOOST_TEST((pool.settings.local_number_preferences->allocation_fallback_strategy == domain::FallbackStrategy::Wait));
}

BOOST_AUTO_TEST_CASE(W_5_declared_pool_defaults_and_served_by) {
  const domain::World world = load_ok(world_with_pools(R"toml(
[[ring_pool]]
network = 1
advertiser = "adv"
campaign = "camp"
id_from_network = "plain"

[[ring_pool]]
network = 1
advertiser = "adv-bulk"
campaign = "camp"
id_from_network = "bulk-by-advertiser"

[[ring_pool]]
network = 1
advertiser = "adv-bulk"
campaign = "camp"
id_from_network = "forced-legacy"
served_by = "legacy"

[[ring_pool]]
network = 2
advertiser = "adv"
campaign = "camp"
)toml"));
  const domain::RingPool& plain = pool_named(world, 1, "plain");
  BOOST_TEST((plain.type == domain::PoolType::Custom));
  BOOST_TEST(plain.settings.max_pool_size == 2);
  BOOST_TEST(plain.settings.lifetime_seconds == 1800);
  BOOST_TEST(plain.settings.allow_overflow);
  BOOST_TEST(!plain.settings.fill_immediately);
  BOOST_TEST(!plain.settings.is_local());
  BOOST_TEST(!plain.bulk_served);
  // Without served_by, B-8's creation rule: bulk when the network or the advertiser has it.
  BOOST_TEST(pool_named(world, 1, "bulk-by-advertiser").bulk_served);
  BOOST_TEST(!pool_named(world, 1, "forced-legacy").bulk_served);
  // Network 2 generates the id (auto_id_from_network) and has bulk on.
  BOOST_TEST_REQUIRE(world.networks.at(2).pools_by_id_from_network.size() == 1u);
  const domain::RingPool& generated = *world.find_pool(world.networks.at(2).pools_by_id_from_network.begin()->second);
  BOOST_TEST(!generated.settings.id_from_network.empty());
  BOOST_TEST(generated.bulk_served);
}

BOOST_AUTO_TEST_CASE(world_error_declared_pools) {
  const std::string head = "[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv\"\ncampaign = \"camp\"\n";
  auto pool = [&](std::string_view extra) { return world_with_pools(head + "id_from_network = \"p\"\n" + std::string(extra)); };
  auto fails = [&](const std::string& text, std::string_view at, std::initializer_list<std::string_view> fragments) {
    load_fails(text, line_of(text, at), fragments);
  };

  fails(pool("kind = \"Custom\"\n"), "kind =", {"ring_pool \"p\": unknown key \"kind\"", "type"});
  fails(pool("type = \"Referral\"\n"), "type =", {"\"type\" must be one of \"Custom\"", "not \"Referral\""});
  fails(pool("type = \"custom\"\n"), "type =", {"\"type\" must be one of"});
  fails(pool("served_by = \"both\"\n"), "served_by", {"\"served_by\" must be \"legacy\" or \"bulk\""});
  fails(pool("max_pool_size = 0\n"), "max_pool_size", {"\"max_pool_size\" must be an integer from 1 to 10000"});
  fails(pool("max_pool_size = 10001\n"), "max_pool_size", {"not 10001"});
  fails(pool("lifetime_seconds = 59\n"), "lifetime_seconds", {"from 60 to 2592000"});
  fails(pool("preferred = \"true\"\n"), "preferred", {"\"preferred\" must be true or false"});
  fails(pool("parameter_names = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\", \"j\", \"k\"]\n"),
        "parameter_names", {"at most 10 strings"});
  fails(pool("parameter_names = [\"site\", \"site\"]\n"), "parameter_names", {"lists \"site\" twice"});
  fails(pool("parameter_names = [\"pid\"]\n"), "parameter_names", {"the network's affiliate parameter"});
  fails(pool("parameter_names = [\"search_engine\"]\n"), "parameter_names", {"fixed meaning"});
  fails(pool("parameter_names = [\"has space\"]\n"), "parameter_names", {"a parameter name"});
  fails(pool("tn_prefix_whitelist = [\"123\"]\n"), "tn_prefix_whitelist", {"an NPA such as"});
  fails(pool("local_center = { zipcode = \"99999\" }\n"), "local_center",
        {"ring_pool \"p\", local_center: \"zipcode\" \"99999\" is not in the world's ZIP table"});
  fails(pool("local_center = { zip = \"90210\" }\n"), "local_center", {"unknown key \"zip\"", "zipcode"});
  fails(pool("local_center = { latitude = 34.0 }\n"), "local_center", {"\"latitude\" and \"longitude\" must be given together"});
  fails(pool("local_center = { tn_prefix = \"\" }\n"), "local_center", {"needs a non-empty \"tn_prefix\""});
  fails(pool("local_center = { tn_prefix = \"21\" }\n"), "local_center", {"\"tn_prefix\" must be an NPA"});
  fails(pool("local_center = { latitude = 95, longitude = 0 }\n"), "local_center", {"from -90 to 90"});
  fails(pool("local_center = \"90210\"\n"), "local_center", {"\"local_center\" must be a table"});
  fails(pool("local_number_preferences = { allocation_fallback_strategy = \"Toll\" }\n"), "local_number_preferences",
        {"\"UseTollFree\" or \"Wait\""});
  fails(pool("local_number_preferences = { search_radius_miles = -1 }\n"), "local_number_preferences",
        {"\"search_radius_miles\" must be an integer from 0 to"});
  fails(pool("local_number_preferences = { radius = 5 }\n"), "local_number_preferences", {"unknown key \"radius\""});

  // The address must name what the file declares.
  fails(world_with_pools("[[ring_pool]]\nnetwork = 9\nadvertiser = \"adv\"\ncampaign = \"camp\"\nid_from_network = \"p\"\n"),
        "network = 9", {"\"network\" 9 is not a [[network]] of this world"});
  fails(world_with_pools("[[ring_pool]]\nnetwork = 1\nadvertiser = \"nobody\"\ncampaign = \"camp\"\n"),
        "advertiser = \"nobody\"", {"\"advertiser\" \"nobody\" is not an advertiser of network 1"});
  fails(world_with_pools("[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv\"\ncampaign = \"nothing\"\n"),
        "campaign = \"nothing\"", {"\"campaign\" \"nothing\" is not a campaign of advertiser \"adv\""});
  fails(world_with_pools(head), "[[ring_pool]]", {"\"id_from_network\" is required (network 1 has no auto_id_from_network)"});

  // An id_from_network is unique in the network, across its campaigns (M-9).
  const std::string twice = world_with_pools(head + "id_from_network = \"p\"\n" +
                                             "[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv\"\ncampaign = \"camp-2\"\n"
                                             "id_from_network = \"p\"\n");
  const int first_line = line_of(twice, "id_from_network = \"p\"");
  const auto error = load_fails(twice, first_line + 5, {"\"id_from_network\" \"p\" is already used in network 1"});
  BOOST_TEST(error.message.find("line " + std::to_string(first_line)) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
