#include "reference/domain/world.hpp"

#include <cassert>

namespace ringpool::domain {

bool Network::has_token(std::string_view token) const {
  bool found = false;
  for (const std::string& candidate : tokens) {
    // Compare every byte of equal-length candidates so timing does not reveal a prefix match.
    unsigned char difference = candidate.size() == token.size() ? 0 : 1;
    const std::size_t length = candidate.size() == token.size() ? token.size() : 0;
    for (std::size_t i = 0; i < length; ++i)
      difference |= static_cast<unsigned char>(candidate[i] ^ token[i]);
    found |= (difference == 0 && !candidate.empty());
  }
  return found;
}

const std::vector<InventoryNumber>& InventoryNumbers::none() {
  static const std::vector<InventoryNumber> empty;
  return empty;
}

std::vector<InventoryNumber>& InventoryNumbers::edit() {
  if (!numbers_) numbers_ = std::make_shared<std::vector<InventoryNumber>>();
  else if (numbers_.use_count() > 1) numbers_ = std::make_shared<std::vector<InventoryNumber>>(*numbers_);
  return *numbers_;
}

PhoneNumber Network::number_at(std::uint32_t index) const {
  if (index < inventory.size()) return inventory[index].number;
  std::uint64_t offset = index - inventory.size();
  for (const TollFreeRange& range : toll_free_ranges) {
    if (offset < range.count) return PhoneNumber{range.first.digits + offset};
    offset -= range.count;
  }
  assert(false && "inventory index out of range");
  return PhoneNumber{};
}

std::uint64_t Network::range_numbers() const {
  std::uint64_t total = 0;
  for (const TollFreeRange& range : toll_free_ranges) total += range.count;
  return total;
}

World::World(std::uint64_t seed) : seed_(seed), key_stream_(sim::Rng(seed).stream("api-keys")) {}

PoolStore::PoolStore(const PoolStore& other) {
  slots.reserve(other.slots.size());
  for (const std::unique_ptr<RingPool>& pool : other.slots) slots.push_back(pool ? std::make_unique<RingPool>(*pool) : nullptr);
}

PoolStore& PoolStore::operator=(const PoolStore& other) {
  if (this != &other) *this = PoolStore(other);
  return *this;
}

void World::reseed(std::uint64_t seed) {
  assert(pools_.slots.empty());
  seed_ = seed;
  key_stream_ = sim::Rng(seed).stream("api-keys");
}

Network* World::find_network(NetworkId id) {
  auto it = networks.find(id);
  return it == networks.end() ? nullptr : &it->second;
}

const Network* World::find_network(NetworkId id) const {
  auto it = networks.find(id);
  return it == networks.end() ? nullptr : &it->second;
}

RingPool* World::find_pool(PoolId id) {
  if (id < 1 || id > static_cast<PoolId>(pools_.slots.size())) return nullptr;
  return pools_.slots[static_cast<std::size_t>(id - 1)].get();
}

const RingPool* World::find_pool(PoolId id) const {
  if (id < 1 || id > static_cast<PoolId>(pools_.slots.size())) return nullptr;
  return pools_.slots[static_cast<std::size_t>(id - 1)].get();
}

RingPool& World::add_pool(RingPool pool) {
  pool.id = static_cast<PoolId>(pools_.slots.size()) + 1;
  pool.api_key = next_api_key();
  Network& network = networks.at(pool.network_id);
  Campaign& campaign = network.advertisers.at(pool.advertiser_id).campaigns.at(pool.campaign_id);
  campaign.pools.insert(pool.id);
  campaign.deleted_pool_ids.erase(pool.settings.id_from_network);
  network.pools_by_id_from_network[pool.settings.id_from_network] = pool.id;
  pools_.slots.push_back(std::make_unique<RingPool>(std::move(pool)));
  return *pools_.slots.back();
}

void World::remove_pool(PoolId id) {
  RingPool* pool = find_pool(id);
  assert(pool != nullptr);
  Network& network = networks.at(pool->network_id);
  Campaign& campaign = network.advertisers.at(pool->advertiser_id).campaigns.at(pool->campaign_id);
  campaign.pools.erase(id);
  campaign.deleted_pool_ids.insert(pool->settings.id_from_network);
  network.pools_by_id_from_network.erase(pool->settings.id_from_network);
  pools_.slots[static_cast<std::size_t>(id - 1)].reset();
}

std::string World::next_api_key() { return key_stream_.hex(32); }

}  // namespace ringpool::domain
