// [[network.inventory]] entries: compact ranges of toll-free or local numbers (spec W-3), expanded
// into each network's sorted inventory with every number declared at most once in the world.
#include "reference/world_file/world_sections.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::world_file::detail {

namespace {

constexpr std::uint64_t kNumbersPerNpa = 10'000'000;

domain::PhoneNumber range_last(const InventoryRange& range) {
  return domain::PhoneNumber{range.first.digits + static_cast<std::uint64_t>(range.count) - 1};
}

std::string describe_range(const InventoryRange& range) {
  return range.count == 1 ? range.first.formatted()
                          : fmt::format("{}..{}", range.first.formatted(), range_last(range).formatted());
}

// Large toll-free ranges stay ranges (materialised as pools take their numbers).
bool is_lazy(const InventoryRange& range) {
  return range.kind == domain::NumberKind::TollFree && range.count >= kLazyRangeMinimum;
}

}  // namespace

InventoryRange read_inventory_range(TableReader& reader, domain::NetworkId network_id) {
  reader.allow_only({"kind", "first", "count", "state", "latitude", "longitude"});
  InventoryRange range;
  range.network_id = network_id;
  range.position = reader.position();
  range.context = reader.context();

  const std::string kind =
      reader.required_string("kind", StringRule{nullptr, "\"toll_free\" or \"local\""});
  if (kind == "toll_free") {
    range.kind = domain::NumberKind::TollFree;
  } else if (kind == "local") {
    range.kind = domain::NumberKind::Local;
  } else {
    reader.fail_expected("kind", *reader.find("kind"), "\"toll_free\" or \"local\"");
  }

  constexpr std::string_view kNumberExpected = "a 10-digit NANP number such as \"212-555-0100\"";
  const std::string first_text = reader.required_string("first", StringRule{nullptr, kNumberExpected});
  const auto first = domain::parse_phone_number(first_text);
  if (!first) reader.fail_expected("first", *reader.find("first"), kNumberExpected);
  range.first = *first;
  range.count = reader.optional_integer("count", 1, kMaxNumbersPerRange).value_or(1);

  const std::uint32_t npa = range.first.npa();
  const bool toll_free_npa = domain::is_toll_free_npa(npa);
  if (range.kind == domain::NumberKind::TollFree && !toll_free_npa)
    reader.fail_at(*reader.find("first"),
                   fmt::format("\"first\" {} is not toll-free; toll-free NPAs are 800, 833, 844, 855, 866, 877, 888",
                               range.first.formatted()));
  if (range.kind == domain::NumberKind::Local && toll_free_npa)
    reader.fail_at(*reader.find("first"),
                   fmt::format("\"first\" {} has a toll-free NPA; use kind = \"toll_free\"", range.first.formatted()));
  // A range never leaves its NPA: the NPA decides the kind and, for local numbers, the rate centre.
  if (range.first.digits % kNumbersPerNpa + static_cast<std::uint64_t>(range.count) > kNumbersPerNpa)
    reader.fail_at(*reader.find("count"),
                   fmt::format("\"count\" {} runs past the end of NPA {} (a range stays within one NPA)",
                               range.count, npa));

  if (range.kind == domain::NumberKind::TollFree) {
    for (std::string_view key : {"state", "latitude", "longitude"})
      if (const toml::node* node = reader.find(key))
        reader.fail_at(*node, fmt::format("\"{}\" applies only to kind = \"local\"", key));
    return range;
  }
  range.state = reader.required_string("state", StringRule{is_state_code, "a two-letter state code such as \"NY\""});
  range.location.latitude = reader.required_number("latitude", -90.0, 90.0);
  range.location.longitude = reader.required_number("longitude", -180.0, 180.0);
  return range;
}

void place_inventory(std::vector<InventoryRange> ranges, domain::World& world, std::string_view source_name) {
  // The cap is checked in file order, so the message points at the entry that crossed it.
  std::int64_t total = 0;
  std::int64_t range_total = 0;
  for (const InventoryRange& range : ranges) {
    if (is_lazy(range)) {
      range_total += range.count;
      if (range_total > kMaxRangeNumbersPerWorld)
        fail_at(source_name, range.position,
                fmt::format("{}: the world would hold more than {} numbers in toll-free ranges of {} or more",
                            range.context, kMaxRangeNumbersPerWorld, kLazyRangeMinimum));
      continue;
    }
    total += range.count;
    if (total > kMaxNumbersPerWorld)
      fail_at(source_name, range.position,
              fmt::format("{}: the world would hold more than {} numbers", range.context, kMaxNumbersPerWorld));
  }

  // Sorted by first number, two ranges share a number exactly when one starts at or before the
  // furthest end seen so far. Report the one declared later, naming the earlier.
  std::sort(ranges.begin(), ranges.end(), [](const InventoryRange& a, const InventoryRange& b) {
    return a.first.digits != b.first.digits ? a.first.digits < b.first.digits : a.sequence < b.sequence;
  });
  const InventoryRange* furthest = nullptr;
  for (const InventoryRange& range : ranges) {
    if (furthest != nullptr && range.first.digits <= range_last(*furthest).digits) {
      const InventoryRange& later = range.sequence > furthest->sequence ? range : *furthest;
      const InventoryRange& earlier = range.sequence > furthest->sequence ? *furthest : range;
      const domain::PhoneNumber shared{std::max(range.first.digits, furthest->first.digits)};
      fail_at(source_name, later.position,
              fmt::format("{}: number {} is also declared in network {} ({}, line {}); each number may be "
                          "declared only once in the world",
                          later.context, shared.formatted(), earlier.network_id, describe_range(earlier),
                          earlier.position.line));
    }
    if (furthest == nullptr || range_last(range).digits > range_last(*furthest).digits) furthest = &range;
  }

  // Ranges are disjoint and sorted, so appending keeps every network's inventory ascending.
  for (const InventoryRange& range : ranges) {
    domain::Network& network = world.networks.at(range.network_id);
    if (is_lazy(range)) {
      network.toll_free_ranges.push_back(domain::TollFreeRange{range.first, static_cast<std::uint32_t>(range.count)});
      continue;
    }
    domain::InventoryNumbers& inventory = network.inventory;
    for (std::int64_t i = 0; i < range.count; ++i) {
      domain::InventoryNumber number;
      number.number = domain::PhoneNumber{range.first.digits + static_cast<std::uint64_t>(i)};
      number.kind = range.kind;
      number.state = range.state;
      number.location = range.location;
      inventory.push_back(std::move(number));
    }
  }
}

}  // namespace ringpool::world_file::detail
