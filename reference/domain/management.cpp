#include "reference/domain/management.hpp"

#include "reference/domain/ring_pool_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <limits>
#include <set>

namespace ringpool::domain {

namespace {

Campaign* mutable_campaign(World& world, const CampaignAddress& address) {
  Network* network = world.find_network(address.network_id);
  if (network == nullptr) return nullptr;
  auto advertiser = network->advertisers.find(address.advertiser_id);
  if (advertiser == network->advertisers.end()) return nullptr;
  auto campaign = advertiser->second.campaigns.find(address.campaign_id);
  return campaign == advertiser->second.campaigns.end() ? nullptr : &campaign->second;
}

// The live pool of `campaign` named `id_from_network`, or null.
const RingPool* pool_in_campaign(const World& world, const Network& network,
                                 const Campaign& campaign, const std::string& id_from_network) {
  auto it = network.pools_by_id_from_network.find(id_from_network);
  if (it == network.pools_by_id_from_network.end() || !campaign.pools.contains(it->second))
    return nullptr;
  return world.find_pool(it->second);
}

Error pool_not_found(const CampaignAddress& address, const std::string& id_from_network) {
  return Error{ErrorClass::RecordNotFound,
               fmt::format("Could not find RingPool {} for advertiser campaign {} and advertiser {}",
                           id_from_network, address.campaign_id, address.advertiser_id)};
}

std::string generate_id_from_network(Network& network) {
  std::string id;
  do {
    id = fmt::format("auto-{}", network.next_auto_pool_id++);
  } while (network.pools_by_id_from_network.contains(id));
  return id;
}

// M-13: at most one preferred pool per campaign (unless the policy lets several be preferred).
void clear_other_preferred(World& world, const Campaign& campaign, PoolId keep) {
  if (!world.policy.preferred_is_exclusive) return;
  for (PoolId id : campaign.pools)
    if (id != keep)
      if (RingPool* other = world.find_pool(id)) other->settings.preferred = false;
}

// M-15: find or create the destination in the network, link it once.
void link_destination(Network& network, RingPool& pool, const RingPoolPatch& patch) {
  if (!patch.destination_phone_number.value) return;
  Destination destination{*parse_phone_number(*patch.destination_phone_number.value),
                          patch.obfuscated_tag_id.value};
  if (destination.obfuscated_tag_id && destination.obfuscated_tag_id->empty())
    destination.obfuscated_tag_id.reset();
  network.destinations.insert(destination);
  if (std::find(pool.destinations.begin(), pool.destinations.end(), destination) ==
      pool.destinations.end())
    pool.destinations.push_back(destination);
}

void apply_settings(RingPoolSettings& settings, const RingPoolPatch& patch) {
  if (patch.name.value) settings.name = *patch.name.value;
  if (patch.preferred.value) settings.preferred = *patch.preferred.value;
  if (patch.lifetime_seconds.value) settings.lifetime_seconds = *patch.lifetime_seconds.value;
  if (patch.max_pool_size.value) settings.max_pool_size = *patch.max_pool_size.value;
  if (patch.fill_immediately.value) settings.fill_immediately = *patch.fill_immediately.value;
  if (patch.allow_overflow.value) settings.allow_overflow = *patch.allow_overflow.value;
  if (patch.local_center.value) settings.local_center = local_center_from(*patch.local_center.value);
  if (patch.local_number_preferences.value)
    settings.local_number_preferences = local_preferences_from(
        *patch.local_number_preferences.value, settings.effective_local_preferences());
  if (patch.tn_prefix_whitelist.value) settings.tn_prefix_whitelist = *patch.tn_prefix_whitelist.value;
  if (patch.destination_type.value) settings.destination_type = *patch.destination_type.value;
}

}  // namespace

Result<const Campaign*> find_campaign(const World& world, const CampaignAddress& address) {
  const Network* network = world.find_network(address.network_id);
  if (network == nullptr)
    return fail(ErrorClass::RecordNotFound, fmt::format("Could not find network {}", address.network_id));
  auto advertiser = network->advertisers.find(address.advertiser_id);
  if (advertiser == network->advertisers.end())
    return fail(ErrorClass::RecordNotFound,
                fmt::format("Could not find Advertiser {}", address.advertiser_id));
  auto campaign = advertiser->second.campaigns.find(address.campaign_id);
  if (campaign == advertiser->second.campaigns.end())
    return fail(ErrorClass::RecordNotFound,
                fmt::format("Could not find AdvertiserCampaign {} for advertiser {}",
                            address.campaign_id, address.advertiser_id));
  return &campaign->second;
}

Result<std::vector<const RingPool*>> list_pools(const World& world, const CampaignAddress& address) {
  return list_pools_after(world, address, std::nullopt, false, std::numeric_limits<std::size_t>::max());
}

Result<std::vector<const RingPool*>> list_pools_after(const World& world, const CampaignAddress& address,
                                                      std::optional<PoolId> after, bool descending,
                                                      std::size_t limit) {
  auto campaign = find_campaign(world, address);
  if (!campaign) return std::unexpected(campaign.error());
  const std::set<PoolId>& ids = (*campaign)->pools;
  std::vector<const RingPool*> pools;
  const auto take = [&](auto first, auto last) {
    for (; first != last && pools.size() < limit; ++first) pools.push_back(world.find_pool(*first));
  };
  if (!descending) {
    take(after ? ids.upper_bound(*after) : ids.begin(), ids.end());
  } else {
    const auto start = after ? std::make_reverse_iterator(ids.lower_bound(*after)) : ids.rbegin();
    take(start, ids.rend());
  }
  return pools;
}

Result<const RingPool*> read_pool(const World& world, const CampaignAddress& address,
                                  const std::string& pool_id_from_network) {
  auto campaign = find_campaign(world, address);
  if (!campaign) return std::unexpected(campaign.error());
  const Network& network = *world.find_network(address.network_id);
  if (const RingPool* pool = pool_in_campaign(world, network, **campaign, pool_id_from_network))
    return pool;
  return std::unexpected(pool_not_found(address, pool_id_from_network));
}

Result<UpsertOutcome> upsert_pool(World& world, const CampaignAddress& address,
                                  const std::optional<std::string>& url_pool_id,
                                  const RingPoolPatch& patch, sim::Instant now) {
  (void)now;  // the allocation engine (fill, resize) will use it
  auto found = find_campaign(world, address);
  if (!found) return std::unexpected(found.error());
  Campaign& campaign = *mutable_campaign(world, address);
  Network& network = *world.find_network(address.network_id);

  // Which pool does the request address? PUT: the URL's id; POST: the body's id (M-3).
  const std::optional<std::string>& addressed_id = url_pool_id ? url_pool_id : patch.id_from_network.value;
  const RingPool* existing =
      addressed_id ? pool_in_campaign(world, network, campaign, *addressed_id) : nullptr;

  RingPoolPatch effective = patch;
  const bool body_id_mistyped = patch.id_from_network.present && !patch.id_from_network.value;
  if (existing == nullptr && url_pool_id && !body_id_mistyped) {
    // PUT of an id the campaign does not have creates it under the URL's id (M-4).
    effective.id_from_network = Input<std::string>::of(*url_pool_id);
  }
  if (auto valid = validate_patch(world, network, existing, effective); !valid)
    return std::unexpected(valid.error());

  if (existing != nullptr) {
    RingPool& pool = *world.find_pool(existing->id);
    if (effective.id_from_network.value && *effective.id_from_network.value != pool.settings.id_from_network) {
      // A rename (M-9): reindex under the new id.
      network.pools_by_id_from_network.erase(pool.settings.id_from_network);
      pool.settings.id_from_network = *effective.id_from_network.value;
      network.pools_by_id_from_network[pool.settings.id_from_network] = pool.id;
    }
    if (!world.policy.partial_updates) {
      // A full replacement: what the body does not give takes its default (M-10 keeps allow_overflow).
      RingPoolSettings replaced;
      replaced.id_from_network = pool.settings.id_from_network;
      replaced.allow_overflow = pool.settings.allow_overflow;
      pool.settings = std::move(replaced);
    }
    apply_settings(pool.settings, effective);
    // B-8: an update while bulk is enabled for the network or advertiser makes it bulk-served.
    if (network.bulk_enabled || network.advertisers.at(address.advertiser_id).bulk_enabled) pool.bulk_served = true;
    link_destination(network, pool, effective);
    if (effective.preferred.value && *effective.preferred.value) clear_other_preferred(world, campaign, pool.id);
    return UpsertOutcome{&pool, false};
  }

  if (campaign.pools.size() >= kPoolsPerCampaignMax)
    return fail(ErrorClass::RecordInvalid,
                fmt::format("The campaign already has {} RingPools, the limit (C-7); delete one first.",
                            kPoolsPerCampaignMax));
  RingPool fresh;
  fresh.network_id = address.network_id;
  fresh.advertiser_id = address.advertiser_id;
  fresh.campaign_id = address.campaign_id;
  fresh.settings.id_from_network =
      effective.id_from_network.value ? *effective.id_from_network.value : generate_id_from_network(network);
  apply_settings(fresh.settings, effective);
  const Advertiser& advertiser = network.advertisers.at(address.advertiser_id);
  fresh.bulk_served = network.bulk_enabled || advertiser.bulk_enabled;  // B-8
  RingPool& pool = world.add_pool(std::move(fresh));
  link_destination(network, pool, effective);
  if (pool.settings.preferred) clear_other_preferred(world, campaign, pool.id);
  return UpsertOutcome{&pool, true};
}

Result<void> delete_pool(World& world, const CampaignAddress& address,
                         const std::string& pool_id_from_network, bool delete_destinations,
                         sim::Instant now) {
  (void)now;  // the allocation engine (ending leases, aging) will use it
  auto found = find_campaign(world, address);
  if (!found) return std::unexpected(found.error());
  const Campaign& campaign = **found;
  Network& network = *world.find_network(address.network_id);
  const RingPool* pool = pool_in_campaign(world, network, campaign, pool_id_from_network);
  if (pool == nullptr) {
    if (campaign.deleted_pool_ids.contains(pool_id_from_network)) return {};  // M-5: idempotent
    return std::unexpected(pool_not_found(address, pool_id_from_network));
  }
  if (delete_destinations) {
    const std::vector<Destination> doomed = pool->destinations;
    for (const Destination& destination : doomed) network.destinations.erase(destination);
    for (auto& [advertiser_id, advertiser] : network.advertisers)
      for (auto& [campaign_id, other_campaign] : advertiser.campaigns)
        for (PoolId id : other_campaign.pools) {
          RingPool* other = world.find_pool(id);
          std::erase_if(other->destinations, [&](const Destination& d) {
            return std::find(doomed.begin(), doomed.end(), d) != doomed.end();
          });
        }
  }
  world.remove_pool(pool->id);
  return {};
}

Result<const RingPool*> create_declared_pool(World& world, RingPool pool, sim::Instant now) {
  (void)now;
  CampaignAddress address{pool.network_id, pool.advertiser_id, pool.campaign_id};
  auto found = find_campaign(world, address);
  if (!found) return std::unexpected(found.error());
  Network& network = *world.find_network(pool.network_id);
  if (pool.settings.id_from_network.empty()) pool.settings.id_from_network = generate_id_from_network(network);
  if (network.pools_by_id_from_network.contains(pool.settings.id_from_network))
    return fail(ErrorClass::RecordInvalid, "Id from network has already been taken.");
  RingPool& stored = world.add_pool(std::move(pool));
  if (stored.settings.preferred) clear_other_preferred(world, **found, stored.id);
  return &stored;
}

}  // namespace ringpool::domain
