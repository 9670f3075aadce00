// A world built once and copied per run (`ringpool check`, the reference target's world cache)
// must be the world load_world builds: the declared pools' api keys come from the run's seed, and
// a copy never changes the world it was copied from.
#include "reference/world_file/world_table.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ringpool;

namespace {

std::vector<std::string> pool_keys(const domain::World& world) {
  std::vector<std::string> keys;
  for (domain::PoolId id = 1; id <= world.last_pool_id(); ++id)
    if (const domain::RingPool* pool = world.find_pool(id)) keys.push_back(pool->settings.id_from_network + "=" + pool->api_key);
  return keys;
}

toml::table default_table() { return *world_file::parse_world_toml(world_file::default_world_toml(), "default"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(world_copy)

BOOST_AUTO_TEST_CASE(two_steps_from_one_copied_base_give_load_worlds_world_for_every_seed) {
  const toml::table table = default_table();
  const auto base = world_file::load_world_without_pools(table, "default");
  BOOST_TEST_REQUIRE(base.has_value());
  BOOST_TEST(base->last_pool_id() == 0);
  for (std::uint64_t seed : {1u, 2u, 77u}) {
    const auto whole = world_file::load_world(table, "default", seed);
    const auto stepped = world_file::add_declared_pools(*base, table, "default", seed);
    BOOST_TEST_REQUIRE(whole.has_value());
    BOOST_TEST_REQUIRE(stepped.has_value());
    BOOST_TEST(!pool_keys(*whole).empty());
    BOOST_TEST(pool_keys(*stepped) == pool_keys(*whole));
    BOOST_TEST(stepped->seed() == seed);
    BOOST_TEST(stepped->networks.at(1).inventory.size() == whole->networks.at(1).inventory.size());
  }
  // Different seeds, different keys (M-18): the copy did not keep the first seed's stream.
  BOOST_TEST(pool_keys(*world_file::add_declared_pools(*base, table, "default", 1)) !=
             pool_keys(*world_file::add_declared_pools(*base, table, "default", 2)));
}

BOOST_AUTO_TEST_CASE(a_prepared_world_builds_load_worlds_world_for_every_seed) {
  const auto prepared = world_file::PreparedWorld::read(world_file::default_world_toml(), "default");
  BOOST_TEST_REQUIRE(prepared.has_value());
  for (std::uint64_t seed : {1u, 9u}) {
    const auto built = prepared->build(seed);
    const auto loaded = world_file::load_world(world_file::default_world_toml(), "default", seed);
    BOOST_TEST_REQUIRE(built.has_value());
    BOOST_TEST(pool_keys(*built) == pool_keys(*loaded));
  }
  const auto broken = world_file::PreparedWorld::read("[network", "bad.toml");
  BOOST_TEST_REQUIRE(!broken.has_value());
  BOOST_TEST(broken.error().describe() == world_file::load_world("[network", "bad.toml", 1).error().describe());
}

BOOST_AUTO_TEST_CASE(a_copy_shares_the_inventory_but_not_the_pools) {
  const toml::table table = default_table();
  const domain::World original = *world_file::load_world(table, "default", 5);
  domain::World copy = original;
  BOOST_TEST(&copy.networks.at(1).inventory[0] == &original.networks.at(1).inventory[0]);  // shared, not copied
  const std::vector<std::string> before = pool_keys(original);
  copy.remove_pool(1);
  BOOST_TEST(copy.find_pool(1) == nullptr);
  BOOST_TEST(original.find_pool(1) != nullptr);
  BOOST_TEST(pool_keys(original) == before);
  // Changing a copy's inventory copies it first; the original keeps its numbers.
  const std::size_t numbers = original.networks.at(1).inventory.size();
  copy.networks.at(1).inventory.push_back(domain::InventoryNumber{});
  BOOST_TEST(copy.networks.at(1).inventory.size() == numbers + 1);
  BOOST_TEST(original.networks.at(1).inventory.size() == numbers);
}

BOOST_AUTO_TEST_CASE(declared_pool_errors_are_reported_by_the_second_step) {
  const std::string text = std::string(world_file::default_world_toml()) +
                           "\n[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-1\"\ncampaign = \"nowhere\"\n"
                           "id_from_network = \"x\"\nname = \"x\"\n";
  const toml::table table = *world_file::parse_world_toml(text, "bad");
  const auto base = world_file::load_world_without_pools(table, "bad");
  BOOST_TEST_REQUIRE(base.has_value());
  const auto stepped = world_file::add_declared_pools(*base, table, "bad", 1);
  const auto whole = world_file::load_world(table, "bad", 1);
  BOOST_TEST_REQUIRE(!stepped.has_value());
  BOOST_TEST_REQUIRE(!whole.has_value());
  BOOST_TEST(stepped.error().describe() == whole.error().describe());
}

BOOST_AUTO_TEST_SUITE_END()
