// What a scenario relies on about the target's world beyond its capabilities (spec T-5: a
// vendor-profile check relies on the target's inventory, networks, publishers, campaigns or Bulk
// enablement only as far as the target file declares them), found from its steps; and whether
// the target description declares it. A scenario that needs an undeclared fact is skipped, with
// the reason, before it sends anything: never failed for a promise the target did not make.
#pragma once

#include "conformance/scenario.hpp"
#include "conformance/target_description.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::conformance {

enum class WorldFact {
  SecondCampaign,    // the context's second_campaign (campaign = "second", ${second_campaign})
  Affiliate,         // the context's affiliate (${affiliate}, set_bulk affiliate)
  LegacyServed,      // pools of the context answer the legacy API: its network has no network-wide Bulk (B-8)
  RequiredIds,       // a create without id_from_network is refused: the network does not generate ids (M-9)
  GeneratedIds,      // a create without id_from_network is taken: the network generates ids (M-9)
  Numbers,           // the scenario's pools may hold `amount` numbers at once (W-3)
  FilledPools,       // as Numbers, and the amount is declared (P-6's lower bound: a fill reaches max_pool_size)
  LocalNumbers,      // `amount` local numbers near the declared local_zipcode (L-1)
  UntaggedDestinations,  // a destination without obfuscated_tag_id is taken: the network is not the [tags] one (M-15)
};

struct FactNeed {
  WorldFact fact = WorldFact::Numbers;
  std::string context = "primary";  // the target description's table: primary | second | bulk | tags
  std::int64_t amount = 0;          // Numbers, FilledPools, LocalNumbers
  std::string why;                  // the step that needs it ("step 3: create_pool p")
};

// Every fact the steps the scenario sends in `profile` rely on (step_idle_in: a step nothing
// judges there is not sent), in step order: one entry per fact and context, the largest amount.
// `relies_on` names of the scenario file add scenario-wide needs ("filled-pools").
std::vector<FactNeed> facts_needed(const Scenario& scenario, Profile profile = Profile::Vendor);

// Why `description` does not promise `need` (the skip reason, naming the key to declare), or
// nullopt when it does.
std::optional<std::string> undeclared(const FactNeed& need, const TargetDescription& description);

// The first undeclared fact of the scenario's needs in `profile`, as a skip reason; nullopt when
// all are declared.
std::optional<std::string> first_undeclared_fact(const Scenario& scenario, const TargetDescription& description,
                                                 Profile profile = Profile::Vendor);

// True when the network of `context` has Bulk enabled network-wide (any table of that network
// declares bulk_enabled).
bool network_bulk_enabled(const TargetDescription& description, std::string_view context);

}  // namespace ringpool::conformance
