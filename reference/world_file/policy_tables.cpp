// [policy] and [faults]: the reference's knobs, named exactly as the members of
// domain::ReferencePolicy and domain::FaultInjection.
#include "reference/world_file/world_sections.hpp"

#include <fmt/format.h>

#include <initializer_list>
#include <utility>

namespace ringpool::world_file::detail {

domain::ReferencePolicy read_policy(TableReader& reader) {
  reader.allow_only({"reuse_quarantine_seconds", "autoscale_interval_seconds", "grow_threshold", "grow_percent",
                     "max_grow_step", "provision_delay_seconds", "shrink_policy", "shrink_idle_seconds",
                     "aging_seconds", "local_fill_delay_seconds", "local_retry_seconds", "reuse_order",
                     "growth_trigger", "initial_fill_rounding", "overflow_within_max_pool_size",
                     "lease_grace_seconds", "repeat_visitors", "preferred_is_exclusive",
                     "partial_updates"});
  domain::ReferencePolicy policy;
  auto seconds = [&](std::string_view key, std::int64_t& field, std::int64_t min) {
    if (auto value = reader.optional_integer(key, min, kMaxSeconds)) field = *value;
  };
  // A string naming one of `options`; anything else is an error listing them.
  auto choice = [&]<typename Enum>(std::string_view key, Enum& field,
                                   std::initializer_list<std::pair<std::string_view, Enum>> options) {
    const toml::node* node = reader.find(key);
    if (node == nullptr) return;
    std::string expected;
    for (const auto& [name, value] : options) expected += fmt::format("{}\"{}\"", expected.empty() ? "" : " or ", name);
    const std::string given = *reader.optional_string(key, StringRule{nullptr, expected});
    for (const auto& [name, value] : options)
      if (given == name) {
        field = value;
        return;
      }
    reader.fail_expected(key, *node, expected);
  };
  seconds("reuse_quarantine_seconds", policy.reuse_quarantine_seconds, 0);
  // Ticks and retries repeat every interval; zero would schedule them forever at one instant.
  seconds("autoscale_interval_seconds", policy.autoscale_interval_seconds, 1);
  if (const toml::node* node = reader.find("grow_threshold")) {
    const double threshold = *reader.optional_number("grow_threshold", 0.0, 1.0);
    if (threshold <= 0.0) reader.fail_expected("grow_threshold", *node, "a number greater than 0 and at most 1");
    policy.grow_threshold = threshold;
  }
  if (auto value = reader.optional_integer("grow_percent", 1, 1000)) policy.grow_percent = *value;
  if (auto value = reader.optional_integer("max_grow_step", 1, 10000)) policy.max_grow_step = *value;
  seconds("provision_delay_seconds", policy.provision_delay_seconds, 0);
  choice("shrink_policy", policy.shrink_policy,
         {{"monthly_unused", domain::ShrinkPolicy::MonthlyUnused}, {"idle", domain::ShrinkPolicy::Idle}});
  choice("reuse_order", policy.reuse_order,
         {{"least_recently_used", domain::ReuseOrder::LeastRecentlyUsed},
          {"most_recently_used", domain::ReuseOrder::MostRecentlyUsed}});
  choice("growth_trigger", policy.growth_trigger,
         {{"tick", domain::GrowthTrigger::Tick}, {"on_demand", domain::GrowthTrigger::OnDemand}});
  choice("initial_fill_rounding", policy.initial_fill_rounding,
         {{"up", domain::FillRounding::Up}, {"down", domain::FillRounding::Down}});
  if (auto value = reader.optional_bool("overflow_within_max_pool_size"))
    policy.overflow_within_max_pool_size = *value;
  choice("repeat_visitors", policy.repeat_visitors,
         {{"new_lease", domain::RepeatVisitors::NewLease}, {"same_number", domain::RepeatVisitors::SameNumber}});
  if (auto value = reader.optional_bool("preferred_is_exclusive")) policy.preferred_is_exclusive = *value;
  if (auto value = reader.optional_bool("partial_updates")) policy.partial_updates = *value;
  seconds("shrink_idle_seconds", policy.shrink_idle_seconds, 0);
  seconds("aging_seconds", policy.aging_seconds, 0);
  seconds("local_fill_delay_seconds", policy.local_fill_delay_seconds, 0);
  seconds("local_retry_seconds", policy.local_retry_seconds, 1);
  seconds("lease_grace_seconds", policy.lease_grace_seconds, 0);
  return policy;
}

domain::FaultInjection read_faults(TableReader& reader) {
  reader.allow_only({"internal_error_probability", "inventory_exhausted", "extra_provision_delay_seconds"});
  domain::FaultInjection faults;
  if (auto value = reader.optional_number("internal_error_probability", 0.0, 1.0))
    faults.internal_error_probability = *value;
  if (auto value = reader.optional_bool("inventory_exhausted")) faults.inventory_exhausted = *value;
  if (auto value = reader.optional_integer("extra_provision_delay_seconds", 0, kMaxSeconds))
    faults.extra_provision_delay_seconds = *value;
  return faults;
}

}  // namespace ringpool::world_file::detail
