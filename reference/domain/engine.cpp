#include "reference/domain/engine.hpp"

#include "reference/domain/autoscaling_policy.hpp"
#include "reference/domain/invariant_check.hpp"
#include "reference/domain/local_matcher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ringpool::domain {

namespace {
constexpr sim::Duration kMs = sim::kMillisecondsPerSecond;
}

Engine::Engine(World& world, sim::Scheduler& scheduler) : world_(world), scheduler_(scheduler) {
  for (const auto& [id, network] : world_.networks) inventories_.emplace(id, InventoryState(network));
  for (PoolId id = 1; id <= world_.last_pool_id(); ++id)
    if (RingPool* pool = world_.find_pool(id)) on_pool_created(*pool);
  const sim::Instant now = scheduler_.now();
  arm_tick();
  scheduler_.schedule(sim::start_of_next_month(now), sim::EventKind::MonthEndShrink,
                      [this](sim::Instant at) { month_end_shrink(at); });
}

sim::Duration Engine::provision_delay() const {
  return (world_.policy.provision_delay_seconds + world_.faults.extra_provision_delay_seconds) * kMs;
}

std::size_t Engine::acquire_toll_free(RingPool& pool, std::size_t count, bool as_overflow_first,
                                      sim::Instant usable_at) {
  if (world_.faults.inventory_exhausted) return 0;
  InventoryState& inventory = inventories_.at(pool.network_id);
  const Network& network = world_.networks.at(pool.network_id);
  pool.numbers.reserve_more(static_cast<std::size_t>(std::min<std::uint64_t>(count, inventory.available_toll_free())));
  std::size_t taken = 0;
  for (; taken < count; ++taken) {
    auto index = inventory.take_toll_free();
    if (!index) {
      if (toll_free_exhausted_.insert(pool.network_id).second)
        notices_.push_back(fmt::format("network {}: no toll-free number left for pool {} ({} aging, back after "
                                       "aging_seconds = {}, P-8)",
                                       pool.network_id, pool.id, inventory.aging(), world_.policy.aging_seconds));
      break;
    }
    toll_free_exhausted_.erase(pool.network_id);
    const bool overflow = (as_overflow_first && taken == 0) || takes_overflow_next(pool);
    pool.numbers.add_number(*index, network.number_at(*index), false, overflow, scheduler_.now(),
                            overflow ? scheduler_.now() : usable_at);
  }
  return taken;
}

std::size_t Engine::acquire_local(RingPool& pool, std::size_t count, sim::Instant usable_at) {
  if (world_.faults.inventory_exhausted || count == 0) return 0;
  InventoryState& inventory = inventories_.at(pool.network_id);
  const Network& network = world_.networks.at(pool.network_id);
  std::size_t taken = 0;
  for (std::uint32_t index : local_candidates(world_, network, inventory, pool.settings)) {
    if (taken == count) break;
    if (!inventory.take(index)) continue;
    // P-4: a pool that could take no toll-free overflow number (L-2) takes its first local one.
    const bool overflow = takes_overflow_next(pool);
    pool.numbers.add_number(index, network.number_at(index), true, overflow, scheduler_.now(),
                            overflow ? scheduler_.now() : usable_at);
    ++taken;
  }
  return taken;
}

std::string Engine::shortage_reason(const RingPool& pool) const {
  if (pool.numbers.idle() > 0 || pool.numbers.has_overflow()) return {};
  if (world_.faults.inventory_exhausted) return "the world's [faults] inventory_exhausted is set: no pool acquires numbers";
  const InventoryState& inventory = inventories_.at(pool.network_id);
  if (pool.settings.is_local() && !pool.local_fill_done)
    return fmt::format("the local fill is due {} s after creation (L-1) and the pool has no overflow number",
                       world_.policy.local_fill_delay_seconds);
  if (pool.local_shortfall > 0)
    return fmt::format("waiting for {} local numbers matching its local_center (L-4 Wait)", pool.local_shortfall);
  if (inventory.available_toll_free() == 0)
    return fmt::format("network {} has no toll-free number available: {} are aging (P-8, aging_seconds = {})",
                       pool.network_id, inventory.aging(), world_.policy.aging_seconds);
  return {};
}

