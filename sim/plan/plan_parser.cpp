#include "sim/plan/plan_parser.hpp"

#include "reference/world_file/policy_table.hpp"
#include "reference/world_file/toml_fields.hpp"
#include "sim/plan/delimited_values.hpp"
#include "sim/plan/metrics.hpp"
#include "sim/plan/plan_json.hpp"
#include "sim/plan/plan_sections.hpp"
#include "sim/plan/simulated_pool.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringpool::sim::plan {

namespace {

using world_file::detail::LoadFailure;
using world_file::detail::Position;
using world_file::detail::position_of;
using world_file::detail::StringRule;
using world_file::detail::TableReader;

using detail::kMaxSecondsValue;
using detail::knob_value_of;
constexpr std::int64_t kMaxReplications = 100'000;
constexpr std::size_t kMaxBuckets = 2000;

[[noreturn]] void fail(std::string_view source, Position where, std::string message) {
  world_file::detail::fail_at(source, where, std::move(message));
}

Duration to_duration(double seconds_value) { return static_cast<Duration>(std::llround(seconds_value * 1000.0)); }

// Exactly one of `keys` (a duration in days, hours or seconds), or none when optional.
std::optional<Duration> read_duration(const TableReader& reader, std::initializer_list<std::pair<std::string_view, double>> keys,
                                      double min_seconds, bool required, std::string_view what) {
  std::optional<Duration> result;
  std::string_view seen;
  std::string names;
  for (const auto& [key, unit_seconds] : keys) {
    names += (names.empty() ? "" : ", ") + std::string(key);
    const toml::node* node = reader.find(key);
    if (node == nullptr) continue;
    if (result) reader.fail_at(*node, fmt::format("give {} once: both {} and {} are set", what, world_file::detail::quoted(seen), world_file::detail::quoted(key)));
    const double value = *reader.optional_number(key, min_seconds / unit_seconds, kMaxSecondsValue / unit_seconds);
    result = to_duration(value * unit_seconds);
    seen = key;
  }
  if (!result && required) reader.fail_here(fmt::format("needs {} (one of {})", what, names));
  return result;
}

std::optional<Instant> read_instant(const TableReader& reader, std::string_view key) {
  const toml::node* node = reader.find(key);
  if (node == nullptr) return std::nullopt;
  constexpr std::string_view kExpected = "a UTC time such as \"2026-01-05T09:00:00Z\"";
  const auto* text = node->as_string();
  std::optional<Instant> instant = text ? parse_iso8601(text->get()) : std::nullopt;
  if (!instant || *instant < 0) reader.fail_expected(key, *node, kExpected);
  return instant;
}

template <std::size_t N>
void read_multipliers(const TableReader& reader, std::string_view key, std::array<double, N>& out, std::string_view what) {
  const toml::node* node = reader.find(key);
  if (node == nullptr) return;
  const auto* array = node->as_array();
  const std::string expected = fmt::format("an array of {} numbers >= 0 ({})", N, what);
  if (array == nullptr || array->size() != N) reader.fail_expected(key, *node, expected);
  for (std::size_t i = 0; i < N; ++i) {
    const toml::node& entry = *array->get(i);
    std::optional<double> value;
    if (const auto* integer = entry.as_integer()) value = static_cast<double>(integer->get());
    if (const auto* number = entry.as_floating_point()) value = number->get();
    if (!value || !std::isfinite(*value) || *value < 0 || *value > 1e6) reader.fail_at(entry, fmt::format("{}: entry {} must be a number >= 0", key, i + 1));
    out[i] = *value;
  }
}


// ---- sections ---------------------------------------------------------------------------------

void read_horizon(const TableReader& reader, Plan& plan) {
  reader.allow_only({"start", "days", "hours", "seconds", "warm_up_days", "warm_up_hours", "warm_up_seconds",
                     "bucket_seconds"});
  if (auto start = read_instant(reader, "start")) plan.horizon.start = *start;
  plan.horizon.length = *read_duration(reader, {{"days", 86400.0}, {"hours", 3600.0}, {"seconds", 1.0}}, 60, true,
                                       "the horizon's length");
  if (auto warm_up = read_duration(reader, {{"warm_up_days", 86400.0}, {"warm_up_hours", 3600.0}, {"warm_up_seconds", 1.0}},
                                   0, false, "the warm-up"))
    plan.horizon.warm_up = *warm_up;
  else
    plan.horizon.warm_up = std::min<Duration>(seconds(86400), plan.horizon.length / 10);
  if (plan.horizon.warm_up >= plan.horizon.length)
    reader.fail_here("the warm-up must be shorter than the horizon (metrics count only after it)");
  if (auto bucket = reader.optional_integer("bucket_seconds", 1, 31'536'000)) {
    plan.horizon.bucket = seconds(*bucket);
    if (plan.horizon.length / plan.horizon.bucket > static_cast<Duration>(kMaxBuckets))
      reader.fail_at(*reader.find("bucket_seconds"),
                     fmt::format("\"bucket_seconds\" makes more than {} time-series buckets; choose a longer bucket", kMaxBuckets));
  } else {
    // About 200 buckets of a round length.
    constexpr std::array<std::int64_t, 10> kChoices = {60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    plan.horizon.bucket = seconds(kChoices.back());
    for (std::int64_t choice : kChoices)
      if (plan.horizon.length / seconds(choice) <= 200) {
        plan.horizon.bucket = seconds(choice);
        break;
      }
  }
}

void read_pool(const TableReader& reader, Plan& plan) {
  reader.allow_only({"max_pool_size", "lifetime_seconds", "allow_overflow", "fill_immediately", "inventory_numbers"});
  // Ranges are the domain's (checked again through it below); the types are checked here.
  constexpr std::int64_t kAny = std::numeric_limits<std::int64_t>::max();
  if (auto value = reader.optional_integer("max_pool_size", std::numeric_limits<std::int64_t>::min(), kAny))
    plan.pool.max_pool_size = *value;
  if (auto value = reader.optional_integer("lifetime_seconds", std::numeric_limits<std::int64_t>::min(), kAny))
    plan.pool.lifetime_seconds = *value;
  if (auto value = reader.optional_bool("allow_overflow")) plan.pool.allow_overflow = *value;
  if (auto value = reader.optional_bool("fill_immediately")) plan.pool.fill_immediately = *value;
  if (auto value = reader.optional_integer("inventory_numbers", 1, 1'000'000)) plan.pool.inventory_numbers = *value;
}

void read_policy(const toml::table& table, std::string_view source, Plan& plan) {
  auto policy = world_file::read_policy_table(table, source);
  if (!policy) throw LoadFailure{policy.error()};
  plan.policy = *policy;
  for (const auto& [key, node] : table) {
    auto value = knob_value_of(node);
    if (!value) fail(source, position_of(node.source()), fmt::format("policy: {} must be a single value", world_file::detail::quoted(key.str())));
    plan.policy_entries.emplace_back(std::string(key.str()), *value);
  }
}

std::vector<Instant> read_replay(const TableReader& reader, const toml::node& node, const std::string& file,
                                 const FileReader& read_file, Plan& plan) {
  auto text = read_file(file);
  if (!text) reader.fail_at(node, fmt::format("cannot read \"replay_file\" {}: {}", world_file::detail::quoted(file), text.error()));
  std::vector<Instant> visits;
  auto parsed = read_first_column(*text, [&](std::string_view field) -> std::optional<double> {
    if (auto instant = parse_iso8601(field)) return static_cast<double>(*instant - plan.horizon.start);
    if (auto value = parse_decimal(field); value && *value >= 0 && *value <= kMaxSecondsValue) return *value * 1000.0;
    return std::nullopt;
  });
  if (!parsed)
    fail(file, Position{parsed.error().line, 0},
         fmt::format("expected a visit time: a UTC time such as 2026-01-05T09:00:00Z, or seconds since the horizon's "
                     "start; found {}",
                     world_file::detail::quoted(parsed.error().field)));
  for (double offset_ms : *parsed) visits.push_back(plan.horizon.start + static_cast<Instant>(std::floor(offset_ms)));
  std::sort(visits.begin(), visits.end());
  if (visits.empty()) reader.fail_at(node, fmt::format("\"replay_file\" {} holds no visit times", world_file::detail::quoted(file)));
  return visits;
}

void read_traffic(const TableReader& reader, Plan& plan, const FileReader& read_file) {
  reader.allow_only({"visits_per_second", "visits_per_hour", "visits_per_day", "hour_of_day", "day_of_week",
                     "utc_offset_hours", "burst", "replay_file"});
  Traffic& traffic = plan.traffic;
  int rates = 0;
  for (const auto& [key, per_second] : {std::pair<std::string_view, double>{"visits_per_second", 1.0},
                                        {"visits_per_hour", 1.0 / 3600}, {"visits_per_day", 1.0 / 86400}}) {
    if (auto value = reader.optional_number(key, 0.0, 1e9)) {
      if (++rates > 1) reader.fail_at(*reader.find(key), "give the rate once (visits_per_second, visits_per_hour or visits_per_day)");
      traffic.visits_per_second = *value * per_second;
      plan.rate_key = std::string(key);
    }
  }
  read_multipliers(reader, "hour_of_day", traffic.hour_of_day, "local hours 0 to 23");
  read_multipliers(reader, "day_of_week", traffic.day_of_week, "Monday to Sunday");
  if (auto offset = reader.optional_number("utc_offset_hours", -14.0, 14.0))
    traffic.utc_offset_minutes = static_cast<std::int64_t>(std::llround(*offset * 60));
  std::size_t index = 0;
  for (const toml::table* table : reader.table_array("burst")) {
    TableReader burst_reader(*table, reader.source_name(), fmt::format("traffic.burst {}", ++index));
    burst_reader.allow_only({"start", "duration_seconds", "multiplier", "repeat_every_seconds", "count"});
    Burst burst;
    auto start = read_instant(burst_reader, "start");
    if (!start) burst_reader.fail_here("needs \"start\" (a UTC time such as \"2026-01-05T20:00:00Z\")");
    burst.start = *start;
    burst.duration = to_duration(burst_reader.required_number("duration_seconds", 1, kMaxSecondsValue));
    burst.multiplier = burst_reader.required_number("multiplier", 0, 1e6);
    if (auto repeat = burst_reader.optional_number("repeat_every_seconds", 1, kMaxSecondsValue)) burst.repeat = to_duration(*repeat);
    if (burst.repeat == 0 && burst_reader.find("count") != nullptr)
      burst_reader.fail_at(*burst_reader.find("count"),
                           "\"count\" is read only with \"repeat_every_seconds\" (a burst without it happens once); set "
                           "repeat_every_seconds or remove \"count\"");
    burst.count = burst_reader.optional_integer("count", 1, 1'000'000).value_or(burst.repeat > 0 ? 1'000'000 : 1);
    if (burst.repeat > 0 && burst.repeat < burst.duration)
      burst_reader.fail_at(*table->get("repeat_every_seconds"), "\"repeat_every_seconds\" must be at least \"duration_seconds\"");
    traffic.bursts.push_back(burst);
  }
  if (const toml::node* node = reader.find("replay_file")) {
    traffic.replay_file = reader.optional_string("replay_file").value();
    if (rates > 0 || !traffic.bursts.empty() || reader.find("hour_of_day") || reader.find("day_of_week"))
      reader.fail_at(*node, "a replayed CSV replaces the rate, profile and bursts; give either \"replay_file\" or a rate");
    traffic.replay = read_replay(reader, *node, traffic.replay_file, read_file, plan);
    const double seconds_total = static_cast<double>(plan.horizon.length) / 1000.0;
    traffic.visits_per_second = static_cast<double>(traffic.replay.size()) / seconds_total;
    plan.rate_key = "replay";
    return;
  }
  if (rates == 0 && !detail::rate_swept(plan))
    reader.fail_here("needs a rate: visits_per_second, visits_per_hour or visits_per_day (or a replay_file)");
}

void read_calls(const TableReader& reader, Plan& plan, const FileReader& read_file) {
  reader.allow_only({"call_share", "delay", "mean_delay_seconds", "median_delay_seconds", "sigma", "delays_file",
                     "tail_share", "tail_mean_delay_seconds", "attribution_window_seconds"});
  Calls& calls = plan.calls;
  if (auto value = reader.optional_number("call_share", 0, 1)) calls.call_share = *value;
  constexpr std::string_view kDelays = "\"exponential\", \"lognormal\" or \"empirical\"";
  const std::string delay = reader.optional_string("delay", StringRule{nullptr, kDelays}).value_or("exponential");
  if (delay == "exponential") {
    calls.delay = DelayModel::Exponential;
  } else if (delay == "lognormal") {
    calls.delay = DelayModel::LogNormal;
  } else if (delay == "empirical") {
    calls.delay = DelayModel::Empirical;
  } else {
    reader.fail_expected("delay", *reader.find("delay"), kDelays);
  }
  if (auto value = reader.optional_number("mean_delay_seconds", 0, kMaxSecondsValue)) calls.mean_delay_seconds = *value;
  if (auto value = reader.optional_number("median_delay_seconds", 0.001, kMaxSecondsValue)) calls.median_delay_seconds = *value;
  if (auto value = reader.optional_number("sigma", 0, 10)) calls.sigma = *value;
  if (auto value = reader.optional_number("tail_share", 0, 1)) calls.tail_share = *value;
  if (auto value = reader.optional_number("tail_mean_delay_seconds", 0, kMaxSecondsValue)) calls.tail_mean_delay_seconds = *value;
  if (auto value = reader.optional_number("attribution_window_seconds", 0, kMaxSecondsValue))
    calls.attribution_window_seconds = *value;
  const toml::node* file_node = reader.find("delays_file");
  if (calls.delay == DelayModel::Empirical) {
    if (file_node == nullptr) reader.fail_here("delay = \"empirical\" needs \"delays_file\" (a CSV of delays in seconds)");
    calls.empirical_file = reader.optional_string("delays_file").value();
    auto text = read_file(calls.empirical_file);
    if (!text) reader.fail_at(*file_node, fmt::format("cannot read \"delays_file\" {}: {}", world_file::detail::quoted(calls.empirical_file), text.error()));
    auto parsed = read_first_column(*text, [](std::string_view field) -> std::optional<double> {
      auto value = parse_decimal(field);
      if (value && *value >= 0 && *value <= kMaxSecondsValue) return value;
      return std::nullopt;
    });
    if (!parsed)
      fail(calls.empirical_file, Position{parsed.error().line, 0},
           fmt::format("expected a delay in seconds (a number >= 0); found {}", world_file::detail::quoted(parsed.error().field)));
    if (parsed->empty()) reader.fail_at(*file_node, fmt::format("\"delays_file\" {} holds no delays", world_file::detail::quoted(calls.empirical_file)));
    calls.empirical_delays_seconds = std::move(*parsed);
  }
}

void read_cost(const TableReader& reader, Plan& plan) {
  reader.allow_only({"per_number_per_month", "currency"});
  if (auto value = reader.optional_number("per_number_per_month", 0, 1e9)) plan.cost.per_number_per_month = *value;
  if (auto value = reader.optional_string("currency")) plan.cost.currency = *value;
}

void read_targets(const TableReader& reader, Plan& plan) {
  std::vector<std::string_view> keys;
  for (const TargetDefinition& target : target_definitions()) keys.push_back(target.key);
  for (const auto& [key, node] : reader.table())
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end())
      fail(reader.source_name(), position_of(key.source()),
           fmt::format("targets: unknown key {}; allowed keys: {}", world_file::detail::quoted(key.str()), fmt::join(keys, ", ")));
  for (const TargetDefinition& target : target_definitions()) {
    plan.targets.*target.limit = reader.optional_number(target.key, 0, 1);
    if (plan.targets.*target.limit == 0.0)
      reader.fail_at(*reader.find(target.key),
                     fmt::format("\"{}\" = 0 is never met: no finite run shows a rate is 0 at the 95% upper bound; give a "
                                 "small limit such as 0.0001",
                                 target.key));
  }
}

}  // namespace

