// The examples of the management document (seeds/000_67313b5bb46afb99.txt), run against the
// reference through the in-process Service. Where the spec and the document differ, the spec
// wins (the local create answers 201 in the reference, M-3).
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

using namespace ringpool::test::management;

namespace {

// "Create a RingPool" request body, verbatim.
const char* const kCreateBody = R"({
  "id_from_network": "12",
  "local_center": { "tn_prefix":"",
                    "zipcode": "90210",
                    "latitude": 30,
                    "longitude": -130 },
  "local_number_preferences": { "search_radius_miles": 20,
                                "restrict_search_to_state": true,
                                "allocation_fallback_strategy": "Wait" },
  "preferred": true,
  "name": "Invoca Example RingPool",
  "max_pool_size": 15,
  "lifetime_seconds": 1800,
  "fill_immediately": false,
  "allow_overflow": true,
  "destination_phone_number": "888-111-2222"
})";

// "Update a RingPool" request body, verbatim.
const char* const kUpdateBody = R"({
  "id_from_network": "12",
  "preferred": true,
  "name": "Invoca Example RingPool Updated",
  "max_pool_size": 15,
  "lifetime_seconds": 1800
})";

// "Local RingPool Creation" request body, verbatim.
const char* const kLocalBody = R"({
 "id_from_network": "395",
 "preferred": "true",
 "name": "India DNP",
 "max_pool_size": "3",
 "local_center": {"latitude": 45, "longitude": 45},
 "tn_prefix_whitelist": ["455"],
 "destination_phone_number": "888-111-2222",
 "allow_overflow": false
})";

// "Error Handling" request body, verbatim.
const char* const kBadKeyBody = R"({
  "id_from_network": "395",
  "preferred": "true",
  "name": "India DNP",
  "max_pool_size": "3",
  "local_center": {"bad_key": ""},
  "tn_prefix_whitelist": ["455"]
})";

const char* const kBadKeyResponse = R"({
  "errors": {
     "class": "RecordInvalid",
     "invalid_data": "Invalid Key in Local Center."
  }
})";

// The documented GET shape of the created pool, with the values the reference assigns (id,
// object_url, api_key) filled in from `created`.
json documented_shape(const json& created) {
  json expected = json::parse(R"({
    "id_from_network": "12",
    "name": "Invoca Example RingPool",
    "preferred": true,
    "lifetime_seconds": 1800,
    "max_pool_size": 15,
    "fill_immediately": false,
    "allow_overflow": true,
    "customer_phone_numbers": [ { "destination_phone_number": "8881112222" } ],
    "default_customer_phone_number": { "destination_phone_number": "8881112222" },
    "local_center": { "tn_prefix": "", "zipcode": "90210", "latitude": 30, "longitude": -130 },
    "local_number_preferences": { "search_radius_miles": 20,
                                  "restrict_search_to_state": true,
                                  "allocation_fallback_strategy": "Wait" }
  })");
  expected["id"] = created.at("id");
  expected["object_url"] = "https://network1.ringpool.test/a_campaigns/ring_pools/" +
                           std::to_string(created.at("id").get<std::int64_t>());
  expected["api_key"] = created.at("api_key");
  return expected;
}