bool Engine::takes_overflow_next(const RingPool& pool) const {
  return pool.settings.allow_overflow && !pool.numbers.has_overflow() && pool.numbers.held() == 0;
}

// Fills `pool` up to `target` numbers held. The first number a pool ever acquires is its overflow
// number (P-4), toll-free even for local pools (L-2).
void Engine::fill_to(RingPool& pool, std::int64_t target, bool allow_local, sim::Instant usable_at) {
  const auto held = static_cast<std::int64_t>(pool.numbers.held());
  if (target <= held) return;
  auto missing = static_cast<std::size_t>(target - held);
  if (pool.settings.allow_overflow && !pool.numbers.has_overflow() && pool.numbers.held() == 0) {
    missing -= acquire_toll_free(pool, 1, true, usable_at);
    if (!pool.numbers.has_overflow()) {
      // Inventory empty: the overflow number comes as soon as one returns (P-4).
      awaiting_overflow_[pool.network_id].insert(pool.id);
      return;
    }
    awaiting_overflow_[pool.network_id].erase(pool.id);
  }
  if (!pool.settings.is_local()) {
    acquire_toll_free(pool, missing, false, usable_at);
    return;
  }
  if (!allow_local) return;
  missing -= acquire_local(pool, missing, usable_at);
  pool.local_shortfall = 0;
  if (missing == 0) return;
  if (pool.settings.effective_local_preferences().allocation_fallback_strategy == FallbackStrategy::UseTollFree) {
    acquire_toll_free(pool, missing, false, usable_at);
  } else {
    // L-4 Wait: leave the slots empty until numbers return to inventory (release() schedules a
    // fill for every waiting pool then). The periodic retry every local_retry_seconds is not
    // scheduled: numbers become available only by returning, so a retry between returns finds
    // nothing, and running it would make an advance cost one event per retry (T-4).
    pool.local_shortfall = missing;
    waiting_pools_[pool.network_id].insert(pool.id);
  }
}

void Engine::on_pool_created(RingPool& pool) {
  // The api/domain boundary: management validated the settings (M-11, M-12) before the Engine
  // sees the pool, and the pool holds nothing yet.
  RINGPOOL_EXPECTS(pool.settings.max_pool_size >= 1 && pool.settings.lifetime_seconds >= 0);
  RINGPOOL_EXPECTS(pool.numbers.held() == 0);
  arm_tick();
  if (pool.settings.is_local()) {
    // L-2: the overflow number at once; local numbers after the fill delay (L-1).
    if (pool.settings.allow_overflow) fill_to(pool, 1, false, scheduler_.now());
    pool.local_fill_done = false;
    schedule_local_fill(pool, scheduler_.now() + world_.policy.local_fill_delay_seconds * kMs);
    return;
  }
  pool.local_fill_done = true;
  fill_to(pool, autoscaling::initial_fill_size(pool.settings, world_.policy), false, scheduler_.now());
}

void Engine::schedule_local_fill(RingPool& pool, sim::Instant due) {
  if (auto it = local_fill_events_.find(pool.id); it != local_fill_events_.end()) scheduler_.cancel(it->second);
  const PoolId id = pool.id;
  local_fill_events_[id] =
      scheduler_.schedule(due, sim::EventKind::LocalFill, [this, id](sim::Instant) { run_local_fill(id); });
}

void Engine::run_local_fill(PoolId pool_id) {
  ++events_run_;
  local_fill_events_.erase(pool_id);
  RingPool* pool = world_.find_pool(pool_id);
  if (pool == nullptr) return;
  catch_up(*pool);
  waiting_pools_[pool->network_id].erase(pool_id);
  pool->local_fill_done = true;
  fill_to(*pool, autoscaling::initial_fill_size(pool->settings, world_.policy), true, scheduler_.now());
  arm_tick();
}

