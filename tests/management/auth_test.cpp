// M-6 (authentication by API token), black-box through the in-process Service.
#include "tests/support/management_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::test::management;

BOOST_FIXTURE_TEST_SUITE(management, ManagementFixture)

BOOST_AUTO_TEST_CASE(M_6_token_in_query_body_header_bearer) {
  // Query parameter, no header.
  Reply by_query = call("GET", base + ".json?oauth_token=demo-token", {}, std::nullopt);
  BOOST_TEST(by_query.status == 200, by_query);

  // JSON body key, no header.
  Reply by_body = call("POST", base + ".json",
                       R"({"oauth_token": "demo-token", "id_from_network": "by-body"})",
                       std::nullopt);
  BOOST_TEST(by_body.status == 201, by_body);

  // Authorization: <token> (the vendor's form).
  Reply by_header = call("GET", base + "/by-body.json", {}, std::nullopt,
                         ringpool::api::Headers{{"Authorization", "demo-token"}});
  BOOST_TEST(by_header.status == 200, by_header);

  // Authorization: Bearer <token>.
  Reply by_bearer = call("GET", base + "/by-body.json", {}, std::nullopt,
                         ringpool::api::Headers{{"Authorization", "Bearer demo-token"}});
  BOOST_TEST(by_bearer.status == 200, by_bearer);

  // The header name is case-insensitive.
  Reply lower = call("GET", base + ".json", {}, std::nullopt,
                     ringpool::api::Headers{{"authorization", "demo-token"}});
  BOOST_TEST(lower.status == 200, lower);

  // Every method takes the token in the query.
  Reply put_query = call("PUT", base + "/by-body.json?oauth_token=demo-token",
                         R"({"name": "via query"})", std::nullopt);
  BOOST_TEST(put_query.status == 200, put_query);
  BOOST_TEST(put_query["name"] == "via query");
  Reply delete_query =
      call("DELETE", base + "/by-body.json?oauth_token=demo-token", {}, std::nullopt);
  BOOST_TEST(delete_query.status == 200, delete_query);
  BOOST_TEST(delete_query.value == json::object());

  // A PUT with the token in its body.
  Reply put_body = call("PUT", base + "/by-put-body.json",
                        R"({"oauth_token": "demo-token", "name": "n"})", std::nullopt);
  BOOST_TEST(put_body.status == 201, put_body);
  // A DELETE with the token in its body.
  Reply delete_body = call("DELETE", base + "/by-put-body.json", R"({"oauth_token": "demo-token"})",
                           std::nullopt);
  BOOST_TEST(delete_body.status == 200, delete_body);
  BOOST_TEST(delete_body.value == json::object());
}

