// One simulated ring pool: a World with one network, advertiser and campaign and a toll-free
// inventory, its Scheduler (virtual clock) and the reference Engine, and the pool created through
// the domain's management code, exactly as the API creates one. The simulator never allocates
// numbers itself (design.md: one allocator).
#pragma once

#include "reference/domain/engine.hpp"
#include "reference/domain/world.hpp"
#include "sim/core/scheduler.hpp"
#include "sim/plan/plan.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>

namespace ringpool::sim::plan {

class SimulatedPool {
 public:
  // The inventory's numbers are 800-000-0000 + index, so a number's digits give its index.
  static constexpr std::uint64_t kFirstNumber = 8'000'000'000;

  // Creates the world at `start` and the pool with `point`'s settings and policy. The error is
  // the domain's validation message (e.g. lifetime_seconds out of range).
  static std::expected<std::unique_ptr<SimulatedPool>, std::string> create(const PointConfig& point, Instant start);

  // Numbers in the inventory for `pool`: its inventory_numbers, or enough never to run out
  // (three times max_pool_size and 100 more: released numbers age before they return, P-8).
  static std::int64_t inventory_size(const PoolSettings& pool);

  // The most trackable numbers the pool can hold under the policy (its Erlang-B servers): what
  // the domain fills a copy of it to with fill_immediately, so the overflow rule is the domain's.
  static std::expected<std::int64_t, std::string> trackable_capacity(const PointConfig& point, Instant start);

  domain::World& world() { return *world_; }
  Scheduler& scheduler() { return *scheduler_; }
  domain::Engine& engine() { return *engine_; }
  domain::RingPool& pool() { return *pool_; }

 private:
  SimulatedPool() = default;

  std::unique_ptr<domain::World> world_;  // stable addresses for the engine's references
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<domain::Engine> engine_;
  domain::RingPool* pool_ = nullptr;
};

}  // namespace ringpool::sim::plan