void Engine::on_pool_updated(RingPool& pool, const RingPoolSettings& before) {
  RINGPOOL_EXPECTS(pool.settings.max_pool_size >= 1 && pool.settings.lifetime_seconds >= 0);
  RINGPOOL_EXPECTS(pool.settings.allow_overflow == before.allow_overflow);  // M-10: refused before
  arm_tick();
  catch_up(pool);
  const RingPoolSettings& after = pool.settings;
  const std::int64_t limit = autoscaling::held_limit(after, world_.policy);
  if (limit < static_cast<std::int64_t>(pool.numbers.held())) {
    released_scratch_.clear();
    pool.numbers.shrink_to(static_cast<std::size_t>(limit), released_scratch_);
    release(pool.network_id, released_scratch_);
  }
  const bool local_changed = before.local_center != after.local_center ||
                             before.local_number_preferences != after.local_number_preferences ||
                             before.tn_prefix_whitelist != after.tn_prefix_whitelist;
  if (after.is_local() && local_changed) {
    // P-9: restart the local fill for the slots not yet filled.
    if (after.allow_overflow && !pool.numbers.has_overflow() && pool.numbers.held() == 0)
      fill_to(pool, 1, false, scheduler_.now());
    schedule_local_fill(pool, scheduler_.now() + world_.policy.local_fill_delay_seconds * kMs);
    return;
  }
  if (after.fill_immediately && limit > static_cast<std::int64_t>(pool.numbers.held()) && pool.local_fill_done)
    fill_to(pool, limit, after.is_local(), scheduler_.now());
}

void Engine::on_pool_deleting(RingPool& pool) {
  if (auto it = local_fill_events_.find(pool.id); it != local_fill_events_.end()) {
    scheduler_.cancel(it->second);
    local_fill_events_.erase(it);
  }
  waiting_pools_[pool.network_id].erase(pool.id);
  awaiting_overflow_[pool.network_id].erase(pool.id);
  released_scratch_.clear();
  pool.numbers.release_all(released_scratch_);
  release(pool.network_id, released_scratch_);
}

void Engine::catch_up(RingPool& pool) {
  released_scratch_.clear();
  pool.numbers.catch_up(scheduler_.now(), world_.policy.reuse_quarantine_seconds * kMs, released_scratch_);
  if (!released_scratch_.empty()) release(pool.network_id, released_scratch_);
}

Result<Allocation> Engine::allocate(RingPool& pool, LeaseDetails details) {
  RINGPOOL_EXPECTS(pool.settings.lifetime_seconds >= 0);
  catch_up(pool);
  if (world_.policy.repeat_visitors == RepeatVisitors::SameNumber)
    if (auto again = pool.numbers.answer_repeat_visitor(details)) return *again;
  if (world_.policy.growth_trigger == GrowthTrigger::OnDemand && pool.numbers.idle() == 0) grow_on_demand(pool);
  const sim::Duration lease_ms = (pool.settings.lifetime_seconds + world_.policy.lease_grace_seconds) * kMs;
  auto allocation = pool.numbers.allocate(scheduler_.now(), lease_ms, std::move(details),
                                          world_.policy.reuse_order);
  mark_signalled(pool);
  if (!allocation) {
    const std::string reason = shortage_reason(pool);
    return fail(ErrorClass::NoNumberAvailable, reason.empty() ? "No number is available in this RingPool right now."
                                                              : fmt::format("No number is available in this RingPool "
                                                                            "right now: {}.", reason));
  }
  return *allocation;
}

void Engine::mark_signalled(RingPool& pool) {
  const auto index = static_cast<std::size_t>(pool.id);
  if (signalled_flags_.size() <= index) signalled_flags_.resize(index + 1, false);
  if (signalled_flags_[index]) return;
  signalled_flags_[index] = true;
  signalled_pools_.push_back(pool.id);
  arm_tick();
}

