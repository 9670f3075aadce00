// The World (spec W-1..W-5): networks with their advertisers, campaigns, affiliates, inventory
// and ring pools, plus the ZIP table and the reference's knobs. Plain data and lookups; the
// operations that change it (management, allocation) live in their own files.
//
// Invariants:
//  (1) every live pool id in pools_ appears in exactly one Campaign::pools and in its network's
//      pools_by_id_from_network under its settings.id_from_network;
//  (2) pool ids only grow; a deleted pool's slot stays null forever;
//  (3) ordered containers everywhere, so iteration order never depends on hashing.
#pragma once

#include "reference/domain/geo.hpp"
#include "reference/domain/policy.hpp"
#include "reference/domain/ring_pool.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::domain {

struct Campaign {
  std::string id_from_network;
  std::set<PoolId> pools;                      // live pools, ascending id (M-1 order)
  std::set<std::string> deleted_pool_ids;      // id_from_network of pools deleted here (M-5)
};

struct Advertiser {
  std::string id_from_network;
  bool bulk_enabled = false;
  std::map<std::string, Campaign> campaigns;
};

struct Affiliate {
  std::string id_from_network;
  bool bulk_enabled = false;
};

enum class NumberKind { TollFree, Local };

// One number of a network's inventory (W-3). Where it currently is (available, in a pool, aging)
// is tracked by the allocation engine.
struct InventoryNumber {
  PhoneNumber number;
  NumberKind kind = NumberKind::TollFree;
  std::string state;      // two-letter state of a local number's rate centre; empty for toll-free
  Coordinates location;   // rate centre of a local number
};

// A network's explicit inventory numbers, ascending by number. Copies of a world share them until
// one changes them; nothing does once the world is built (`ringpool check` copies a built world
// for every run, and copying thousands of numbers each time was a tenth of its time). Built on one
// thread: a copy shared with another thread must not be changed.
class InventoryNumbers {
 public:
  using const_iterator = std::vector<InventoryNumber>::const_iterator;

  const std::vector<InventoryNumber>& all() const { return numbers_ ? *numbers_ : none(); }
  std::size_t size() const { return all().size(); }
  bool empty() const { return all().empty(); }
  const InventoryNumber& operator[](std::size_t index) const { return all()[index]; }
  const InventoryNumber& front() const { return all().front(); }
  const InventoryNumber& back() const { return all().back(); }
  const_iterator begin() const { return all().begin(); }
  const_iterator end() const { return all().end(); }

  void reserve(std::size_t count) { edit().reserve(count); }
  void push_back(InventoryNumber number) { edit().push_back(std::move(number)); }

 private:
  static const std::vector<InventoryNumber>& none();
  // The numbers to change: copied first when another world shares them.
  std::vector<InventoryNumber>& edit();

  std::shared_ptr<std::vector<InventoryNumber>> numbers_;
};

// A range of toll-free numbers held as a range (W-3): its numbers exist only as inventory indices
// until a pool takes one, so a network can hold millions of them in memory proportional to the
// numbers touched (issue 12: an inventory nobody can drain by hand).
struct TollFreeRange {
  PhoneNumber first;
  std::uint32_t count = 0;
};

struct Network {
  NetworkId id = 0;
  std::string host;  // for object_url and tracking_url (C-6)
  std::vector<std::string> tokens;
  bool tag_destinations = false;
  bool auto_id_from_network = false;
  std::string affiliate_parameter = "pid";
  std::vector<std::string> data_dictionary;  // up to 10 names for param1..param10
  bool bulk_enabled = false;
  std::map<std::string, Advertiser> advertisers;
  std::map<std::string, Affiliate> affiliates;
  InventoryNumbers inventory;  // ascending by number
  // Ascending, disjoint, none sharing a number with `inventory`. Their numbers take the inventory
  // indices after inventory's: index inventory.size() + k is the k-th number of the ranges in order.
  std::vector<TollFreeRange> toll_free_ranges;

  // Every inventory index's number, explicit or in a range.
  PhoneNumber number_at(std::uint32_t index) const;
  // How many numbers the ranges hold.
  std::uint64_t range_numbers() const;
  std::map<std::string, PoolId> pools_by_id_from_network;
  std::set<Destination> destinations;
  std::int64_t next_auto_pool_id = 1;  // for auto_id_from_network

  // Constant-time comparison against every token (A-3's rule applied to tokens too).
  bool has_token(std::string_view token) const;
};

// The pools of a world, each on the heap (its address never changes while it lives: the engine
// holds references), copied deeply with the world. With it World's copies are member-wise, so a
// member added to World later is copied too.
class PoolStore {
 public:
  PoolStore() = default;
  PoolStore(const PoolStore& other);
  PoolStore& operator=(const PoolStore& other);
  PoolStore(PoolStore&&) noexcept = default;
  PoolStore& operator=(PoolStore&&) noexcept = default;
  ~PoolStore() = default;

  std::vector<std::unique_ptr<RingPool>> slots;  // index = id - 1; a deleted pool's slot is null
};

class World {
 public:
  explicit World(std::uint64_t seed = 1);
  // Copies are deep (pools included): a world built once is copied for each run that starts
  // from it. The inventory numbers are shared between copies (InventoryNumbers).

  // Starts the key stream afresh from `seed`, as if the world had been made with it. Only before
  // the first pool: an existing pool's key came from the old seed.
  void reseed(std::uint64_t seed);

  std::map<NetworkId, Network> networks;
  ZipTable zips;
  ReferencePolicy policy;
  FaultInjection faults;
  sim::Instant epoch = sim::kDefaultEpoch;

  std::uint64_t seed() const { return seed_; }
  Network* find_network(NetworkId id);
  const Network* find_network(NetworkId id) const;

  RingPool* find_pool(PoolId id);
  const RingPool* find_pool(PoolId id) const;
  // Takes ownership, assigns the next id and a fresh api_key, indexes it in its network and
  // campaign (which must exist). Returns the stored pool.
  RingPool& add_pool(RingPool pool);
  // Unindexes and destroys a live pool; records its id_from_network as deleted in its campaign.
  void remove_pool(PoolId id);
  PoolId last_pool_id() const { return static_cast<PoolId>(pools_.slots.size()); }

  // 32 lowercase hex characters from the world's key stream (M-18).
  std::string next_api_key();

 private:
  std::uint64_t seed_;
  sim::Rng key_stream_;
  PoolStore pools_;
};

}  // namespace ringpool::domain
