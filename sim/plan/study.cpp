#include "sim/plan/study.hpp"

#include "sim/core/rng.hpp"
#include "sim/plan/simulated_pool.hpp"
#include "sim/plan/study_json.hpp"
#include "sim/plan/traffic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace ringpool::sim::plan {

namespace {

std::string seconds_text(Duration duration) { return fmt::format("{:g} s", static_cast<double>(duration) / 1000.0); }

std::string traffic_summary(const Plan& plan) {
  const Traffic& traffic = plan.traffic;
  if (traffic.replaying())
    return fmt::format("replay of {} ({} visits in the horizon)", traffic.replay_file, traffic.replay.size());
  std::string text;
  if (plan.rate_key == "visits_per_hour") {
    text = fmt::format("Poisson, {:g} visits/hour", traffic.visits_per_second * 3600);
  } else if (plan.rate_key == "visits_per_day") {
    text = fmt::format("Poisson, {:g} visits/day", traffic.visits_per_second * 86400);
  } else {
    text = fmt::format("Poisson, {:g} visits/s", traffic.visits_per_second);
  }
  const auto all_ones = [](const auto& values) { return std::all_of(values.begin(), values.end(), [](double v) { return v == 1.0; }); };
  if (!all_ones(traffic.hour_of_day)) text += ", hour-of-day profile";
  if (!all_ones(traffic.day_of_week)) text += ", day-of-week profile";
  if (traffic.utc_offset_minutes != 0) text += fmt::format(" (UTC{:+g} h)", static_cast<double>(traffic.utc_offset_minutes) / 60);
  for (const Burst& burst : traffic.bursts) {
    text += fmt::format(", burst x{:g} for {} from {}", burst.multiplier, seconds_text(burst.duration), format_iso8601(burst.start));
    if (burst.repeat > 0) text += fmt::format(" every {} ({} times)", seconds_text(burst.repeat), burst.count);
  }
  return text;
}

std::string calls_summary(const Plan& plan) {
  const Calls& calls = plan.calls;
  if (calls.call_share <= 0) return "no calls";
  std::string delay;
  switch (calls.delay) {
    case DelayModel::Exponential: delay = fmt::format("exponential delay (mean {:g} s)", calls.mean_delay_seconds); break;
    case DelayModel::LogNormal:
      delay = fmt::format("log-normal delay (median {:g} s, sigma {:g})", calls.median_delay_seconds, calls.sigma);
      break;
    case DelayModel::Empirical:
      delay = fmt::format("empirical delays from {} ({} values)", calls.empirical_file, calls.empirical_delays_seconds.size());
      break;
  }
  std::string text = fmt::format("{:g}% of visits call; {}", calls.call_share * 100, delay);
  if (calls.tail_share > 0)
    text += fmt::format("; {:g}% tail (exponential, mean {:g} s)", calls.tail_share * 100, calls.tail_mean_delay_seconds);
  text += fmt::format("; attribution window {:g} s", calls.attribution_window_seconds);
  return text;
}

std::string pool_summary(const Plan& plan) {
  const PoolSettings& pool = plan.pool;
  return fmt::format("max_pool_size {}, lifetime {} s, overflow {}, {}", pool.max_pool_size, pool.lifetime_seconds,
                     pool.allow_overflow ? "on" : "off",
                     pool.fill_immediately ? "filled at creation" : "10% at creation, then autoscaling");
}

std::string policy_summary(const Plan& plan) {
  if (plan.policy_entries.empty()) return "the reference's defaults";
  std::string text;
  for (const auto& [key, value] : plan.policy_entries) text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", key, value.text());
  return text;
}

// Mean and peak visits per second of a replayed list (peak: the busiest clock hour).
std::pair<double, double> replay_rates(const Plan& plan) {
  const Instant measure_from = plan.horizon.start + plan.horizon.warm_up;
  const Instant end = plan.horizon.start + plan.horizon.length;
  std::size_t in_window = 0, busiest = 0, current = 0;
  Instant current_hour = -1;
  for (Instant visit : plan.traffic.replay) {
    if (visit >= measure_from && visit < end) ++in_window;
    if (visit < plan.horizon.start || visit >= end) continue;
    const Instant hour = visit / 3'600'000;
    current = hour == current_hour ? current + 1 : 1;
    current_hour = hour;
    busiest = std::max(busiest, current);
  }
  return {static_cast<double>(in_window) / (static_cast<double>(end - measure_from) / 1000.0),
          static_cast<double>(busiest) / 3600.0};
}

}  // namespace