// P-8: released numbers that were handed out age before any pool can acquire them again; the
// others (never leased, never answered as overflow) return to inventory at once, so creating
// and deleting pools cannot drain the inventory (issue 22, finding 6).
void Engine::release(NetworkId network_id, const std::vector<ReleasedNumber>& released) {
  InventoryState& inventory = inventories_.at(network_id);
  const sim::Instant until = scheduler_.now() + world_.policy.aging_seconds * kMs;
  bool returned_now = false;
  for (const ReleasedNumber& number : released) {
    const std::uint32_t index = number.inventory_index;
    if (!number.handed_out) {
      inventory.give_back(index);
      returned_now = true;
      continue;
    }
    inventory.start_aging(index);
    scheduler_.schedule(until, sim::EventKind::AgingEnd, [this, network_id, index](sim::Instant) {
      ++events_run_;
      inventories_.at(network_id).finish_aging(index);
      numbers_returned(network_id);
    });
  }
  if (returned_now) numbers_returned(network_id);
}

void Engine::numbers_returned(NetworkId network_id) {
  // P-4: a pool that holds no number takes its overflow number now, lowest pool id first.
  const std::vector<PoolId> awaiting(awaiting_overflow_[network_id].begin(), awaiting_overflow_[network_id].end());
  for (PoolId id : awaiting) {
    RingPool* pool = world_.find_pool(id);
    if (pool == nullptr || !takes_overflow_next(*pool)) {
      awaiting_overflow_[network_id].erase(id);
      continue;
    }
    fill_to(*pool, 1, false, scheduler_.now());  // leaves it awaiting when the inventory is empty again
    if (!pool->numbers.has_overflow()) break;
  }
  // L-4: a returning number is a chance for waiting local pools; their fill runs after every
  // aging end of this instant (LocalFill sorts after AgingEnd).
  for (PoolId waiting : waiting_pools_[network_id])
    if (RingPool* pool = world_.find_pool(waiting)) schedule_local_fill(*pool, scheduler_.now());
}

void Engine::autoscale_tick(sim::Instant now) {
  ++events_run_;
  tick_armed_ = false;  // this tick has run; whatever signals a pool during it arms the next
  std::vector<PoolId> pools;
  if (world_.policy.shrink_policy == ShrinkPolicy::Idle) {
    for (PoolId id = 1; id <= world_.last_pool_id(); ++id)
      if (world_.find_pool(id)) pools.push_back(id);
  } else {
    pools = signalled_pools_;
    std::sort(pools.begin(), pools.end());
  }
  for (PoolId id : signalled_pools_) signalled_flags_[static_cast<std::size_t>(id)] = false;
  signalled_pools_.clear();
  for (PoolId id : pools) {
    RingPool* pool = world_.find_pool(id);
    if (pool == nullptr) continue;
    catch_up(*pool);
    if (world_.policy.shrink_policy == ShrinkPolicy::Idle) shrink(*pool, autoscaling::idle_shrink_rule(now, world_.policy));
    const autoscaling::TickSignals signals{pool->numbers.exhausted_since_tick(),
                                           pool->numbers.peak_utilisation_since_tick(), pool->numbers.trackable()};
    if (autoscaling::tick_grows(signals, world_.policy)) grow(*pool);
    pool->numbers.reset_tick_signals();
  }
  if (tick_needed()) arm_tick();
}

void Engine::arm_tick() {
  if (tick_armed_) return;
  tick_armed_ = true;
  const sim::Duration interval = world_.policy.autoscale_interval_seconds * kMs;
  scheduler_.schedule(sim::Scheduler::next_multiple(scheduler_.now(), 0, interval), sim::EventKind::AutoscaleTick,
                      [this](sim::Instant at) { autoscale_tick(at); });
}

// A tick changes something only for a pool signalled since the last tick (growth), or, with
// shrink_policy = "idle", a pool above its shrink floor or with releases pending. When no pool
// is, the ticks stay unscheduled until one is (arm_tick from allocations, creations, updates and
// local fills): the same outcome as running every tick, at a cost that follows the work due
// rather than the time advanced (T-4).
bool Engine::tick_needed() const {
  if (!signalled_pools_.empty()) return true;
  if (world_.policy.shrink_policy != ShrinkPolicy::Idle) return false;
  for (PoolId id = 1; id <= world_.last_pool_id(); ++id) {
    const RingPool* pool = world_.find_pool(id);
    if (pool == nullptr) continue;
    if (pool->numbers.pending_release() > 0 ||
        autoscaling::shrink_budget(pool->numbers.held(), pool->settings, world_.policy) > 0)
      return true;
  }
  return false;
}

