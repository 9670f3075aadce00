// A capacity plan (issue 9): the pool, the policy knobs, the traffic, the calls, the horizon, the
// cost and the targets, and the sweep points derived from them. Plain data; plan_parser.hpp reads
// it from TOML (format in scenarios/plans/README.md), study.hpp runs it.
#pragma once

#include "reference/domain/policy.hpp"
#include "sim/core/time.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ringpool::sim::plan {

// A knob's value as the plan wrote it: an integer, a number, a boolean or a string.
struct KnobValue {
  std::variant<std::int64_t, double, bool, std::string> value;

  // "20", "0.5", "true", "idle": for reports and CSV.
  std::string text() const;
  // The value as a number (booleans 0/1); nullopt for strings.
  std::optional<double> number() const;
  friend bool operator==(const KnobValue&, const KnobValue&) = default;
};

// The pool's own settings (spec M-10..M-14), set through the domain's management code.
struct PoolSettings {
  std::int64_t max_pool_size = 2;
  std::int64_t lifetime_seconds = 1800;
  bool allow_overflow = true;
  bool fill_immediately = false;
  // Toll-free numbers in the simulated inventory; 0 = enough never to run out (see the README).
  std::int64_t inventory_numbers = 0;
};

// A multiplier on the rate for `duration`, from `start`, repeated `count` times every `repeat`.
struct Burst {
  Instant start = 0;
  Duration duration = 0;
  double multiplier = 1;
  Duration repeat = 0;  // 0: once
  std::int64_t count = 1;
};

// Visits: a (non-homogeneous) Poisson process with a piecewise-constant rate, or a replayed list.
struct Traffic {
  double visits_per_second = 0;          // the base rate
  std::array<double, 24> hour_of_day{};  // multipliers by local hour 0..23 (all 1 by default)
  std::array<double, 7> day_of_week{};   // multipliers Monday..Sunday (all 1 by default)
  std::int64_t utc_offset_minutes = 0;   // local time of the profile
  std::vector<Burst> bursts;
  std::vector<Instant> replay;           // sorted visit times, when replaying a CSV
  std::string replay_file;               // as written in the plan; empty unless replaying

  Traffic() {
    hour_of_day.fill(1.0);
    day_of_week.fill(1.0);
  }
  bool replaying() const { return !replay_file.empty(); }
  // Poisson at one constant rate: no profile and no bursts (Erlang-B applies exactly).
  bool homogeneous() const;
};

enum class DelayModel { Exponential, LogNormal, Empirical };

struct Calls {
  double call_share = 0;  // of visits that call
  DelayModel delay = DelayModel::Exponential;
  double mean_delay_seconds = 300;    // exponential
  double median_delay_seconds = 120;  // log-normal
  double sigma = 1.0;                 // log-normal shape
  std::vector<double> empirical_delays_seconds;  // empirical: sampled uniformly
  std::string empirical_file;
  // The long tail: this share of calls waits an exponential delay of this mean instead.
  double tail_share = 0;
  double tail_mean_delay_seconds = 86400;
  // A call later than this after the lease it is attributed to ended is unattributed.
  double attribution_window_seconds = 3600;
};

struct Horizon {
  Instant start = kDefaultEpoch;
  Duration length = seconds(30 * 86400);
  Duration warm_up = seconds(86400);  // excluded from every metric
  Duration bucket = seconds(3600);    // of the time series
};

struct Cost {
  double per_number_per_month = 0;
  std::string currency = "USD";
};

// Upper bounds a recommended point must meet at the 95 % interval's upper end (the list of
// them, with the metric each bounds, is target_definitions() in metrics.hpp).
struct Targets {
  std::optional<double> overflow_rate_max;
  std::optional<double> overflow_rate_busiest_hour_max;
  std::optional<double> misattributed_share_max;
  std::optional<double> unattributed_share_max;
  std::optional<double> no_number_rate_max;
};

struct SweepKnob {
  std::string name;
  std::vector<KnobValue> values;
  int line = 0;  // in the plan, for messages
};

// Everything one sweep point runs with.
struct PointConfig {
  std::vector<std::pair<std::string, KnobValue>> knobs;  // the swept knobs' values, in sweep order
  PoolSettings pool;
  domain::ReferencePolicy policy;
  double visits_per_second = 0;
  double call_share = 0;
  double attribution_window_seconds = 0;
};

struct Plan {
  std::string source_name;  // the plan file as given, for messages (file:line)
  std::string title;        // default: the plan file's name
  std::string description;
  std::uint64_t seed = 1;
  int replications = 10;
  Horizon horizon;
  PoolSettings pool;
  // The [policy] table's keys as written (scalars); a sweep of a policy knob re-reads them with
  // its value through the world file's [policy] reader.
  std::vector<std::pair<std::string, KnobValue>> policy_entries;
  domain::ReferencePolicy policy;
  Traffic traffic;
  std::string rate_key = "visits_per_second";  // the unit the plan gave the rate in
  Calls calls;
  Cost cost;
  Targets targets;
  std::vector<SweepKnob> sweep;  // zero, one or two knobs
  bool paired = false;           // pair the two knobs' values instead of crossing them
  std::vector<PointConfig> points;
};

}  // namespace ringpool::sim::plan
