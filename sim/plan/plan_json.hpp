// A plan resolved to every value a study runs with (defaults filled in, every [policy] knob, the
// replayed visits and empirical delays themselves rather than their file names), as JSON. The
// report records it, so a study can be rebuilt from simulation.json alone, and the plan digest is
// taken over it: over what was asked, never over the path the plan was given by.
#pragma once

#include "sim/plan/plan.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <string>

namespace ringpool::sim::plan {

nlohmann::ordered_json resolved_plan_json(const Plan& plan);

// The plan back, its sweep expanded and checked as parse_plan does; an error names the path of
// the value that is wrong ("plan.traffic.hour_of_day: expected an array").
std::expected<Plan, std::string> plan_from_resolved_json(const nlohmann::ordered_json& json);

// 16 hex digits of FNV-1a over the resolved plan without its file name.
std::string plan_digest(const nlohmann::ordered_json& resolved_plan);

// "plans/x.toml", "./plans/x.toml" and "/srv/plans/x.toml" are all "x.toml".
std::string plan_file_name(std::string_view path);

}  // namespace ringpool::sim::plan
