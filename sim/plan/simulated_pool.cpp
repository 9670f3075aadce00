#include "sim/plan/simulated_pool.hpp"

#include "reference/domain/management.hpp"

#include <algorithm>

namespace ringpool::sim::plan {

std::int64_t SimulatedPool::inventory_size(const PoolSettings& pool) {
  if (pool.inventory_numbers > 0) return pool.inventory_numbers;
  return 3 * std::max<std::int64_t>(pool.max_pool_size, 1) + 100;
}

std::expected<std::unique_ptr<SimulatedPool>, std::string> SimulatedPool::create(const PointConfig& point,
                                                                                 Instant start) {
  std::unique_ptr<SimulatedPool> simulated(new SimulatedPool());
  auto world = std::make_unique<domain::World>(1);
  world->epoch = start;
  world->policy = point.policy;
  domain::Network network;
  network.id = 1;
  network.host = "plan.ringpool.test";
  network.tokens = {"plan"};
  domain::Advertiser advertiser;
  advertiser.id_from_network = "advertiser";
  advertiser.campaigns["campaign"].id_from_network = "campaign";
  network.advertisers.emplace("advertiser", std::move(advertiser));
  const std::int64_t count = inventory_size(point.pool);
  network.inventory.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i)
    network.inventory.push_back(domain::InventoryNumber{domain::PhoneNumber{kFirstNumber + static_cast<std::uint64_t>(i)},
                                                        domain::NumberKind::TollFree, {}, {}});
  world->networks.emplace(1, std::move(network));

  simulated->world_ = std::move(world);
  simulated->scheduler_ = std::make_unique<Scheduler>(start);
  simulated->engine_ = std::make_unique<domain::Engine>(*simulated->world_, *simulated->scheduler_);

  // The same two steps as ReferenceModel::upsert_pool: the management code validates and stores
  // the pool, the engine fills it (P-6).
  using domain::Input;
  domain::RingPoolPatch patch;
  patch.id_from_network = Input<std::string>::of("plan");
  patch.max_pool_size = Input<std::int64_t>::of(point.pool.max_pool_size);
  patch.lifetime_seconds = Input<std::int64_t>::of(point.pool.lifetime_seconds);
  patch.allow_overflow = Input<bool>::of(point.pool.allow_overflow);
  patch.fill_immediately = Input<bool>::of(point.pool.fill_immediately);
  const domain::CampaignAddress address{1, "advertiser", "campaign"};
  auto outcome = domain::upsert_pool(*simulated->world_, address, std::nullopt, patch, start);
  if (!outcome) return std::unexpected(outcome.error().message);
  simulated->pool_ = simulated->world_->find_pool(outcome->pool->id);
  simulated->engine_->on_pool_created(*simulated->pool_);
  return simulated;
}

std::expected<std::int64_t, std::string> SimulatedPool::trackable_capacity(const PointConfig& point, Instant start) {
  PointConfig filled = point;
  filled.pool.fill_immediately = true;
  filled.pool.inventory_numbers = std::max<std::int64_t>(point.pool.max_pool_size, 1) + 1;
  auto simulated = create(filled, start);
  if (!simulated) return std::unexpected(simulated.error());
  return static_cast<std::int64_t>((*simulated)->pool().numbers.trackable());
}

}  // namespace ringpool::sim::plan
