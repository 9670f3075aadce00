// Management operations on ring pools (spec M-1..M-19): list, read, create-or-update, delete.
// Pure domain: the caller has authenticated and decoded the body into a RingPoolPatch.
#pragma once

#include "reference/domain/errors.hpp"
#include "reference/domain/ring_pool_patch.hpp"
#include "reference/domain/world.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::domain {

// Addresses a campaign as the management URL does.
struct CampaignAddress {
  NetworkId network_id = 0;
  std::string advertiser_id;
  std::string campaign_id;
};

// RecordNotFound naming the advertiser or campaign when either is unknown (M-7).
Result<const Campaign*> find_campaign(const World& world, const CampaignAddress& address);

// Live pools of the campaign, ascending id (M-1).
Result<std::vector<const RingPool*>> list_pools(const World& world, const CampaignAddress& address);
// One page of that list: at most `limit` pools after `after` (exclusive; none: from the start), in
// ascending id order or descending. O(limit + log n), so that a long list can be answered in
// pieces without visiting the whole campaign for each (issue 22).
Result<std::vector<const RingPool*>> list_pools_after(const World& world, const CampaignAddress& address,
                                                      std::optional<PoolId> after, bool descending,
                                                      std::size_t limit);

// RecordNotFound with the documented message when the campaign has no such pool (M-2, M-7).
Result<const RingPool*> read_pool(const World& world, const CampaignAddress& address,
                                  const std::string& pool_id_from_network);

struct UpsertOutcome {
  const RingPool* pool = nullptr;
  bool created = false;  // 201 when created, 200 when updated (M-3, M-4)
};

// POST (url_pool_id empty) or PUT (url_pool_id = the URL's id). Validates the whole patch first,
// in M-18's order; on any error nothing changes.
Result<UpsertOutcome> upsert_pool(World& world, const CampaignAddress& address,
                                  const std::optional<std::string>& url_pool_id,
                                  const RingPoolPatch& patch, sim::Instant now);

// M-5. Deleting an id deleted before answers success again; an id never seen is RecordNotFound.
Result<void> delete_pool(World& world, const CampaignAddress& address,
                         const std::string& pool_id_from_network, bool delete_destinations,
                         sim::Instant now);

// Creates a pool declared in a world file (W-5): like a create through the API, but it may carry
// a pool type, custom parameter names and served_by. `pool` holds the settings; id and api_key
// are assigned here.
Result<const RingPool*> create_declared_pool(World& world, RingPool pool, sim::Instant now);

}  // namespace ringpool::domain
