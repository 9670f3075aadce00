// Nothing in a plan is ignored silently: a key the chosen model would not read (a log-normal
// median under the default exponential delay, a currency without a price, a [pool] value that a
// sweep replaces at every point) is an error at the key, naming the setting that would make it
// count. The rules are one table, so the README's list and this file say the same.
#include "sim/plan/plan_sections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ringpool::sim::plan::detail {

namespace {

using world_file::detail::fail_at;
using world_file::detail::position_of;

bool calls_happen(const Plan& plan) { return plan.calls.call_share > 0 || swept(plan, "call_share"); }
bool overflow_somewhere(const Plan& plan) { return plan.pool.allow_overflow || swept(plan, "allow_overflow"); }
bool no_overflow_somewhere(const Plan& plan) { return !plan.pool.allow_overflow || swept(plan, "allow_overflow"); }
bool has_profile(const Plan& plan) {
  const auto ones = [](const auto& values) { return std::all_of(values.begin(), values.end(), [](double v) { return v == 1.0; }); };
  return !ones(plan.traffic.hour_of_day) || !ones(plan.traffic.day_of_week);
}

std::string delay_now(const Plan& plan) {
  switch (plan.calls.delay) {
    case DelayModel::LogNormal: return "this plan has delay = \"lognormal\"";
    case DelayModel::Empirical: return "this plan has delay = \"empirical\"";
    case DelayModel::Exponential: break;
  }
  return "this plan has delay = \"exponential\" (the default when \"delay\" is not given)";
}

// A key of `section` that counts only when `counts` holds; `needs` is the setting that makes it
// count, `now` says what the plan has instead.
struct Rule {
  std::string_view section;
  std::string_view key;  // "*": every key of the section but `except`
  std::string_view except;
  bool (*counts)(const Plan&);
  std::string_view needs;
  std::string (*now)(const Plan&);
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      {"calls", "*", "call_share", calls_happen, "call_share > 0",
       [](const Plan&) { return std::string("this plan has call_share = 0 (the default)"); }},
      {"calls", "mean_delay_seconds", "", [](const Plan& p) { return p.calls.delay == DelayModel::Exponential; },
       "delay = \"exponential\"", delay_now},
      {"calls", "median_delay_seconds", "", [](const Plan& p) { return p.calls.delay == DelayModel::LogNormal; },
       "delay = \"lognormal\"", delay_now},
      {"calls", "sigma", "", [](const Plan& p) { return p.calls.delay == DelayModel::LogNormal; }, "delay = \"lognormal\"",
       delay_now},
      {"calls", "delays_file", "", [](const Plan& p) { return p.calls.delay == DelayModel::Empirical; },
       "delay = \"empirical\"", delay_now},
      {"calls", "tail_mean_delay_seconds", "", [](const Plan& p) { return p.calls.tail_share > 0; }, "tail_share > 0",
       [](const Plan&) { return std::string("this plan has tail_share = 0 (the default)"); }},
      {"traffic", "utc_offset_hours", "", has_profile, "an hour_of_day or day_of_week profile",
       [](const Plan&) { return std::string("this plan's rate is the same at every local hour and day (bursts are in UTC)"); }},
      {"cost", "currency", "", [](const Plan& p) { return p.cost.per_number_per_month > 0; }, "per_number_per_month > 0",
       [](const Plan&) { return std::string("this plan sets no price, so no cost is shown in any currency"); }},
      {"targets", "misattributed_share_max", "", calls_happen, "[calls] call_share > 0",
       [](const Plan&) { return std::string("nobody calls in this plan"); }},
      {"targets", "unattributed_share_max", "", calls_happen, "[calls] call_share > 0",
       [](const Plan&) { return std::string("nobody calls in this plan"); }},
      {"targets", "no_number_rate_max", "", no_overflow_somewhere, "[pool] allow_overflow = false",
       [](const Plan&) { return std::string("with overflow on every visitor gets a number"); }},
      {"targets", "overflow_rate_max", "", overflow_somewhere, "[pool] allow_overflow = true",
       [](const Plan&) { return std::string("with overflow off no visitor gets the overflow number"); }},
      {"targets", "overflow_rate_busiest_hour_max", "", overflow_somewhere, "[pool] allow_overflow = true",
       [](const Plan&) { return std::string("with overflow off no visitor gets the overflow number"); }},
  };
  return table;
}

[[noreturn]] void refuse(std::string_view source, const toml::key& key, std::string message) {
  fail_at(source, position_of(key.source()), std::move(message));
}

// A key a sweep replaces at every point.
void refuse_swept(const toml::table& section, std::string_view name, const Plan& plan) {
  for (const auto& [key, node] : section) {
    const bool rate = key.str().starts_with("visits_per_") && rate_swept(plan);
    if (!rate && !swept(plan, key.str())) continue;
    refuse(plan.source_name, key,
           fmt::format("{}: \"{}\" is replaced at every point by the sweep ([sweep] sets {}); remove it from [{}]", name,
                       key.str(), rate ? "the rate" : fmt::format("\"{}\"", key.str()), name));
  }
}

}  // namespace

void refuse_unread_keys(const toml::table& root, const Plan& plan) {
  for (std::string_view name : {"pool", "policy", "traffic", "calls"})
    if (const toml::table* section = root[name].as_table()) refuse_swept(*section, name, plan);
  if (const toml::table* sweep = root["sweep"].as_table(); sweep && !calls_happen(plan))
    if (auto it = sweep->find("attribution_window_seconds"); it != sweep->end())
      refuse(plan.source_name, it->first,
             "sweep: \"attribution_window_seconds\" counts only with visitors who call (call_share > 0), and this plan has "
             "call_share = 0 (the default); set [calls] call_share or sweep another knob");
  for (const Rule& rule : rules()) {
    const toml::table* section = root[rule.section].as_table();
    if (section == nullptr || rule.counts(plan)) continue;
    for (const auto& [key, node] : *section) {
      if (rule.key == "*" ? key.str() == rule.except : key.str() != rule.key) continue;
      refuse(plan.source_name, key,
             fmt::format("{}: \"{}\" counts only with {}, and {}; set {} or remove \"{}\"", rule.section, key.str(),
                         rule.needs, rule.now(plan), rule.needs, key.str()));
    }
  }
}

}  // namespace ringpool::sim::plan::detail
