#include "reference/domain/reference_model.hpp"

namespace ringpool::domain {

ReferenceModel::ReferenceModel(World world)
    : world_(std::make_unique<World>(std::move(world))),
      scheduler_(std::make_unique<sim::Scheduler>(world_->epoch)),
      engine_(std::make_unique<Engine>(*world_, *scheduler_)),
      fault_stream_(sim::Rng(world_->seed()).stream("faults")) {}

void ReferenceModel::advance_to(sim::Instant t) {
  if (t > scheduler_->now()) scheduler_->run_until(t);
}

bool ReferenceModel::advance_toward(sim::Instant t, const std::function<bool()>& should_yield) {
  if (t <= scheduler_->now()) return true;
  while (const auto due = scheduler_->next_due()) {
    if (*due > t) break;
    scheduler_->run_until(*due);
    if (should_yield()) return false;
  }
  scheduler_->run_until(t);
  return true;
}

Result<UpsertOutcome> ReferenceModel::upsert_pool(const CampaignAddress& address,
                                                  const std::optional<std::string>& url_pool_id,
                                                  const RingPoolPatch& patch) {
  // Keep the settings from before the change so the engine can tell what moved (P-9).
  std::optional<RingPoolSettings> before;
  if (auto existing_id = url_pool_id ? url_pool_id : patch.id_from_network.value) {
    if (auto existing = read_pool(*world_, address, *existing_id)) before = (*existing)->settings;
  }
  auto outcome = domain::upsert_pool(*world_, address, url_pool_id, patch, scheduler_->now());
  if (!outcome) return outcome;
  RingPool& pool = *world_->find_pool(outcome->pool->id);
  if (outcome->created) {
    engine_->on_pool_created(pool);
  } else if (before) {
    engine_->on_pool_updated(pool, *before);
  }
  return outcome;
}

Result<void> ReferenceModel::delete_pool(const CampaignAddress& address, const std::string& pool_id_from_network,
                                         bool delete_destinations) {
  if (auto existing = read_pool(*world_, address, pool_id_from_network))
    engine_->on_pool_deleting(*world_->find_pool((*existing)->id));
  return domain::delete_pool(*world_, address, pool_id_from_network, delete_destinations, scheduler_->now());
}

}  // namespace ringpool::domain
