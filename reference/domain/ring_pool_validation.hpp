// Validation of a RingPoolPatch against the world (spec M-9..M-19, C-1, C-5): one pass over the
// fields in M-18's representation order, so the first invalid field is the one reported.
#pragma once

#include "reference/domain/errors.hpp"
#include "reference/domain/ring_pool_patch.hpp"
#include "reference/domain/world.hpp"

#include <cstddef>

namespace ringpool::domain {

// C-7: what one tenant may store, so that it cannot take the server's memory. Over a limit ->
// 403 RecordInvalid naming it.
inline constexpr std::size_t kNameMaxCharacters = 255;        // code points
inline constexpr std::size_t kDestinationsPerPoolMax = 100;   // destinations linked to one pool
inline constexpr std::size_t kPoolsPerCampaignMax = 1000;     // live pools in one campaign

// `existing` is the pool being updated, or null on create (where a missing id_from_network is
// an error unless the network generates ids).
Result<void> validate_patch(const World& world, const Network& network, const RingPool* existing,
                            const RingPoolPatch& patch);

// Builds the LocalCenter / preferences a valid patch describes (call only after validate_patch).
LocalCenter local_center_from(const LocalCenterInput& input);
LocalNumberPreferences local_preferences_from(const LocalNumberPreferencesInput& input,
                                              const LocalNumberPreferences& base);

}  // namespace ringpool::domain
