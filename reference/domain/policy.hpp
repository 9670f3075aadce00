// The reference's [ref] knobs (spec P-2, P-7, P-8, L-1, L-4) and fault injection, with the spec's
// defaults. Set from the world file's [policy] and [faults] tables.
#pragma once

#include <cstdint>

namespace ringpool::domain {

enum class ShrinkPolicy { MonthlyUnused, Idle };

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
};

// Off by default. Seeded from the run's generator, so a failing run repeats.
struct FaultInjection {
  double internal_error_probability = 0.0;  // per request, answered as InternalServiceError
  bool inventory_exhausted = false;         // pools can acquire no new numbers
  std::int64_t extra_provision_delay_seconds = 0;  // added to provision_delay_seconds
};

}  // namespace ringpool::domain
