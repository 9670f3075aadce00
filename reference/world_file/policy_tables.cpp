// [policy] and [faults]: the reference's knobs, named exactly as the members of
// domain::ReferencePolicy and domain::FaultInjection.
#include "reference/world_file/world_sections.hpp"

namespace ringpool::world_file::detail {

domain::ReferencePolicy read_policy(TableReader& reader) {
  reader.allow_only({"reuse_quarantine_seconds", "autoscale_interval_seconds", "grow_threshold", "grow_percent",
                     "max_grow_step", "provision_delay_seconds", "shrink_policy", "shrink_idle_seconds",
                     "aging_seconds", "local_fill_delay_seconds", "local_retry_seconds"});
  domain::ReferencePolicy policy;
  auto seconds = [&](std::string_view key, std::int64_t& field, std::int64_t min) {
    if (auto value = reader.optional_integer(key, min, kMaxSeconds)) field = *value;
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
  if (const toml::node* node = reader.find("shrink_policy")) {
    constexpr std::string_view kExpected = "\"monthly_unused\" or \"idle\"";
    const std::string name = *reader.optional_string("shrink_policy", StringRule{nullptr, kExpected});
    if (name == "monthly_unused") {
      policy.shrink_policy = domain::ShrinkPolicy::MonthlyUnused;
    } else if (name == "idle") {
      policy.shrink_policy = domain::ShrinkPolicy::Idle;
    } else {
      reader.fail_expected("shrink_policy", *node, kExpected);
    }
  }
  seconds("shrink_idle_seconds", policy.shrink_idle_seconds, 0);
  seconds("aging_seconds", policy.aging_seconds, 0);
  seconds("local_fill_delay_seconds", policy.local_fill_delay_seconds, 0);
  seconds("local_retry_seconds", policy.local_retry_seconds, 1);
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
