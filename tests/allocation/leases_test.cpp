// Pools, leases and numbers (spec §5, P-1..P-6, P-8, P-9).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ringpool::test::allocation;

namespace {
// A small world: network 1 with `count` toll-free numbers from 800-555-0000.
std::string small_world(int count, std::string_view policy = {}) {
  std::string text;
  if (!policy.empty()) text += "[policy]\n" + std::string(policy) + "\n";
  text += R"(
[[network]]
id = 1
host = "network1.ringpool.test"
tokens = ["demo-token"]
data_dictionary = ["m1", "m2"]
inventory = [ { kind = "toll_free", first = "800-555-0000", count = )" +
          std::to_string(count) + R"( } ]

[[network.advertiser]]
id_from_network = "adv-1"
campaigns = ["camp-1"]

[[network.affiliate]]
id_from_network = "5567"
)";
  return text;
}
std::string promo(const json& v) { return v.at("promo_number").get<std::string>(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(leases)

BOOST_AUTO_TEST_CASE(P_1_leased_number_not_reused_until_lifetime) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p1"},
                          {"max_pool_size", 3},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  json b = f.allocate_ok(p, "m1=2");
  BOOST_TEST(promo(a) != promo(b));
  for (int i = 0; i < 5; ++i) {
    f.advance(11);  // up to 55 s
    json v = f.allocate_ok(p, "m1=x" + std::to_string(i));
    BOOST_TEST(v.at("overflow") == true);
    BOOST_TEST(promo(v) != promo(a));
    BOOST_TEST(promo(v) != promo(b));
  }
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["leased"] == 2);
  for (const json& n : pool["numbers"])
    if (n.contains("lease")) BOOST_TEST(n["lease"]["end"] == "2026-01-01T00:01:00.000Z");
}

BOOST_AUTO_TEST_CASE(P_1_number_free_at_exactly_t_plus_L) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p1e"},
                          {"max_pool_size", 2},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  BOOST_TEST(!a.contains("overflow"));
  f.advance(59.999);
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);
  f.advance(0.001);
  json c = f.allocate_ok(p, "m1=3");
  BOOST_TEST(!c.contains("overflow"), c.dump());
  BOOST_TEST(promo(c) == promo(a));
}

BOOST_AUTO_TEST_CASE(P_2_lru_reuse_ties_by_lower_number) {
  AllocationFixture f(inline_world(small_world(10)));
  Pool p = f.create_pool({{"id_from_network", "p2"},
                          {"max_pool_size", 4},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json pool = f.inspect(p.id);
  std::set<std::string> trackable;
  for (const json& n : pool["numbers"])
    if (n["status"] == "idle") trackable.insert(n["number"].get<std::string>());
  BOOST_TEST_REQUIRE(trackable.size() == 3u);
  auto it = trackable.begin();
  const std::string n1 = *it++, n2 = *it++, n3 = *it;
  // All idle since joining at t=0: the tie goes to the lowest number.
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == n1);
  f.advance(60);  // n1 idle since 60; n2, n3 since 0
  BOOST_TEST(promo(f.allocate_ok(p, "m1=b")) == n2);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=c")) == n3);
  f.advance(60);  // n1 idle since 60; n2, n3 since 120
  BOOST_TEST(promo(f.allocate_ok(p, "m1=d")) == n1);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=e")) == n2);
}

BOOST_AUTO_TEST_CASE(P_2_quarantine_delays_reuse) {
  AllocationFixture f(default_world_with("[policy]\nreuse_quarantine_seconds = 100\n"));
  Pool p = f.create_pool({{"id_from_network", "p2q"},
                          {"max_pool_size", 2},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  f.advance(60);
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["quarantined"] == 1);
  BOOST_TEST(pool["idle"] == 0);
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);
  f.advance(99.999);
  BOOST_TEST(f.allocate_ok(p, "m1=3").at("overflow") == true);
  f.advance(0.001);
  json c = f.allocate_ok(p, "m1=4");
  BOOST_TEST(!c.contains("overflow"), c.dump());
  BOOST_TEST(promo(c) == promo(a));
}

BOOST_AUTO_TEST_CASE(P_3_repeat_call_gets_another_number) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p3"}, {"max_pool_size", 5}, {"fill_immediately", true}});
  json a = f.allocate_ok(p, "m1=same&pid=5567");
  json b = f.allocate_ok(p, "m1=same&pid=5567");
  BOOST_TEST(!b.contains("overflow"));
  BOOST_TEST(promo(a) != promo(b));
  BOOST_TEST(f.inspect(p.id)["leased"] == 2);
}

