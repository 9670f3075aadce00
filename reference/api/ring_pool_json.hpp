// JSON for the management API: a create/update body -> RingPoolPatch (C-1 coercions, M-17
// read-only keys ignored) and a RingPool -> its representation (M-18, fields in order).
#pragma once

#include "reference/domain/ring_pool_patch.hpp"
#include "reference/domain/world.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::api {

// `body` must be a JSON object. Unknown top-level keys and read-only fields are ignored (M-17).
domain::RingPoolPatch decode_ring_pool_patch(const nlohmann::json& body);

nlohmann::ordered_json ring_pool_representation(const domain::RingPool& pool,
                                                 const domain::Network& network);

}  // namespace ringpool::api
