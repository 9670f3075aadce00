// Autoscaling (spec P-7) and the event order of T-1 for ticks.
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace ringpool::test::allocation;

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(autoscaling)

BOOST_AUTO_TEST_CASE(P_7_autoscale_grows_after_exhaustion_at_tick) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "g"}, {"max_pool_size", 20}});
  BOOST_TEST(f.inspect(p.id)["held"] == 2);
  BOOST_TEST(!f.allocate_ok(p, "m1=1").contains("overflow"));
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);  // exhausted
  f.advance(299.999);
  BOOST_TEST(f.inspect(p.id)["held"] == 2);
  f.advance(0.001);  // 00:05:00 tick: +grow_percent of 2, rounded up = 1
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 3);
  BOOST_TEST(pool["idle"] == 1);
  // No exhaustion (and utilisation 1/2 < grow_threshold) since the last tick: no growth.
  f.advance(300);
  BOOST_TEST(f.inspect(p.id)["held"] == 3);
  // An allocation that leases the last idle number reaches utilisation 1.0: growth at the tick.
  BOOST_TEST(!f.allocate_ok(p, "m1=3").contains("overflow"));
  f.advance(300);
  BOOST_TEST(f.inspect(p.id)["held"] == 4);
}

BOOST_AUTO_TEST_CASE(P_7_growth_capped_by_max_pool_size_and_percent) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "g2"}, {"max_pool_size", 12}});
  int held = f.inspect(p.id)["held"].get<int>();
  BOOST_TEST(held == 2);
  for (int tick = 0; tick < 20; ++tick) {
    // Exhaust the pool: lease every trackable number, then one more (overflow).
    for (int i = 0; i < held + 1; ++i) f.allocate_ok(p, "m1=" + std::to_string(tick * 100 + i));
    f.advance(300);
    const int now_held = f.inspect(p.id)["held"].get<int>();
    int expected = held + std::max(1, static_cast<int>((held * ringpool::domain::ReferencePolicy{}.grow_percent + 99) / 100));
    if (expected > 12) expected = 12;
    BOOST_TEST(now_held == expected, "tick " << tick);
    held = now_held;
  }
  BOOST_TEST(held == 12);
}

BOOST_AUTO_TEST_CASE(P_7_monthly_shrink_releases_unused) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "s"}, {"max_pool_size", 20}, {"lifetime_seconds", 60}});
  json used = f.allocate_ok(p, "m1=1");
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);
  f.advance(300);
  json pool = f.inspect(p.id);
  BOOST_TEST_REQUIRE(pool["held"] == 3);
  const std::string overflow = pool["overflow_number"].get<std::string>();
  std::string unused;
  for (const json& n : pool["numbers"])
    if (n["status"] == "idle" && n["number"] != used["promo_number"]) unused = n["number"].get<std::string>();
  BOOST_TEST_REQUIRE(!unused.empty());
  // 2026-02-01T00:00:00Z is 31 days after the start.
  f.advance(31.0 * 86400 - 300 - 0.001);
  BOOST_TEST(f.inspect(p.id)["held"] == 3);
  f.advance(0.001);
  pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 2);
  std::set<std::string> numbers;
  for (const json& n : pool["numbers"]) numbers.insert(n["number"].get<std::string>());
  BOOST_TEST(numbers.count(overflow) == 1u);
  BOOST_TEST(numbers.count(used["promo_number"].get<std::string>()) == 1u);
  BOOST_TEST(numbers.count(unused) == 0u);
  // Never below the initial fill: a month without leases keeps 2.
  f.advance(28.0 * 86400);
  BOOST_TEST(f.inspect(p.id)["held"] == 2);
}

BOOST_AUTO_TEST_CASE(T_1_tick_at_t_applied_before_request_at_t) {
  AllocationFixture f;
  Pool p = f.create_pool({{"id_from_network", "t1"}, {"max_pool_size", 20}, {"lifetime_seconds", 300}});
  json a = f.allocate_ok(p, "m1=1");
  BOOST_TEST(f.allocate_ok(p, "m1=2").at("overflow") == true);
  f.advance(300);  // at 00:05 the lease ends and the tick grows the pool: both seen now
  json pool = f.inspect(p.id);
  BOOST_TEST(pool["held"] == 3);
  BOOST_TEST(pool["leased"] == 0);
  BOOST_TEST(pool["idle"] == 2);
}

BOOST_AUTO_TEST_SUITE_END()  // autoscaling
BOOST_AUTO_TEST_SUITE_END()  // allocation
