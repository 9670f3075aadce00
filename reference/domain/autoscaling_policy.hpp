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

// P-6: how many numbers a pool holds after its initial fill, the overflow number included;
// with fill_immediately, held_limit(). Otherwise 10 % of max_pool_size, rounded per
// initial_fill_rounding:
//  - Up (the reference): never less than one trackable number plus the overflow number when
//    allow_overflow and max_pool_size >= 2;
//  - Down: never less than the overflow number (A-12 must hold from the first request).
// With overflow_within_max_pool_size the overflow number is one of the 10 % (never more than
// max_pool_size in all); without, it comes on top of them.
std::int64_t initial_fill_size(const RingPoolSettings& settings, const ReferencePolicy& policy = {});

// P-4: the most numbers a pool may hold, the overflow number included; no fill or growth passes
// it. max_pool_size, plus the overflow number when it is not counted in max_pool_size.
inline std::int64_t held_limit(const RingPoolSettings& settings, const ReferencePolicy& policy = {}) {
  return settings.max_pool_size + (settings.allow_overflow && !policy.overflow_within_max_pool_size ? 1 : 0);
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

// P-7: does a tick grow the pool? With growth_trigger = Tick: after an exhaustion, or when peak
// utilisation reached grow_threshold while the pool holds a trackable number. Never OnDemand.
bool tick_grows(const TickSignals& signals, const ReferencePolicy& policy);

// P-7 with growth_trigger = OnDemand: how many numbers an allocation acquires at once in a pool
// holding `held` (pending releases excluded) of which `idle_or_provisioning` are idle or on their
// way (provision_delay_seconds): one when none is and the pool is under `limit` (held_limit),
// else 0. Always 0 with Tick.
inline std::int64_t on_demand_step(std::size_t idle_or_provisioning, std::int64_t held, std::int64_t limit,
                                   const ReferencePolicy& policy) {
  return policy.growth_trigger == GrowthTrigger::OnDemand && idle_or_provisioning == 0 && held < limit ? 1 : 0;
}

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
