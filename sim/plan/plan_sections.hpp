// Internal to the plan reader: the pieces plan_parser.cpp, plan_sweep.cpp and
// plan_unread_keys.cpp share. Everything here throws world_file::detail::LoadFailure with the
// file, line and column; parse_plan turns it into a PlanError.
#pragma once

#include "reference/world_file/toml_fields.hpp"
#include "sim/plan/plan.hpp"

#include <toml++/toml.h>

#include <optional>
#include <string_view>

namespace ringpool::sim::plan::detail {

inline constexpr double kMaxSecondsValue = 3'153'600'000.0;  // 100 years

// A scalar TOML value as a knob value; nullopt for tables and arrays.
std::optional<KnobValue> knob_value_of(const toml::node& node);

// [sweep]: the knobs and their values in the file's order (the first is the x axis).
void read_sweep(const world_file::detail::TableReader& reader, Plan& plan);
bool swept(const Plan& plan, std::string_view knob);
// visits_per_second, visits_per_hour or visits_per_day is swept.
bool rate_swept(const Plan& plan);

// Refuses every key the plan sets that the model it chose would not read (a log-normal median
// under an exponential delay, a [pool] value a sweep replaces, ...), naming the key and the
// setting that would make it count.
void refuse_unread_keys(const toml::table& root, const Plan& plan);

}  // namespace ringpool::sim::plan::detail
