// Pools, leases and numbers (spec §5, P-1..P-6, P-8, P-9).
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <string_view>

using namespace ringpool::test::allocation;

namespace {
std::string promo(const json& v) { return v.at("promo_number").get<std::string>(); }
// A pool filled at creation whose leases last 60 s, with `extra` fields.
Pool filled_pool(AllocationFixture& f, const std::string& id, int max_pool_size,
                 json extra = json::object()) {
  extra.update({{"id_from_network", id},
                {"max_pool_size", max_pool_size},
                {"fill_immediately", true},
                {"lifetime_seconds", 60}});
  return f.create_pool(extra);
}
// The entry of `number` in an inspected pool (GET /_control/ring_pools/<id>); null if not held.
json slot(const json& pool, std::string_view number) {
  for (const json& n : pool.at("numbers"))
    if (n.at("number").get<std::string>() == number) return n;
  return nullptr;
}
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
  AllocationFixture f(inline_world(toll_free_world(10)));
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

// Leases opened in the order 0002, 0001 that end at the same instant: both are idle since then,
// and the lower number goes first (not the one whose lease was opened, or ended, first).
BOOST_AUTO_TEST_CASE(P_2_released_at_same_instant_tie_by_lower_number) {
  AllocationFixture f(inline_world(toll_free_world(10)));
  Pool p = filled_pool(f, "p2t", 3);
  BOOST_TEST(f.inspect(p.id)["overflow_number"] == "8005550000");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == "8005550001");  // [0, 60)
  BOOST_TEST(f.mgmt("PUT", kCamp1 + "/p2t.json", R"({"lifetime_seconds":120})").status == 200);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=b")) == "8005550002");  // [0, 120), opened first
  f.advance(60);
  BOOST_TEST(f.mgmt("PUT", kCamp1 + "/p2t.json", R"({"lifetime_seconds":60})").status == 200);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=c")) == "8005550001");  // [60, 120), opened second
  f.advance(60);
  const json pool = f.inspect(p.id);
  BOOST_TEST(pool["idle"] == 2);
  BOOST_TEST(slot(pool, "8005550001")["idle_since"] == "2026-01-01T00:02:00.000Z");
  BOOST_TEST(slot(pool, "8005550002")["idle_since"] == "2026-01-01T00:02:00.000Z");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=d")) == "8005550001");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=e")) == "8005550002");
}

// A number that joins a pool later is idle from the moment it joined, not from the pool's
// creation and not "forever": numbers idle longer go first even when they are higher.
BOOST_AUTO_TEST_CASE(P_2_number_joining_later_is_idle_since_it_joined) {
  AllocationFixture f(inline_world(toll_free_world(10, "aging_seconds = 0")));
  // A donor pool holds the lowest numbers, so that P's later numbers are lower than its first.
  f.create_pool({{"id_from_network", "donor"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  Pool p = filled_pool(f, "p2j", 3);
  BOOST_TEST(f.inspect(p.id)["overflow_number"] == "8005550002");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == "8005550003");  // [0, 60); 0004 idle since 0
  f.advance(60);
  BOOST_TEST(f.mgmt("DELETE", kCamp1 + "/donor.json").status == 200);  // 0000, 0001 back at once
  f.advance(40);
  auto u = f.mgmt("PUT", kCamp1 + "/p2j.json", R"({"max_pool_size":5,"fill_immediately":true})");
  BOOST_TEST_REQUIRE(u.status == 200, u);
  const json pool = f.inspect(p.id);
  BOOST_TEST(pool["idle"] == 4);
  BOOST_TEST(slot(pool, "8005550000")["idle_since"] == "2026-01-01T00:01:40.000Z");
  BOOST_TEST(slot(pool, "8005550001")["idle_since"] == "2026-01-01T00:01:40.000Z");
  BOOST_TEST(slot(pool, "8005550003")["idle_since"] == "2026-01-01T00:01:00.000Z");
  BOOST_TEST(slot(pool, "8005550004")["idle_since"] == "2026-01-01T00:00:00.000Z");
  // Idle since 0, 60, 100, 100: the joiners go last although their numbers are the lowest.
  for (const char* expected : {"8005550004", "8005550003", "8005550000", "8005550001"})
    BOOST_TEST(promo(f.allocate_ok(p, std::string("m1=") + expected)) == expected);
  BOOST_TEST(f.allocate_ok(p, "m1=last").at("overflow") == true);
}

// The other way round: a never-leased number that joined at 30 has been idle longer than a
// lower number whose lease ended at 60, so it goes first.
BOOST_AUTO_TEST_CASE(P_2_never_leased_joiner_beats_number_released_after_it_joined) {
  AllocationFixture f(inline_world(toll_free_world(10)));
  Pool p = filled_pool(f, "p2n", 3);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == "8005550001");  // [0, 60)
  BOOST_TEST(promo(f.allocate_ok(p, "m1=b")) == "8005550002");  // [0, 60)
  f.advance(30);
  auto u = f.mgmt("PUT", kCamp1 + "/p2n.json", R"({"max_pool_size":4,"fill_immediately":true})");
  BOOST_TEST_REQUIRE(u.status == 200, u);  // 0003 joins, idle since 30
  f.advance(30);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=c")) == "8005550003");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=d")) == "8005550001");
  BOOST_TEST(promo(f.allocate_ok(p, "m1=e")) == "8005550002");
}

