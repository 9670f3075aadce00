// [sweep] and its expansion into points: each point's knob values applied through the domain
// (pool settings) and the world file's [policy] reader (policy knobs).
#include "reference/world_file/policy_table.hpp"
#include "sim/plan/plan_parser.hpp"
#include "sim/plan/plan_sections.hpp"
#include "sim/plan/simulated_pool.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace ringpool::sim::plan {

namespace detail {

namespace {

using world_file::detail::LoadFailure;
using world_file::detail::Position;
using world_file::detail::position_of;
using world_file::detail::TableReader;

constexpr std::size_t kMaxValuesPerKnob = 1000;
constexpr std::size_t kMaxPoints = 10'000;

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

std::vector<std::vector<std::size_t>> combinations_of(const Plan& plan) {
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
  return combinations;
}

[[noreturn]] void fail(std::string_view source, int line, std::string message) {
  world_file::detail::fail_at(source, Position{line, 0}, std::move(message));
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
  const std::vector<std::vector<std::size_t>> combinations = combinations_of(plan);
  if (combinations.size() > kMaxPoints)
    fail(plan.source_name, plan.sweep[0].line, fmt::format("the sweep has {} points; at most {}", combinations.size(), kMaxPoints));
  plan.points.clear();
  for (const std::vector<std::size_t>& combination : combinations) {
    PointConfig point = base;
    for (std::size_t k = 0; k < combination.size(); ++k) {
      const SweepKnob& knob = plan.sweep[k];
      const KnobValue& value = knob.values[combination[k]];
      if (auto applied = apply_knob(plan, point, knob.name, value); !applied)
        fail(plan.source_name, knob.line, fmt::format("sweep.{} = {}: {}", knob.name, value.text(), applied.error()));
      point.knobs.emplace_back(knob.name, value);
    }
    if (auto pool = SimulatedPool::create(point, plan.horizon.start); !pool) {
      std::string values;
      for (const auto& [name, value] : point.knobs) values += fmt::format(" {}={}", name, value.text());
      fail(plan.source_name, plan.sweep.empty() ? 0 : plan.sweep[0].line,
           fmt::format("sweep point {} ({}): {}", plan.points.size() + 1, values.empty() ? "" : values.substr(1), pool.error()));
    }
    plan.points.push_back(std::move(point));
  }
}

}  // namespace

bool swept(const Plan& plan, std::string_view knob) {
  return std::any_of(plan.sweep.begin(), plan.sweep.end(), [&](const SweepKnob& s) { return s.name == knob; });
}

bool rate_swept(const Plan& plan) {
  return swept(plan, "visits_per_second") || swept(plan, "visits_per_hour") || swept(plan, "visits_per_day");
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

}  // namespace detail

const std::vector<std::string_view>& non_policy_knobs() {
  static const std::vector<std::string_view> knobs = {
      "max_pool_size",      "lifetime_seconds", "allow_overflow", "fill_immediately", "inventory_numbers",
      "visits_per_second",  "visits_per_hour",  "visits_per_day", "call_share",       "attribution_window_seconds"};
  return knobs;
}

std::expected<domain::ReferencePolicy, std::string> read_policy_entries(
    const std::vector<std::pair<std::string, KnobValue>>& entries, std::string_view source_name) {
  toml::table table;
  for (const auto& [key, entry] : entries) std::visit([&](const auto& v) { table.insert_or_assign(key, v); }, entry.value);
  auto policy = world_file::read_policy_table(table, source_name);
  if (!policy) return std::unexpected(policy.error().message);
  return *policy;
}

namespace {

std::expected<void, std::string> apply_pool_knob(PointConfig& point, const std::string& name, const KnobValue& value) {
  if (name == "allow_overflow" || name == "fill_immediately") {
    const auto* flag = std::get_if<bool>(&value.value);
    if (flag == nullptr) return std::unexpected(fmt::format("{} takes true or false", name));
    (name == "allow_overflow" ? point.pool.allow_overflow : point.pool.fill_immediately) = *flag;
    return {};
  }
  const auto* integer = std::get_if<std::int64_t>(&value.value);
  if (integer == nullptr) return std::unexpected(fmt::format("{} takes integers", name));
  if (name == "max_pool_size") point.pool.max_pool_size = *integer;
  if (name == "lifetime_seconds") point.pool.lifetime_seconds = *integer;
  if (name == "inventory_numbers") {
    if (*integer < 1 || *integer > 1'000'000) return std::unexpected("inventory_numbers takes integers from 1 to 1000000");
    point.pool.inventory_numbers = *integer;
  }
  return {};
}

std::expected<void, std::string> apply_number_knob(const Plan& plan, PointConfig& point, const std::string& name,
                                                   const KnobValue& value) {
  const std::optional<double> number = std::holds_alternative<bool>(value.value) ? std::nullopt : value.number();
  if (name == "call_share") {
    if (!number || *number < 0 || *number > 1) return std::unexpected("call_share takes numbers from 0 to 1");
    point.call_share = *number;
  } else if (name == "attribution_window_seconds") {
    if (!number || *number < 0 || *number > detail::kMaxSecondsValue)
      return std::unexpected("attribution_window_seconds takes numbers >= 0");
    point.attribution_window_seconds = *number;
  } else {
    if (!number || *number < 0 || *number > 1e9) return std::unexpected(fmt::format("{} takes numbers >= 0", name));
    if (plan.traffic.replaying()) return std::unexpected("a replayed CSV has no rate to sweep");
    point.visits_per_second = *number / (name == "visits_per_hour" ? 3600.0 : name == "visits_per_day" ? 86400.0 : 1.0);
  }
  return {};
}

}  // namespace

std::expected<void, std::string> apply_knob(const Plan& plan, PointConfig& point, const std::string& name,
                                            const KnobValue& value) {
  constexpr std::array<std::string_view, 5> kPoolKnobs = {"max_pool_size", "lifetime_seconds", "allow_overflow",
                                                           "fill_immediately", "inventory_numbers"};
  const auto& knobs = non_policy_knobs();
  if (std::find(kPoolKnobs.begin(), kPoolKnobs.end(), name) != kPoolKnobs.end()) return apply_pool_knob(point, name, value);
  if (std::find(knobs.begin(), knobs.end(), name) != knobs.end()) return apply_number_knob(plan, point, name, value);
  // A policy knob: the plan's [policy] entries with this one replaced, read as a world file would.
  std::vector<std::pair<std::string, KnobValue>> entries;
  for (const auto& entry : plan.policy_entries)
    if (entry.first != name) entries.push_back(entry);
  entries.emplace_back(name, value);
  auto policy = read_policy_entries(entries, plan.source_name);
  if (!policy) {
    if (policy.error().starts_with("policy: unknown key"))
      return std::unexpected(fmt::format("not a knob: the sweep takes {} or a [policy] knob ({})", fmt::join(knobs, ", "),
                                         policy.error()));
    return std::unexpected(policy.error());
  }
  point.policy = *policy;
  return {};
}

std::expected<void, PlanError> expand_sweep(Plan& plan) {
  try {
    detail::expand_points(plan);
  } catch (const world_file::detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
  return {};
}

}  // namespace ringpool::sim::plan
