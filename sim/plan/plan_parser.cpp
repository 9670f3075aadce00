#include "sim/plan/plan_parser.hpp"

#include "reference/world_file/policy_table.hpp"
#include "reference/world_file/toml_fields.hpp"
#include "sim/core/rng.hpp"
#include "sim/plan/delimited_values.hpp"
#include "sim/plan/simulated_pool.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringpool::sim::plan {

namespace {

using world_file::detail::LoadFailure;
using world_file::detail::Position;
using world_file::detail::position_of;
using world_file::detail::quoted;
using world_file::detail::StringRule;
using world_file::detail::TableReader;

constexpr double kMaxSecondsValue = 3'153'600'000.0;  // 100 years
constexpr std::int64_t kMaxReplications = 100'000;
constexpr std::size_t kMaxValuesPerKnob = 1000;
constexpr std::size_t kMaxPoints = 10'000;
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
    if (result) reader.fail_at(*node, fmt::format("give {} once: both {} and {} are set", what, quoted(seen), quoted(key)));
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

std::optional<KnobValue> knob_value_of(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return KnobValue{integer->get()};
  if (const auto* number = node.as_floating_point()) return KnobValue{number->get()};
  if (const auto* flag = node.as_boolean()) return KnobValue{flag->get()};
  if (const auto* text = node.as_string()) return KnobValue{text->get()};
  return std::nullopt;
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
    if (!value) fail(source, position_of(node.source()), fmt::format("policy: {} must be a single value", quoted(key.str())));
    plan.policy_entries.emplace_back(std::string(key.str()), *value);
  }
}

std::vector<Instant> read_replay(const TableReader& reader, const toml::node& node, const std::string& file,
                                 const FileReader& read_file, Plan& plan) {
  auto text = read_file(file);
  if (!text) reader.fail_at(node, fmt::format("cannot read \"replay_file\" {}: {}", quoted(file), text.error()));
  plan.traffic.replay_digest = fnv1a64(*text);
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
                     quoted(parsed.error().field)));
  for (double offset_ms : *parsed) visits.push_back(plan.horizon.start + static_cast<Instant>(std::floor(offset_ms)));
  std::sort(visits.begin(), visits.end());
  if (visits.empty()) reader.fail_at(node, fmt::format("\"replay_file\" {} holds no visit times", quoted(file)));
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
  if (rates == 0) reader.fail_here("needs a rate: visits_per_second, visits_per_hour or visits_per_day (or a replay_file)");
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
    if (!text) reader.fail_at(*file_node, fmt::format("cannot read \"delays_file\" {}: {}", quoted(calls.empirical_file), text.error()));
    calls.empirical_digest = fnv1a64(*text);
    auto parsed = read_first_column(*text, [](std::string_view field) -> std::optional<double> {
      auto value = parse_decimal(field);
      if (value && *value >= 0 && *value <= kMaxSecondsValue) return value;
      return std::nullopt;
    });
    if (!parsed)
      fail(calls.empirical_file, Position{parsed.error().line, 0},
           fmt::format("expected a delay in seconds (a number >= 0); found {}", quoted(parsed.error().field)));
    if (parsed->empty()) reader.fail_at(*file_node, fmt::format("\"delays_file\" {} holds no delays", quoted(calls.empirical_file)));
    calls.empirical_delays_seconds = std::move(*parsed);
  } else if (file_node != nullptr) {
    reader.fail_at(*file_node, "\"delays_file\" is read only with delay = \"empirical\"");
  }
}

void read_cost(const TableReader& reader, Plan& plan) {
  reader.allow_only({"per_number_per_month", "currency"});
  if (auto value = reader.optional_number("per_number_per_month", 0, 1e9)) plan.cost.per_number_per_month = *value;
  if (auto value = reader.optional_string("currency")) plan.cost.currency = *value;
}

void read_targets(const TableReader& reader, Plan& plan) {
  reader.allow_only({"overflow_rate_max", "misattributed_share_max", "unattributed_share_max", "no_number_rate_max"});
  plan.targets.overflow_rate_max = reader.optional_number("overflow_rate_max", 0, 1);
  plan.targets.misattributed_share_max = reader.optional_number("misattributed_share_max", 0, 1);
  plan.targets.unattributed_share_max = reader.optional_number("unattributed_share_max", 0, 1);
  plan.targets.no_number_rate_max = reader.optional_number("no_number_rate_max", 0, 1);
}

// `{ from = 10, to = 200, step = 10 }`: integers when all three are, else numbers.
std::vector<KnobValue> read_range(const TableReader& parent, const std::string& key, const toml::table& range) {
  TableReader reader(range, parent.source_name(), fmt::format("sweep.{}", key));
  reader.allow_only({"from", "to", "step"});
  const bool integers = range.get("from") && range.get("from")->is_integer() && range.get("to") &&
                        range.get("to")->is_integer() && range.get("step") && range.get("step")->is_integer();
  const double from = reader.required_number("from", -1e12, 1e12);
  const double to = reader.required_number("to", from, 1e12);
  const double step = reader.required_number("step", 1e-12, 1e12);
  const double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > static_cast<double>(kMaxValuesPerKnob))
    reader.fail_here(fmt::format("the range has {} values; at most {} per knob", count, kMaxValuesPerKnob));
  std::vector<KnobValue> values;
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    if (integers) {
      values.push_back(KnobValue{static_cast<std::int64_t>(std::llround(from + static_cast<double>(i) * step))});
    } else {
      values.push_back(KnobValue{from + static_cast<double>(i) * step});
    }
  }
  return values;
}

