// The autoscaling policy's rules (spec P-4, P-6, P-7) stated as pure functions of a pool's state
// and the knobs (reference/domain/autoscaling_policy.hpp), without an engine or a clock.
#include "reference/domain/autoscaling_policy.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool;
using namespace ringpool::domain;
using namespace ringpool::domain::autoscaling;

namespace {

RingPoolSettings settings_of(std::int64_t max_pool_size, bool allow_overflow = true, bool fill_immediately = false) {
  RingPoolSettings settings;
  settings.max_pool_size = max_pool_size;
  settings.allow_overflow = allow_overflow;
  settings.fill_immediately = fill_immediately;
  return settings;
}

constexpr sim::Instant kFeb1 = 1769904000000;  // 2026-02-01T00:00:00Z
constexpr sim::Instant kJan1 = sim::kDefaultEpoch;

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(autoscaling_policy)

BOOST_AUTO_TEST_CASE(P_6_initial_fill_is_ten_percent_rounded_up) {
  const ReferencePolicy policy;
  BOOST_TEST(initial_fill_size(settings_of(100), policy) == 10);
  BOOST_TEST(initial_fill_size(settings_of(35), policy) == 4);  // 3.5 -> 4
  BOOST_TEST(initial_fill_size(settings_of(101), policy) == 11);
}

BOOST_AUTO_TEST_CASE(P_6_initial_fill_holds_a_trackable_number_beside_the_overflow_number) {
  const ReferencePolicy policy;
  BOOST_TEST(initial_fill_size(settings_of(20), policy) == 2);   // 10 % is 2 anyway
  BOOST_TEST(initial_fill_size(settings_of(5), policy) == 2);    // 10 % rounds up to 1; overflow + 1
  BOOST_TEST(initial_fill_size(settings_of(2), policy) == 2);
  BOOST_TEST(initial_fill_size(settings_of(1), policy) == 1);    // only the overflow number fits
  BOOST_TEST(initial_fill_size(settings_of(5, false), policy) == 1);  // no overflow: 10 % rounded up
}

BOOST_AUTO_TEST_CASE(P_6_fill_immediately_fills_to_the_limit) {
  const ReferencePolicy policy;
  BOOST_TEST(initial_fill_size(settings_of(7, true, true), policy) == 7);
  BOOST_TEST(initial_fill_size(settings_of(7, false, true), policy) == 7);
  BOOST_TEST(held_limit(settings_of(7), policy) == 7);  // P-4: the overflow number included
}

BOOST_AUTO_TEST_CASE(P_7_utilisation_is_leased_over_usable) {
  BOOST_TEST(utilisation(3, 4) == 0.75);
  BOOST_TEST(utilisation(0, 4) == 0.0);
  BOOST_TEST(utilisation(0, 0) == 1.0);  // nothing usable counts as full
}

BOOST_AUTO_TEST_CASE(P_7_a_tick_grows_after_exhaustion_or_at_the_threshold) {
  ReferencePolicy policy;
  BOOST_TEST(tick_grows(TickSignals{true, 0.0, 0}, policy));
  BOOST_TEST(tick_grows(TickSignals{false, 1.0, 3}, policy));
  BOOST_TEST(!tick_grows(TickSignals{false, 0.99, 3}, policy));
  BOOST_TEST(!tick_grows(TickSignals{false, 1.0, 0}, policy));  // no trackable number: utilisation says nothing
  BOOST_TEST(!tick_grows(TickSignals{}, policy));
  policy.grow_threshold = 0.8;
  BOOST_TEST(tick_grows(TickSignals{false, 0.8, 5}, policy));
  BOOST_TEST(!tick_grows(TickSignals{false, 0.79, 5}, policy));
}

BOOST_AUTO_TEST_CASE(P_7_growth_step_is_a_capped_percentage) {
  ReferencePolicy policy;  // 20 %, at most 50 a step
  BOOST_TEST(growth_step(2, 20, policy) == 1);     // 0.4 -> 1
  BOOST_TEST(growth_step(10, 20, policy) == 2);
  BOOST_TEST(growth_step(11, 20, policy) == 3);    // 2.2 -> 3
  BOOST_TEST(growth_step(0, 20, policy) == 1);     // at least 1
  BOOST_TEST(growth_step(300, 1000, policy) == 50);  // 60 capped at max_grow_step
  BOOST_TEST(growth_step(19, 20, policy) == 1);    // never past the limit
  BOOST_TEST(growth_step(18, 20, policy) == 2);
  BOOST_TEST(growth_step(20, 20, policy) == 0);    // full
  BOOST_TEST(growth_step(21, 20, policy) == 0);    // over the limit after a resize (P-9)
  policy.grow_percent = 100;
  policy.max_grow_step = 1000;
  BOOST_TEST(growth_step(40, 1000, policy) == 40);
}

BOOST_AUTO_TEST_CASE(P_7_idle_shrink_releases_numbers_idle_long_enough) {
  ReferencePolicy policy;
  policy.shrink_idle_seconds = 3600;
  const ShrinkRule rule = idle_shrink_rule(kJan1 + sim::seconds(7200), policy);
  NumberSlot slot;
  slot.idle_since = kJan1 + sim::seconds(3600);
  BOOST_TEST(rule.releases(slot));  // idle exactly shrink_idle_seconds
  slot.idle_since += 1;
  BOOST_TEST(!rule.releases(slot));
}

BOOST_AUTO_TEST_CASE(P_7_monthly_shrink_releases_numbers_unused_during_the_month) {
  BOOST_TEST(start_of_previous_month(kFeb1) == kJan1);
  BOOST_TEST(start_of_previous_month(kJan1) == 1764547200000);  // 2025-12-01
  const ShrinkRule rule = monthly_shrink_rule(kFeb1);
  NumberSlot slot;
  BOOST_TEST(rule.releases(slot));  // never leased
  slot.last_lease_end = kJan1;      // its last lease ended as January began
  BOOST_TEST(rule.releases(slot));
  slot.last_lease_end = kJan1 + 1;  // leased during January
  BOOST_TEST(!rule.releases(slot));
}

BOOST_AUTO_TEST_CASE(P_7_shrink_never_goes_below_the_initial_fill) {
  const ReferencePolicy policy;
  BOOST_TEST(shrink_budget(9, settings_of(20), policy) == 7u);
  BOOST_TEST(shrink_budget(2, settings_of(20), policy) == 0u);
  BOOST_TEST(shrink_budget(1, settings_of(20), policy) == 0u);
  BOOST_TEST(shrink_budget(12, settings_of(100), policy) == 2u);
}

BOOST_AUTO_TEST_CASE(P_4_overflow_on_top_of_max_pool_size_raises_the_limit) {
  ReferencePolicy policy;
  policy.overflow_within_max_pool_size = false;
  BOOST_TEST(held_limit(settings_of(7), policy) == 8);
  BOOST_TEST(held_limit(settings_of(7, false), policy) == 7);  // nothing to put on top
  BOOST_TEST(initial_fill_size(settings_of(7, true, true), policy) == 8);
  BOOST_TEST(initial_fill_size(settings_of(30), policy) == 4);  // 3 trackable + the overflow number
  BOOST_TEST(initial_fill_size(settings_of(5), policy) == 2);   // 10 % rounds up to 1, + the overflow number
}

BOOST_AUTO_TEST_CASE(P_6_fill_rounded_down_never_drops_the_overflow_number) {
  ReferencePolicy policy;
  policy.initial_fill_rounding = FillRounding::Down;
  BOOST_TEST(initial_fill_size(settings_of(39), policy) == 3);
  BOOST_TEST(initial_fill_size(settings_of(5), policy) == 1);          // the overflow number alone
  BOOST_TEST(initial_fill_size(settings_of(5, false), policy) == 0);   // nothing to answer with: P-5
  BOOST_TEST(initial_fill_size(settings_of(5, true, true), policy) == 5);
  policy.overflow_within_max_pool_size = false;
  BOOST_TEST(initial_fill_size(settings_of(39), policy) == 4);
  BOOST_TEST(initial_fill_size(settings_of(5), policy) == 1);
}

BOOST_AUTO_TEST_CASE(P_7_growth_on_demand_replaces_tick_growth) {
  ReferencePolicy policy;
  BOOST_TEST(on_demand_step(0, 3, 5, policy) == 0);  // ticks: never on demand
  policy.growth_trigger = GrowthTrigger::OnDemand;
  BOOST_TEST(!tick_grows(TickSignals{true, 1.0, 3}, policy));
  BOOST_TEST(on_demand_step(0, 3, 5, policy) == 1);
  BOOST_TEST(on_demand_step(1, 3, 5, policy) == 0);  // a number is idle (or on its way)
  BOOST_TEST(on_demand_step(0, 5, 5, policy) == 0);  // full
}

BOOST_AUTO_TEST_SUITE_END()  // autoscaling_policy
BOOST_AUTO_TEST_SUITE_END()  // allocation