namespace {

void read_top_level(const TableReader& reader, Plan& plan) {
  reader.allow_only({"title", "description", "seed", "replications", "horizon", "pool", "policy", "traffic", "calls",
                     "cost", "targets", "sweep"});
  plan.title = reader.optional_string("title").value_or(plan_file_name(plan.source_name));
  plan.description =
      reader.optional_string("description", StringRule{[](std::string_view) { return true; }, "a string"}).value_or("");
  if (auto seed = reader.optional_integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
    plan.seed = static_cast<std::uint64_t>(*seed);
  if (auto replications = reader.optional_integer("replications", 1, kMaxReplications))
    plan.replications = static_cast<int>(*replications);
}

void read_sections(const toml::table& root, std::string_view source_name, Plan& plan, const FileReader& read_file) {
  const TableReader reader(root, source_name, "plan");
  read_top_level(reader, plan);
  const auto section = [&](std::string_view key, bool required) -> std::optional<TableReader> {
    const toml::table* table = reader.optional_table(key);
    if (table == nullptr) {
      if (required) reader.fail_here(fmt::format("needs a [{}] table", key));
      return std::nullopt;
    }
    return TableReader(*table, source_name, std::string(key));
  };
  if (auto horizon = section("horizon", true)) read_horizon(*horizon, plan);
  if (auto pool = section("pool", false)) read_pool(*pool, plan);
  if (const toml::table* policy = reader.optional_table("policy")) read_policy(*policy, source_name, plan);
  // The sweep before the traffic: a swept rate needs none in [traffic].
  if (auto sweep = section("sweep", false)) detail::read_sweep(*sweep, plan);
  if (auto traffic = section("traffic", !detail::rate_swept(plan))) read_traffic(*traffic, plan, read_file);
  if (auto calls = section("calls", false)) read_calls(*calls, plan, read_file);
  if (auto cost = section("cost", false)) read_cost(*cost, plan);
  if (auto targets = section("targets", false)) read_targets(*targets, plan);
  detail::refuse_unread_keys(root, plan);
  // The pool settings as the domain validates them (M-11, M-12), at the [pool] table.
  PointConfig unswept;
  unswept.pool = plan.pool;
  unswept.policy = plan.policy;
  if (auto pool = SimulatedPool::create(unswept, plan.horizon.start); !pool) {
    const toml::node* node = root.get("pool");
    fail(source_name, node ? position_of(node->source()) : Position{}, fmt::format("pool: {}", pool.error()));
  }
}

}  // namespace

std::expected<Plan, PlanError> parse_plan(std::string_view toml_text, std::string_view source_name,
                                          const FileReader& read_file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    const Position where = position_of(error.source());
    return std::unexpected(PlanError{std::string(source_name), where.line, where.column, std::string(error.description())});
  }
  Plan plan;
  plan.source_name = std::string(source_name);
  try {
    read_sections(root, source_name, plan, read_file);
  } catch (const LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
  if (auto expanded = expand_sweep(plan); !expanded) return std::unexpected(expanded.error());
  return plan;
}

namespace detail {

std::optional<KnobValue> knob_value_of(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return KnobValue{integer->get()};
  if (const auto* number = node.as_floating_point()) return KnobValue{number->get()};
  if (const auto* flag = node.as_boolean()) return KnobValue{flag->get()};
  if (const auto* text = node.as_string()) return KnobValue{text->get()};
  return std::nullopt;
}

}  // namespace detail

}  // namespace ringpool::sim::plan
