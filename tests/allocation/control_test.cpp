// Clock and control API (spec T-1, T-4).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::test::allocation;

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(control)

BOOST_AUTO_TEST_CASE(T_1_events_due_at_t_applied_before_request_at_t) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "t1"},
                          {"max_pool_size", 2},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  f.advance(60);  // the lease ends at exactly 00:01:00, and the request at 00:01:00 sees it
  json b = f.allocate_ok(p, "m1=2");
  BOOST_TEST(!b.contains("overflow"), b.dump());
  BOOST_TEST(b["promo_number"] == a["promo_number"]);
  auto clock = f.control("GET", "/_control/clock");
  BOOST_TEST(clock.status == 200, clock);
  BOOST_TEST(json::parse(clock.body)["now"] == "2026-01-01T00:01:00.000Z");
}

BOOST_AUTO_TEST_CASE(T_1_clock_starts_2026_and_advances_to_the_millisecond) {
  AllocationFixture f;
  auto c = f.control("GET", "/_control/clock");
  BOOST_TEST(c.status == 200, c);
  BOOST_TEST(json::parse(c.body)["now"] == "2026-01-01T00:00:00.000Z");
  f.advance(1.5);
  f.advance(0.001);
  f.advance(0);
  BOOST_TEST(json::parse(f.control("GET", "/_control/clock").body)["now"] ==
             "2026-01-01T00:00:01.501Z");
}

BOOST_AUTO_TEST_CASE(T_4_control_404_without_control) {
  ringpool::api::Service plain(ringpool::world_file::load_default_world(kSeed));
  ringpool::api::Headers headers;
  headers.emplace("X-Control-Token", "t");
  for (auto [method, path] : {std::pair{"GET", "/_control/clock"},
                              std::pair{"POST", "/_control/clock/advance"},
                              std::pair{"POST", "/_control/reset"},
                              std::pair{"GET", "/_control/ring_pools/1"}}) {
    auto r = plain.handle(ringpool::api::make_request(method, path, R"({"seconds":1})", headers));
    BOOST_TEST(r.status == 404, path << ": " << r);
  }
}

BOOST_AUTO_TEST_CASE(T_4_control_wrong_token_403) {
  AllocationFixture f;
  ringpool::api::Headers wrong;
  wrong.emplace("X-Control-Token", "nope");
  auto r = f.call("POST", "/_control/clock/advance", R"({"seconds":10})", wrong);
  BOOST_TEST(r.status == 403, r);
  auto missing = f.call("GET", "/_control/clock");
  BOOST_TEST(missing.status == 403, missing);
  auto missing_post = f.call("POST", "/_control/clock/advance", R"({"seconds":10})");
  BOOST_TEST(missing_post.status == 403, missing_post);
  BOOST_TEST(json::parse(f.control("GET", "/_control/clock").body)["now"] ==
             "2026-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(T_4_negative_advance_400) {
  AllocationFixture f;
  f.advance(10);
  for (std::string body : {R"({"seconds":-1})", R"({"seconds":-0.001})", R"({"seconds":"x"})", "{}"}) {
    auto r = f.control("POST", "/_control/clock/advance", body);
    BOOST_TEST(r.status == 400, body << " -> " << r);
  }
  BOOST_TEST(json::parse(f.control("GET", "/_control/clock").body)["now"] ==
             "2026-01-01T00:00:10.000Z");
}

BOOST_AUTO_TEST_CASE(T_4_reset_bad_world_400_names_line) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "keep"}, {"max_pool_size", 2}});
  f.advance(5);
  const json before = f.inspect(p.id);
  const std::string bad = "start = \"2026-01-01T00:00:00Z\"\n\n[[network]]\nid = 1\nhots = \"x\"\n";
  auto r = f.control("POST", "/_control/reset", json{{"seed", 3}, {"world", bad}}.dump());
  BOOST_TEST(r.status == 400, r);
  BOOST_TEST(r.body.find(":5:") != std::string::npos, r);  // the line of the unknown key
  BOOST_TEST(f.inspect(p.id) == before);                    // nothing changed
  auto unknown = f.control("POST", "/_control/reset", R"({"seed":3,"world":"no-such-world"})");
  BOOST_TEST(unknown.status == 400, unknown);
  BOOST_TEST(f.inspect(p.id) == before);
}

BOOST_AUTO_TEST_CASE(T_4_reset_default_world_restarts) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "gone"}, {"max_pool_size", 2}});
  f.advance(100);
  auto r = f.control("POST", "/_control/reset", R"({"seed":7,"world":"default"})");
  BOOST_TEST(r.status == 200, r);
  BOOST_TEST(json::parse(f.control("GET", "/_control/clock").body)["now"] ==
             "2026-01-01T00:00:00.000Z");
  BOOST_TEST(f.mgmt("GET", kCamp1 + "/gone.json").status == 404);
  BOOST_TEST(f.control("GET", "/_control/ring_pools/" + std::to_string(p.id)).status == 404);
  // Same seed: the same key as a fresh service gets.
  AllocationFixture fresh;
  Pool a = f.create_pool({{"id_from_network", "x"}});
  Pool b = fresh.create_pool({{"id_from_network", "x"}});
  BOOST_TEST(a.key == b.key);
  BOOST_TEST(a.id == b.id);
}

BOOST_AUTO_TEST_CASE(T_4_control_bulk_enables_affiliate) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "cb"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  BOOST_TEST(f.allocate(p, "json", "pid=5567").status == 200);
  auto c = f.control("POST", "/_control/bulk", R"({"network":1,"affiliate":"5567","enabled":true})");
  BOOST_TEST(c.status == 200, c);
  auto r = f.allocate(p, "json", "pid=5567");
  BOOST_TEST(r.status == 403, r);
  BOOST_TEST(r.body.find("OnlyBulkNumberAllocationAllowed") != std::string::npos, r);
}

BOOST_AUTO_TEST_SUITE_END()  // control
BOOST_AUTO_TEST_SUITE_END()  // allocation
