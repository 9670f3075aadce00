// The allocation engine (spec P-1..P-9, L-1..L-4, T-1): acquires numbers from inventory for pools,
// allocates leases, and runs every timed rule (aging, provisioning, local fill and retries,
// autoscaling ticks, month-end shrink) as events on the injected scheduler.
#pragma once

#include "reference/domain/autoscaling_policy.hpp"
#include "reference/domain/errors.hpp"
#include "reference/domain/inventory_state.hpp"
#include "reference/domain/world.hpp"
#include "sim/core/scheduler.hpp"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ringpool::domain {

class Engine {
 public:
  // Adopts `world` as it is: every pool already in it (declared in the world file) is filled as
  // if created at the scheduler's current time, and the recurring ticks are scheduled.
  Engine(World& world, sim::Scheduler& scheduler);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void on_pool_created(RingPool& pool);
  void on_pool_updated(RingPool& pool, const RingPoolSettings& before);
  // Before the pool is removed from the world (M-5): leases end, numbers start aging.
  void on_pool_deleting(RingPool& pool);

  // One allocation at the scheduler's current time: a lease on an idle number (P-2's reuse order;
  // with on-demand growth, one acquired now when none is idle), else the overflow number, else
  // NoNumberAvailable (P-5).
  Result<Allocation> allocate(RingPool& pool, LeaseDetails details);

  // Applies the pool's lazily-kept lease ends up to now (before inspecting it).
  void catch_up(RingPool& pool);

  const InventoryState& inventory(NetworkId network) const { return inventories_.at(network); }

  // Why `pool` holds no number it could hand out, or empty when it does or the reason is not
  // the inventory (for the control API's pool view and NoNumberAvailable messages; issue 12).
  std::string shortage_reason(const RingPool& pool) const;
  // Lines an operator should see (a network's toll-free inventory running out), oldest first;
  // taking them clears them. The server logs them; the domain only records them.
  std::vector<std::string> take_notices() { return std::exchange(notices_, {}); }
  sim::Instant now() const { return scheduler_.now(); }
  // How many timed events (ticks, fills, aging ends, month ends) the engine has run: the work an
  // advance of the clock costs (T-4 bounds it by the work due, not by the time advanced).
  std::uint64_t events_run() const { return events_run_; }

 private:
  void fill_to(RingPool& pool, std::int64_t target, bool allow_local, sim::Instant usable_at);
  std::size_t acquire_toll_free(RingPool& pool, std::size_t count, bool as_overflow_first, sim::Instant usable_at);
  std::size_t acquire_local(RingPool& pool, std::size_t count, sim::Instant usable_at);
  void release(NetworkId network, const std::vector<ReleasedNumber>& released);
  // Numbers came back to the network's inventory: pools waiting for them get their turn (P-4's
  // overflow number at once; L-4's Wait pools through their fill).
  void numbers_returned(NetworkId network);
  void schedule_local_fill(RingPool& pool, sim::Instant due);
  void run_local_fill(PoolId pool_id);
  void autoscale_tick(sim::Instant now);
  // Schedules the next autoscaling tick unless one is pending (T-4: ticks that cannot change
  // anything are not run; see tick_needed()).
  void arm_tick();
  bool tick_needed() const;
  // P-4: the next number this pool acquires is its overflow number.
  bool takes_overflow_next(const RingPool& pool) const;
  void grow(RingPool& pool);
  void grow_on_demand(RingPool& pool);
  void acquire_growth(RingPool& pool, std::size_t count, sim::Instant usable_at);
  void shrink(RingPool& pool, const autoscaling::ShrinkRule& rule);
  void month_end_shrink(sim::Instant now);
  void mark_signalled(RingPool& pool);
  sim::Duration provision_delay() const;

  World& world_;
  sim::Scheduler& scheduler_;
  std::map<NetworkId, InventoryState> inventories_;
  std::map<PoolId, sim::EventId> local_fill_events_;
  std::map<NetworkId, std::set<PoolId>> waiting_pools_;  // L-4 Wait, by network
  // P-4: pools with allow_overflow that hold no number (created on an empty inventory), by network.
  std::map<NetworkId, std::set<PoolId>> awaiting_overflow_;
  std::vector<PoolId> signalled_pools_;                  // allocated since the last tick
  std::vector<bool> signalled_flags_;                    // by pool id
  std::vector<ReleasedNumber> released_scratch_;
  std::uint64_t events_run_ = 0;
  std::vector<std::string> notices_;
  std::set<NetworkId> toll_free_exhausted_;  // noticed as exhausted, not yet given a number since
  bool tick_armed_ = false;  // an AutoscaleTick event is pending
};

}  // namespace ringpool::domain