void read_sweep(const TableReader& reader, Plan& plan) {
  for (const auto& [key, node] : reader.table()) {
    const std::string name(key.str());
    if (name == "paired") {
      plan.paired = reader.optional_bool("paired").value();
      continue;
    }
    SweepKnob knob;
    knob.name = name;
    knob.line = position_of(key.source()).line;
    if (const auto* range = node.as_table()) {
      knob.values = read_range(reader, name, *range);
    } else if (const auto* array = node.as_array()) {
      if (array->empty() || array->size() > kMaxValuesPerKnob)
        reader.fail_at(node, fmt::format("sweep.{}: give 1 to {} values", name, kMaxValuesPerKnob));
      for (const toml::node& entry : *array) {
        auto value = knob_value_of(entry);
        if (!value) reader.fail_at(entry, fmt::format("sweep.{}: each value must be a number, boolean or string", name));
        knob.values.push_back(*value);
      }
    } else {
      reader.fail_expected(name, node, "an array of values or a range { from = 10, to = 200, step = 10 }");
    }
    plan.sweep.push_back(std::move(knob));
  }
  // toml++ keeps keys sorted; the plan's order (first knob = x axis) is the file's.
  std::sort(plan.sweep.begin(), plan.sweep.end(), [](const SweepKnob& a, const SweepKnob& b) { return a.line < b.line; });
  if (plan.sweep.size() > 2) reader.fail_here("sweep at most two knobs (plus \"paired\")");
  if (plan.paired && (plan.sweep.size() != 2 || plan.sweep[0].values.size() != plan.sweep[1].values.size()))
    reader.fail_here("\"paired = true\" needs two knobs with the same number of values");
}

// Every sweep point, each checked through the domain (pool settings) and the world file's
// [policy] reader (policy knobs); a bad value is reported at its sweep key.
void expand_points(Plan& plan) {
  PointConfig base;
  base.pool = plan.pool;
  base.policy = plan.policy;
  base.visits_per_second = plan.traffic.visits_per_second;
  base.call_share = plan.calls.call_share;
  base.attribution_window_seconds = plan.calls.attribution_window_seconds;
  std::vector<std::vector<std::size_t>> combinations;
  if (plan.sweep.empty()) {
    combinations.push_back({});
  } else if (plan.sweep.size() == 1) {
    for (std::size_t i = 0; i < plan.sweep[0].values.size(); ++i) combinations.push_back({i});
  } else if (plan.paired) {
    for (std::size_t i = 0; i < plan.sweep[0].values.size(); ++i) combinations.push_back({i, i});
  } else {
    for (std::size_t i = 0; i < plan.sweep[0].values.size(); ++i)
      for (std::size_t j = 0; j < plan.sweep[1].values.size(); ++j) combinations.push_back({i, j});
  }
  if (combinations.size() > kMaxPoints)
    fail(plan.source_name, Position{plan.sweep[0].line, 0},
         fmt::format("the sweep has {} points; at most {}", combinations.size(), kMaxPoints));
  for (const std::vector<std::size_t>& combination : combinations) {
    PointConfig point = base;
    for (std::size_t k = 0; k < combination.size(); ++k) {
      const SweepKnob& knob = plan.sweep[k];
      const KnobValue& value = knob.values[combination[k]];
      if (auto applied = apply_knob(plan, point, knob.name, value); !applied)
        fail(plan.source_name, Position{knob.line, 0}, fmt::format("sweep.{} = {}: {}", knob.name, value.text(), applied.error()));
      point.knobs.emplace_back(knob.name, value);
    }
    plan.points.push_back(std::move(point));
  }
}

}  // namespace

const std::vector<std::string_view>& non_policy_knobs() {
  static const std::vector<std::string_view> knobs = {
      "max_pool_size",      "lifetime_seconds", "allow_overflow", "fill_immediately", "inventory_numbers",
      "visits_per_second",  "visits_per_hour",  "visits_per_day", "call_share",       "attribution_window_seconds"};
  return knobs;
}

