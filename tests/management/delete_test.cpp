// M-5 (delete), with M-7's not-found body, black-box through the in-process Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::test::management;

namespace {

// The documented 404 body (M-7) for an unknown pool of network 1 / adv-1 / camp-1.
json not_found_body(const std::string& id_from_network, const std::string& campaign = "camp-1",
                    const std::string& advertiser = "adv-1") {
  return json{{"errors",
               {{"class", "RecordNotFound"},
                {"invalid_data", "Could not find RingPool " + id_from_network +
                                     " for advertiser campaign " + campaign + " and advertiser " +
                                     advertiser}}}};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_5_delete_answers_empty_object) {
  create("gone");
  create("stays");
  Reply reply = del("/gone.json");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_TEST(reply.is_json);
  BOOST_TEST(reply.value == json::object());

  // A GET of a deleted pool is 404 (M-5, M-7); the list no longer shows it.
  Reply after = get("/gone.json");
  BOOST_TEST(after.status == 404);
  BOOST_TEST(after.value == not_found_body("gone"));
  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 1u);
  BOOST_TEST(listed.value[0]["id_from_network"] == "stays");
}

BOOST_AUTO_TEST_CASE(M_5_delete_twice_same_answer) {
  create("gone");
  Reply first = del("/gone.json");
  BOOST_REQUIRE(first.status == 200);
  const auto before = snapshot();
  Reply second = del("/gone.json");
  BOOST_TEST(second.status == 200);
  BOOST_TEST(second.content_type == first.content_type);
  BOOST_TEST(second.body == first.body);
  BOOST_TEST(second.value == json::object());
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_5_delete_never_existed_404) {
  create("present");
  const auto before = snapshot();
  Reply reply = del("/ghost.json");
  BOOST_TEST(is_error(reply, 404, "RecordNotFound",
                      "Could not find RingPool ghost for advertiser campaign camp-1 and advertiser "
                      "adv-1"));
  BOOST_TEST(reply.value == not_found_body("ghost"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_5_delete_pool_of_another_campaign_is_404) {
  const auto before = snapshot();
  // search-demo belongs to camp-2; through camp-1's URL it is unknown.
  Reply reply = del("/search-demo.json");
  BOOST_TEST(is_error(reply, 404, "RecordNotFound"));
  BOOST_TEST(reply.value == not_found_body("search-demo"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_5_delete_world_declared_pool) {
  base = campaign_base(1, "adv-1", "camp-2");
  Reply reply = del("/search-demo.json");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.value == json::object());
  BOOST_TEST(list().value.empty());
  BOOST_TEST(get("/search-demo.json").value ==
             not_found_body("search-demo", "camp-2", "adv-1"));
}

BOOST_AUTO_TEST_CASE(M_5_delete_keeps_destinations_by_default) {
  create("a", {{"destination_phone_number", "888-111-2222"}});
  create("b", {{"destination_phone_number", "888-111-2222"}});
  BOOST_REQUIRE(del("/a.json").status == 200);
  Reply other = read("b");
  BOOST_TEST(destinations_of(other) == std::vector<std::string>{"8881112222"},
             boost::test_tools::per_element());
  BOOST_TEST(other["default_customer_phone_number"]["destination_phone_number"] == "8881112222");

  // Explicit false keeps them too.
  create("c", {{"destination_phone_number", "888-111-2222"}});
  BOOST_REQUIRE(del("/c.json?delete_detected_phone_number=false").status == 200);
  BOOST_TEST(destinations_of(read("b")) == std::vector<std::string>{"8881112222"},
             boost::test_tools::per_element());
}

// The destination is deleted, so a pool that shared it no longer lists it.
BOOST_AUTO_TEST_CASE(M_5_delete_detected_phone_number_deletes_destinations) {
  create("a", {{"destination_phone_number", "888-111-2222"}});
  create("b", {{"destination_phone_number", "888-111-2222"}});
  Reply reply = del("/a.json?delete_detected_phone_number=true");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.value == json::object());
  Reply other = read("b");
  BOOST_TEST(destinations_of(other).empty());
  BOOST_TEST(other["default_customer_phone_number"].is_null());
}

BOOST_AUTO_TEST_CASE(M_5_delete_detected_phone_number_as_body_field) {
  create("a", {{"destination_phone_number", "888-111-2222"}});
  create("b", {{"destination_phone_number", "888-111-2222"}});
  Reply reply = del("/a.json", R"({"delete_detected_phone_number": true})");
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.value == json::object());
  BOOST_TEST(get("/a.json").status == 404);
  Reply other = read("b");
  BOOST_TEST(destinations_of(other).empty());
  BOOST_TEST(other["default_customer_phone_number"].is_null());
}

BOOST_AUTO_TEST_CASE(M_5_delete_detected_phone_number_keeps_unlinked_destinations) {
  // Only the destinations linked to the deleted pool go.
  create("a", {{"destination_phone_number", "888-111-2222"}});
  create("b", {{"destination_phone_number", "212-555-1234"}});
  BOOST_REQUIRE(del("/a.json?delete_detected_phone_number=1").status == 200);
  Reply other = read("b");
  BOOST_TEST(destinations_of(other) == std::vector<std::string>{"2125551234"},
             boost::test_tools::per_element());
  BOOST_TEST(other["default_customer_phone_number"]["destination_phone_number"] == "2125551234");
}

BOOST_AUTO_TEST_SUITE_END()
