// What one replication of one sweep point measured (RunMetrics), and the one list of its fields
// that the shard files, runs.csv and the tests walk, so a field added here reaches every output
// (and a field left out of the list fails the round-trip test in tests/simulate).
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

namespace ringpool::sim::plan {

// Counts and time averages over the measured window [start + warm-up, start + length); the time
// series cover the whole horizon, one value per bucket.
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
  // The busiest clock hour (UTC) of the window: the one with the most visits, the earliest of
  // equals. Sizing is about that hour, not the month's mean.
  std::int64_t busiest_hour_visits = 0;
  std::int64_t busiest_hour_overflow_answers = 0;
  std::int64_t calls = 0;              // calls in the window, by outcome:
  std::int64_t calls_attributed = 0;   //   to the caller's own visit
  std::int64_t calls_misattributed = 0;
  std::int64_t calls_unattributed_overflow = 0;
  std::int64_t calls_unattributed_window = 0;
  std::int64_t calls_unattributed_no_number = 0;
  std::vector<double> held_series;       // per bucket: time average
  std::vector<double> leased_series;
  std::vector<double> held_peak_series;  // per bucket: the most held (leased) at any instant
  std::vector<double> leased_peak_series;

  friend bool operator==(const RunMetrics&, const RunMetrics&) = default;
};

inline constexpr double kSecondsPerMonth = 365.2425 * 86400.0 / 12.0;

// One scalar field: its name in the shard files and runs.csv, and where it lives.
struct RunField {
  std::string_view name;
  std::variant<std::int64_t RunMetrics::*, double RunMetrics::*> member;
};
// Every scalar field of RunMetrics, in declaration order.
const std::vector<RunField>& run_fields();

struct RunSeriesField {
  std::string_view name;
  std::vector<double> RunMetrics::*member;
};
// Every time series of RunMetrics, in declaration order.
const std::vector<RunSeriesField>& run_series_fields();

}  // namespace ringpool::sim::plan
