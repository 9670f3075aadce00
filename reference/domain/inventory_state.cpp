#include "reference/domain/inventory_state.hpp"

#include <cassert>

namespace ringpool::domain {

InventoryState::InventoryState(const std::vector<InventoryNumber>& inventory)
    : locations_(inventory.size(), NumberLocation::Available), is_local_(inventory.size()) {
  for (std::uint32_t index = 0; index < inventory.size(); ++index) {
    is_local_[index] = inventory[index].kind == NumberKind::Local;
    (is_local_[index] ? available_local_ : available_toll_free_).insert(index);
  }
}

std::optional<std::uint32_t> InventoryState::take_toll_free() {
  if (available_toll_free_.empty()) return std::nullopt;
  const std::uint32_t index = *available_toll_free_.begin();
  available_toll_free_.erase(available_toll_free_.begin());
  locations_[index] = NumberLocation::InPool;
  return index;
}

bool InventoryState::take(std::uint32_t index) {
  if (index >= locations_.size() || locations_[index] != NumberLocation::Available) return false;
  (is_local_[index] ? available_local_ : available_toll_free_).erase(index);
  locations_[index] = NumberLocation::InPool;
  return true;
}

void InventoryState::start_aging(std::uint32_t index) {
  assert(locations_[index] == NumberLocation::InPool);
  locations_[index] = NumberLocation::Aging;
}

void InventoryState::finish_aging(std::uint32_t index) {
  if (locations_[index] != NumberLocation::Aging) return;
  locations_[index] = NumberLocation::Available;
  (is_local_[index] ? available_local_ : available_toll_free_).insert(index);
}

}  // namespace ringpool::domain
