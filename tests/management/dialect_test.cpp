// The management API's wire-level choices (api::Dialect; spec M-1, M-3, M-4, M-8, A-2): the
// reference's by default, the other valid choice when configured (the variant target's).
#include "reference/api/dialect.hpp"
#include "tests/support/service_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool;
using namespace ringpool::test;

namespace {

const std::string kBase = campaign_base(1, "adv-1", "camp-1");

api::ServiceOptions options_with(const api::Dialect& dialect) {
  api::ServiceOptions options;
  options.dialect = dialect;
  return options;
}

struct DialectFixture : ServiceFixture {
  explicit DialectFixture(const api::Dialect& dialect)
      : ServiceFixture(world_file::load_default_world(kSeed), options_with(dialect)) {}
  api::Response post(const json& body) { return call("POST", kBase + ".json", body.dump(), authorized(kDemoToken)); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(management)
BOOST_AUTO_TEST_SUITE(dialect)

BOOST_AUTO_TEST_CASE(M_3_M_4_created_status_is_a_choice_updates_stay_200) {
  api::Dialect dialect;
  dialect.created_status = 200;
  DialectFixture f(dialect);
  BOOST_TEST(f.post({{"id_from_network", "a"}}).status == 200);
  BOOST_TEST(f.post({{"id_from_network", "a"}, {"name", "x"}}).status == 200);
  BOOST_TEST(f.call("PUT", kBase + "/b.json", "{}", ServiceFixture::authorized(kDemoToken)).status == 200);
  DialectFixture reference{api::Dialect{}};
  BOOST_TEST(reference.post({{"id_from_network", "a"}}).status == 201);
}

BOOST_AUTO_TEST_CASE(M_1_list_newest_first) {
  api::Dialect dialect;
  dialect.list_order = api::ListOrder::DescendingId;
  DialectFixture f(dialect);
  f.post({{"id_from_network", "first"}});
  f.post({{"id_from_network", "second"}});
  const json list = json::parse(f.call("GET", kBase + ".json", {}, ServiceFixture::authorized(kDemoToken)).body);
  BOOST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0]["id_from_network"] == "second");
  BOOST_TEST(list[1]["id_from_network"] == "first");
}

BOOST_AUTO_TEST_CASE(M_8_per_field_validation_bodies_except_the_documents_exact_one) {
  api::Dialect dialect;
  dialect.validation_errors = api::ValidationErrorForm::PerField;
  DialectFixture f(dialect);
  api::Response r = f.post({{"id_from_network", "v"}, {"max_pool_size", 0}});
  BOOST_TEST(r.status == 403);
  BOOST_TEST(parse_or_null(r.body) == json::parse(R"({"errors":{"max_pool_size":["Max pool size must be between 1 and 10000."]}})"));
  r = f.post({{"id_from_network", "v"}, {"local_center", {{"zip", "90210"}}}});
  BOOST_TEST(r.status == 403);
  BOOST_TEST(parse_or_null(r.body) ==
             json::parse(R"({"errors":{"class":"RecordInvalid","invalid_data":"Invalid Key in Local Center."}})"));
  r = f.post({{"id_from_network", "v"}, {"local_center", {{"latitude", 30}}}});
  BOOST_TEST(parse_or_null(r.body)["errors"].contains("local_center"), r);
  // Not a validation failure: unchanged.
  r = f.call("GET", kBase + "/nothing.json", {}, ServiceFixture::authorized(kDemoToken));
  BOOST_TEST(parse_or_null(r.body)["errors"]["class"] == "RecordNotFound");
}

BOOST_AUTO_TEST_CASE(A_2_media_type_parameters_and_pretty_json) {
  api::Dialect dialect;
  dialect.content_type_parameters = "; charset=utf-8";
  dialect.pretty_json = true;
  DialectFixture f(dialect);
  const api::Response r = f.post({{"id_from_network", "p"}, {"name", "caf\xc3\xa9"}});
  BOOST_TEST(r.content_type == "application/json; charset=utf-8");
  BOOST_TEST(r.body.starts_with("{\n  \"id\": "), r.body);
  BOOST_TEST(json::parse(r.body)["name"] == "caf\xc3\xa9");
  // Key order is kept (M-18).
  BOOST_TEST(r.body.find("\"id_from_network\"") < r.body.find("\"name\""));
}

BOOST_AUTO_TEST_CASE(M_6_bearer_tokens_are_a_choice) {
  api::Dialect dialect;
  dialect.accept_bearer_tokens = false;
  DialectFixture f(dialect);
  api::Headers bearer;
  bearer.emplace("Authorization", "Bearer demo-token");
  BOOST_TEST(f.call("GET", kBase + ".json", {}, bearer).status == 401);
  BOOST_TEST(f.call("GET", kBase + ".json", {}, ServiceFixture::authorized(kDemoToken)).status == 200);
  DialectFixture reference{api::Dialect{}};
  BOOST_TEST(reference.call("GET", kBase + ".json", {}, bearer).status == 200);
}

// A server that takes only Bearer tokens reads a plain header as no token; the query parameter
// ([doc]) still works.
BOOST_AUTO_TEST_CASE(M_6_a_bearer_only_server_refuses_the_plain_header) {
  api::Dialect dialect;
  dialect.accept_plain_tokens = false;
  DialectFixture f(dialect);
  api::Headers bearer;
  bearer.emplace("Authorization", "Bearer demo-token");
  BOOST_TEST(f.call("GET", kBase + ".json", {}, bearer).status == 200);
  BOOST_TEST(f.call("GET", kBase + ".json", {}, ServiceFixture::authorized(kDemoToken)).status == 401);
  BOOST_TEST(f.call("GET", kBase + ".json?oauth_token=demo-token", {}, {}).status == 200);
}

BOOST_AUTO_TEST_SUITE_END()  // dialect
BOOST_AUTO_TEST_SUITE_END()  // management
