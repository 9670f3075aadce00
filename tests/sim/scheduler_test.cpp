// Tests for sim/core/scheduler: T-1's event order at one instant, "events due by t are applied
// before t is observed", cancellation, and recurring-tick arithmetic for P-7.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/core/scheduler.hpp"
#include "sim/core/time.hpp"

namespace ringpool::sim {
namespace {

// One executed event as an action saw it.
struct Ran {
  Instant now;
  EventKind kind;
  int label;
  friend bool operator==(const Ran&, const Ran&) = default;
};

std::ostream& operator<<(std::ostream& out, const Ran& ran) {
  return out << "{" << ran.now << ", " << event_kind_name(ran.kind) << ", " << ran.label << "}";
}

// Schedules an event that appends what it saw to `log`.
EventId record(Scheduler& scheduler, std::vector<Ran>& log, Instant due, EventKind kind,
               int label) {
  return scheduler.schedule(due, kind, [&log, &scheduler, kind, label](Instant now) {
    BOOST_TEST(scheduler.now() == now);  // the clock reads the event's due time while it runs
    log.push_back(Ran{now, kind, label});
  });
}

// next_due() as a plain number that Boost.Test can print; kNothingDue when nothing is pending.
constexpr Instant kNothingDue = std::numeric_limits<Instant>::min();
Instant next_due(const Scheduler& scheduler) { return scheduler.next_due().value_or(kNothingDue); }

std::vector<int> labels(const std::vector<Ran>& log) {
  std::vector<int> out;
  for (const Ran& ran : log) out.push_back(ran.label);
  return out;
}

BOOST_AUTO_TEST_SUITE(sim)
BOOST_AUTO_TEST_SUITE(scheduler)

BOOST_AUTO_TEST_CASE(T_1_same_instant_order_by_kind_then_sequence) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  const Instant t = 1000;
  // Created in an order unrelated to T-1's so that only kind and sequence can explain the result.
  record(scheduler, log, t, EventKind::MonthEndShrink, 0);
  record(scheduler, log, t, EventKind::AutoscaleTick, 1);
  record(scheduler, log, t, EventKind::Other, 2);
  record(scheduler, log, t, EventKind::LocalFill, 3);
  record(scheduler, log, t, EventKind::LeaseEnd, 4);
  record(scheduler, log, t, EventKind::ProvisioningComplete, 5);
  record(scheduler, log, t, EventKind::AgingEnd, 6);
  record(scheduler, log, t, EventKind::QuarantineEnd, 7);
  record(scheduler, log, t, EventKind::LeaseEnd, 8);
  record(scheduler, log, t - 1, EventKind::MonthEndShrink, 9);  // earlier due wins over kind
  scheduler.run_until(t);