BOOST_AUTO_TEST_CASE(P_4_overflow_is_first_number_never_leased_max_numbers_held) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p4"}, {"max_pool_size", 1}});
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 1);
  const json first = pool["overflow_number"];
  BOOST_TEST_REQUIRE(first.is_string());
  BOOST_TEST(pool["numbers"][0]["number"] == first);
  // Growing the pool keeps its first number as the overflow number.
  auto u = f.mgmt("PUT", kCamp1 + "/p4.json", R"({"max_pool_size":4,"fill_immediately":true})");
  BOOST_TEST(u.status == 200, u);
  pool = f.inspect(p.id);
  BOOST_TEST(pool["overflow_number"] == first);
  BOOST_TEST(pool["held"] == 4);
  for (int i = 0; i < 10; ++i) {
    json v = f.allocate_ok(p, "m1=" + std::to_string(i));
    BOOST_TEST(v.contains("overflow") == (i >= 3));
    if (i < 3) BOOST_TEST(v["promo_number"] != first);
  }
  pool = f.inspect(p.id);
  BOOST_TEST(pool["held"].get<int>() <= 4);
  int overflow_slots = 0;
  for (const json& n : pool["numbers"]) {
    if (n["number"] == first) {
      BOOST_TEST(!n.contains("lease"));
      BOOST_TEST(n["status"] == "overflow");
    }
    if (n["status"] == "overflow") ++overflow_slots;
  }
  BOOST_TEST(overflow_slots == 1);
  // Autoscaling after exhaustion never passes max_pool_size.
  f.advance(600);
  BOOST_TEST(f.inspect(p.id)["held"].get<int>() <= 4);
}

BOOST_AUTO_TEST_CASE(P_5_no_overflow_exhausted_503_NoNumberAvailable) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p5"},
                          {"max_pool_size", 2},
                          {"allow_overflow", false},
                          {"fill_immediately", true}});
  BOOST_TEST(f.inspect(p.id)["overflow_number"].is_null());
  json a = f.allocate_ok(p, "m1=1");
  json b = f.allocate_ok(p, "m1=2");
  BOOST_TEST(!a.contains("overflow"));
  BOOST_TEST(!b.contains("overflow"));
  const json before = f.inspect(p.id);
  auto r = f.allocate(p, "json", "m1=3");
  BOOST_TEST(r.status == 503, r);
  BOOST_TEST(r.body.rfind("NoNumberAvailable: ", 0) == 0, r);
  auto x = f.allocate(p, "xml", "m1=3");
  BOOST_TEST(x.status == 503, x);
  BOOST_TEST(x.body.find("<Class>NoNumberAvailable</Class>") != std::string::npos, x);
  const json after = f.inspect(p.id);
  BOOST_TEST(after["numbers"] == before["numbers"]);
  BOOST_TEST(after["allocations"] == before["allocations"]);
}

BOOST_AUTO_TEST_CASE(P_6_initial_fill_10_percent_min_2) {
  AllocationFixture f;
  struct Case {
    const char* id;
    int max;
    bool overflow;
    bool fill;
    int held;
  };
  for (const Case& c : {Case{"f30", 30, true, false, 3}, Case{"f25", 25, true, false, 3},
                        Case{"f10", 10, true, false, 2}, Case{"f2", 2, true, false, 2},
                        Case{"f1", 1, true, false, 1}, Case{"f100", 100, true, false, 10},
                        Case{"n10", 10, false, false, 1}, Case{"n25", 25, false, false, 3},
                        Case{"full7", 7, true, true, 7}, Case{"fulln7", 7, false, true, 7}}) {
    Pool p = f.create_pool({{"id_from_network", c.id},
                            {"max_pool_size", c.max},
                            {"allow_overflow", c.overflow},
                            {"fill_immediately", c.fill}});
    BOOST_TEST(f.inspect(p.id)["held"] == c.held, c.id);
  }
}

