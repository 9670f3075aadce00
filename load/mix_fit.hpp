// The traffic mix a target can serve (spec T-5: a run relies on the target's world only as far as
// its file declares it). Legacy allocations need a [primary] network without network-wide Bulk
// (B-8: its pools refuse the legacy API); Bulk requests need a [bulk] table. The default mix
// leaves out what the target cannot serve, saying so; a mix the user gave is refused instead,
// with the change that fits it (a setup mistake: exit 2).
#pragma once

#include "conformance/target_description.hpp"
#include "load/traffic_mix.hpp"

#include <expected>
#include <string>
#include <vector>

namespace ringpool::load {

struct FittedMix {
  TrafficMix mix;
  std::vector<std::string> left_out;  // "bulk (the target file has no [bulk] table)", ...
};

// `given`: the user chose the mix (--mix); otherwise it is the default and may be narrowed.
std::expected<FittedMix, std::string> fit_mix(const TrafficMix& mix, const conformance::TargetDescription& description,
                                              bool given);

}  // namespace ringpool::load
