// A ring pool's identity and settings (spec M-9..M-19, A-6, A-7, B-8), and the PoolNumbers
// bookkeeping of what it holds, which the allocation Engine drives.
#pragma once

#include "reference/domain/phone_number.hpp"
#include "reference/domain/pool_numbers.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::domain {

using NetworkId = std::int64_t;
using PoolId = std::int64_t;

// The vendor's six pool types (spec A-7), named as its enum.
enum class PoolType {
  Custom,
  CustomWithSearchTracking,
  Search,
  SearchKeyword,
  ReferralDomain,
  ReferralDomainWithSearchTracking,
};
std::string_view pool_type_name(PoolType type);
std::optional<PoolType> parse_pool_type(std::string_view name);

enum class FallbackStrategy { UseTollFree, Wait };
std::string_view fallback_strategy_name(FallbackStrategy strategy);

// Echoes what the caller set; an empty tn_prefix is kept as given but counts as absent (M-19).
struct LocalCenter {
  std::optional<std::string> tn_prefix;
  std::optional<std::string> zipcode;
  std::optional<double> latitude;
  std::optional<double> longitude;

  bool has_tn_prefix() const { return tn_prefix.has_value() && !tn_prefix->empty(); }
  friend bool operator==(const LocalCenter&, const LocalCenter&) = default;
};

struct LocalNumberPreferences {
  std::int64_t search_radius_miles = 240;
  bool restrict_search_to_state = true;
  FallbackStrategy allocation_fallback_strategy = FallbackStrategy::UseTollFree;
  friend bool operator==(const LocalNumberPreferences&, const LocalNumberPreferences&) = default;
};

// A customer phone number linked to a pool; identity is (phone, tag).
struct Destination {
  PhoneNumber phone;
  std::optional<std::string> obfuscated_tag_id;
  friend auto operator<=>(const Destination&, const Destination&) = default;
};

inline constexpr std::size_t kCustomParameterCount = 10;

struct RingPoolSettings {
  std::string id_from_network;
  std::string name;
  bool preferred = false;
  std::int64_t lifetime_seconds = 1800;
  std::int64_t max_pool_size = 2;
  bool fill_immediately = false;
  bool allow_overflow = true;
  std::optional<LocalCenter> local_center;
  std::optional<LocalNumberPreferences> local_number_preferences;
  std::optional<std::vector<std::string>> tn_prefix_whitelist;
  std::optional<std::string> destination_type;

  bool is_local() const { return local_center.has_value(); }
  LocalNumberPreferences effective_local_preferences() const {
    return local_number_preferences.value_or(LocalNumberPreferences{});
  }
};

struct RingPool {
  PoolId id = 0;  // unique in the world, never reused
  NetworkId network_id = 0;
  std::string advertiser_id;  // id_from_network of the advertiser
  std::string campaign_id;    // id_from_network of the advertiser campaign
  RingPoolSettings settings;
  std::string api_key;  // 32 lowercase hex characters from the seeded generator
  std::vector<Destination> destinations;  // the first is the default
  PoolType type = PoolType::Custom;
  bool bulk_served = false;  // B-8
  // Custom names of param1..param10; an empty entry uses the network's data dictionary.
  std::array<std::string, kCustomParameterCount> parameter_names;

  // The numbers held and the leases on them; driven by the Engine.
  PoolNumbers numbers;
  bool local_fill_done = false;  // L-1: the delayed local fill has run (or the pool is not local)
  std::size_t local_shortfall = 0;  // L-4 Wait: slots still waiting for local numbers
};

}  // namespace ringpool::domain
