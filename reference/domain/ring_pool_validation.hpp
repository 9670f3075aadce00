// Validation of a RingPoolPatch against the world (spec M-9..M-19, C-1, C-5): one pass over the
// fields in M-18's representation order, so the first invalid field is the one reported.
#pragma once

#include "reference/domain/errors.hpp"
#include "reference/domain/ring_pool_patch.hpp"
#include "reference/domain/world.hpp"

namespace ringpool::domain {

// `existing` is the pool being updated, or null on create (where a missing id_from_network is
// an error unless the network generates ids).
Result<void> validate_patch(const World& world, const Network& network, const RingPool* existing,
                            const RingPoolPatch& patch);

// Builds the LocalCenter / preferences a valid patch describes (call only after validate_patch).
LocalCenter local_center_from(const LocalCenterInput& input);
LocalNumberPreferences local_preferences_from(const LocalNumberPreferencesInput& input,
                                              const LocalNumberPreferences& base);

}  // namespace ringpool::domain