  BOOST_TEST(labels(log) == (std::vector<int>{9, 4, 8, 7, 6, 5, 3, 1, 0, 2}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(T_1_kind_values_follow_the_clause_order) {
  // The enum's values are the tie-break; this pins them against accidental renumbering.
  BOOST_TEST(static_cast<int>(EventKind::LeaseEnd) == 0);
  BOOST_TEST(static_cast<int>(EventKind::QuarantineEnd) == 1);
  BOOST_TEST(static_cast<int>(EventKind::AgingEnd) == 2);
  BOOST_TEST(static_cast<int>(EventKind::ProvisioningComplete) == 3);
  BOOST_TEST(static_cast<int>(EventKind::LocalFill) == 4);
  BOOST_TEST(static_cast<int>(EventKind::AutoscaleTick) == 5);
  BOOST_TEST(static_cast<int>(EventKind::MonthEndShrink) == 6);
  BOOST_TEST(static_cast<int>(EventKind::Other) == 7);
  BOOST_TEST(event_kind_name(EventKind::ProvisioningComplete) == "ProvisioningComplete");
}

BOOST_AUTO_TEST_CASE(T_1_events_due_at_t_run_before_t_is_observed) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  record(scheduler, log, 500, EventKind::LeaseEnd, 0);
  record(scheduler, log, 1000, EventKind::MonthEndShrink, 1);
  record(scheduler, log, 1001, EventKind::LeaseEnd, 2);

  scheduler.run_until(1000);
  BOOST_TEST(scheduler.now() == 1000);
  BOOST_TEST(scheduler.clock().now() == 1000);
  BOOST_TEST(log == (std::vector<Ran>{{500, EventKind::LeaseEnd, 0},
                                      {1000, EventKind::MonthEndShrink, 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(scheduler.pending() == 1U);
  BOOST_TEST(next_due(scheduler) == 1001);

  scheduler.run_until(1001);
  BOOST_TEST(log.size() == 3U);
  BOOST_TEST(scheduler.pending() == 0U);
  BOOST_TEST(next_due(scheduler) == kNothingDue);
}

BOOST_AUTO_TEST_CASE(T_1_actions_may_schedule_more_events) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  scheduler.schedule(100, EventKind::AutoscaleTick, [&](Instant now) {
    log.push_back({now, EventKind::AutoscaleTick, 0});
    record(scheduler, log, 100, EventKind::LeaseEnd, 1);   // same instant, earlier kind: next
    record(scheduler, log, 50, EventKind::Other, 2);       // in the past: clamped to 100
    record(scheduler, log, 200, EventKind::LeaseEnd, 3);   // later, still within the run
    record(scheduler, log, 1001, EventKind::LeaseEnd, 4);  // beyond t: stays pending
  });
  record(scheduler, log, 100, EventKind::MonthEndShrink, 5);
  scheduler.schedule(150, EventKind::Other, [&](Instant now) {
    log.push_back({now, EventKind::Other, 6});
    // A chain: each action schedules the next until past t.
    scheduler.schedule(now + 400, EventKind::Other, [&](Instant inner) {
      log.push_back({inner, EventKind::Other, 7});
      record(scheduler, log, inner + 400, EventKind::Other, 8);
    });
  });
  scheduler.run_until(1000);

  BOOST_TEST(log == (std::vector<Ran>{{100, EventKind::AutoscaleTick, 0},
                                      {100, EventKind::LeaseEnd, 1},
                                      {100, EventKind::MonthEndShrink, 5},
                                      {100, EventKind::Other, 2},
                                      {150, EventKind::Other, 6},
                                      {200, EventKind::LeaseEnd, 3},
                                      {550, EventKind::Other, 7},
                                      {950, EventKind::Other, 8}}),
             boost::test_tools::per_element());
  BOOST_TEST(scheduler.now() == 1000);
  BOOST_TEST(scheduler.pending() == 1U);
  BOOST_TEST(next_due(scheduler) == 1001);
}

BOOST_AUTO_TEST_CASE(clock_moves_to_each_due_time_then_to_t) {
  Scheduler scheduler(kDefaultEpoch);
  std::vector<Instant> seen;
  for (const Instant due : {kDefaultEpoch + 30, kDefaultEpoch + 10, kDefaultEpoch + 20}) {
    scheduler.schedule(due, EventKind::Other, [&](Instant) { seen.push_back(scheduler.now()); });
  }
  scheduler.run_until(kDefaultEpoch + 1000);
  BOOST_TEST(seen == (std::vector<Instant>{kDefaultEpoch + 10, kDefaultEpoch + 20,
                                           kDefaultEpoch + 30}),
             boost::test_tools::per_element());
  BOOST_TEST(scheduler.now() == kDefaultEpoch + 1000);
}

BOOST_AUTO_TEST_CASE(scheduler_starts_at_default_epoch) {
  const Scheduler scheduler;
  BOOST_TEST(scheduler.now() == kDefaultEpoch);
  BOOST_TEST(scheduler.pending() == 0U);
  BOOST_TEST(next_due(scheduler) == kNothingDue);
}

BOOST_AUTO_TEST_CASE(schedule_in_the_past_is_due_now) {
  Scheduler scheduler(0);
  scheduler.run_until(1000);
  std::vector<Ran> log;
  record(scheduler, log, 10, EventKind::LeaseEnd, 0);
  BOOST_TEST(next_due(scheduler) == 1000);
  scheduler.run_until(1000);  // run_until(now) runs overdue events without moving the clock
  BOOST_TEST(log == (std::vector<Ran>{{1000, EventKind::LeaseEnd, 0}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cancelled_events_never_run) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  const EventId first = record(scheduler, log, 10, EventKind::LeaseEnd, 0);
  const EventId second = record(scheduler, log, 20, EventKind::LeaseEnd, 1);
  const EventId third = record(scheduler, log, 30, EventKind::LeaseEnd, 2);
  BOOST_TEST(first.sequence() == 1U);
  BOOST_TEST(third.sequence() == 3U);
  BOOST_TEST(scheduler.pending() == 3U);

  BOOST_TEST(scheduler.cancel(second));
  BOOST_TEST(!scheduler.cancel(second));  // already cancelled
  BOOST_TEST(scheduler.pending() == 2U);
  BOOST_TEST(scheduler.cancel(first));     // the earliest: next_due moves past it
  BOOST_TEST(next_due(scheduler) == 30);
  BOOST_TEST(scheduler.pending() == 1U);

  scheduler.run_until(100);
  BOOST_TEST(labels(log) == (std::vector<int>{2}), boost::test_tools::per_element());
  BOOST_TEST(!scheduler.cancel(third));  // already ran
  BOOST_TEST(!scheduler.cancel(EventId{}));
}

BOOST_AUTO_TEST_CASE(stale_id_does_not_cancel_the_event_that_reused_its_slot) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  const EventId old_id = record(scheduler, log, 10, EventKind::Other, 0);
  scheduler.run_until(10);
  const EventId new_id = record(scheduler, log, 20, EventKind::Other, 1);
  BOOST_TEST(!(old_id == new_id));
  BOOST_TEST(!scheduler.cancel(old_id));
  scheduler.run_until(20);
  BOOST_TEST(labels(log) == (std::vector<int>{0, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(actions_may_cancel_other_events_but_not_themselves) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  EventId victim;
  EventId self;
  bool cancelled_victim = false;
  bool cancelled_self = true;
  self = scheduler.schedule(10, EventKind::Other, [&](Instant) {
    cancelled_victim = scheduler.cancel(victim);
    cancelled_self = scheduler.cancel(self);
  });
  victim = record(scheduler, log, 10, EventKind::Other, 0);  // same instant, later sequence
  scheduler.run_until(10);
  BOOST_TEST(cancelled_victim);
  BOOST_TEST(!cancelled_self);
  BOOST_TEST(log.empty());
}

BOOST_AUTO_TEST_CASE(cancelling_releases_captured_state_at_once) {
  Scheduler scheduler(0);
  auto token = std::make_shared<int>(1);
  const EventId id = scheduler.schedule(10, EventKind::Other, [token](Instant) {});
  BOOST_TEST(token.use_count() == 2);
  BOOST_TEST(scheduler.cancel(id));
  BOOST_TEST(token.use_count() == 1);
}

BOOST_AUTO_TEST_CASE(mass_cancellation_keeps_order_and_counts) {
  // Enough cancellations to trigger the heap's compaction.
  Scheduler scheduler(0);
  Rng rng(7);
  std::vector<EventId> ids;
  std::vector<Instant> dues;
  for (int i = 0; i < 20'000; ++i) {
    const Instant due = rng.between(1, 1'000'000);
    dues.push_back(due);
    ids.push_back(scheduler.schedule(due, EventKind::Other, [](Instant) {}));
  }
  std::vector<Instant> kept;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i % 10 == 0) {
      kept.push_back(dues[i]);
    } else {
      BOOST_REQUIRE(scheduler.cancel(ids[i]));
    }
  }
  BOOST_TEST(scheduler.pending() == kept.size());
  std::sort(kept.begin(), kept.end());
  BOOST_TEST(next_due(scheduler) == kept.front());

  std::vector<Instant> ran;
  // Events scheduled after the compaction reuse freed slots; they must not disturb the rest. The
  // marker at 500 000 was created before the re-scheduled events, so it wins ties with them.
  scheduler.schedule(500'000, EventKind::Other, [&](Instant now) { ran.push_back(-now); });
  for (std::size_t i = 0; i < ids.size(); i += 10) {
    BOOST_REQUIRE(scheduler.cancel(ids[i]));
    scheduler.schedule(dues[i], EventKind::Other, [&](Instant now) { ran.push_back(now); });
  }
  scheduler.run_until(1'000'000);
  std::vector<Instant> expected = kept;
  expected.insert(std::lower_bound(expected.begin(), expected.end(), 500'000), -500'000);
  BOOST_TEST(ran == expected, boost::test_tools::per_element());
  BOOST_TEST(scheduler.pending() == 0U);
}

BOOST_AUTO_TEST_CASE(a_million_events_run_in_order) {
  Scheduler scheduler(0);
  Rng rng(2026);
  constexpr int kCount = 1'000'000;
  Instant last_due = -1;
  int last_kind = -1;
  int ran = 0;
  bool ordered = true;
  for (int i = 0; i < kCount; ++i) {
    const Instant due = rng.between(0, 86'400'000);
    const auto kind = static_cast<EventKind>(rng.below(8));
    scheduler.schedule(due, kind, [&, kind](Instant now) {
      const int kind_value = static_cast<int>(kind);
      if (now < last_due || (now == last_due && kind_value < last_kind)) ordered = false;
      last_due = now;
      last_kind = kind_value;
      ++ran;
    });
  }
  BOOST_TEST(scheduler.pending() == static_cast<std::size_t>(kCount));
  scheduler.run_until(86'400'000);
  BOOST_TEST(ran == kCount);
  BOOST_TEST(ordered);
}

BOOST_AUTO_TEST_CASE(an_action_that_throws_leaves_the_scheduler_usable) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  scheduler.schedule(10, EventKind::Other, [](Instant) { throw std::runtime_error("boom"); });
  record(scheduler, log, 20, EventKind::Other, 0);
  BOOST_CHECK_THROW(scheduler.run_until(100), std::runtime_error);
  BOOST_TEST(scheduler.now() == 10);
  BOOST_TEST(scheduler.pending() == 1U);
  scheduler.run_until(100);
  BOOST_TEST(labels(log) == (std::vector<int>{0}), boost::test_tools::per_element());
  BOOST_TEST(scheduler.now() == 100);
}

BOOST_AUTO_TEST_CASE(moved_scheduler_keeps_its_clock_and_events) {
  Scheduler original(0);
  std::vector<Ran> log;
  record(original, log, 10, EventKind::Other, 0);  // captures `original`: only checks via `log`
  original.run_until(5);
  Scheduler moved(std::move(original));
  BOOST_TEST(moved.now() == 5);
  BOOST_TEST(moved.pending() == 1U);
  std::vector<Instant> seen;
  moved.schedule(7, EventKind::Other, [&](Instant now) { seen.push_back(now); });
  moved.run_until(6);
  BOOST_TEST(seen.empty());
  moved.run_until(8);
  BOOST_TEST(seen == (std::vector<Instant>{7}), boost::test_tools::per_element());
}

#ifdef NDEBUG
// Going backwards is a caller bug; debug builds assert, release builds run nothing.
BOOST_AUTO_TEST_CASE(run_until_the_past_is_ignored_in_release_builds) {
  Scheduler scheduler(0);
  std::vector<Ran> log;
  scheduler.run_until(100);
  record(scheduler, log, 100, EventKind::Other, 0);
  scheduler.run_until(50);
  BOOST_TEST(scheduler.now() == 100);
  BOOST_TEST(log.empty());
}
#endif

BOOST_AUTO_TEST_CASE(P_7_next_multiple_is_strictly_after_on_the_interval_grid) {
  const Duration five_minutes = seconds(300);
  // 2026-01-01T00:00:00Z is itself a multiple of 300 s since 1970: the next tick is 00:05.
  BOOST_TEST(Scheduler::next_multiple(kDefaultEpoch, 0, five_minutes) ==
             *parse_iso8601("2026-01-01T00:05:00Z"));
  BOOST_TEST(Scheduler::next_multiple(kDefaultEpoch - 1, 0, five_minutes) == kDefaultEpoch);
  BOOST_TEST(Scheduler::next_multiple(*parse_iso8601("2026-01-01T00:07:31.250Z"), 0,
                                      five_minutes) == *parse_iso8601("2026-01-01T00:10:00Z"));
  // A non-zero epoch shifts the grid; instants before it still land on the grid.
  BOOST_TEST(Scheduler::next_multiple(1000, 7, 10) == 1007);
  BOOST_TEST(Scheduler::next_multiple(1007, 7, 10) == 1017);
  BOOST_TEST(Scheduler::next_multiple(-1, 0, 10) == 0);
  BOOST_TEST(Scheduler::next_multiple(-10, 0, 10) == 0);
  BOOST_TEST(Scheduler::next_multiple(-11, 0, 10) == -10);
  BOOST_TEST(Scheduler::next_multiple(0, 7, 10) == 7);
}

RC_BOOST_PROP(next_multiple_is_the_least_grid_point_after, ()) {
  const Instant after = *rc::gen::inRange<Instant>(-1'000'000'000'000, 4'000'000'000'000);
  const Instant epoch = *rc::gen::inRange<Instant>(-1'000'000, 1'000'000);
  const Duration interval = *rc::gen::inRange<Duration>(1, 100'000'000);
  const Instant next = Scheduler::next_multiple(after, epoch, interval);
  RC_ASSERT(next > after);
  RC_ASSERT(next - interval <= after);
  RC_ASSERT((next - epoch) % interval == 0);
}

// A random schedule: (due offset, kind, cancelled?) per event.
using Plan = std::vector<std::tuple<int, int, bool>>;

rc::Gen<Plan> plans() {
  // Few distinct due times and kinds so that ties on both are common.
  return rc::gen::container<Plan>(rc::gen::tuple(rc::gen::inRange(0, 20), rc::gen::inRange(0, 8),
                                                 rc::gen::arbitrary<bool>()));
}

RC_BOOST_PROP(T_1_execution_order_is_sorted_by_due_kind_sequence, ()) {
  const Plan plan = *plans();
  Scheduler scheduler(0);
  std::vector<int> ran;
  std::vector<EventId> ids;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto [due, kind, cancelled] = plan[i];
    const int label = static_cast<int>(i);
    ids.push_back(scheduler.schedule(due, static_cast<EventKind>(kind),
                                     [&ran, label](Instant) { ran.push_back(label); }));
  }
  std::vector<int> expected;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (std::get<2>(plan[i])) {
      RC_ASSERT(scheduler.cancel(ids[i]));
    } else {
      expected.push_back(static_cast<int>(i));
    }
  }
  RC_ASSERT(scheduler.pending() == expected.size());
  // Labels are creation order, so the label is the sequence tie-break.
  std::sort(expected.begin(), expected.end(), [&](int a, int b) {
    return std::tuple(std::get<0>(plan[a]), std::get<1>(plan[a]), a) <
           std::tuple(std::get<0>(plan[b]), std::get<1>(plan[b]), b);
  });
  if (!expected.empty()) {
    RC_ASSERT(next_due(scheduler) == std::get<0>(plan[expected[0]]));
  }
  scheduler.run_until(20);
  RC_ASSERT(ran == expected);
  RC_ASSERT(scheduler.pending() == 0U);
}

RC_BOOST_PROP(running_in_steps_gives_the_same_order_as_one_run, ()) {
  const Plan plan = *plans();
  const auto stops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 21));
  auto run = [&plan](const std::vector<int>& steps) {
    Scheduler scheduler(0);
    std::vector<std::pair<Instant, int>> ran;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto [due, kind, respawn] = plan[i];
      const int label = static_cast<int>(i);
      scheduler.schedule(due, static_cast<EventKind>(kind),
                         [&scheduler, &ran, label, respawn = respawn](Instant now) {
                           ran.emplace_back(now, label);
                           // Some actions schedule a follow-up, to cover events born mid-run.
                           if (respawn) {
                             scheduler.schedule(now + label % 3, EventKind::LeaseEnd,
                                                [&ran, label](Instant inner) {
                                                  ran.emplace_back(inner, 1000 + label);
                                                });
                           }
                         });
    }
    for (const int stop : steps) scheduler.run_until(std::max<Instant>(stop, scheduler.now()));
    scheduler.run_until(std::max<Instant>(30, scheduler.now()));
    return ran;
  };
  std::vector<int> sorted_stops = stops;
  std::sort(sorted_stops.begin(), sorted_stops.end());
  RC_ASSERT(run(sorted_stops) == run({}));
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ringpool::sim
