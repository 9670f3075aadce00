#include "reference/domain/ring_pool.hpp"

#include <array>
#include <utility>

namespace ringpool::domain {

namespace {

// One table serves both directions, so a name can never be printed one way and parsed another.
constexpr std::array<std::pair<PoolType, std::string_view>, 6> kPoolTypeNames{{
    {PoolType::Custom, "Custom"},
    {PoolType::CustomWithSearchTracking, "CustomWithSearchTracking"},
    {PoolType::Search, "Search"},
    {PoolType::SearchKeyword, "SearchKeyword"},
    {PoolType::ReferralDomain, "ReferralDomain"},
    {PoolType::ReferralDomainWithSearchTracking, "ReferralDomainWithSearchTracking"},
}};

}  // namespace

std::string_view pool_type_name(PoolType type) {
  for (const auto& [candidate, name] : kPoolTypeNames)
    if (candidate == type) return name;
  return "Custom";  // unreachable for valid enumerators
}

std::optional<PoolType> parse_pool_type(std::string_view name) {
  // Exact, case-sensitive: the vendor's enum names (spec A-7) are what callers must write.
  for (const auto& [type, candidate] : kPoolTypeNames)
    if (candidate == name) return type;
  return std::nullopt;
}

std::string_view fallback_strategy_name(FallbackStrategy strategy) {
  switch (strategy) {
    case FallbackStrategy::UseTollFree: return "UseTollFree";
    case FallbackStrategy::Wait: return "Wait";
  }
  return "UseTollFree";  // unreachable for valid enumerators
}

}  // namespace ringpool::domain
