// A study: every (sweep point, replication) run of a plan, possibly spread over threads (--jobs)
// and machines (--shard K/N), then summarised per point with the analytic cross-checks and a
// recommendation. The description (what was asked) and the runs (what was measured) are all a
// report needs, so shards can be merged into exactly the report one whole run writes.
#pragma once

#include "sim/plan/plan.hpp"
#include "sim/plan/run_simulation.hpp"
#include "sim/plan/statistics.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::sim::plan {

// What one sweep point is, with the textbook's view of it.
struct PointDescription {
  std::vector<std::pair<std::string, KnobValue>> knobs;
  std::int64_t max_pool_size = 0;
  std::int64_t lifetime_seconds = 0;
  bool allow_overflow = true;
  // Erlang-B's servers: the most trackable numbers the pool can hold (the domain's rule).
  std::int64_t trackable_numbers = 0;
  double mean_visits_per_second = 0;  // over the measured window
  double peak_visits_per_second = 0;  // the busiest segment (hour, burst) of the horizon
  // Poisson at one rate only: rate x lifetime. The peak load exists for every traffic model.
  std::optional<double> offered_load_erlangs;
  double peak_offered_load_erlangs = 0;
  double erlang_b_overflow = 0;        // Erlang-B(trackable_numbers, peak load)
  double littles_law_leased = 0;       // mean rate x lifetime: mean numbers leased if none overflowed
  double rule_of_thumb_numbers = 0;    // peak visits per hour x lifetime in hours
  // Trackable numbers Erlang-B needs at the peak load for the overflow target (when one is set).
  std::optional<std::int64_t> erlang_b_numbers_for_target;
};

struct StudyDescription {
  std::string title;
  std::string description;
  std::string source;
  std::string plan_digest;  // 16 hex digits over everything below and the files the plan read
  std::uint64_t seed = 1;
  int replications = 1;
  Instant start = 0;
  Duration length = 0;
  Duration warm_up = 0;
  Duration bucket = 0;
  std::string traffic;  // one line each, for people
  std::string calls;
  std::string pool;
  std::string policy;
  bool poisson = false;  // homogeneous Poisson traffic: Erlang-B applies exactly
  double cost_per_number_per_month = 0;
  std::string currency;
  Targets targets;
  std::vector<std::string> knob_names;
  bool paired = false;
  std::vector<PointDescription> points;

  std::size_t run_count() const { return points.size() * static_cast<std::size_t>(replications); }
};

// The description of `plan` (one Engine dry run per point for its trackable numbers).
StudyDescription describe(const Plan& plan);

struct RunRecord {
  std::size_t point = 0;
  int replication = 0;
  RunMetrics metrics;
};

struct Shard {
  int index = 1;  // K of K/N, 1-based
  int count = 1;  // N
};
// "3/8" -> {3, 8}; nullopt unless 1 <= K <= N.
std::optional<Shard> parse_shard(std::string_view text);
// The run indices (point x replications + replication) shard K/N runs: every N-th from K-1, so
// every shard gets a similar mix of points.
std::vector<std::size_t> shard_runs(std::size_t run_count, Shard shard);

struct StudyOptions {
  int jobs = 1;
  Shard shard;
  // Called from the worker threads after each run (serialised by the caller's own lock if needed).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

// Runs the shard's runs on `jobs` threads. The result is ordered by run index and does not
// depend on `jobs`: each run's generator is derived from (seed, replication) alone.
std::vector<RunRecord> run_study(const Plan& plan, const StudyOptions& options);

// ---- analysis ------------------------------------------------------------------------------

struct MetricDefinition {
  std::string_view name;
  std::string_view meaning;
  double (*value)(const RunMetrics& run, const StudyDescription& study);
};
// Every per-run metric the reports summarise, in report order.
const std::vector<MetricDefinition>& metric_definitions();
// Index of `name` in metric_definitions(); throws std::out_of_range for an unknown name.
std::size_t metric_index(std::string_view name);

struct TargetCheck {
  std::string target;  // "overflow_rate_max"
  std::string metric;  // "overflow_rate"
  double limit = 0;
  double upper = 0;    // the metric's 95 % upper bound at this point (mean with one replication)
  bool met = false;
};

struct PointResult {
  std::vector<Summary> metrics;  // aligned with metric_definitions()
  std::vector<double> held_series;    // mean over replications, per bucket
  std::vector<double> leased_series;
  std::vector<TargetCheck> targets;
  bool meets_targets = true;
};

struct Recommendation {
  std::optional<std::size_t> point;    // the cheapest point meeting every target
  std::vector<std::string> binding;    // when none: the targets that bind
  std::string explanation;             // one sentence for people
};

struct StudyResult {
  StudyDescription description;
  std::vector<RunRecord> runs;  // every run, by point then replication
  std::vector<PointResult> points;
  Recommendation recommendation;
};

// Summaries, target checks and the recommendation. `runs` must hold every run exactly once.
StudyResult analyse(StudyDescription description, std::vector<RunRecord> runs);

}  // namespace ringpool::sim::plan
