// JSON for the management API: a create/update body -> RingPoolPatch (C-1 coercions, M-17
// read-only keys ignored) and a RingPool -> its representation (M-18, fields in order).
#pragma once

#include "reference/domain/ring_pool_patch.hpp"
#include "reference/domain/world.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ringpool::api {

// `body` must be a JSON object. Unknown top-level keys and read-only fields are ignored (M-17).
domain::RingPoolPatch decode_ring_pool_patch(const nlohmann::json& body);

nlohmann::ordered_json ring_pool_representation(const domain::RingPool& pool,
                                                 const domain::Network& network);

// What a representation shows of a pool, copied out of the world, so that it can be written
// after the service's lock is released (a list piece: issue 22). Equal representations:
// ring_pool_representation(copy_for_representation(p, n)) == ring_pool_representation(p, n).
struct RepresentedPool {
  domain::PoolId id = 0;
  domain::RingPoolSettings settings;
  std::string api_key;
  std::vector<domain::Destination> destinations;
  std::string host;  // the network's (object_url)
};

RepresentedPool copy_for_representation(const domain::RingPool& pool, const domain::Network& network);
nlohmann::ordered_json ring_pool_representation(const RepresentedPool& pool);

}  // namespace ringpool::api
