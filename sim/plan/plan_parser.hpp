// Reads a capacity plan from TOML (format: scenarios/plans/README.md) with errors that name the
// file, line and column and what was expected. The [policy] table goes through the world file's
// own reader, and the pool settings through the domain's validation, so a plan accepts exactly
// what a world file and the management API accept.
#pragma once

#include "reference/world_file/world_toml.hpp"
#include "sim/plan/plan.hpp"

#include <expected>
#include <functional>
#include <string>
#include <string_view>

namespace ringpool::sim::plan {

// Reads a file a plan names (a replayed visits CSV, empirical delays), relative to the plan: its
// contents, or a message saying why not. The CLI reads from disk; tests hand in strings.
using FileReader = std::function<std::expected<std::string, std::string>(std::string_view path)>;

using PlanError = world_file::LoadError;

std::expected<Plan, PlanError> parse_plan(std::string_view toml_text, std::string_view source_name,
                                          const FileReader& read_file);

// Applies one knob's value to a point (pool keys, the traffic rate, call_share,
// attribution_window_seconds, or any [policy] knob through the world file's reader). Returns an
// error message naming what the knob accepts when the value does not fit.
std::expected<void, std::string> apply_knob(const Plan& plan, PointConfig& point, const std::string& name,
                                            const KnobValue& value);

// The knobs a plan may sweep besides the [policy] keys.
const std::vector<std::string_view>& non_policy_knobs();

}  // namespace ringpool::sim::plan