// reuse_quarantine_seconds (here 100, from the world file's [policy]): a number whose lease ends
// at t+L is neither available nor idle until exactly t+L+q. The lease starts off the second so
// that the boundary is not a whole number of seconds.
BOOST_AUTO_TEST_CASE(P_2_quarantine_keeps_released_number_unavailable) {
  AllocationFixture f(inline_world(toll_free_world(10, "reuse_quarantine_seconds = 100")));
  BOOST_TEST_REQUIRE(f.service.world().policy.reuse_quarantine_seconds == 100);
  Pool p = filled_pool(f, "p2q", 1, {{"allow_overflow", false}});
  f.advance(30.25);
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == "8005550000");  // [30.25, 90.25)
  f.advance(60);  // t + L = 90.25: the lease has ended, the quarantine begins
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["leased"] == 0);
  BOOST_TEST(pool["idle"] == 0);
  BOOST_TEST(pool["quarantined"] == 1);
  BOOST_TEST(slot(pool, "8005550000")["status"] == "quarantined");
  BOOST_TEST(slot(pool, "8005550000")["available_at"] == "2026-01-01T00:03:10.250Z");
  BOOST_TEST(!slot(pool, "8005550000").contains("idle_since"));
  // Unavailable: the pool answers as an exhausted one, and the refusal changes nothing.
  auto r = f.allocate(p, "json", "m1=b");
  BOOST_TEST(r.status == 503, r);
  BOOST_TEST(r.body.rfind("NoNumberAvailable: ", 0) == 0, r);
  f.advance(99.999);  // t + L + q - 1 ms
  const json before = f.inspect(p.id);
  BOOST_TEST(before["quarantined"] == 1);
  BOOST_TEST(before["allocations"] == 1);
  r = f.allocate(p, "json", "m1=c");
  BOOST_TEST(r.status == 503, r);
  json after = f.inspect(p.id);
  BOOST_TEST(after["numbers"] == before["numbers"]);
  BOOST_TEST(after["allocations"] == before["allocations"]);
  f.advance(0.001);  // t + L + q: idle since exactly then, and handed out again
  pool = f.inspect(p.id);
  BOOST_TEST(pool["quarantined"] == 0);
  BOOST_TEST(slot(pool, "8005550000")["idle_since"] == "2026-01-01T00:03:10.250Z");
  json v = f.allocate_ok(p, "m1=d");
  BOOST_TEST(promo(v) == "8005550000");
  BOOST_TEST(slot(f.inspect(p.id), "8005550000")["lease"]["start"] == "2026-01-01T00:03:10.250Z");
}

