// describe(): what a study asks, in words and numbers, with the textbook's view of every point
// (holding time, offered load, Erlang-B, Little's law, the rule of thumb) and why the textbook is
// not exact there.
#include "sim/plan/plan_json.hpp"
#include "sim/plan/policy_entries.hpp"
#include "sim/plan/simulated_pool.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/traffic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace ringpool::sim::plan {

namespace {

std::string seconds_text(Duration duration) { return fmt::format("{:g} s", static_cast<double>(duration) / 1000.0); }

bool all_ones(const auto& values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return v == 1.0; });
}

std::string rate_text(const Plan& plan) {
  const double rate = plan.traffic.visits_per_second;
  for (const SweepKnob& knob : plan.sweep)
    if (knob.name.starts_with("visits_per_")) return fmt::format("Poisson, the rate swept ({})", knob.name);
  if (plan.rate_key == "visits_per_hour") return fmt::format("Poisson, {:g} visits/hour", rate * 3600);
  if (plan.rate_key == "visits_per_day") return fmt::format("Poisson, {:g} visits/day", rate * 86400);
  return fmt::format("Poisson, {:g} visits/s", rate);
}

std::string traffic_summary(const Plan& plan) {
  const Traffic& traffic = plan.traffic;
  if (traffic.replaying())
    return fmt::format("replay of {} ({} visits in the horizon)", traffic.replay_file, traffic.replay.size());
  std::string text = rate_text(plan);
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
  if (calls.call_share <= 0 && std::none_of(plan.sweep.begin(), plan.sweep.end(),
                                            [](const SweepKnob& knob) { return knob.name == "call_share"; }))
    return "no calls";
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
  const auto value = [&](std::string_view knob, std::string text) {
    const bool is_swept = std::any_of(plan.sweep.begin(), plan.sweep.end(), [&](const SweepKnob& s) { return s.name == knob; });
    return is_swept ? fmt::format("{} swept", knob) : text;
  };
  return fmt::format("{}, {}, {}, {}", value("max_pool_size", fmt::format("max_pool_size {}", pool.max_pool_size)),
                     value("lifetime_seconds", fmt::format("lifetime {} s", pool.lifetime_seconds)),
                     value("allow_overflow", pool.allow_overflow ? "overflow on" : "overflow off"),
                     value("fill_immediately", pool.fill_immediately ? "filled at creation" : "10% at creation, then autoscaling"));
}

std::string policy_summary(const Plan& plan) {
  std::string text, changed;
  const auto defaults = policy_entries_of(domain::ReferencePolicy{});
  const auto entries = policy_entries_of(plan.policy);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", entries[i].first, entries[i].second.text());
    if (!(entries[i].second == defaults[i].second)) changed += fmt::format("{}{}", changed.empty() ? "" : ", ", entries[i].first);
  }
  return text + (changed.empty() ? " (all the reference's defaults)" : fmt::format(" (not the reference's default: {})", changed));
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

// Why Erlang-B(c, peak rate x holding time) is not exact at `point`.
std::vector<std::string> erlang_b_caveats(const Plan& plan, const PointConfig& point) {
  std::vector<std::string> caveats;
  const domain::ReferencePolicy& policy = point.policy;
  if (plan.traffic.replaying()) {
    caveats.push_back("replayed visits are not a Poisson process: Erlang-B is taken at the busiest clock hour's rate");
  } else if (!plan.traffic.homogeneous()) {
    caveats.push_back("the visit rate varies (profile or bursts): Erlang-B is taken at the peak rate as if it lasted, an "
                      "upper bound when the peak is short");
  }
  if (!point.pool.fill_immediately) {
    caveats.push_back(policy.growth_trigger == domain::GrowthTrigger::OnDemand
                          ? std::string("the pool starts with 10% of max_pool_size and grows one number on demand")
                          : fmt::format("the pool starts with 10% of max_pool_size and grows by autoscaling ({}% at most "
                                        "every {} s): until it is full it has fewer numbers than Erlang-B's servers",
                                        policy.grow_percent, policy.autoscale_interval_seconds));
  }
  if (policy.provision_delay_seconds > 0)
    caveats.push_back(fmt::format("a new number is usable only {} s after it is acquired (provision_delay_seconds)",
                                  policy.provision_delay_seconds));
  if (point.pool.inventory_numbers > 0 && point.pool.inventory_numbers < point.pool.max_pool_size)
    caveats.push_back(fmt::format("the inventory holds {} numbers, fewer than max_pool_size", point.pool.inventory_numbers));
  if (!point.pool.allow_overflow)
    caveats.push_back("overflow is off: Erlang-B's blocking is the share of visitors who get no number");
  return caveats;
}

