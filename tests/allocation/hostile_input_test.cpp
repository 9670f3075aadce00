// Regression tests for what a hostile client found (issue 12, findings 1-7): deep bodies, bytes
// that are not UTF-8 or not legal XML, the overflow number of a pool born into an empty
// inventory, unbounded clock advances, impossible dates and lenient input.
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <string>
#include <string_view>

using namespace ringpool;
using namespace ringpool::test::allocation;

namespace {

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// True when `body` parses as JSON (nlohmann refuses invalid UTF-8 too).
bool parses_as_json(const std::string& body) { return !json::parse(body, nullptr, false).is_discarded(); }


}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(hostile_input)

// Finding 1: an extra key nested 100,000 deep once overflowed the stack when the control API
// echoed the body. Every JSON body is now read with a depth bound and refused with a 400.
BOOST_AUTO_TEST_CASE(finding_1_deeply_nested_bodies_are_refused_without_recursion) {
  AllocationFixture f;
  const std::string deep = nested_arrays(100'000);
  auto bulk = f.control("POST", "/_control/bulk", R"({"network":1,"enabled":false,"x":)" + deep + "}");
  BOOST_TEST(bulk.status == 400, bulk.status);
  BOOST_TEST(parses_as_json(bulk.body), bulk.body.substr(0, 200));
  BOOST_TEST(bulk.body.find("deeper than") != std::string::npos, bulk.body.substr(0, 200));
  auto advance = f.control("POST", "/_control/clock/advance", R"({"seconds":1,"x":)" + deep + "}");
  BOOST_TEST(advance.status == 400, advance.status);
  // Management ignores unknown keys (M-17), however deep (the part past the bound is never built);
  // a known field that deep is still the wrong type.
  auto create = f.mgmt("POST", kCamp1 + ".json", R"({"id_from_network":"deep","x":)" + deep + "}");
  BOOST_TEST(create.status == 201, create.status);
  BOOST_TEST(parses_as_json(create.body), create.body.substr(0, 200));
  auto update = f.mgmt("PUT", kCamp1 + "/deep.json", R"({"name":)" + deep + "}");
  BOOST_TEST(update.status == 403, update.status);
  BOOST_TEST(parses_as_json(update.body), update.body.substr(0, 200));
  BOOST_TEST(json::parse(f.mgmt("GET", kCamp1 + "/deep.json").body)["name"] == "");
  auto shallow = f.control("POST", "/_control/bulk", R"({"network":1,"enabled":false,"x":)" + nested_arrays(20) + "}");
  BOOST_TEST(shallow.status == 200, shallow);
}

// Finding 2: bytes that are not UTF-8 in the request target were echoed into a JSON error body,
// whose building threw (500). Every echo is now valid in the body's format.
BOOST_AUTO_TEST_CASE(finding_2_non_utf8_target_bytes_answer_4xx_with_valid_bodies) {
  AllocationFixture f;
  const std::vector<std::string> targets = {
      kCamp1 + ".json?\xff=1",                          // a query-parameter name
      "/nowhere/\xff\xfe",                              // an unmatched route
      "/_control/\xff",                                 // an unknown control path
      "/_control/ring_pools/\xff",                      // a control pool id
      kCamp1 + "/\xff\xc3.json",                        // a management pool id
      "/api/2015-12-09/ring_pools/\xff/allocate_number.json?ring_pool_key=x",
  };
  for (const std::string& target : targets) {
    api::Headers headers = ServiceFixture::authorized(kDemoToken);
    headers.emplace("X-Control-Token", std::string(kControlToken));
    auto r = f.call("GET", target, {}, headers);
    BOOST_TEST((r.status >= 400 && r.status < 500), target << ": " << r.status);
    if (r.content_type.starts_with("application/json")) BOOST_TEST(parses_as_json(r.body), target);
  }
  auto name = f.mgmt("GET", kCamp1 + ".json?\xff=1");
  BOOST_TEST(name.status == 400, name);
}

// Finding 2 (XML): `ring_pool_key=a%01` once put `&#01;` (illegal in XML 1.0) into the error, and
// `%00` cut the message short.
BOOST_AUTO_TEST_CASE(finding_2_xml_errors_hold_only_legal_characters) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "x2"}, {"max_pool_size", 2}});
  for (const std::string& key : std::vector<std::string>{"a%01b", "a%00b", "a%FFb", "a%EF%BF%BEb"}) {
    auto r = f.call("GET", "/api/2015-12-09/ring_pools/" + std::to_string(p.id) +
                               "/allocate_number.xml?ring_pool_key=" + key);
    BOOST_TEST(r.status == 403, r);
    BOOST_TEST(r.body.find("&#") == std::string::npos, r.body);
    for (const char c : r.body)
      BOOST_TEST(!(static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r'), key);
    pugi::xml_document document;
    BOOST_TEST(static_cast<bool>(document.load_buffer(r.body.data(), r.body.size())), r.body);
    // A key that is not UTF-8 makes the query malformed and is not echoed; the others are, whole.
    const bool echoed = key != "a%FFb";
    const std::string message = document.child("Error").child("Message").text().get();
    BOOST_TEST((!echoed || message.find("b'") != std::string::npos), key << " message: " << message);
    auto text = f.call("GET", "/api/2015-12-09/ring_pools/" + std::to_string(p.id) +
                                  "/allocate_number.csv?ring_pool_key=" + key);
    BOOST_TEST((!echoed || text.body.find("b'") != std::string::npos), key << " text: " << text.body);
    BOOST_TEST(text.body.find('\0') == std::string::npos, key);
  }
}

// Finding 3 (A-12, P-4): a pool with allow_overflow created while the inventory is empty takes
// its first number, whenever that comes, as its overflow number.
BOOST_AUTO_TEST_CASE(finding_3_pool_born_into_empty_inventory_gets_its_overflow_number_later) {
  AllocationFixture f(inline_world(toll_free_world(3, "aging_seconds = 60\nautoscale_interval_seconds = 60")));
  f.create_pool({{"id_from_network", "hog"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  Pool late = f.create_pool({{"id_from_network", "late"}, {"max_pool_size", 3}, {"allow_overflow", true}});
  BOOST_TEST(f.inspect(late.id)["held"] == 0);
  BOOST_TEST(f.allocate(late).status == 503);  // nothing at all yet: not even an overflow number
  BOOST_TEST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/hog.json").status == 200);
  f.advance(120);  // the hog's numbers age (60 s) and return; a tick grows the exhausted pool
  BOOST_TEST(f.allocate(late).status == 200);
  BOOST_TEST(f.inspect(late.id)["overflow_number"] == "8005550000", f.inspect(late.id).dump());
  // Exhaust it: every further allocation still succeeds, with the overflow number (A-12).
  for (int i = 0; i < 5; ++i) {
    auto r = f.allocate(late, "json", "m=" + std::to_string(i));
    BOOST_TEST(r.status == 200, r);
  }
}

// Finding 4: create/delete churn once drained network 1's 3,000 toll-free numbers for a day (they
// age, P-8). The default world now has a range of a million more, held lazily, and a pool that
// gets nothing says why (control view, NoNumberAvailable message, a notice for the serve log).
BOOST_AUTO_TEST_CASE(finding_4_churn_cannot_drain_the_default_world_and_exhaustion_is_explained) {
  AllocationFixture f;
  // The declared pools (world file) already hold some; the rest is 3,000 + 1,000,000 minus those.
  const json initial = f.inspect(1)["inventory"];
  BOOST_TEST(initial["toll_free_available"].get<std::int64_t>() > 1'000'000, initial.dump());
  // 40,000 numbers taken and given back: never handed out, they return at once (P-8, issue 22).
  for (int round = 0; round < 4; ++round) {
    const std::string id = "churn-" + std::to_string(round);
    f.create_pool({{"id_from_network", id}, {"max_pool_size", 10000}, {"fill_immediately", true}});
    BOOST_TEST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/" + id + ".json").status == 200);
  }
  Pool fresh = f.create_pool({{"id_from_network", "fresh"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  const json view = f.inspect(fresh.id);
  BOOST_TEST(view["held"] == 3, view.dump());
  BOOST_TEST(view["shortage"].is_null(), view.dump());
  BOOST_TEST(view["inventory"]["aging"] == 0, view.dump());
  BOOST_TEST(view["inventory"]["toll_free_available"] == initial["toll_free_available"].get<std::int64_t>() - 3,
             view.dump());
  const json allocated = f.allocate_ok(fresh);
  BOOST_TEST(!allocated.contains("overflow"), allocated.dump());
}

BOOST_AUTO_TEST_CASE(finding_4_an_exhausted_inventory_is_named_in_the_pool_view_the_error_and_a_notice) {
  api::ServiceOptions options = control_options();
  std::vector<std::string> notices;
  options.notice = [&notices](const std::string& line) { notices.push_back(line); };
  AllocationFixture f(inline_world(toll_free_world(2, "aging_seconds = 600")), options);
  Pool hog = f.create_pool({{"id_from_network", "hog"}, {"max_pool_size", 2}, {"fill_immediately", true}, {"allow_overflow", false}});
  f.allocate_ok(hog, "m1=a");  // both numbers handed out, so both age when the hog goes (P-8)
  f.allocate_ok(hog, "m1=b");
  BOOST_TEST_REQUIRE(f.mgmt("DELETE", kCamp1 + "/hog.json").status == 200);
  Pool starved = f.create_pool({{"id_from_network", "starved"}, {"max_pool_size", 2}, {"allow_overflow", false}});
  const json view = f.inspect(starved.id);
  BOOST_TEST(view["held"] == 0);
  BOOST_TEST(view["shortage"].get<std::string>().find("no toll-free number available: 2 are aging") != std::string::npos,
             view.dump());
  auto r = f.allocate(starved);
  BOOST_TEST(r.status == 503, r);
  BOOST_TEST(r.body.find("no toll-free number available") != std::string::npos, r);
  BOOST_TEST_REQUIRE(notices.size() == 1u);
  BOOST_TEST(notices[0].find("network 1: no toll-free number left for pool") != std::string::npos, notices[0]);
  f.advance(600);  // the numbers return: the pool fills at its next growth, and the shortage is gone
  f.advance(300);
  BOOST_TEST(f.inspect(starved.id)["shortage"].is_null(), f.inspect(starved.id).dump());
}

// Finding 5 (T-4): an advance runs the events that are due, not one autoscaling tick per
// interval, and an advance past the documented bound is refused with a 400 that names it.
BOOST_AUTO_TEST_CASE(finding_5_advance_costs_the_work_due_and_is_bounded) {
  AllocationFixture f(default_world_with("[policy]\nautoscale_interval_seconds = 1\n"));
  f.create_pool({{"id_from_network", "w1"},
                 {"max_pool_size", 3},
                 {"local_center", {{"tn_prefix", "999"}}},
                 {"local_number_preferences", {{"allocation_fallback_strategy", "Wait"}}}});
  Pool busy = f.create_pool({{"id_from_network", "b1"}, {"max_pool_size", 5}});
  f.allocate_ok(busy);
  const std::size_t pending_before = f.service.model().engine().events_run();
  f.advance(10'000'000);
  const std::size_t run = f.service.model().engine().events_run() - pending_before;
  BOOST_TEST(run < 1000u, run << " events for an advance of 1e7 s with nothing to do");
  auto refused = f.control("POST", "/_control/clock/advance", R"({"seconds":1e12})");
  BOOST_TEST(refused.status == 400, refused);
  BOOST_TEST(refused.body.find("at most") != std::string::npos, refused);
  // Time still runs what is due: the lease above ended long ago, so the number is idle again.
  BOOST_TEST(f.inspect(busy.id)["leased"] == 0);
}

// Finding 6 (A-1): the version is a real calendar date, else the plain-text 404.
BOOST_AUTO_TEST_CASE(finding_6_version_must_be_a_calendar_date) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "a1"}, {"max_pool_size", 3}});
  for (const std::string& version : std::vector<std::string>{"2015-13-45", "0000-00-00", "2015-02-29", "2015-00-10", "2015-04-31", "0000-01-01"}) {
    auto r = f.call("GET", "/api/" + version + "/ring_pools/" + std::to_string(p.id) +
                               "/allocate_number.json?ring_pool_key=" + p.key);
    BOOST_TEST(r.status == 404, version << ": " << r);
    BOOST_TEST(r.content_type == "text/plain", version);
  }
  for (const std::string& version : std::vector<std::string>{"2016-02-29", "2015-12-09", "1999-12-31"}) {
    auto r = f.call("GET", "/api/" + version + "/ring_pools/" + std::to_string(p.id) +
                               "/allocate_number.json?ring_pool_key=" + p.key);
    BOOST_TEST(r.status == 200, version << ": " << r);
  }
}

// Finding 7 (C-2, M-9, A-1, C-1, T-4): lenient input refused with the field's error.
BOOST_AUTO_TEST_CASE(finding_7_lenient_input_is_refused) {
  AllocationFixture f;
  for (const std::string& phone : std::vector<std::string>{"(888)111-2222)", "8-8-8-1-1-1-2-2-2-2", "888--111-2222", "((888)) 111-2222",
                                  "888-111.2222", "1 888)111-2222"}) {
    auto r = f.mgmt("POST", kCamp1 + ".json",
                    json{{"id_from_network", "c2"}, {"destination_phone_number", phone}}.dump());
    BOOST_TEST(r.status == 403, phone << ": " << r);
    BOOST_TEST(r.body.find("hone") != std::string::npos, phone << ": " << r);
  }
  for (const std::string& phone : std::vector<std::string>{"8881112222", "888-111-2222", "(888) 111-2222", "888.111.2222", "+1 888 111 2222",
                                  "1-888-111-2222", "(888)111-2222", "888 111 2222", "18881112222", "+18881112222"}) {
    auto r = f.mgmt("PUT", kCamp1 + "/c2ok.json", json{{"destination_phone_number", phone}}.dump());
    BOOST_TEST(r.status < 300, phone << ": " << r);
  }
  for (const json& id : {json(" "), json(std::string("a\0b", 3)), json("\t\n"), json("a\x01")}) {
    auto r = f.mgmt("POST", kCamp1 + ".json", json{{"id_from_network", id}}.dump());
    BOOST_TEST(r.status == 403, id.dump() << ": " << r);
    BOOST_TEST(r.body.find("Id from network") != std::string::npos, r);
  }
  // Ids are canonical decimals: network "01" is not network 1, legacy pool "03" is not pool 3.
  auto network = f.call("GET", "/api/2022-08-01/01/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json", {},
                        ServiceFixture::authorized(kDemoToken));
  BOOST_TEST(network.status == 401, network);
  Pool p = f.create_pool({{"id_from_network", "canon"}, {"max_pool_size", 3}});
  auto padded = f.call("GET", "/api/2015-12-09/ring_pools/0" + std::to_string(p.id) +
                                  "/allocate_number.json?ring_pool_key=" + p.key);
  BOOST_TEST(padded.status == 403, padded);
  auto maybe = f.allocate(p, "json", "mobile_click_to_call=maybe");
  BOOST_TEST(maybe.status == 400, maybe);
  BOOST_TEST(maybe.body.find("mobile_click_to_call") != std::string::npos, maybe);
  BOOST_TEST(f.allocate(p, "json", "mobile_click_to_call=true").status == 200);
  auto huge = f.control("POST", "/_control/clock/advance", R"({"seconds":1e999})");
  BOOST_TEST(huge.status == 400, huge);
  BOOST_TEST(huge.body.find("must be a JSON object") == std::string::npos, huge);
  BOOST_TEST(huge.body.find("1e999") != std::string::npos, huge);
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()
