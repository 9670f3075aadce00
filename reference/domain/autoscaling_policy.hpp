// The reference's autoscaling policy (spec P-4's size limit, P-6 initial fill, P-7 growth and
// shrink): pure functions of a pool's state and the ReferencePolicy knobs, so that the Engine, the
// capacity planner's sweeps and the tests share one statement of each rule.
#pragma once

#include "reference/domain/policy.hpp"
#include "reference/domain/pool_numbers.hpp"
#include "reference/domain/ring_pool.hpp"
#include "sim/core/time.hpp"

#include <cstddef>
#include <cstdint>

namespace ringpool::domain::autoscaling {

// P-6: how many numbers a pool holds after its initial fill, the overflow number included.
// The reference: 10 % of max_pool_size rounded up, never less than one trackable number plus the
// overflow number when allow_overflow and max_pool_size >= 2, never more than max_pool_size.
std::int64_t initial_fill_size(const RingPoolSettings& settings, const ReferencePolicy& policy = {});

// The most numbers a pool may hold, never passed by any fill or growth (P-4, P-7).
inline std::int64_t held_limit(const RingPoolSettings& settings, const ReferencePolicy& /*policy*/ = {}) {
  return settings.max_pool_size;
}

// P-7's utilisation: leased / usable numbers (idle + leased + quarantined), 1.0 when none is
// usable (an allocation into an empty pool is as full as it gets). Inline: runs per allocation.
inline double utilisation(std::size_t leased, std::size_t usable) {
  return usable == 0 ? 1.0 : static_cast<double>(leased) / static_cast<double>(usable);
}

// What the pool saw since the last autoscaling tick.
struct TickSignals {
  bool exhausted = false;         // an allocation found no idle trackable number
  double peak_utilisation = 0.0;  // the highest utilisation() after an allocation
  std::size_t trackable = 0;      // trackable numbers held now
};

// P-7: does a tick grow the pool? After an exhaustion, or when peak utilisation reached
// grow_threshold while the pool holds a trackable number.
bool tick_grows(const TickSignals& signals, const ReferencePolicy& policy);

// P-7: how many numbers one growth adds to a pool holding `held` (pending releases excluded):
// grow_percent of held rounded up, at least 1, at most max_grow_step, never past `limit`
// (held_limit). 0 when the pool is full.
std::int64_t growth_step(std::int64_t held, std::int64_t limit, const ReferencePolicy& policy);

// P-7's shrink: which numbers a shrink may release, and how many.
struct ShrinkRule {
  enum class Kind { IdleLongerThan, UnusedSince };
  Kind kind = Kind::UnusedSince;
  sim::Instant cutoff = 0;

  // IdleLongerThan: idle since at or before the cutoff. UnusedSince: no lease active at any time
  // after the cutoff (its last lease ended at or before it; a never-leased number qualifies).
  // Only idle numbers are ever offered (PoolNumbers::release_idle), so the overflow number never is.
  bool releases(const NumberSlot& slot) const {
    return kind == Kind::IdleLongerThan ? slot.idle_since <= cutoff : slot.last_lease_end <= cutoff;
  }
};

// shrink_policy = "idle": at a tick at `now`, numbers idle for shrink_idle_seconds or longer.
ShrinkRule idle_shrink_rule(sim::Instant now, const ReferencePolicy& policy);
// shrink_policy = "monthly_unused": at the month start `month_end`, numbers with no lease active
// during the month just ended.
ShrinkRule monthly_shrink_rule(sim::Instant month_end);
// The first instant of the month that ends at `month_end` (a month start).
sim::Instant start_of_previous_month(sim::Instant month_end);

// At most how many numbers a shrink releases from a pool holding `held`: never below the initial
// fill (P-7).
std::size_t shrink_budget(std::size_t held, const RingPoolSettings& settings, const ReferencePolicy& policy);

}  // namespace ringpool::domain::autoscaling
