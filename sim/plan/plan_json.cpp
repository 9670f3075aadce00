#include "sim/plan/plan_json.hpp"

#include "sim/core/rng.hpp"
#include "sim/plan/json_fields.hpp"
#include "sim/plan/metrics.hpp"
#include "sim/plan/plan_parser.hpp"
#include "sim/plan/policy_entries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace ringpool::sim::plan {

namespace {

using namespace json_fields;

Json knob_value_json(const KnobValue& value) {
  return std::visit([](const auto& v) { return Json(v); }, value.value);
}

KnobValue knob_value_from(const Json& value, std::string_view path) {
  if (value.is_boolean()) return KnobValue{value.get<bool>()};
  if (value.is_number_integer()) return KnobValue{value.get<std::int64_t>()};
  if (value.is_number_float()) return KnobValue{value.get<double>()};
  if (value.is_string()) return KnobValue{value.get<std::string>()};
  throw Malformed{fmt::format("{}: expected a number, boolean or string", path)};
}

std::string_view delay_name(DelayModel model) {
  switch (model) {
    case DelayModel::LogNormal: return "lognormal";
    case DelayModel::Empirical: return "empirical";
    case DelayModel::Exponential: break;
  }
  return "exponential";
}

Json traffic_json(const Traffic& traffic, const std::string& rate_key) {
  Json json = Json::object();
  json["rate_key"] = rate_key;
  json["visits_per_second"] = traffic.visits_per_second;
  json["hour_of_day"] = traffic.hour_of_day;
  json["day_of_week"] = traffic.day_of_week;
  json["utc_offset_minutes"] = traffic.utc_offset_minutes;
  Json bursts = Json::array();
  for (const Burst& burst : traffic.bursts)
    bursts.push_back(Json{{"start_ms", burst.start}, {"duration_ms", burst.duration}, {"multiplier", burst.multiplier},
                          {"repeat_ms", burst.repeat}, {"count", burst.count}});
  json["bursts"] = bursts;
  json["replay_file"] = traffic.replay_file;
  json["replay_ms"] = traffic.replay;
  return json;
}

Json calls_json(const Calls& calls) {
  return Json{{"call_share", calls.call_share},
              {"delay", delay_name(calls.delay)},
              {"mean_delay_seconds", calls.mean_delay_seconds},
              {"median_delay_seconds", calls.median_delay_seconds},
              {"sigma", calls.sigma},
              {"empirical_file", calls.empirical_file},
              {"empirical_delays_seconds", calls.empirical_delays_seconds},
              {"tail_share", calls.tail_share},
              {"tail_mean_delay_seconds", calls.tail_mean_delay_seconds},
              {"attribution_window_seconds", calls.attribution_window_seconds}};
}

Json sweep_json(const Plan& plan) {
  Json knobs = Json::array();
  for (const SweepKnob& knob : plan.sweep) {
    Json values = Json::array();
    for (const KnobValue& value : knob.values) values.push_back(knob_value_json(value));
    knobs.push_back(Json{{"name", knob.name}, {"values", values}});
  }
  return Json{{"knobs", knobs}, {"paired", plan.paired}};
}

template <std::size_t N>
std::array<double, N> fixed_numbers(const Json& object, std::string_view key, std::string_view path) {
  const std::vector<double> values = get_numbers(object, key, path);
  if (values.size() != N) throw Malformed{fmt::format("{}: expected {} numbers", sub(path, key), N)};
  std::array<double, N> out{};
  std::copy(values.begin(), values.end(), out.begin());
  return out;
}

void traffic_from_json(const Json& json, Plan& plan) {
  const std::string path = "plan.traffic";
  Traffic& traffic = plan.traffic;
  plan.rate_key = get_string(json, "rate_key", path);
  traffic.visits_per_second = get_number(json, "visits_per_second", path);
  traffic.hour_of_day = fixed_numbers<24>(json, "hour_of_day", path);
  traffic.day_of_week = fixed_numbers<7>(json, "day_of_week", path);
  traffic.utc_offset_minutes = get_integer(json, "utc_offset_minutes", path);
  for (const Json& burst : get_array(json, "bursts", path))
    traffic.bursts.push_back(Burst{get_integer(burst, "start_ms", path), get_integer(burst, "duration_ms", path),
                                   get_number(burst, "multiplier", path), get_integer(burst, "repeat_ms", path),
                                   get_integer(burst, "count", path)});
  traffic.replay_file = get_string(json, "replay_file", path);
  for (const Json& visit : get_array(json, "replay_ms", path)) {
    if (!visit.is_number_integer()) throw Malformed{path + ".replay_ms: expected integers"};
    traffic.replay.push_back(visit.get<Instant>());
  }
}

void calls_from_json(const Json& json, Calls& calls) {
  const std::string path = "plan.calls";
  calls.call_share = get_number(json, "call_share", path);
  const std::string delay = get_string(json, "delay", path);
  if (delay == "lognormal") {
    calls.delay = DelayModel::LogNormal;
  } else if (delay == "empirical") {
    calls.delay = DelayModel::Empirical;
  } else if (delay == "exponential") {
    calls.delay = DelayModel::Exponential;
  } else {
    throw Malformed{path + ".delay: expected \"exponential\", \"lognormal\" or \"empirical\""};
  }
  calls.mean_delay_seconds = get_number(json, "mean_delay_seconds", path);
  calls.median_delay_seconds = get_number(json, "median_delay_seconds", path);
  calls.sigma = get_number(json, "sigma", path);
  calls.empirical_file = get_string(json, "empirical_file", path);
  calls.empirical_delays_seconds = get_numbers(json, "empirical_delays_seconds", path);
  calls.tail_share = get_number(json, "tail_share", path);
  calls.tail_mean_delay_seconds = get_number(json, "tail_mean_delay_seconds", path);
  calls.attribution_window_seconds = get_number(json, "attribution_window_seconds", path);
}

void pool_and_policy_from_json(const Json& json, Plan& plan) {
  const Json& pool = field(json, "pool", "plan");
  plan.pool.max_pool_size = get_integer(pool, "max_pool_size", "plan.pool");
  plan.pool.lifetime_seconds = get_integer(pool, "lifetime_seconds", "plan.pool");
  plan.pool.allow_overflow = get_bool(pool, "allow_overflow", "plan.pool");
  plan.pool.fill_immediately = get_bool(pool, "fill_immediately", "plan.pool");
  plan.pool.inventory_numbers = get_integer(pool, "inventory_numbers", "plan.pool");
  const Json& policy = field(json, "policy", "plan");
  if (!policy.is_object()) throw Malformed{"plan.policy: expected an object"};
  for (const auto& [key, value] : policy.items())
    plan.policy_entries.emplace_back(key, knob_value_from(value, sub("plan.policy", key)));
  auto read = read_policy_entries(plan.policy_entries, "simulation.json");
  if (!read) throw Malformed{"plan.policy: " + read.error()};
  plan.policy = *read;
}

void sweep_from_json(const Json& json, Plan& plan) {
  const Json& sweep = field(json, "sweep", "plan");
  plan.paired = get_bool(sweep, "paired", "plan.sweep");
  for (const Json& knob : get_array(sweep, "knobs", "plan.sweep")) {
    SweepKnob read;
    read.name = get_string(knob, "name", "plan.sweep.knobs");
    for (const Json& value : get_array(knob, "values", "plan.sweep.knobs"))
      read.values.push_back(knob_value_from(value, "plan.sweep.knobs.values"));
    plan.sweep.push_back(std::move(read));
  }
}

}  // namespace