// A quarantined number is not idle either, so its place in the LRU order starts at t+L+q: a
// number that joined during the quarantine (at 100) goes before it (idle since 160).
BOOST_AUTO_TEST_CASE(P_2_quarantined_number_idle_only_from_quarantine_end) {
  AllocationFixture f(inline_world(toll_free_world(10, "reuse_quarantine_seconds = 100")));
  Pool p = filled_pool(f, "p2l", 2, {{"allow_overflow", false}});
  BOOST_TEST(promo(f.allocate_ok(p, "m1=a")) == "8005550000");  // [0, 60), quarantined to 160
  f.advance(100);
  auto u = f.mgmt("PUT", kCamp1 + "/p2l.json", R"({"max_pool_size":3,"fill_immediately":true})");
  BOOST_TEST_REQUIRE(u.status == 200, u);  // 0002 joins, idle since 100
  BOOST_TEST(f.inspect(p.id)["quarantined"] == 1);
  f.advance(100);
  const json pool = f.inspect(p.id);
  BOOST_TEST(slot(pool, "8005550000")["idle_since"] == "2026-01-01T00:02:40.000Z");
  BOOST_TEST(slot(pool, "8005550002")["idle_since"] == "2026-01-01T00:01:40.000Z");
  // Idle since 0 (never leased), 100 (joined), 160 (quarantine end).
  for (const char* expected : {"8005550001", "8005550002", "8005550000"})
    BOOST_TEST(promo(f.allocate_ok(p, std::string("m1=") + expected)) == expected);
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
  AllocationFixture f(inline_world(toll_free_world(2, "aging_seconds = 1000")));
  Pool a = f.create_pool({{"id_from_network", "pa"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(a.id)["held"] == 2);
  f.allocate_ok(a, "m1=1");  // both numbers handed out (a lease, then the overflow number): only such
  f.allocate_ok(a, "m1=2");  // numbers age (P-8); tenant_limits_test has the others' immediate return
  BOOST_TEST(f.mgmt("DELETE", kCamp1 + "/pa.json").status == 200);
  f.advance(999.999);
  Pool b = f.create_pool({{"id_from_network", "pb"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(b.id)["held"] == 0);
  f.advance(0.001);
  // P-4: pb, holding nothing, takes its overflow number the moment one returns; pc gets the other.
  BOOST_TEST(f.inspect(b.id)["held"] == 1);
  Pool c = f.create_pool({{"id_from_network", "pc"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(c.id)["held"] == 1);
}

BOOST_AUTO_TEST_CASE(P_8_released_numbers_age_default_86400) {
  AllocationFixture f(inline_world(toll_free_world(3)));
  Pool a = f.create_pool({{"id_from_network", "pa"}, {"max_pool_size", 3}, {"fill_immediately", true}, {"lifetime_seconds", 60}});
  f.allocate_ok(a, "m1=1");  // both trackable numbers leased, so they age when released (P-8)
  f.allocate_ok(a, "m1=2");
  f.advance(60);  // the leases end: both idle again
  BOOST_TEST(f.mgmt("PUT", kCamp1 + "/pa.json", R"({"max_pool_size":1})").status == 200);
  BOOST_TEST(f.inspect(a.id)["held"] == 1);
  f.advance(86399);
  Pool b = f.create_pool({{"id_from_network", "pb"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(b.id)["held"] == 0);
  f.advance(1);
  BOOST_TEST(f.inspect(b.id)["held"] == 1);  // P-4: its overflow number as soon as one returns
  Pool c = f.create_pool({{"id_from_network", "pc"}, {"max_pool_size", 2}, {"fill_immediately", true}});
  BOOST_TEST(f.inspect(c.id)["held"] == 1);
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
