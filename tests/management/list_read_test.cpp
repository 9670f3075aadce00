// M-1 (list) and M-2 (read one), black-box through the in-process Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

using namespace ringpool::test::management;

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_1_empty_campaign_gives_empty_array) {
  Reply reply = get(".json");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_TEST(reply.is_json);
  BOOST_TEST(reply.value.is_array());
  BOOST_TEST(reply.value.empty());
}

BOOST_AUTO_TEST_CASE(M_1_list_is_array_ordered_by_id) {
  // Created in this order, so ids ascend zeta < alpha < mid; the list must not sort by name.
  const std::vector<std::string> order{"zeta", "alpha", "mid"};
  std::vector<std::int64_t> ids;
  for (const auto& id_from_network : order) {
    ids.push_back(create(id_from_network)["id"].get<std::int64_t>());
  }
  BOOST_TEST(ids[0] < ids[1]);
  BOOST_TEST(ids[1] < ids[2]);

  // An update does not move a pool in the list.
  BOOST_TEST(put("/zeta.json", R"({"name": "renamed display name"})").status == 200);

  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 3u);
  std::vector<std::string> listed_ids;
  std::vector<std::int64_t> listed_numeric;
  for (const auto& pool : listed.value) {
    listed_ids.push_back(pool["id_from_network"].get<std::string>());
    listed_numeric.push_back(pool["id"].get<std::int64_t>());
  }
  BOOST_TEST(listed_ids == order, boost::test_tools::per_element());
  BOOST_TEST(listed_numeric == ids, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(M_1_list_entries_are_the_full_representation) {
  create("one", {{"name", "One"}, {"max_pool_size", 4}});
  create("two", {{"destination_phone_number", "888-111-2222"}});
  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 2u);
  std::size_t index = 0;
  for (const std::string id_from_network : {"one", "two"}) {
    Reply one = read(id_from_network);
    // Same values and the same key order as a GET of that pool (M-18).
    BOOST_TEST(listed.ordered[index].dump() == one.ordered.dump());
    ++index;
  }
}

BOOST_AUTO_TEST_CASE(M_1_list_shows_only_this_campaign) {
  create("only-in-camp-1");
  Reply camp2 = call("GET", campaign_base(1, "adv-1", "camp-2") + ".json");
  BOOST_REQUIRE(camp2.status == 200);
  BOOST_REQUIRE(camp2.value.is_array());
  // The world declares exactly one pool in camp-2.
  BOOST_REQUIRE(camp2.value.size() == 1u);
  BOOST_TEST(camp2.value[0]["id_from_network"] == "search-demo");

  Reply bulk = call("GET", campaign_base(1, "adv-bulk", "camp-bulk") + ".json");
  BOOST_REQUIRE(bulk.status == 200);
  BOOST_REQUIRE(bulk.value.is_array());
  BOOST_REQUIRE(bulk.value.size() == 1u);
  BOOST_TEST(bulk.value[0]["id_from_network"] == "bulk-demo");

  Reply camp1 = list();
  BOOST_REQUIRE(camp1.value.size() == 1u);
  BOOST_TEST(camp1.value[0]["id_from_network"] == "only-in-camp-1");
}

BOOST_AUTO_TEST_CASE(M_2_read_one_answers_200_same_as_create) {
  Reply created = create("r1", {{"name", "Read me"}, {"lifetime_seconds", 600}});
  Reply one = get("/r1.json");
  BOOST_TEST(one.status == 200);
  BOOST_TEST(content_type_is_json(one), one.content_type);
  BOOST_TEST(one.ordered.dump() == created.ordered.dump());
  BOOST_TEST(one["name"] == "Read me");
  BOOST_TEST(one["lifetime_seconds"] == 600);
}

BOOST_AUTO_TEST_CASE(M_2_read_world_declared_pool) {
  base = campaign_base(1, "adv-1", "camp-2");
  Reply one = get("/search-demo.json");
  BOOST_TEST(one.status == 200);
  BOOST_REQUIRE(one.value.is_object());
  BOOST_TEST(one["id_from_network"] == "search-demo");
  BOOST_TEST(one["id"].is_number_integer());
  std::vector<std::string> first_keys = keys_of(one.ordered);
  first_keys.resize(std::min(first_keys.size(), base_representation_keys().size()));
  BOOST_TEST(first_keys == base_representation_keys(), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(M_2_read_pool_of_another_campaign_is_404) {
  const auto before = snapshot();
  // search-demo lives in camp-2, not camp-1.
  Reply reply = get("/search-demo.json");
  BOOST_TEST(is_error(reply, 404, "RecordNotFound",
                      "Could not find RingPool search-demo for advertiser campaign camp-1 and "
                      "advertiser adv-1"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_SUITE_END()