std::vector<std::string> documented_create_keys() {
  std::vector<std::string> keys = base_representation_keys();
  keys.push_back("local_center");
  keys.push_back("local_number_preferences");
  return keys;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_3_seed_create_example_201_documented_shape) {
  Reply created = post(".json", kCreateBody);
  BOOST_TEST(created.status == 201, created);
  BOOST_TEST(content_type_is_json(created), created.content_type);
  BOOST_REQUIRE(created.value.is_object());
  BOOST_TEST(created["id"].is_number_integer());
  BOOST_TEST(is_api_key(created["api_key"]), created["api_key"]);
  // The echo keeps the local_center as sent: the empty tn_prefix, the zipcode (which takes
  // precedence for the search, L-3) and the coordinates.
  BOOST_TEST(created.value == documented_shape(created.value));
  BOOST_TEST(keys_of(created.ordered) == documented_create_keys(), boost::test_tools::per_element());

  // "Read a RingPool" and "Read all RingPools as an array" show the same object.
  Reply one = read("12");
  BOOST_TEST(one.ordered.dump() == created.ordered.dump());
  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 1u);
  BOOST_TEST(listed.ordered[0].dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_4_seed_update_example_200) {
  Reply created = post(".json", kCreateBody);
  BOOST_REQUIRE(created.status == 201);
  Reply updated = put("/12.json", kUpdateBody);
  BOOST_TEST(updated.status == 200, updated);
  BOOST_REQUIRE(updated.value.is_object());
  json expected = documented_shape(created.value);
  expected["name"] = "Invoca Example RingPool Updated";
  BOOST_TEST(updated.value == expected);
  BOOST_TEST(keys_of(updated.ordered) == documented_create_keys(), boost::test_tools::per_element());
  BOOST_TEST(read("12").ordered.dump() == updated.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_5_seed_delete_example_200_empty_object) {
  BOOST_REQUIRE(post(".json", kCreateBody).status == 201);
  Reply deleted = del("/12.json");
  BOOST_TEST(deleted.status == 200, deleted);
  BOOST_TEST(content_type_is_json(deleted), deleted.content_type);
  BOOST_TEST(deleted.value == json::object());
  BOOST_TEST(list().value.empty());
  BOOST_TEST(is_error(get("/12.json"), 404, "RecordNotFound",
                      "Could not find RingPool 12 for advertiser campaign camp-1 and advertiser "
                      "adv-1"));
}

BOOST_AUTO_TEST_CASE(M_19_seed_local_create_example_201) {
  Reply created = post(".json", kLocalBody);
  BOOST_TEST(created.status == 201, created);
  BOOST_REQUIRE(created.value.is_object());
  const json& c = created.value;
  BOOST_TEST(c["id"].is_number_integer());
  BOOST_TEST(c["id_from_network"] == "395");
  BOOST_TEST(c["name"] == "India DNP");
  BOOST_TEST(c["object_url"] == "https://network1.ringpool.test/a_campaigns/ring_pools/" +
                                    std::to_string(c["id"].get<std::int64_t>()));
  BOOST_TEST(c["preferred"] == true);  // "true" (C-1)
  BOOST_TEST(c["lifetime_seconds"] == 1800);
  BOOST_TEST(c["max_pool_size"].is_number_integer());
  BOOST_TEST(c["max_pool_size"] == 3);  // "3" (C-1)
  BOOST_TEST(is_api_key(c["api_key"]));
  BOOST_TEST(c["fill_immediately"] == false);
  BOOST_TEST(c["allow_overflow"] == false);
  BOOST_TEST(c["customer_phone_numbers"] ==
             json::parse(R"([{"destination_phone_number": "8881112222"}])"));
  BOOST_TEST(c["default_customer_phone_number"] ==
             json::parse(R"({"destination_phone_number": "8881112222"})"));
  BOOST_TEST(c["local_center"] == json::parse(R"({"latitude": 45, "longitude": 45})"));
  // The documents' whitelist example "455" passes and is echoed.
  BOOST_TEST(c["tn_prefix_whitelist"] == json::parse(R"(["455"])"));
  BOOST_TEST(!c.contains("destination_type"));
  // Key order: the base keys, then local_center, [local_number_preferences], tn_prefix_whitelist.
  std::vector<std::string> keys = keys_of(created.ordered);
  std::vector<std::string> expected = base_representation_keys();
  expected.push_back("local_center");
  if (c.contains("local_number_preferences")) {
    expected.push_back("local_number_preferences");
    // Defaults filled in (M-18, M-19).
    BOOST_TEST(c["local_number_preferences"] ==
               json::parse(R"({"search_radius_miles": 240, "restrict_search_to_state": true,
                               "allocation_fallback_strategy": "UseTollFree"})"));
  }
  expected.push_back("tn_prefix_whitelist");
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
  BOOST_TEST(read("395").ordered.dump() == created.ordered.dump());
}

BOOST_AUTO_TEST_CASE(M_8_seed_bad_key_example_exact_403_body) {
  const auto before = snapshot();
  Reply reply = post(".json", kBadKeyBody);
  BOOST_TEST(reply.status == 403);
  BOOST_TEST(content_type_is_json(reply), reply.content_type);
  BOOST_TEST(reply.value == json::parse(kBadKeyResponse));
  BOOST_TEST(is_error(reply, 403, "RecordInvalid", "Invalid Key in Local Center."));
  BOOST_TEST(snapshot() == before);
  // The id was not taken by the failed create.
  BOOST_TEST(get("/395.json").status == 404);
}

// The document's examples in its order, in one campaign: create 12, update it, create the local
// pool 395 (preferred, so 12 stops being preferred, M-13), the bad-key attempt, delete 12.
BOOST_AUTO_TEST_CASE(M_13_seed_document_sequence) {
  Reply created = post(".json", kCreateBody);
  BOOST_REQUIRE(created.status == 201);
  BOOST_REQUIRE(put("/12.json", kUpdateBody).status == 200);
  Reply local = post(".json", kLocalBody);
  BOOST_REQUIRE(local.status == 201);
  BOOST_TEST(local["preferred"] == true);
  BOOST_TEST(read("12")["preferred"] == false);

  const auto before = snapshot();
  // Now 395 exists in this campaign, so the bad-key body is an update of it; still refused.
  BOOST_TEST(post(".json", kBadKeyBody).value == json::parse(kBadKeyResponse));
  BOOST_TEST(snapshot() == before);

  Reply deleted = del("/12.json");
  BOOST_TEST(deleted.status == 200);
  BOOST_TEST(deleted.value == json::object());
  Reply listed = list();
  BOOST_REQUIRE(listed.value.size() == 1u);
  BOOST_TEST(listed.value[0]["id_from_network"] == "395");
  BOOST_TEST(listed.ordered[0].dump() == read("395").ordered.dump());
}

BOOST_AUTO_TEST_SUITE_END()
