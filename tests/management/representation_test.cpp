// M-18 (the ring pool representation: field order, types and formats), black-box through the
// in-process Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

using namespace ringpool::test::management;

namespace {

std::vector<std::string> with_optional(std::vector<std::string> extra) {
  std::vector<std::string> keys = base_representation_keys();
  keys.insert(keys.end(), extra.begin(), extra.end());
  return keys;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_18_representation_field_order_and_formats) {
  Reply plain = create("plain", {{"name", "Plain"}});
  BOOST_TEST(keys_of(plain.ordered) == base_representation_keys(), boost::test_tools::per_element());
  const json& p = plain.value;
  BOOST_TEST(p["id"].is_number_integer());
  const auto id = p["id"].get<std::int64_t>();
  BOOST_TEST(id > 0);
  BOOST_TEST(p["id_from_network"] == "plain");
  BOOST_TEST(p["name"] == "Plain");
  BOOST_TEST(p["object_url"] ==
             "https://network1.ringpool.test/a_campaigns/ring_pools/" + std::to_string(id));
  BOOST_TEST(p["preferred"].is_boolean());
  BOOST_TEST(p["lifetime_seconds"].is_number_integer());
  BOOST_TEST(p["max_pool_size"].is_number_integer());
  BOOST_TEST(is_api_key(p["api_key"]), p["api_key"]);
  BOOST_TEST(p["fill_immediately"].is_boolean());
  BOOST_TEST(p["allow_overflow"].is_boolean());
  BOOST_TEST(p["customer_phone_numbers"].is_array());
  BOOST_TEST(p["default_customer_phone_number"].is_null());

  // Every optional part set: they follow, in M-18's order.
  Reply full = post(".json", R"({
    "destination_type": "API",
    "tn_prefix_whitelist": ["310", "424"],
    "local_number_preferences": {"allocation_fallback_strategy": "Wait", "search_radius_miles": 30,
                                 "restrict_search_to_state": false},
    "local_center": {"zipcode": "90210"},
    "destination_phone_number": "888-111-2222",
    "allow_overflow": false,
    "fill_immediately": true,
    "max_pool_size": 5,
    "lifetime_seconds": 600,
    "preferred": true,
    "name": "Full",
    "id_from_network": "full"
  })");
  BOOST_TEST(full.status == 201, full);
  BOOST_TEST(keys_of(full.ordered) ==
                 with_optional({"local_center", "local_number_preferences", "tn_prefix_whitelist",
                                "destination_type"}),
             boost::test_tools::per_element());
  const json& f = full.value;
  BOOST_TEST(f["preferred"] == true);
  BOOST_TEST(f["lifetime_seconds"] == 600);
  BOOST_TEST(f["max_pool_size"] == 5);
  BOOST_TEST(f["fill_immediately"] == true);
  BOOST_TEST(f["allow_overflow"] == false);
  BOOST_TEST(f["customer_phone_numbers"] ==
             json::parse(R"([{"destination_phone_number": "8881112222"}])"));
  BOOST_TEST(f["default_customer_phone_number"] ==
             json::parse(R"({"destination_phone_number": "8881112222"})"));
  BOOST_TEST(f["local_center"]["zipcode"] == "90210");
  BOOST_TEST(f["local_number_preferences"] ==
             json::parse(R"({"search_radius_miles": 30, "restrict_search_to_state": false,
                             "allocation_fallback_strategy": "Wait"})"));
  BOOST_TEST(f["tn_prefix_whitelist"] == json::parse(R"(["310", "424"])"));
  BOOST_TEST(f["destination_type"] == "API");

  // Only destination_type set: it alone follows the base keys.
  Reply typed = create("typed", {{"destination_type", "Advertiser"}});
  BOOST_TEST(keys_of(typed.ordered) == with_optional({"destination_type"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(M_18_same_representation_in_get_list_post_put) {
  Reply created = create("same", {{"name", "Same"}, {"destination_type", "API"}});
  Reply one = read("same");
  Reply listed = list();
  Reply updated = put("/same.json", "{}");
  Reply reposted = post(".json", R"({"id_from_network": "same"})");
  BOOST_REQUIRE(listed.value.size() == 1u);
  BOOST_TEST(one.ordered.dump() == created.ordered.dump());
  BOOST_TEST(listed.ordered[0].dump() == created.ordered.dump());
  BOOST_TEST(updated.ordered.dump() == created.ordered.dump());
  BOOST_TEST(reposted.ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_18_ids_unique_in_world) {
  create("n1-a");
  create("n1-b");
  base = campaign_base(2, "adv-other", "camp-other");
  BOOST_REQUIRE(post(".json", R"({"id_from_network": "n2-a"})", std::string(kOtherToken)).status ==
                201);
  base = campaign_base(3, "adv-tag", "camp-tag");
  BOOST_REQUIRE(post(".json", R"({"id_from_network": "n3-a"})", std::string(kTagToken)).status ==
                201);

  std::set<std::int64_t> ids;
  std::set<std::string> keys;
  std::size_t pools = 0;
  for (const CampaignRef& campaign : default_world_campaigns()) {
    Reply listed = call("GET", campaign.base() + ".json", {}, campaign.token);
    BOOST_REQUIRE(listed.status == 200);
    for (const auto& pool : listed.value) {
      ++pools;
      BOOST_REQUIRE(pool["id"].is_number_integer());
      ids.insert(pool["id"].get<std::int64_t>());
      BOOST_TEST(is_api_key(pool["api_key"]), pool["api_key"]);
      keys.insert(pool["api_key"].get<std::string>());
    }
  }
  // 4 created + search-demo + bulk-demo at least.
  BOOST_TEST(pools >= 6u);
  BOOST_TEST(ids.size() == pools);
  BOOST_TEST(keys.size() == pools);
}

BOOST_AUTO_TEST_CASE(M_18_object_url_uses_the_networks_host) {
  base = campaign_base(2, "adv-other", "camp-other");
  Reply created = post(".json", R"({"id_from_network": "n2"})", std::string(kOtherToken));
  BOOST_REQUIRE(created.status == 201);
  const auto* network = service.world().find_network(2);
  BOOST_REQUIRE(network != nullptr);
  BOOST_TEST(created["object_url"] == "https://" + network->host + "/a_campaigns/ring_pools/" +
                                          std::to_string(created["id"].get<std::int64_t>()));
}

BOOST_AUTO_TEST_CASE(M_18_api_key_from_seeded_generator) {
  // Same seed, world and requests: byte-identical answers (keys come from the seeded stream).
  ringpool::api::Service twin(ringpool::world_file::load_default_world(kSeed));
  ringpool::api::Service other_seed(ringpool::world_file::load_default_world(kSeed + 1));
  const std::string body = R"({"id_from_network": "k", "name": "key"})";
  Reply mine = create("k", {{"name", "key"}});
  auto twin_response = twin.handle(ringpool::api::make_request(
      "POST", base + ".json", body, ringpool::api::Headers{{"Authorization", "demo-token"}}));
  BOOST_TEST(twin_response.status == 201);
  BOOST_TEST(twin_response.body == mine.body);
  auto other_response = other_seed.handle(ringpool::api::make_request(
      "POST", base + ".json", body, ringpool::api::Headers{{"Authorization", "demo-token"}}));
  BOOST_TEST(other_response.status == 201);
  const json other = json::parse(other_response.body, nullptr, false);
  BOOST_REQUIRE(other.is_object());
  BOOST_TEST(is_api_key(other["api_key"]));
  BOOST_TEST(other["api_key"] != mine["api_key"]);
}

BOOST_AUTO_TEST_SUITE_END()
