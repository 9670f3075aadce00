#include "sim/plan/policy_entries.hpp"

namespace ringpool::sim::plan {

std::vector<std::pair<std::string, KnobValue>> policy_entries_of(const domain::ReferencePolicy& policy) {
  using domain::FillRounding;
  using domain::GrowthTrigger;
  using domain::RepeatVisitors;
  using domain::ReuseOrder;
  using domain::ShrinkPolicy;
  const auto text = [](const char* value) { return KnobValue{std::string(value)}; };
  return {
      {"reuse_quarantine_seconds", KnobValue{policy.reuse_quarantine_seconds}},
      {"autoscale_interval_seconds", KnobValue{policy.autoscale_interval_seconds}},
      {"grow_threshold", KnobValue{policy.grow_threshold}},
      {"grow_percent", KnobValue{policy.grow_percent}},
      {"max_grow_step", KnobValue{policy.max_grow_step}},
      {"provision_delay_seconds", KnobValue{policy.provision_delay_seconds}},
      {"shrink_policy", text(policy.shrink_policy == ShrinkPolicy::Idle ? "idle" : "monthly_unused")},
      {"shrink_idle_seconds", KnobValue{policy.shrink_idle_seconds}},
      {"aging_seconds", KnobValue{policy.aging_seconds}},
      {"local_fill_delay_seconds", KnobValue{policy.local_fill_delay_seconds}},
      {"local_retry_seconds", KnobValue{policy.local_retry_seconds}},
      {"reuse_order",
       text(policy.reuse_order == ReuseOrder::MostRecentlyUsed ? "most_recently_used" : "least_recently_used")},
      {"growth_trigger", text(policy.growth_trigger == GrowthTrigger::OnDemand ? "on_demand" : "tick")},
      {"initial_fill_rounding", text(policy.initial_fill_rounding == FillRounding::Down ? "down" : "up")},
      {"overflow_within_max_pool_size", KnobValue{policy.overflow_within_max_pool_size}},
      {"lease_grace_seconds", KnobValue{policy.lease_grace_seconds}},
      {"repeat_visitors", text(policy.repeat_visitors == RepeatVisitors::SameNumber ? "same_number" : "new_lease")},
      {"preferred_is_exclusive", KnobValue{policy.preferred_is_exclusive}},
      {"partial_updates", KnobValue{policy.partial_updates}},
  };
}

}  // namespace ringpool::sim::plan