std::expected<void, std::string> apply_knob(const Plan& plan, PointConfig& point, const std::string& name,
                                            const KnobValue& value) {
  const auto integer = [&]() -> std::optional<std::int64_t> {
    if (const auto* v = std::get_if<std::int64_t>(&value.value)) return *v;
    return std::nullopt;
  };
  const auto boolean = [&]() -> std::optional<bool> {
    if (const auto* v = std::get_if<bool>(&value.value)) return *v;
    return std::nullopt;
  };
  const auto number = [&]() -> std::optional<double> {
    if (std::holds_alternative<bool>(value.value)) return std::nullopt;
    return value.number();
  };
  if (name == "max_pool_size" || name == "lifetime_seconds" || name == "inventory_numbers") {
    auto v = integer();
    if (!v) return std::unexpected(fmt::format("{} takes integers", name));
    if (name == "max_pool_size") point.pool.max_pool_size = *v;
    if (name == "lifetime_seconds") point.pool.lifetime_seconds = *v;
    if (name == "inventory_numbers") {
      if (*v < 1 || *v > 1'000'000) return std::unexpected("inventory_numbers takes integers from 1 to 1000000");
      point.pool.inventory_numbers = *v;
    }
  } else if (name == "allow_overflow" || name == "fill_immediately") {
    auto v = boolean();
    if (!v) return std::unexpected(fmt::format("{} takes true or false", name));
    (name == "allow_overflow" ? point.pool.allow_overflow : point.pool.fill_immediately) = *v;
  } else if (name == "visits_per_second" || name == "visits_per_hour" || name == "visits_per_day") {
    auto v = number();
    if (!v || *v < 0 || *v > 1e9) return std::unexpected(fmt::format("{} takes numbers >= 0", name));
    if (plan.traffic.replaying()) return std::unexpected("a replayed CSV has no rate to sweep");
    point.visits_per_second = *v / (name == "visits_per_hour" ? 3600.0 : name == "visits_per_day" ? 86400.0 : 1.0);
  } else if (name == "call_share") {
    auto v = number();
    if (!v || *v < 0 || *v > 1) return std::unexpected("call_share takes numbers from 0 to 1");
    point.call_share = *v;
  } else if (name == "attribution_window_seconds") {
    auto v = number();
    if (!v || *v < 0 || *v > kMaxSecondsValue) return std::unexpected("attribution_window_seconds takes numbers >= 0");
    point.attribution_window_seconds = *v;
  } else {
    // A policy knob: the plan's [policy] entries with this one replaced, read as a world file would.
    toml::table table;
    for (const auto& [key, entry] : plan.policy_entries) {
      if (key == name) continue;
      std::visit([&](const auto& v) { table.insert_or_assign(key, v); }, entry.value);
    }
    std::visit([&](const auto& v) { table.insert_or_assign(name, v); }, value.value);
    auto policy = world_file::read_policy_table(table, plan.source_name);
    if (!policy) {
      std::string message = policy.error().message;
      if (message.starts_with("policy: unknown key"))
        message = fmt::format("not a knob: the sweep takes {} or a [policy] knob ({})",
                              fmt::join(non_policy_knobs(), ", "), message);
      return std::unexpected(message);
    }
    point.policy = *policy;
  }
  return {};
}

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
    TableReader reader(root, source_name, "plan");
    reader.allow_only({"title", "description", "seed", "replications", "horizon", "pool", "policy", "traffic", "calls",
                       "cost", "targets", "sweep"});
    plan.title = reader.optional_string("title").value_or(std::string(source_name));
    plan.description = reader.optional_string("description", StringRule{[](std::string_view) { return true; }, "a string"})
                           .value_or("");
    if (auto seed = reader.optional_integer("seed", 0, std::numeric_limits<std::int64_t>::max()))
      plan.seed = static_cast<std::uint64_t>(*seed);
    if (auto replications = reader.optional_integer("replications", 1, kMaxReplications))
      plan.replications = static_cast<int>(*replications);

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
    if (auto traffic = section("traffic", true)) read_traffic(*traffic, plan, read_file);
    if (auto calls = section("calls", false)) read_calls(*calls, plan, read_file);
    if (auto cost = section("cost", false)) read_cost(*cost, plan);
    if (auto targets = section("targets", false)) read_targets(*targets, plan);
    if (auto sweep = section("sweep", false)) read_sweep(*sweep, plan);

    // The pool settings as the domain validates them (M-11, M-12), at the [pool] table.
    PointConfig unswept;
    unswept.pool = plan.pool;
    unswept.policy = plan.policy;
    if (auto pool = SimulatedPool::create(unswept, plan.horizon.start); !pool) {
      const toml::node* node = root.get("pool");
      fail(source_name, node ? position_of(node->source()) : Position{}, fmt::format("pool: {}", pool.error()));
    }
    expand_points(plan);
    for (std::size_t i = 0; i < plan.points.size(); ++i) {
      if (auto pool = SimulatedPool::create(plan.points[i], plan.horizon.start); !pool) {
        std::string values;
        for (const auto& [name, value] : plan.points[i].knobs) values += fmt::format(" {}={}", name, value.text());
        const int line = plan.sweep.empty() ? 0 : plan.sweep[0].line;
        fail(source_name, Position{line, 0}, fmt::format("sweep point {} ({}): {}", i + 1, values.substr(1), pool.error()));
      }
    }
  } catch (const LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
  return plan;
}

}  // namespace ringpool::sim::plan
