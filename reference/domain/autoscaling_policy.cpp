#include "reference/domain/autoscaling_policy.hpp"

#include <algorithm>

namespace ringpool::domain::autoscaling {

namespace {
constexpr sim::Duration kMs = sim::kMillisecondsPerSecond;
constexpr sim::Duration kMillisecondsPerDay = 86'400'000;
}  // namespace

std::int64_t initial_fill_size(const RingPoolSettings& settings, const ReferencePolicy& policy) {
  const std::int64_t limit = held_limit(settings, policy);
  if (settings.fill_immediately) return limit;
  const std::int64_t max = settings.max_pool_size;
  const bool up = policy.initial_fill_rounding == FillRounding::Up;
  const std::int64_t tenth = up ? (max + 9) / 10 : max / 10;
  if (!policy.overflow_within_max_pool_size) return std::min(tenth + (settings.allow_overflow ? 1 : 0), limit);
  std::int64_t size = tenth;
  if (settings.allow_overflow) size = std::max<std::int64_t>(size, up && max >= 2 ? 2 : 1);
  return std::min(size, limit);
}

bool tick_grows(const TickSignals& signals, const ReferencePolicy& policy) {
  if (policy.growth_trigger != GrowthTrigger::Tick) return false;
  return signals.exhausted || (signals.peak_utilisation >= policy.grow_threshold && signals.trackable > 0);
}

std::int64_t growth_step(std::int64_t held, std::int64_t limit, const ReferencePolicy& policy) {
  const std::int64_t room = limit - held;
  if (room <= 0) return 0;
  std::int64_t step = (held * policy.grow_percent + 99) / 100;  // rounded up
  step = std::clamp<std::int64_t>(step, 1, std::max<std::int64_t>(1, policy.max_grow_step));
  return std::min(step, room);
}

ShrinkRule idle_shrink_rule(sim::Instant now, const ReferencePolicy& policy) {
  return ShrinkRule{ShrinkRule::Kind::IdleLongerThan, now - policy.shrink_idle_seconds * kMs};
}

ShrinkRule monthly_shrink_rule(sim::Instant month_end) {
  return ShrinkRule{ShrinkRule::Kind::UnusedSince, start_of_previous_month(month_end)};
}

sim::Instant start_of_previous_month(sim::Instant month_end) {
  // The day before the month start lies in the month just ended; its first day is the answer.
  sim::CivilDate date = sim::civil_from_days(month_end / kMillisecondsPerDay - 1);
  date.day = 1;
  return sim::days_from_civil(date) * kMillisecondsPerDay;
}

std::size_t shrink_budget(std::size_t held, const RingPoolSettings& settings, const ReferencePolicy& policy) {
  const auto floor = static_cast<std::size_t>(initial_fill_size(settings, policy));
  return held > floor ? held - floor : 0;
}

}  // namespace ringpool::domain::autoscaling