BOOST_AUTO_TEST_CASE(M_6_missing_token_401_changes_nothing) {
  create("existing");
  const auto before = snapshot();
  BOOST_TEST(is_error(get(".json", std::nullopt), 401, "Unauthorized"));
  BOOST_TEST(is_error(get("/existing.json", std::nullopt), 401, "Unauthorized"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "new"})", std::nullopt), 401,
                      "Unauthorized"));
  BOOST_TEST(is_error(put("/existing.json", R"({"name": "changed"})", std::nullopt), 401,
                      "Unauthorized"));
  BOOST_TEST(is_error(put("/new2.json", R"({"name": "created?"})", std::nullopt), 401,
                      "Unauthorized"));
  BOOST_TEST(is_error(del("/existing.json", {}, std::nullopt), 401, "Unauthorized"));
  // An empty token is a missing token.
  BOOST_TEST(is_error(get(".json", std::string()), 401, "Unauthorized"));
  BOOST_TEST(is_error(call("GET", base + ".json?oauth_token=", {}, std::nullopt), 401,
                      "Unauthorized"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_6_wrong_token_401_changes_nothing) {
  create("existing", {{"name", "original"}});
  const auto before = snapshot();
  const Token wrong = std::string("wrong-token");
  BOOST_TEST(is_error(get(".json", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(get("/existing.json", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "new"})", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "existing", "name": "x"})", wrong), 401,
                      "Unauthorized"));
  BOOST_TEST(is_error(put("/existing.json", R"({"name": "changed"})", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(put("/new2.json", R"({"name": "created?"})", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(del("/existing.json", {}, wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(get(".json", std::string("Bearer wrong-token")), 401, "Unauthorized"));
  // A token differing from the real one only in case is wrong.
  BOOST_TEST(is_error(get(".json", std::string("DEMO-TOKEN")), 401, "Unauthorized"));
  BOOST_TEST(is_error(call("GET", base + ".json?oauth_token=wrong-token", {}, std::nullopt), 401,
                      "Unauthorized"));
  BOOST_TEST(is_error(call("POST", base + ".json",
                           R"({"oauth_token": "wrong-token", "id_from_network": "new"})",
                           std::nullopt),
                      401, "Unauthorized"));
  // Wrong token on an unknown pool: still 401, not 404.
  BOOST_TEST(is_error(get("/nope.json", wrong), 401, "Unauthorized"));
  BOOST_TEST(is_error(del("/nope.json", {}, wrong), 401, "Unauthorized"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_6_other_networks_token_401) {
  create("mine");
  const auto before = snapshot();
  for (const char* token : {"other-token", "tag-token"}) {
    const Token foreign = std::string(token);
    BOOST_TEST_CONTEXT("token " << token) {
      BOOST_TEST(is_error(get(".json", foreign), 401, "Unauthorized"));
      BOOST_TEST(is_error(get("/mine.json", foreign), 401, "Unauthorized"));
      BOOST_TEST(is_error(post(".json", R"({"id_from_network": "theirs"})", foreign), 401,
                          "Unauthorized"));
      BOOST_TEST(is_error(put("/mine.json", R"({"name": "hijacked"})", foreign), 401,
                          "Unauthorized"));
      BOOST_TEST(is_error(del("/mine.json", {}, foreign), 401, "Unauthorized"));
    }
  }
  // And network 1's token on network 2's campaign.
  base = campaign_base(2, "adv-other", "camp-other");
  BOOST_TEST(is_error(get(".json"), 401, "Unauthorized"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "intruder"})"), 401, "Unauthorized"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_6_token_never_reaches_another_networks_data) {
  const auto before = snapshot();
  // Network 2's own token, addressing network 1's advertiser through network 2's URL: that
  // advertiser does not exist in network 2.
  base = campaign_base(2, "adv-1", "camp-2");
  Reply listed = get(".json", std::string(kOtherToken));
  BOOST_TEST(is_error(listed, 404, "RecordNotFound"));
  BOOST_TEST(listed.body.find("search-demo") == std::string::npos);
  BOOST_TEST(is_error(get("/search-demo.json", std::string(kOtherToken)), 404, "RecordNotFound"));
  BOOST_TEST(is_error(del("/search-demo.json", {}, std::string(kOtherToken)), 404,
                      "RecordNotFound"));
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_6_unknown_network_401) {
  const auto before = snapshot();
  base = campaign_base(999, "adv-1", "camp-1");
  BOOST_TEST(is_error(get(".json"), 401, "Unauthorized"));
  BOOST_TEST(is_error(get(".json", std::nullopt), 401, "Unauthorized"));
  BOOST_TEST(is_error(get("/x.json"), 401, "Unauthorized"));
  BOOST_TEST(is_error(post(".json", R"({"id_from_network": "x"})"), 401, "Unauthorized"));
  BOOST_TEST(is_error(put("/x.json", R"({"name": "x"})"), 401, "Unauthorized"));
  BOOST_TEST(is_error(del("/x.json"), 401, "Unauthorized"));
  // An unknown network answers exactly as a known network with a wrong token does.
  Reply unknown = get(".json", std::string("some-token"));
  base = campaign_base(1, "adv-1", "camp-1");
  Reply wrong = get(".json", std::string("some-token"));
  BOOST_TEST(unknown.status == wrong.status);
  BOOST_TEST(unknown.value["errors"]["class"] == wrong.value["errors"]["class"]);
  BOOST_TEST(snapshot() == before);
}

BOOST_AUTO_TEST_CASE(M_6_oauth_token_body_key_not_a_field) {
  Reply created = post(".json", R"({"oauth_token": "demo-token", "id_from_network": "t1"})");
  BOOST_TEST(created.status == 201);
  BOOST_REQUIRE(created.value.is_object());
  BOOST_TEST(!created.value.contains("oauth_token"));
  BOOST_TEST(keys_of(created.ordered) == base_representation_keys(),
             boost::test_tools::per_element());
  BOOST_TEST(created.body.find("demo-token") == std::string::npos);

  Reply updated = put("/t1.json", R"({"oauth_token": "demo-token"})");
  BOOST_TEST(updated.status == 200);
  BOOST_TEST(updated.ordered.dump() == created.ordered.dump());

  Reply one = read("t1");
  BOOST_TEST(!one.value.contains("oauth_token"));
  BOOST_TEST(one.body.find("demo-token") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
