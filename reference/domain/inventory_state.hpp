// Where each number of a network's inventory is now (spec W-3, P-8): available, in a pool, or
// aging. Keeps the available numbers in ordered sets so acquisition is by lowest number and
// never scans the whole inventory.
#pragma once

#include "reference/domain/world.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace ringpool::domain {

enum class NumberLocation : std::uint8_t { Available, InPool, Aging };

class InventoryState {
 public:
  InventoryState() = default;
  explicit InventoryState(const std::vector<InventoryNumber>& inventory);

  // The lowest available toll-free number, now in a pool; nullopt when none is left.
  std::optional<std::uint32_t> take_toll_free();
  // Takes a specific available number (a local candidate); false when it is not available.
  bool take(std::uint32_t index);
  void start_aging(std::uint32_t index);
  void finish_aging(std::uint32_t index);

  NumberLocation location(std::uint32_t index) const { return locations_[index]; }
  const std::set<std::uint32_t>& available_local() const { return available_local_; }
  std::size_t available_toll_free() const { return available_toll_free_.size(); }

 private:
  std::vector<NumberLocation> locations_;
  std::vector<bool> is_local_;
  std::set<std::uint32_t> available_toll_free_;  // inventory indices, ascending = by number
  std::set<std::uint32_t> available_local_;
};

}  // namespace ringpool::domain
