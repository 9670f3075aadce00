// The default world (spec W-5): the names other tests rely on, and the inventory and ZIP table a
// newcomer's local pools need (counts, real NPAs, coordinates near the ZIPs of their state).
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>

using namespace ringpool;

namespace {

// The real geographic NPAs the default world uses, with the state each serves (NANPA). A local
// number outside this list, or in the wrong state, is a typo in worlds/default.toml.
const std::map<std::uint32_t, std::string> kRealNpaStates = {
    {202, "DC"}, {206, "WA"}, {210, "TX"}, {212, "NY"}, {213, "CA"}, {214, "TX"}, {215, "PA"},
    {216, "OH"}, {303, "CO"}, {305, "FL"}, {310, "CA"}, {312, "IL"}, {313, "MI"}, {314, "MO"},
    {323, "CA"}, {404, "GA"}, {407, "FL"}, {408, "CA"}, {412, "PA"}, {415, "CA"}, {503, "OR"},
    {504, "LA"}, {512, "TX"}, {518, "NY"}, {602, "AZ"}, {612, "MN"}, {614, "OH"}, {615, "TN"},
    {617, "MA"}, {619, "CA"}, {646, "NY"}, {702, "NV"}, {704, "NC"}, {713, "TX"}, {716, "NY"},
    {718, "NY"}, {773, "IL"}, {801, "UT"}, {813, "FL"}, {818, "CA"}, {916, "CA"},
};

constexpr double kRateCentreToZipMilesMax = 150.0;

const domain::World& default_world() {
  static const domain::World world = world_file::load_default_world(1);
  return world;
}

std::size_t count_kind(const domain::Network& network, domain::NumberKind kind) {
  std::size_t count = 0;
  for (const auto& number : network.inventory) count += number.kind == kind ? 1 : 0;
  return count;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world)

BOOST_AUTO_TEST_CASE(W_5_default_world_loads) {
  const auto loaded = world_file::load_world(world_file::default_world_toml(), "default", 1);
  BOOST_TEST_REQUIRE(loaded.has_value(), (loaded ? "" : loaded.error().describe()));
  BOOST_TEST(loaded->epoch == sim::kDefaultEpoch);
  // No [policy] or [faults]: the spec's defaults apply.
  BOOST_TEST(loaded->policy.autoscale_interval_seconds == domain::ReferencePolicy{}.autoscale_interval_seconds);
  BOOST_TEST(loaded->policy.aging_seconds == domain::ReferencePolicy{}.aging_seconds);
  BOOST_TEST(!loaded->faults.inventory_exhausted);
  BOOST_TEST(loaded->faults.internal_error_probability == 0.0);
}

BOOST_AUTO_TEST_CASE(W_5_default_world_contents) {
  const domain::World& world = default_world();
  BOOST_TEST_REQUIRE(world.networks.size() == 3u);

  const domain::Network& demo = world.networks.at(1);
  BOOST_TEST(demo.host == "network1.ringpool.test");
  BOOST_TEST(demo.tokens == std::vector<std::string>{"demo-token"}, boost::test_tools::per_element());
  BOOST_TEST(!demo.tag_destinations);
  BOOST_TEST(!demo.auto_id_from_network);
  BOOST_TEST(!demo.bulk_enabled);
  BOOST_TEST(demo.affiliate_parameter == "pid");
  const std::vector<std::string> dictionary{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"};
  BOOST_TEST(demo.data_dictionary == dictionary, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(demo.advertisers.contains("adv-1"));
  BOOST_TEST(!demo.advertisers.at("adv-1").bulk_enabled);
  BOOST_TEST(demo.advertisers.at("adv-1").campaigns.contains("camp-1"));
  BOOST_TEST(demo.advertisers.at("adv-1").campaigns.contains("camp-2"));
  BOOST_TEST_REQUIRE(demo.advertisers.contains("adv-bulk"));
  BOOST_TEST(demo.advertisers.at("adv-bulk").bulk_enabled);
  BOOST_TEST(demo.advertisers.at("adv-bulk").campaigns.contains("camp-bulk"));
  BOOST_TEST_REQUIRE(demo.affiliates.contains("5567"));
  BOOST_TEST(!demo.affiliates.at("5567").bulk_enabled);
  BOOST_TEST_REQUIRE(demo.affiliates.contains("bulk-pub"));
  BOOST_TEST(demo.affiliates.at("bulk-pub").bulk_enabled);

  const domain::Network& other = world.networks.at(2);
  BOOST_TEST(other.host == "network2.ringpool.test");
  BOOST_TEST(other.tokens == std::vector<std::string>{"other-token"}, boost::test_tools::per_element());
  BOOST_TEST(!other.has_token("demo-token"));
  BOOST_TEST(other.data_dictionary == dictionary, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(other.advertisers.contains("adv-other"));
  BOOST_TEST(other.advertisers.at("adv-other").campaigns.contains("camp-other"));
  BOOST_TEST(other.affiliates.contains("9001"));

  const domain::Network& tags = world.networks.at(3);
  BOOST_TEST(tags.host == "network3.ringpool.test");
  BOOST_TEST(tags.tokens == std::vector<std::string>{"tag-token"}, boost::test_tools::per_element());
  BOOST_TEST(tags.tag_destinations);
  BOOST_TEST(tags.auto_id_from_network);
  BOOST_TEST_REQUIRE(tags.advertisers.contains("adv-tag"));
  BOOST_TEST(tags.advertisers.at("adv-tag").campaigns.contains("camp-tag"));
}

BOOST_AUTO_TEST_CASE(W_5_default_world_inventory) {
  const domain::World& world = default_world();
  const domain::Network& demo = world.networks.at(1);
  BOOST_TEST(count_kind(demo, domain::NumberKind::TollFree) >= 3000u);  // "several thousand"

  std::set<std::uint32_t> toll_free_npas;
  std::set<std::uint32_t> local_npas;
  std::set<std::string> states;
  std::map<std::uint32_t, std::size_t> per_npa;
  for (const auto& number : demo.inventory) {
    if (number.kind == domain::NumberKind::TollFree) {
      BOOST_TEST(domain::is_toll_free_npa(number.number.npa()));
      toll_free_npas.insert(number.number.npa());
    } else {
      local_npas.insert(number.number.npa());
      states.insert(number.state);
      ++per_npa[number.number.npa()];
    }
  }
  BOOST_TEST(toll_free_npas.size() == 7u);
  BOOST_TEST(local_npas.size() >= 20u);
  BOOST_TEST(states.size() >= 8u);
  for (const auto& [npa, count] : per_npa) {
    BOOST_TEST_INFO("NPA " << npa);
    BOOST_TEST(count >= 24u);  // "some dozens" per NPA
  }

  // Networks 2 and 3: smaller, with toll-free and a few local NPAs.
  for (domain::NetworkId id : {2, 3}) {
    const domain::Network& network = world.networks.at(id);
    BOOST_TEST_INFO("network " << id);
    BOOST_TEST(count_kind(network, domain::NumberKind::TollFree) >= 200u);
    BOOST_TEST_INFO("network " << id);
    BOOST_TEST(count_kind(network, domain::NumberKind::Local) >= 50u);
  }
}

BOOST_AUTO_TEST_CASE(W_5_default_world_inventory_sorted_and_disjoint) {
  std::set<std::uint64_t> everywhere;
  std::size_t total = 0;
  for (const auto& [id, network] : default_world().networks) {
    for (std::size_t i = 1; i < network.inventory.size(); ++i) {
      BOOST_TEST_INFO("network " << id << " index " << i);
      BOOST_TEST(network.inventory[i - 1].number.digits < network.inventory[i].number.digits);  // ascending, no duplicates
    }
    for (const auto& number : network.inventory) everywhere.insert(number.number.digits);
    total += network.inventory.size();
  }
  BOOST_TEST(everywhere.size() == total);  // no number in two networks (W-3)
}

BOOST_AUTO_TEST_CASE(W_5_default_world_local_numbers_are_real_and_near_their_zips) {
  const domain::World& world = default_world();
  for (const auto& [id, network] : world.networks) {
    std::map<std::uint32_t, const domain::InventoryNumber*> first_of_npa;
    for (const auto& number : network.inventory) {
      if (number.kind != domain::NumberKind::Local) continue;
      const std::uint32_t npa = number.number.npa();
      BOOST_TEST_INFO("network " << id << " number " << number.number.formatted());
      BOOST_TEST_REQUIRE(kRealNpaStates.contains(npa));
      BOOST_TEST_INFO("network " << id << " number " << number.number.formatted());
      BOOST_TEST(number.state == kRealNpaStates.at(npa));
      first_of_npa.emplace(npa, &number);
    }
    for (const auto& [npa, number] : first_of_npa) {
      double nearest_same_state_miles = 1e9;
      for (const auto& [zipcode, zip] : world.zips.entries())
        if (zip.state == number->state)
          nearest_same_state_miles = std::min(nearest_same_state_miles, domain::distance_miles(number->location, zip.location));
      BOOST_TEST_INFO("network " << id << " NPA " << npa << " nearest same-state ZIP at " << nearest_same_state_miles);
      BOOST_TEST(nearest_same_state_miles <= kRateCentreToZipMilesMax);
    }
  }
}

BOOST_AUTO_TEST_CASE(W_5_default_world_zip_table) {
  const domain::World& world = default_world();
  const domain::ZipEntry* beverly_hills = world.zips.find("90210");
  BOOST_TEST_REQUIRE(beverly_hills != nullptr);
  BOOST_TEST(beverly_hills->state == "CA");
  BOOST_TEST(beverly_hills->location.latitude == 34.0901);
  BOOST_TEST(beverly_hills->location.longitude == -118.4065);

  // Every ZIP serves a city of the local inventory: a rate centre of its state is near it.
  const domain::Network& demo = world.networks.at(1);
  std::map<std::string, std::size_t> zips_per_state;
  for (const auto& [zipcode, zip] : world.zips.entries()) {
    ++zips_per_state[zip.state];
    double nearest_miles = 1e9;
    for (const auto& number : demo.inventory)
      if (number.kind == domain::NumberKind::Local && number.state == zip.state)
        nearest_miles = std::min(nearest_miles, domain::distance_miles(number.location, zip.location));
    BOOST_TEST_INFO("ZIP " << zipcode << " nearest rate centre at " << nearest_miles);
    BOOST_TEST(nearest_miles <= kRateCentreToZipMilesMax);
  }
  // Several ZIPs per metro area: at least two for every state with local numbers.
  for (const auto& [state, count] : zips_per_state) {
    BOOST_TEST_INFO("state " << state);
    BOOST_TEST(count >= 2u);
  }
}

BOOST_AUTO_TEST_CASE(W_5_default_world_declared_pools) {
  const domain::World& world = default_world();
  const domain::Network& demo = world.networks.at(1);

  BOOST_TEST_REQUIRE(demo.pools_by_id_from_network.contains("search-demo"));
  const domain::RingPool* search = world.find_pool(demo.pools_by_id_from_network.at("search-demo"));
  BOOST_TEST_REQUIRE(search != nullptr);
  BOOST_TEST((search->type == domain::PoolType::Search));
  BOOST_TEST(search->advertiser_id == "adv-1");
  BOOST_TEST(search->campaign_id == "camp-2");
  BOOST_TEST(search->settings.max_pool_size == 5);
  BOOST_TEST(search->settings.fill_immediately);
  BOOST_TEST(!search->bulk_served);
  BOOST_TEST(search->api_key.size() == 32u);
  // No per-pool names: the network's data dictionary applies.
  for (const std::string& name : search->parameter_names) BOOST_TEST(name.empty());

  BOOST_TEST_REQUIRE(demo.pools_by_id_from_network.contains("bulk-demo"));
  const domain::RingPool* bulk = world.find_pool(demo.pools_by_id_from_network.at("bulk-demo"));
  BOOST_TEST_REQUIRE(bulk != nullptr);
  BOOST_TEST((bulk->type == domain::PoolType::Custom));
  BOOST_TEST(bulk->advertiser_id == "adv-bulk");
  BOOST_TEST(bulk->campaign_id == "camp-bulk");
  BOOST_TEST(bulk->settings.max_pool_size == 5);
  BOOST_TEST(bulk->settings.fill_immediately);
  BOOST_TEST(bulk->bulk_served);

  BOOST_TEST(world.last_pool_id() == 2);
  BOOST_TEST(demo.advertisers.at("adv-1").campaigns.at("camp-1").pools.empty());
}

BOOST_AUTO_TEST_CASE(W_5_default_world_is_deterministic) {
  // Same seed, same world: the declared pools get the same api keys (T-2).
  const domain::World first = world_file::load_default_world(42);
  const domain::World second = world_file::load_default_world(42);
  const domain::World other_seed = world_file::load_default_world(43);
  BOOST_TEST(first.find_pool(1)->api_key == second.find_pool(1)->api_key);
  BOOST_TEST(first.find_pool(1)->api_key != other_seed.find_pool(1)->api_key);
}

BOOST_AUTO_TEST_SUITE_END()
