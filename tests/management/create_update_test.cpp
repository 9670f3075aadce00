// M-3 (create, idempotent POST) and M-4 (PUT: partial update, create of an unknown id,
// re-create after delete), black-box through the in-process Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>

using namespace ringpool::test::management;

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_3_create_answers_201_full_representation) {
  Reply reply = post(".json", R"({"id_from_network": "p1", "name": "First"})");
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_REQUIRE(reply.value.is_object());
  BOOST_TEST(keys_of(reply.ordered) == base_representation_keys(), boost::test_tools::per_element());
  BOOST_TEST(reply["id_from_network"] == "p1");
  BOOST_TEST(reply["name"] == "First");
  BOOST_TEST(reply["id"].is_number_integer());
  BOOST_TEST(is_api_key(reply["api_key"]));
  // "the response is the full ring pool, as a GET returns it"
  BOOST_TEST(read("p1").ordered.dump() == reply.ordered.dump());
  BOOST_TEST(list().value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(M_3_post_existing_id_updates_answers_200) {
  Reply created = create("p1", {{"name", "Before"}, {"max_pool_size", 5}, {"lifetime_seconds", 900}});
  Reply reply = post(".json", R"({"id_from_network": "p1", "name": "After"})");
  BOOST_TEST(reply.status == 200);
  BOOST_REQUIRE(reply.value.is_object());
  BOOST_TEST(reply["name"] == "After");
  // An update, not a new pool: same id and key, other fields kept (partial, M-4).
  BOOST_TEST(reply["id"] == created["id"]);
  BOOST_TEST(reply["api_key"] == created["api_key"]);
  BOOST_TEST(reply["max_pool_size"] == 5);
  BOOST_TEST(reply["lifetime_seconds"] == 900);
  BOOST_TEST(keys_of(reply.ordered) == base_representation_keys(), boost::test_tools::per_element());
  BOOST_TEST(read("p1").ordered.dump() == reply.ordered.dump());
  BOOST_TEST(list().value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(M_3_create_same_body_twice_is_idempotent) {
  const std::string body =
      R"({"id_from_network": "twice", "name": "Same", "max_pool_size": 4, "preferred": true})";
  Reply first = post(".json", body);
  BOOST_TEST(first.status == 201);
  Reply second = post(".json", body);
  BOOST_TEST(second.status == 200);
  BOOST_TEST(second.ordered.dump() == first.ordered.dump());
  BOOST_TEST(list().value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(M_4_put_updates_answers_200_full_representation) {
  Reply created = create("p1", {{"name", "Old"}});
  Reply reply = put("/p1.json", R"({"name": "New"})");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_REQUIRE(reply.value.is_object());
  BOOST_TEST(keys_of(reply.ordered) == base_representation_keys(), boost::test_tools::per_element());
  BOOST_TEST(reply["name"] == "New");
  BOOST_TEST(reply["id"] == created["id"]);
  BOOST_TEST(reply["api_key"] == created["api_key"]);
  BOOST_TEST(read("p1").ordered.dump() == reply.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_4_put_partial_update_keeps_other_fields) {
  Reply created = create("full", {{"name", "Full"},
                                  {"preferred", true},
                                  {"lifetime_seconds", 120},
                                  {"max_pool_size", 7},
                                  {"fill_immediately", true},
                                  {"allow_overflow", false},
                                  {"destination_phone_number", "888-111-2222"},
                                  {"destination_type", "API"},
                                  {"local_center", {{"zipcode", "90210"}}},
                                  {"local_number_preferences", {{"search_radius_miles", 50}}},
                                  {"tn_prefix_whitelist", {"310"}}});
  Reply reply = put("/full.json", R"({"lifetime_seconds": 300})");
  BOOST_REQUIRE(reply.status == 200);
  json expected = created.value;
  expected["lifetime_seconds"] = 300;
  BOOST_TEST(same_json(reply.value, expected));
  BOOST_TEST(keys_of(reply.ordered) == keys_of(created.ordered), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(M_4_put_empty_object_changes_nothing) {
  Reply created = create("p1", {{"name", "Kept"}, {"max_pool_size", 9}});
  Reply reply = put("/p1.json", "{}");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_4_put_unknown_id_creates_201) {
  Reply reply = put("/fresh.json", R"({"name": "Made by PUT", "max_pool_size": 3})");
  BOOST_TEST(reply.status == 201);
  BOOST_REQUIRE(reply.value.is_object());
  // Created under the URL's id.
  BOOST_TEST(reply["id_from_network"] == "fresh");
  BOOST_TEST(reply["name"] == "Made by PUT");
  BOOST_TEST(reply["max_pool_size"] == 3);
  BOOST_TEST(keys_of(reply.ordered) == base_representation_keys(), boost::test_tools::per_element());
  BOOST_TEST(read("fresh").ordered.dump() == reply.ordered.dump());
  // A second identical PUT updates (200) the same pool.
  Reply again = put("/fresh.json", R"({"name": "Made by PUT", "max_pool_size": 3})");
  BOOST_TEST(again.status == 200);
  BOOST_TEST(again.ordered.dump() == reply.ordered.dump());
  BOOST_TEST(list().value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(M_4_recreate_after_delete_new_id_and_key) {
  Reply first = create("again");
  BOOST_REQUIRE(del("/again.json").status == 200);
  Reply second = create("again");
  BOOST_TEST(second["id"] != first["id"]);
  BOOST_TEST(second["id"].get<std::int64_t>() > first["id"].get<std::int64_t>());
  BOOST_TEST(second["api_key"] != first["api_key"]);
  BOOST_TEST(is_api_key(second["api_key"]));

  // Re-creating through PUT makes a new pool too.
  BOOST_REQUIRE(del("/again.json").status == 200);
  Reply third = put("/again.json", "{}");
  BOOST_TEST(third.status == 201);
  BOOST_TEST(third["id"] != second["id"]);
  BOOST_TEST(third["id"] != first["id"]);
  BOOST_TEST(third["api_key"] != second["api_key"]);
  BOOST_TEST(third["api_key"] != first["api_key"]);
  BOOST_TEST(list().value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(M_4_recreate_after_delete_starts_from_defaults) {
  create("again", {{"name", "Old"}, {"max_pool_size", 9}, {"preferred", true}});
  BOOST_REQUIRE(del("/again.json").status == 200);
  Reply second = create("again");
  BOOST_TEST(second["max_pool_size"] == 2);
  BOOST_TEST(second["preferred"] == false);
}

BOOST_AUTO_TEST_CASE(M_4_put_updates_world_declared_pool) {
  base = campaign_base(1, "adv-1", "camp-2");
  Reply before = read("search-demo");
  Reply reply = put("/search-demo.json", R"({"name": "Renamed search demo"})");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply["name"] == "Renamed search demo");
  BOOST_TEST(reply["id"] == before["id"]);
  BOOST_TEST(reply["api_key"] == before["api_key"]);
}

BOOST_AUTO_TEST_SUITE_END()
