// ReferenceModel: one running reference — the World, its scheduler (virtual time) and the
// allocation Engine — behind the operations the APIs and the simulator call. It is the single
// place that keeps management changes and the engine in step.
#pragma once

#include "reference/domain/engine.hpp"
#include "reference/domain/management.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/scheduler.hpp"

#include <functional>
#include <memory>

namespace ringpool::domain {

class ReferenceModel {
 public:
  // The clock starts at world.epoch (T-1).
  explicit ReferenceModel(World world);
  ReferenceModel(const ReferenceModel&) = delete;
  ReferenceModel& operator=(const ReferenceModel&) = delete;

  World& world() { return *world_; }
  const World& world() const { return *world_; }
  Engine& engine() { return *engine_; }
  sim::Instant now() const { return scheduler_->now(); }
  // Runs every event due up to `t` (T-1). `t` before now is ignored.
  void advance_to(sim::Instant t);
  // advance_to(t) in slices (T-4, issue 22): runs the events due up to `t` one due instant at a
  // time and stops early when `should_yield` (asked after each instant) says so, leaving the
  // clock at the last instant run. True when the clock has reached `t`. Between calls the model
  // may serve other requests at the intermediate time.
  bool advance_toward(sim::Instant t, const std::function<bool()>& should_yield);

  // The run's generator stream for fault injection (T-2).
  sim::Rng& fault_stream() { return fault_stream_; }

  Result<UpsertOutcome> upsert_pool(const CampaignAddress& address, const std::optional<std::string>& url_pool_id,
                                    const RingPoolPatch& patch);
  Result<void> delete_pool(const CampaignAddress& address, const std::string& pool_id_from_network,
                           bool delete_destinations);

 private:
  std::unique_ptr<World> world_;  // stable addresses for the engine's references
  std::unique_ptr<sim::Scheduler> scheduler_;
  std::unique_ptr<Engine> engine_;
  sim::Rng fault_stream_;
};

}  // namespace ringpool::domain
