// The readers of a world file's sections (networks, inventory, ZIPs, policy, pools), one file
// each; world_toml.cpp runs them in order. Internal to world_file; failures throw LoadFailure.
#pragma once

#include "reference/domain/world.hpp"
#include "reference/world_file/toml_fields.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::world_file::detail {

// Caps that keep any input from exhausting memory (the loader must never crash, C-3's spirit).
inline constexpr std::int64_t kMaxNumbersPerRange = 1'000'000;
inline constexpr std::int64_t kMaxNumbersPerWorld = 1'000'000;
// Toll-free ranges this large are kept as ranges (domain::TollFreeRange): memory follows the
// numbers pools take, so they count against their own, larger cap (inventory indices are 32-bit).
inline constexpr std::int64_t kLazyRangeMinimum = 10'000;
inline constexpr std::int64_t kMaxRangeNumbersPerWorld = 1'000'000'000;
inline constexpr std::int64_t kMaxSeconds = 3'153'600'000;  // 100 years; keeps milliseconds in range
inline constexpr std::int64_t kMaxId = 9'007'199'254'740'991;  // 2^53 - 1: exact in every JSON client

inline constexpr StringRule kIdRule{is_identifier, "a string of printable characters without spaces (1-255)"};
inline constexpr StringRule kParameterRule{is_parameter_name,
                                           "a parameter name (letters, digits, '_', '-', '.'; 1-64)"};

// Query parameter names with a fixed meaning (spec ); a custom name may not reuse one.
bool is_reserved_parameter_name(std::string_view name);
// Fails at the first of `names` (the array at `key`) that is reserved or is the network's
// affiliate parameter: such a custom name would shadow a parameter with a fixed meaning.
void check_custom_names(const TableReader& reader, std::string_view key, const std::vector<std::string>& names,
                        std::string_view affiliate_parameter);

// [policy] and [faults] (spec P-2, P-7, P-8, L-1, L-4; fault injection).
domain::ReferencePolicy read_policy(TableReader& reader);
domain::FaultInjection read_faults(TableReader& reader);

// One [[zip]] entry (spec W-4).
domain::ZipEntry read_zip_entry(TableReader& reader);

// One [[network.inventory]] entry: `count` consecutive numbers from `first` (spec W-3).
struct InventoryRange {
  domain::NetworkId network_id = 0;
  domain::PhoneNumber first;
  std::int64_t count = 1;
  domain::NumberKind kind = domain::NumberKind::TollFree;
  std::string state;
  domain::Coordinates location;
  Position position;     // of the entry, for messages
  std::string context;   // "network 1, inventory entry 3"
  std::size_t sequence = 0;  // declaration order in the file
};
InventoryRange read_inventory_range(TableReader& reader, domain::NetworkId network_id);

// Expands every range into its network's inventory, ascending by number. Fails when a number is
// declared twice (in one network or two) or the world would exceed kMaxNumbersPerWorld.
void place_inventory(std::vector<InventoryRange> ranges, domain::World& world, std::string_view source_name);

// One [[network]] with its advertisers and affiliates (spec W-1, W-2). The inventory ranges are
// returned apart: they are placed once every network is read.
struct NetworkDeclaration {
  domain::Network network;
  Position id_position;
  std::vector<InventoryRange> ranges;
};
NetworkDeclaration read_network(TableReader& reader);

// Every [[ring_pool]] (spec W-5), created in file order through domain::create_declared_pool.
void declare_pools(const std::vector<const toml::table*>& tables, domain::World& world,
                   std::string_view source_name);

}  // namespace ringpool::world_file::detail