BOOST_AUTO_TEST_CASE(P_8_deleted_pool_numbers_age_before_reuse) {
  AllocationFixture f(inline_world(small_world(2, "aging_seconds = 1000")));
  Pool a = f.create_pool({{"id_from_network", "pa"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(a.id)["held"] == 2);
  BOOST_TEST(f.mgmt("DELETE", kCamp1 + "/pa.json").status == 200);
  f.advance(999.999);
  Pool b = f.create_pool({{"id_from_network", "pb"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(b.id)["held"] == 0);
  f.advance(0.001);
  Pool c = f.create_pool({{"id_from_network", "pc"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(c.id)["held"] == 2);
}

BOOST_AUTO_TEST_CASE(P_8_released_numbers_age_default_86400) {
  AllocationFixture f(inline_world(small_world(3)));
  Pool a = f.create_pool({{"id_from_network", "pa"}, {"max_pool_size", 3}, {"fill_immediately", true}});
  BOOST_TEST(f.mgmt("PUT", kCamp1 + "/pa.json", R"({"max_pool_size":1})").status == 200);
  BOOST_TEST(f.inspect(a.id)["held"] == 1);
  f.advance(86399);
  Pool b = f.create_pool({{"id_from_network", "pb"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(b.id)["held"] == 0);
  f.advance(1);
  Pool c = f.create_pool({{"id_from_network", "pc"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(c.id)["held"] == 2);
}

BOOST_AUTO_TEST_CASE(P_9_shrinking_max_releases_idle_at_once) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p9"},
                          {"max_pool_size", 5},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  json b = f.allocate_ok(p, "m1=2");
  BOOST_TEST(f.inspect(p.id)["held"] == 5);
  auto u = f.mgmt("PUT", kCamp1 + "/p9.json", R"({"max_pool_size":2})");
  BOOST_TEST(u.status == 200, u);
  json pool = f.inspect(p.id);
  // The two idle numbers go at once; the two leased ones stay until their leases end.
  BOOST_TEST(pool["held"] == 3);
  BOOST_TEST(pool["leased"] == 2);
  BOOST_TEST(pool["idle"] == 0);
  f.advance(60);
  pool = f.inspect(p.id);
  BOOST_TEST(pool["held"].get<int>() <= 2);
  BOOST_TEST(pool["leased"] == 0);
  // Raising it with fill_immediately fills to the new size at once.
  u = f.mgmt("PUT", kCamp1 + "/p9.json", R"({"max_pool_size":6,"fill_immediately":true})");
  BOOST_TEST(u.status == 200, u);
  BOOST_TEST(f.inspect(p.id)["held"] == 6);
}

BOOST_AUTO_TEST_CASE(P_9_lifetime_update_affects_new_leases_only) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "p9l"},
                          {"max_pool_size", 4},
                          {"fill_immediately", true},
                          {"lifetime_seconds", 60}});
  json a = f.allocate_ok(p, "m1=1");
  BOOST_TEST(f.mgmt("PUT", kCamp1 + "/p9l.json", R"({"lifetime_seconds":120})").status == 200);
  json b = f.allocate_ok(p, "m1=2");
  const json inspected = f.inspect(p.id);
  for (const json& n : inspected["numbers"]) {
    if (n["number"] == a["promo_number"]) BOOST_TEST(n["lease"]["end"] == "2026-01-01T00:01:00.000Z");
    if (n["number"] == b["promo_number"]) BOOST_TEST(n["lease"]["end"] == "2026-01-01T00:02:00.000Z");
  }
}

BOOST_AUTO_TEST_SUITE_END()  // leases
BOOST_AUTO_TEST_SUITE_END()  // allocation
