// The reference's [ref] knobs (spec P-2, P-7, P-8, L-1, L-4), its pool-level [dec] choices (P-2's
// reuse order, P-4's size limit, P-6's rounding, P-7's trigger) and fault injection, with the
// spec's defaults. Set from the world file's [policy] and [faults] tables.
#pragma once

#include <cstdint>

namespace ringpool::domain {

enum class ShrinkPolicy { MonthlyUnused, Idle };
// P-2: which idle number an allocation takes.
enum class ReuseOrder {
  LeastRecentlyUsed,  // idle longest; ties: the lower number (the reference)
  MostRecentlyUsed,   // idle shortest; ties: the higher number
};
// P-7: when a pool grows.
enum class GrowthTrigger {
  Tick,      // at autoscaling ticks, after an exhaustion or at grow_threshold (the reference)
  OnDemand,  // at once, one number, when an allocation finds no idle trackable number
};
// P-3: what a repeat call gets.
enum class RepeatVisitors {
  NewLease,    // every allocation is a new lease on another number (the reference)
  SameNumber,  // a call whose query parameters (all but the key) equal those of an active lease's
               // call gets that lease's number again (the lease is not renewed; no new lease opens)
};
// P-6: how 10 % of max_pool_size is rounded.
enum class FillRounding {
  Up,    // and never less than one trackable number plus the overflow number (the reference)
  Down,  // and never less than the overflow number, so that A-12 holds from the first request
};

struct ReferencePolicy {
  std::int64_t reuse_quarantine_seconds = 0;
  std::int64_t autoscale_interval_seconds = 300;
  double grow_threshold = 1.0;
  std::int64_t grow_percent = 20;
  std::int64_t max_grow_step = 50;
  std::int64_t provision_delay_seconds = 0;
  ShrinkPolicy shrink_policy = ShrinkPolicy::MonthlyUnused;
  std::int64_t shrink_idle_seconds = 86400;
  std::int64_t aging_seconds = 86400;
  std::int64_t local_fill_delay_seconds = 600;
  std::int64_t local_retry_seconds = 3600;
  // Choices the spec leaves open ([dec]/[ref]); the defaults are the reference's, the variant
  // conformance target flips them.
  ReuseOrder reuse_order = ReuseOrder::LeastRecentlyUsed;        // P-2
  GrowthTrigger growth_trigger = GrowthTrigger::Tick;           // P-7
  FillRounding initial_fill_rounding = FillRounding::Up;        // P-6
  // P-4: true: max_pool_size counts the overflow number (max_pool_size - 1 trackable numbers);
  // false: the overflow number comes on top (max_pool_size trackable numbers + the overflow).
  bool overflow_within_max_pool_size = true;
  // P-1: a lease stays active this long past lifetime_seconds. The documents ask for at least
  // lifetime_seconds; the reference frees the number at exactly t+L (0).
  std::int64_t lease_grace_seconds = 0;
  RepeatVisitors repeat_visitors = RepeatVisitors::NewLease;    // P-3
  // M-13: setting preferred on a pool clears it on the campaign's other pools (the reference),
  // or leaves them as they are.
  bool preferred_is_exclusive = true;
  // M-4: an update (PUT, or POST of an existing id) changes only the fields it gives (the
  // reference), or replaces the settings: fields not given take their defaults, except
  // allow_overflow, which never changes (M-10).
  bool partial_updates = true;

  friend bool operator==(const ReferencePolicy&, const ReferencePolicy&) = default;
};

// Off by default. Seeded from the run's generator, so a failing run repeats.
struct FaultInjection {
  double internal_error_probability = 0.0;  // per request, answered as InternalServiceError
  bool inventory_exhausted = false;         // pools can acquire no new numbers
  std::int64_t extra_provision_delay_seconds = 0;  // added to provision_delay_seconds
};

}  // namespace ringpool::domain
