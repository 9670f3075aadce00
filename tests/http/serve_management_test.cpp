// The management API over real HTTP on loopback: the same checks the README's curl session makes,
// plus the error cases of the foundation issue, each of which must change nothing.
#include "tests/support/loopback_server.hpp"
#include "transport/http/http_server.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>
#include <thread>

namespace {

using ringpool::api::Service;

const std::string kBase = "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools";

struct LiveServer {
  Service service{ringpool::world_file::load_default_world(7)};
  ringpool::testing::LoopbackServer server{service};
  std::unique_ptr<httplib::Client> client;

  LiveServer() {
    client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
    client->set_connection_timeout(5);
    client->set_read_timeout(10);
  }
  ~LiveServer() {
    client->stop();  // close a kept-alive connection so the server need not wait for its timeout
  }
  httplib::Headers auth(const std::string& token = "demo-token") { return {{"Authorization", token}}; }
  std::string list() {
    auto reply = client->Get(kBase + ".json", auth());
    BOOST_REQUIRE(reply);
    return reply->body;
  }
};

void expect_error(const httplib::Result& reply, int status, const std::string& error_class) {
  BOOST_REQUIRE(reply);
  BOOST_TEST(reply->status == status);
  const auto body = nlohmann::json::parse(reply->body, nullptr, false);
  BOOST_REQUIRE(body.is_object());
  BOOST_TEST(body["errors"]["class"] == error_class);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http)

BOOST_AUTO_TEST_CASE(M_3_to_M_5_crud_over_http) {
  LiveServer live;
  auto created = live.client->Post(kBase + ".json", live.auth(),
                                    R"({"id_from_network":"p1","name":"Spring","max_pool_size":3})", "application/json");
  BOOST_REQUIRE(created);
  BOOST_TEST(created->status == 201);
  BOOST_TEST(created->get_header_value("Content-Type").starts_with("application/json"));
  auto read = live.client->Get(kBase + "/p1.json", live.auth());
  BOOST_REQUIRE(read);
  BOOST_TEST(read->body == created->body);
  auto updated = live.client->Put(kBase + "/p1.json", live.auth("Bearer demo-token"), R"({"lifetime_seconds":600})",
                                  "application/json");
  BOOST_REQUIRE(updated);
  BOOST_TEST(updated->status == 200);
  BOOST_TEST(nlohmann::json::parse(updated->body)["lifetime_seconds"] == 600);
  BOOST_TEST(nlohmann::json::parse(updated->body)["name"] == "Spring");
  auto listed = live.client->Get(kBase + ".json?oauth_token=demo-token");
  BOOST_REQUIRE(listed);
  BOOST_TEST(nlohmann::json::parse(listed->body).size() == 1U);
  auto deleted = live.client->Delete(kBase + "/p1.json", live.auth());
  BOOST_REQUIRE(deleted);
  BOOST_TEST(deleted->status == 200);
  BOOST_TEST(deleted->body == "{}");
  BOOST_TEST(live.list() == "[]");
}

BOOST_AUTO_TEST_CASE(C_3_errors_over_http_change_nothing) {
  LiveServer live;
  auto created = live.client->Post(kBase + ".json", live.auth(), R"({"id_from_network":"p1"})", "application/json");
  BOOST_REQUIRE(created);
  const std::string before = live.list();

  expect_error(live.client->Post(kBase + ".json", live.auth(), "{not json", "application/json"), 400, "InvalidRequest");
  auto bad_key = live.client->Post(kBase + ".json", live.auth(),
                                   R"({"id_from_network":"p2","local_center":{"bad_key":""}})", "application/json");
  expect_error(bad_key, 403, "RecordInvalid");
  BOOST_TEST(bad_key->body == R"({"errors":{"class":"RecordInvalid","invalid_data":"Invalid Key in Local Center."}})");
  expect_error(live.client->Put(kBase + "/p1.json", live.auth(), R"({"allow_overflow":false})", "application/json"),
               403, "RecordInvalid");
  expect_error(live.client->Post(kBase + ".json", live.auth("wrong-token"), R"({"id_from_network":"p3"})",
                                 "application/json"),
               401, "Unauthorized");
  expect_error(live.client->Post(kBase + ".json", live.auth("other-token"), R"({"id_from_network":"p4"})",
                                 "application/json"),
               401, "Unauthorized");
  const std::string huge = R"({"id_from_network":"p5","name":")" + std::string(2 * 1024 * 1024, 'x') + R"("})";
  expect_error(live.client->Post(kBase + ".json", live.auth(), huge, "application/json"), 413, "RequestTooLarge");

  BOOST_TEST(live.list() == before);
}

BOOST_AUTO_TEST_CASE(B_10_keep_alive_connection_serves_many_requests) {
  LiveServer live;
  live.client->set_keep_alive(true);
  for (int i = 0; i < 20; ++i) {
    auto reply = live.client->Get(kBase + ".json", live.auth());
    BOOST_REQUIRE(reply);
    BOOST_TEST(reply->status == 200);
  }
}

BOOST_AUTO_TEST_SUITE_END()