StudyDescription describe(const Plan& plan) {
  StudyDescription study;
  study.title = plan.title;
  study.description = plan.description;
  study.source = plan.source_name;
  study.seed = plan.seed;
  study.replications = plan.replications;
  study.start = plan.horizon.start;
  study.length = plan.horizon.length;
  study.warm_up = plan.horizon.warm_up;
  study.bucket = plan.horizon.bucket;
  study.traffic = traffic_summary(plan);
  study.calls = calls_summary(plan);
  study.pool = pool_summary(plan);
  study.policy = policy_summary(plan);
  study.poisson = plan.traffic.homogeneous();
  study.cost_per_number_per_month = plan.cost.per_number_per_month;
  study.currency = plan.cost.currency;
  study.targets = plan.targets;
  for (const SweepKnob& knob : plan.sweep) study.knob_names.push_back(knob.name);
  study.paired = plan.paired;
  const Instant measure_from = plan.horizon.start + plan.horizon.warm_up;
  const Instant end = plan.horizon.start + plan.horizon.length;
  for (const PointConfig& point : plan.points) {
    PointDescription description;
    description.knobs = point.knobs;
    description.max_pool_size = point.pool.max_pool_size;
    description.lifetime_seconds = point.pool.lifetime_seconds;
    description.allow_overflow = point.pool.allow_overflow;
    auto trackable = SimulatedPool::trackable_capacity(point, plan.horizon.start);
    if (!trackable) throw std::invalid_argument("describe: invalid point: " + trackable.error());
    description.trackable_numbers = *trackable;
    if (plan.traffic.replaying()) {
      std::tie(description.mean_visits_per_second, description.peak_visits_per_second) = replay_rates(plan);
    } else {
      const RateFunction rates(plan.traffic, point.visits_per_second);
      description.mean_visits_per_second = rates.mean_rate(measure_from, end);
      description.peak_visits_per_second = rates.peak_rate(plan.horizon.start, end);
    }
    const auto lifetime = static_cast<double>(point.pool.lifetime_seconds);
    if (study.poisson) description.offered_load_erlangs = point.visits_per_second * lifetime;
    description.peak_offered_load_erlangs = description.peak_visits_per_second * lifetime;
    description.erlang_b_overflow = erlang_b(description.trackable_numbers, description.peak_offered_load_erlangs);
    description.littles_law_leased = description.mean_visits_per_second * lifetime;
    description.rule_of_thumb_numbers = description.peak_visits_per_second * 3600 * (lifetime / 3600);
    if (plan.targets.overflow_rate_max && *plan.targets.overflow_rate_max > 0)
      description.erlang_b_numbers_for_target =
          erlang_b_servers(description.peak_offered_load_erlangs, *plan.targets.overflow_rate_max);
    study.points.push_back(std::move(description));
  }
  // The digest covers what was asked (this description) and the bytes of the files read.
  study.plan_digest = fmt::format("{:016x}", fnv1a64(fmt::format("{}|{:x}|{:x}", description_json(study).dump(),
                                                                   plan.traffic.replay_digest, plan.calls.empirical_digest)));
  return study;
}