void Engine::grow(RingPool& pool) {
  // L-1/L-2: a local pool's numbers arrive with its (delayed) local fill; until then it answers
  // with its overflow number, and autoscaling must not bring numbers in early.
  if (pool.settings.is_local() && !pool.local_fill_done) return;
  // P-4: numbers still to be released as their leases end (P-9) are held until then, so they
  // count against the limit: growing beside them would hold more than max_pool_size.
  const auto held = static_cast<std::int64_t>(pool.numbers.held());
  const std::int64_t step =
      autoscaling::growth_step(held, autoscaling::held_limit(pool.settings, world_.policy), world_.policy);
  if (step == 0) return;
  acquire_growth(pool, static_cast<std::size_t>(step), scheduler_.now() + provision_delay());
}

// P-7 with growth_trigger = OnDemand: the allocation about to run finds no idle number, so the
// pool takes one more now, if it has room (usable at once unless provisioning takes time).
void Engine::grow_on_demand(RingPool& pool) {
  if (pool.settings.is_local() && !pool.local_fill_done) return;  // L-1/L-2, as grow()
  // P-4: the first number a pool acquires is its overflow number (its inventory was empty before).
  if (pool.settings.allow_overflow && !pool.numbers.has_overflow() && pool.numbers.held() == 0)
    fill_to(pool, 1, false, scheduler_.now());
  const auto held = static_cast<std::int64_t>(pool.numbers.held());  // pending releases count (P-4, as grow())
  const std::int64_t step = autoscaling::on_demand_step(pool.numbers.idle() + pool.numbers.provisioning(), held,
                                                        autoscaling::held_limit(pool.settings, world_.policy),
                                                        world_.policy);
  if (step > 0) acquire_growth(pool, static_cast<std::size_t>(step), scheduler_.now() + provision_delay());
}

// Growth brings local numbers into a local pool first, then toll-free ones per its fallback
// strategy (L-4); toll-free numbers into any other pool.
void Engine::acquire_growth(RingPool& pool, std::size_t count, sim::Instant usable_at) {
  if (pool.settings.is_local()) {
    count -= acquire_local(pool, count, usable_at);
    if (count > 0 &&
        pool.settings.effective_local_preferences().allocation_fallback_strategy == FallbackStrategy::UseTollFree)
      acquire_toll_free(pool, count, false, usable_at);
    return;
  }
  acquire_toll_free(pool, count, false, usable_at);
}

// Releases idle numbers the rule names, longest idle first, never below the initial fill.
void Engine::shrink(RingPool& pool, const autoscaling::ShrinkRule& rule) {
  const std::size_t budget = autoscaling::shrink_budget(pool.numbers.held(), pool.settings, world_.policy);
  if (budget == 0) return;
  released_scratch_.clear();
  pool.numbers.release_idle(budget, [&rule](const NumberSlot& slot) { return rule.releases(slot); },
                            released_scratch_);
  release(pool.network_id, released_scratch_);
}

void Engine::month_end_shrink(sim::Instant now) {
  ++events_run_;
  if (world_.policy.shrink_policy == ShrinkPolicy::MonthlyUnused) {
    const autoscaling::ShrinkRule rule = autoscaling::monthly_shrink_rule(now);
    for (PoolId id = 1; id <= world_.last_pool_id(); ++id) {
      RingPool* pool = world_.find_pool(id);
      if (pool == nullptr) continue;
      catch_up(*pool);
      shrink(*pool, rule);
    }
  }
  scheduler_.schedule(sim::start_of_next_month(now), sim::EventKind::MonthEndShrink,
                      [this](sim::Instant at) { month_end_shrink(at); });
}

}  // namespace ringpool::domain
