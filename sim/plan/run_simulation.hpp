// One replication of one sweep point: drives the reference Engine with the plan's visits through
// the scheduler and virtual clock, attributes every call (issue 9's rule), and measures the pool.
//
// Attribution: a call to a number is attributed to the visitor whose lease on that number was
// opened most recently before the call; a call to the overflow number, or later than
// attribution_window_seconds after that lease ended, is unattributed; an attributed call is
// misattributed when that visitor is not the caller. Visits and calls are processed in time
// order (a call before a visit at the same millisecond), so "most recently before the call" is
// simply the last lease opened on the number so far.
#pragma once

#include "sim/core/rng.hpp"
#include "sim/plan/plan.hpp"

#include <cstdint>
#include <vector>

namespace ringpool::sim::plan {

// Counts and time averages over the measured window [start + warm-up, start + length); the time
// series cover the whole horizon, one value per bucket (the bucket's time average).
struct RunMetrics {
  std::int64_t visits = 0;             // visits in the window
  std::int64_t overflow_answers = 0;   // of them, answered with the overflow number
  std::int64_t no_number_answers = 0;  // of them, answered NoNumberAvailable (no overflow, P-5)
  double held_mean = 0;                // numbers held (overflow number included), time average
  std::int64_t held_peak = 0;
  double leased_mean = 0;              // numbers under an active lease, time average
  std::int64_t leased_peak = 0;
  double number_months = 0;            // held numbers x months (a month = 1/12 of 365.2425 days)
  std::int64_t growth_steps = 0;       // times the pool grew in the window (autoscaling)
  std::int64_t shrink_steps = 0;       // times it shrank
  std::int64_t calls = 0;              // calls in the window, by outcome:
  std::int64_t calls_attributed = 0;   //   to the caller's own visit
  std::int64_t calls_misattributed = 0;
  std::int64_t calls_unattributed_overflow = 0;
  std::int64_t calls_unattributed_window = 0;
  std::int64_t calls_unattributed_no_number = 0;
  std::vector<double> held_series;
  std::vector<double> leased_series;

  friend bool operator==(const RunMetrics&, const RunMetrics&) = default;
};

inline constexpr double kSecondsPerMonth = 365.2425 * 86400.0 / 12.0;

// `rng` is the replication's generator; the run draws from its named streams "visits", "calls"
// and "delays". The same replication index gives every sweep point the same streams (common
// random numbers), so differences between points are not noise of different draws.
RunMetrics simulate_run(const Plan& plan, const PointConfig& point, Rng rng);

}  // namespace ringpool::sim::plan