std::optional<Shard> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto number = [](std::string_view part) -> std::optional<int> {
    int value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size()) return std::nullopt;
    return value;
  };
  auto index = number(text.substr(0, slash));
  auto count = number(text.substr(slash + 1));
  if (!index || !count || *count < 1 || *count > 100'000 || *index < 1 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

std::vector<std::size_t> shard_runs(std::size_t run_count, Shard shard) {
  std::vector<std::size_t> runs;
  for (std::size_t i = static_cast<std::size_t>(shard.index - 1); i < run_count; i += static_cast<std::size_t>(shard.count))
    runs.push_back(i);
  return runs;
}

std::vector<RunRecord> run_study(const Plan& plan, const StudyOptions& options) {
  const std::size_t replications = static_cast<std::size_t>(plan.replications);
  const std::vector<std::size_t> indices = shard_runs(plan.points.size() * replications, options.shard);
  std::vector<RunRecord> records(indices.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_lock;
  const Rng root(plan.seed);
  const auto worker = [&] {
    for (std::size_t slot = next++; slot < indices.size(); slot = next++) {
      try {
        const std::size_t index = indices[slot];
        RunRecord& record = records[slot];
        record.point = index / replications;
        record.replication = static_cast<int>(index % replications);
        record.metrics = simulate_run(plan, plan.points[record.point],
                                      root.stream(fmt::format("replication-{}", record.replication)));
      } catch (...) {
        const std::lock_guard lock(failure_lock);
        if (!failure) failure = std::current_exception();
        next = indices.size();
      }
      const std::size_t finished = ++done;
      if (options.progress) options.progress(finished, indices.size());
    }
  };
  const int jobs = std::clamp<int>(options.jobs, 1, static_cast<int>(std::max<std::size_t>(indices.size(), 1)));
  std::vector<std::thread> threads;
  for (int i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
  return records;
}

// ---- analysis ------------------------------------------------------------------------------

namespace {

double share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

const std::vector<MetricDefinition>& metric_definitions() {
  static const std::vector<MetricDefinition> definitions = {
      {"visits", "visits in the measured window",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.visits); }},
      {"overflow_rate", "share of visits answered with the overflow number",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.overflow_answers, r.visits); }},
      {"no_number_rate", "share of visits answered NoNumberAvailable (overflow off)",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.no_number_answers, r.visits); }},
      {"held_mean", "numbers held, time average (overflow number included)",
       [](const RunMetrics& r, const StudyDescription&) { return r.held_mean; }},
      {"held_peak", "numbers held, peak",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.held_peak); }},
      {"leased_mean", "numbers under an active lease, time average",
       [](const RunMetrics& r, const StudyDescription&) { return r.leased_mean; }},
      {"leased_peak", "numbers under an active lease, peak",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.leased_peak); }},
      {"number_months", "numbers held x months over the measured window",
       [](const RunMetrics& r, const StudyDescription&) { return r.number_months; }},
      {"cost", "number_months x cost per number per month",
       [](const RunMetrics& r, const StudyDescription& s) { return r.number_months * s.cost_per_number_per_month; }},
      {"cost_per_month", "held_mean x cost per number per month",
       [](const RunMetrics& r, const StudyDescription& s) { return r.held_mean * s.cost_per_number_per_month; }},
      {"growth_steps", "times autoscaling grew the pool in the window",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.growth_steps); }},
      {"shrink_steps", "times the pool shrank in the window",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.shrink_steps); }},
      {"calls", "calls in the measured window",
       [](const RunMetrics& r, const StudyDescription&) { return static_cast<double>(r.calls); }},
      {"attributed_share", "share of calls attributed to the caller's own visit",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.calls_attributed, r.calls); }},
      {"misattributed_share", "share of calls attributed to another visitor",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.calls_misattributed, r.calls); }},
      {"unattributed_share", "share of calls attributed to nobody (overflow, window, no number)",
       [](const RunMetrics& r, const StudyDescription&) {
         return share(r.calls_unattributed_overflow + r.calls_unattributed_window + r.calls_unattributed_no_number, r.calls);
       }},
      {"unattributed_overflow_share", "share of calls to the overflow number",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.calls_unattributed_overflow, r.calls); }},
      {"unattributed_window_share", "share of calls later than the attribution window after the lease ended",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.calls_unattributed_window, r.calls); }},
      {"unattributed_no_number_share", "share of calls from visitors who got no number",
       [](const RunMetrics& r, const StudyDescription&) { return share(r.calls_unattributed_no_number, r.calls); }},
  };
  return definitions;
}

std::size_t metric_index(std::string_view name) {
  const auto& definitions = metric_definitions();
  for (std::size_t i = 0; i < definitions.size(); ++i)
    if (definitions[i].name == name) return i;
  throw std::out_of_range(fmt::format("metric_index: unknown metric '{}'", name));
}