PointDescription describe_point(const Plan& plan, const PointConfig& point) {
  PointDescription description;
  description.knobs = point.knobs;
  description.max_pool_size = point.pool.max_pool_size;
  description.lifetime_seconds = point.pool.lifetime_seconds;
  description.allow_overflow = point.pool.allow_overflow;
  description.fill_immediately = point.pool.fill_immediately;
  auto trackable = SimulatedPool::trackable_capacity(point, plan.horizon.start);
  if (!trackable) throw std::invalid_argument("describe: invalid point: " + trackable.error());
  description.trackable_numbers = *trackable;
  const Instant measure_from = plan.horizon.start + plan.horizon.warm_up;
  const Instant end = plan.horizon.start + plan.horizon.length;
  if (plan.traffic.replaying()) {
    std::tie(description.mean_visits_per_second, description.peak_visits_per_second) = replay_rates(plan);
  } else {
    const RateFunction rates(plan.traffic, point.visits_per_second);
    description.mean_visits_per_second = rates.mean_rate(measure_from, end);
    description.peak_visits_per_second = rates.peak_rate(plan.horizon.start, end);
  }
  const std::int64_t leased_seconds = point.pool.lifetime_seconds + point.policy.lease_grace_seconds;
  description.holding_seconds = leased_seconds + point.policy.reuse_quarantine_seconds;
  description.lease_grace_seconds = point.policy.lease_grace_seconds;
  description.reuse_quarantine_seconds = point.policy.reuse_quarantine_seconds;
  const auto holding = static_cast<double>(description.holding_seconds);
  if (plan.traffic.homogeneous()) description.offered_load_erlangs = point.visits_per_second * holding;
  description.peak_offered_load_erlangs = description.peak_visits_per_second * holding;
  description.erlang_b_overflow = erlang_b(description.trackable_numbers, description.peak_offered_load_erlangs);
  description.littles_law_leased = description.mean_visits_per_second * static_cast<double>(leased_seconds);
  description.rule_of_thumb_numbers =
      description.peak_visits_per_second * 3600 * (static_cast<double>(point.pool.lifetime_seconds) / 3600);
  if (plan.targets.overflow_rate_max)
    description.erlang_b_numbers_for_target =
        erlang_b_servers(description.peak_offered_load_erlangs, *plan.targets.overflow_rate_max);
  description.erlang_b_caveats = erlang_b_caveats(plan, point);
  return description;
}

}  // namespace

bool StudyDescription::has_targets() const {
  return std::any_of(target_definitions().begin(), target_definitions().end(),
                     [&](const TargetDefinition& target) { return (targets.*target.limit).has_value(); });
}

StudyDescription describe(const Plan& plan) {
  StudyDescription study;
  study.title = plan.title;
  study.description = plan.description;
  study.source = plan_file_name(plan.source_name);
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
  for (const PointConfig& point : plan.points) study.points.push_back(describe_point(plan, point));
  study.resolved_plan = resolved_plan_json(plan);
  study.plan_digest = plan_digest(study.resolved_plan);
  return study;
}

}  // namespace ringpool::sim::plan
