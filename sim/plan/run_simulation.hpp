// One replication of one sweep point: drives the reference Engine with the plan's visits through
// the scheduler and virtual clock, attributes every call (issue 9's rule), and measures the pool.
//
// Attribution: a call to a number is attributed to the visitor whose lease on that number was
// opened most recently before the call; a call to the overflow number, or later than
// attribution_window_seconds after that lease ended (lifetime_seconds + the policy's
// lease_grace_seconds after it began), is unattributed; an attributed call is misattributed when
// that visitor is not the caller. Visits and calls are processed in time order (a call before a
// visit at the same millisecond), so "most recently before the call" is simply the last lease
// opened on the number so far.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/plan/plan.hpp"
#include "sim/plan/run_metrics.hpp"

namespace ringpool::sim::plan {

// `rng` is the replication's generator; the run draws from its named streams "visits", "calls"
// and "delays". The same replication index gives every sweep point the same streams (common
// random numbers), so differences between points are not noise of different draws.
RunMetrics simulate_run(const Plan& plan, const PointConfig& point, Rng rng);

}  // namespace ringpool::sim::plan
