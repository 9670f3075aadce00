// A study: every (sweep point, replication) run of a plan, possibly spread over threads (--jobs)
// and machines (--shard K/N), then summarised per point with the analytic cross-checks and a
// recommendation that says why. The description (what was asked) and the runs (what was
// measured) are all a report needs, so shards can be merged into exactly the report one whole run
// writes.
#pragma once

#include "sim/core/time.hpp"
#include "sim/plan/metrics.hpp"
#include "sim/plan/plan.hpp"
#include "sim/plan/run_metrics.hpp"
#include "sim/plan/statistics.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::sim::plan {

// What one sweep point is, with the textbook's view of it.
struct PointDescription {
  std::vector<std::pair<std::string, KnobValue>> knobs;
  std::int64_t max_pool_size = 0;
  std::int64_t lifetime_seconds = 0;
  bool allow_overflow = true;
  bool fill_immediately = false;
  // Erlang-B's servers: the most trackable numbers the pool can hold (the domain's rule).
  std::int64_t trackable_numbers = 0;
  // How long one visit keeps a number from the next: lifetime + lease grace (P-1) + reuse
  // quarantine, Erlang-B's holding time.
  std::int64_t holding_seconds = 0;
  std::int64_t lease_grace_seconds = 0;       // the point's policy, for the holding time's parts
  std::int64_t reuse_quarantine_seconds = 0;
  double mean_visits_per_second = 0;  // over the measured window
  double peak_visits_per_second = 0;  // the busiest segment (hour, burst) of the horizon
  // Poisson at one rate only: rate x holding time. The peak load exists for every traffic model.
  std::optional<double> offered_load_erlangs;
  double peak_offered_load_erlangs = 0;
  double erlang_b_overflow = 0;        // Erlang-B(trackable_numbers, peak load)
  double littles_law_leased = 0;       // mean rate x (lifetime + grace): mean leased if none overflowed
  double rule_of_thumb_numbers = 0;    // peak visits per hour x lifetime in hours
  // Trackable numbers Erlang-B needs at the peak load for the overflow target (when one is set).
  std::optional<std::int64_t> erlang_b_numbers_for_target;
  // Why Erlang-B is not exact at this point (non-Poisson traffic, a pool that grows, ...); empty
  // when the point is the textbook's M/G/c/c loss system.
  std::vector<std::string> erlang_b_caveats;
};

struct StudyDescription {
  std::string title;
  std::string description;
  std::string source;       // the plan's file name (not the path it was given by)
  std::string plan_digest;  // 16 hex digits over the resolved plan (content, not paths)
  std::uint64_t seed = 1;
  int replications = 1;
  Instant start = 0;
  Duration length = 0;
  Duration warm_up = 0;
  Duration bucket = 0;
  std::string traffic;  // one line each, for people
  std::string calls;
  std::string pool;
  std::string policy;   // every [policy] knob with the value the study ran with
  bool poisson = false;  // homogeneous Poisson traffic: Erlang-B applies exactly
  double cost_per_number_per_month = 0;
  std::string currency;
  Targets targets;
  std::vector<std::string> knob_names;
  bool paired = false;
  std::vector<PointDescription> points;
  // Every value the study ran with (plan_json.hpp): enough to rebuild it.
  nlohmann::ordered_json resolved_plan;

  std::size_t run_count() const { return points.size() * static_cast<std::size_t>(replications); }
  bool has_targets() const;
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

struct TargetCheck {
  std::string target;  // "overflow_rate_max"
  std::string metric;  // "overflow_rate"
  double limit = 0;
  double mean = 0;
  double low = 0;      // the 95 % interval (the mean when there is none)
  double upper = 0;
  bool met = false;          // upper <= limit: what the recommendation asks
  bool met_at_mean = false;  // mean <= limit
  // low <= limit < upper: more replications could decide it either way.
  bool straddles() const { return low <= limit && limit < upper; }
};

struct PointResult {
  std::vector<Summary> metrics;  // aligned with metric_definitions()
  std::vector<double> held_series;    // mean over replications, per bucket
  std::vector<double> leased_series;
  std::vector<double> held_peak_series;    // the most held at any instant of the bucket, highest replication
  std::vector<double> leased_peak_series;
  std::vector<TargetCheck> targets;
  bool meets_targets = true;
  // Which target binds and by how much, at the upper bound and at the mean.
  std::string verdict;
};

struct CheaperPoint {
  std::size_t point = 0;
  std::string reason;  // the targets it misses, with numbers
};

struct Recommendation {
  std::optional<std::size_t> point;  // the cheapest point meeting every target; none without targets
  std::vector<std::string> binding;  // when none: the targets that bind
  std::string explanation;           // one sentence for people
  std::vector<CheaperPoint> cheaper;  // every point cheaper than the recommended one, most expensive first
  // Points whose interval straddles a target where that could change the choice.
  std::vector<std::string> warnings;
};

// The recommendation under another seed (stability across seeds).
struct SeedOutcome {
  std::uint64_t seed = 0;
  std::optional<std::size_t> point;
};

struct StudyResult {
  StudyDescription description;
  std::vector<RunRecord> runs;  // every run, by point then replication
  std::vector<PointResult> points;
  Recommendation recommendation;
  // Empty unless measured (ringpool simulate --stability-seeds N): the study's own seed first.
  std::vector<SeedOutcome> stability;
};

// Summaries, target checks and the recommendation. `runs` must hold every run exactly once.
StudyResult analyse(StudyDescription description, std::vector<RunRecord> runs);

// The cheapest point meeting every target, why, and why not each cheaper one (analysis.cpp).
Recommendation recommend(const StudyDescription& description, const std::vector<PointResult>& points);

// The recommended point with each of `seeds` in place of the plan's seed (whole studies).
std::vector<SeedOutcome> measure_stability(const Plan& plan, const std::vector<std::uint64_t>& seeds,
                                           const StudyOptions& options);

}  // namespace ringpool::sim::plan
