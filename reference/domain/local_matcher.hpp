// Local number matching (spec L-3): which available local numbers may fill a local pool, in the
// order they are taken (nearest first, then by number).
#pragma once

#include "reference/domain/inventory_state.hpp"
#include "reference/domain/world.hpp"

#include <cstdint>
#include <vector>

namespace ringpool::domain {

// Inventory indices of the available local numbers matching `settings` (which must be local).
std::vector<std::uint32_t> local_candidates(const World& world, const Network& network,
                                            const InventoryState& inventory,
                                            const RingPoolSettings& settings);

}  // namespace ringpool::domain