StudyResult analyse(StudyDescription description, std::vector<RunRecord> runs) {
  StudyResult result;
  std::sort(runs.begin(), runs.end(), [](const RunRecord& a, const RunRecord& b) {
    return a.point != b.point ? a.point < b.point : a.replication < b.replication;
  });
  const auto& definitions = metric_definitions();
  const std::vector<std::pair<std::string, std::optional<double>>> targets = {
      {"overflow_rate_max", description.targets.overflow_rate_max},
      {"misattributed_share_max", description.targets.misattributed_share_max},
      {"unattributed_share_max", description.targets.unattributed_share_max},
      {"no_number_rate_max", description.targets.no_number_rate_max},
  };
  std::size_t cursor = 0;
  for (std::size_t point = 0; point < description.points.size(); ++point) {
    PointResult point_result;
    std::vector<const RunMetrics*> point_runs;
    for (; cursor < runs.size() && runs[cursor].point == point; ++cursor) point_runs.push_back(&runs[cursor].metrics);
    for (const MetricDefinition& definition : definitions) {
      std::vector<double> values;
      for (const RunMetrics* run : point_runs) values.push_back(definition.value(*run, description));
      point_result.metrics.push_back(summarize(values));
    }
    if (!point_runs.empty()) {
      point_result.held_series.assign(point_runs.front()->held_series.size(), 0.0);
      point_result.leased_series.assign(point_runs.front()->leased_series.size(), 0.0);
      for (const RunMetrics* run : point_runs)
        for (std::size_t i = 0; i < point_result.held_series.size() && i < run->held_series.size(); ++i) {
          point_result.held_series[i] += run->held_series[i];
          point_result.leased_series[i] += run->leased_series[i];
        }
      const auto count = static_cast<double>(point_runs.size());
      for (double& value : point_result.held_series) value /= count;
      for (double& value : point_result.leased_series) value /= count;
    }
    for (const auto& [target, limit] : targets) {
      if (!limit) continue;
      TargetCheck check;
      check.target = target;
      check.metric = target.substr(0, target.size() - 4);  // without "_max"
      check.limit = *limit;
      check.upper = point_result.metrics[metric_index(check.metric)].upper();
      check.met = check.upper <= check.limit;
      point_result.meets_targets = point_result.meets_targets && check.met;
      point_result.targets.push_back(check);
    }
    result.points.push_back(std::move(point_result));
  }

  // The cheapest point that meets every target at its 95 % upper bound.
  const std::size_t cost_index = metric_index("cost_per_month");
  const std::size_t held_index = metric_index("held_mean");
  Recommendation& recommendation = result.recommendation;
  for (std::size_t point = 0; point < result.points.size(); ++point) {
    if (!result.points[point].meets_targets) continue;
    if (!recommendation.point) {
      recommendation.point = point;
      continue;
    }
    const PointResult& best = result.points[*recommendation.point];
    const PointResult& candidate = result.points[point];
    // Without a price every point costs 0: the fewest numbers held is then the cheapest.
    const double best_cost = best.metrics[cost_index].mean, candidate_cost = candidate.metrics[cost_index].mean;
    if (candidate_cost < best_cost ||
        (candidate_cost == best_cost && candidate.metrics[held_index].mean < best.metrics[held_index].mean))
      recommendation.point = point;
  }
  const auto point_text = [&](std::size_t point) {
    std::string text;
    for (const auto& [name, value] : description.points[point].knobs) text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", name, value.text());
    return text.empty() ? std::string("the plan as written") : text;
  };
  std::size_t target_count = 0;
  for (const auto& [target, limit] : targets) target_count += limit ? 1 : 0;
  if (recommendation.point) {
    const PointResult& chosen = result.points[*recommendation.point];
    recommendation.explanation =
        fmt::format("{}: {:.1f} numbers held on average, {:.2f} {} per month{}", point_text(*recommendation.point),
                    chosen.metrics[held_index].mean, chosen.metrics[cost_index].mean, description.currency,
                    target_count == 0 ? " (the plan sets no targets: the cheapest point)"
                                      : " — the cheapest point that meets every target at the 95% upper bound");
  } else {
    // Which targets bind: those no point meets; if each is met somewhere, those never met together.
    std::vector<std::string> unmet_everywhere;
    for (const auto& [target, limit] : targets) {
      if (!limit) continue;
      bool met_somewhere = false;
      for (const PointResult& point : result.points)
        for (const TargetCheck& check : point.targets) met_somewhere |= check.target == target && check.met;
      if (!met_somewhere) unmet_everywhere.push_back(target);
    }
    if (!unmet_everywhere.empty()) {
      recommendation.binding = unmet_everywhere;
      recommendation.explanation = fmt::format("no point meets every target; no point meets {}",
                                               fmt::join(unmet_everywhere, " or "));
    } else {
      for (const auto& [target, limit] : targets)
        if (limit) recommendation.binding.push_back(target);
      recommendation.explanation = "no point meets every target at once (each is met at some point): widen the sweep";
    }
  }
  result.description = std::move(description);
  result.runs = std::move(runs);
  return result;
}

}  // namespace ringpool::sim::plan
