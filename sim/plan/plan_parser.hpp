// Reads a capacity plan from TOML (format: scenarios/plans/README.md) with errors that name the
// file, line and column and what was expected. The [policy] table goes through the world file's
// own reader, and the pool settings through the domain's validation, so a plan accepts exactly
// what a world file and the management API accept. A key the chosen model would not read is an
// error too (naming the setting that would make it count): nothing in a plan is ignored silently.
#pragma once

#include "reference/domain/policy.hpp"
#include "reference/world_file/world_toml.hpp"
#include "sim/plan/plan.hpp"

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// plan.points from plan.sweep (crossed or paired), each point checked through the domain.
std::expected<void, PlanError> expand_sweep(Plan& plan);

// [policy] keys and values read by the world file's [policy] reader; the error is its message.
std::expected<domain::ReferencePolicy, std::string> read_policy_entries(
    const std::vector<std::pair<std::string, KnobValue>>& entries, std::string_view source_name);

// The knobs a plan may sweep besides the [policy] keys.
const std::vector<std::string_view>& non_policy_knobs();

}  // namespace ringpool::sim::plan