std::string plan_file_name(std::string_view path) { return std::filesystem::path(path).filename().string(); }

Json resolved_plan_json(const Plan& plan) {
  Json json = Json::object();
  json["source"] = plan_file_name(plan.source_name);
  json["title"] = plan.title;
  json["description"] = plan.description;
  json["seed"] = plan.seed;
  json["replications"] = plan.replications;
  json["horizon"] = Json{{"start_ms", plan.horizon.start}, {"length_ms", plan.horizon.length},
                         {"warm_up_ms", plan.horizon.warm_up}, {"bucket_ms", plan.horizon.bucket}};
  json["pool"] = Json{{"max_pool_size", plan.pool.max_pool_size}, {"lifetime_seconds", plan.pool.lifetime_seconds},
                      {"allow_overflow", plan.pool.allow_overflow}, {"fill_immediately", plan.pool.fill_immediately},
                      {"inventory_numbers", plan.pool.inventory_numbers}};
  Json policy = Json::object();
  for (const auto& [key, value] : policy_entries_of(plan.policy)) policy[key] = knob_value_json(value);
  json["policy"] = policy;
  json["traffic"] = traffic_json(plan.traffic, plan.rate_key);
  json["calls"] = calls_json(plan.calls);
  json["cost"] = Json{{"per_number_per_month", plan.cost.per_number_per_month}, {"currency", plan.cost.currency}};
  Json targets = Json::object();
  for (const TargetDefinition& target : target_definitions())
    targets[std::string(target.key)] = optional_number(plan.targets.*target.limit);
  json["targets"] = targets;
  json["sweep"] = sweep_json(plan);
  return json;
}

std::expected<Plan, std::string> plan_from_resolved_json(const Json& json) {
  Plan plan;
  try {
    plan.source_name = get_string(json, "source", "plan");
    plan.title = get_string(json, "title", "plan");
    plan.description = get_string(json, "description", "plan");
    plan.seed = get_unsigned(json, "seed", "plan");
    plan.replications = static_cast<int>(get_integer(json, "replications", "plan"));
    const Json& horizon = field(json, "horizon", "plan");
    plan.horizon = Horizon{get_integer(horizon, "start_ms", "plan.horizon"), get_integer(horizon, "length_ms", "plan.horizon"),
                           get_integer(horizon, "warm_up_ms", "plan.horizon"), get_integer(horizon, "bucket_ms", "plan.horizon")};
    pool_and_policy_from_json(json, plan);
    traffic_from_json(field(json, "traffic", "plan"), plan);
    calls_from_json(field(json, "calls", "plan"), plan.calls);
    const Json& cost = field(json, "cost", "plan");
    plan.cost = Cost{get_number(cost, "per_number_per_month", "plan.cost"), get_string(cost, "currency", "plan.cost")};
    const Json& targets = field(json, "targets", "plan");
    for (const TargetDefinition& target : target_definitions())
      plan.targets.*target.limit = get_optional_number(targets, target.key, "plan.targets");
    sweep_from_json(json, plan);
  } catch (const Malformed& malformed) {
    return std::unexpected(malformed.message);
  }
  if (plan.replications < 1) return std::unexpected("plan.replications: expected at least 1");
  if (auto expanded = expand_sweep(plan); !expanded) return std::unexpected(expanded.error().describe());
  return plan;
}

std::string plan_digest(const Json& resolved_plan) {
  Json content = resolved_plan;
  content.erase("source");
  return fmt::format("{:016x}", fnv1a64(content.dump()));
}

}  // namespace ringpool::sim::plan
