#include "reference/domain/inventory_state.hpp"

#include <cassert>
#include <limits>

namespace ringpool::domain {

InventoryState::InventoryState(const Network& network)
    : network_(&network),
      locations_(network.inventory.size(), NumberLocation::Available),
      is_local_(network.inventory.size()),
      explicit_count_(static_cast<std::uint32_t>(network.inventory.size())),
      range_total_(network.range_numbers()) {
  assert(explicit_count_ + range_total_ <= std::numeric_limits<std::uint32_t>::max());
  for (std::uint32_t index = 0; index < explicit_count_; ++index) {
    is_local_[index] = network.inventory[index].kind == NumberKind::Local;
    (is_local_[index] ? available_local_ : available_toll_free_).insert(index);
  }
}

std::optional<std::uint32_t> InventoryState::take_toll_free() {
  // The lowest number among three candidates: the lowest explicit one, the lowest range number
  // that came back, and the lowest range number never taken (ranges are ascending).
  std::optional<std::uint32_t> best;
  const auto consider = [&](std::uint32_t index) {
    if (!best || network_->number_at(index).digits < network_->number_at(*best).digits) best = index;
  };
  if (const auto lowest = available_toll_free_.lowest()) consider(*lowest);
  if (const auto lowest = range_returned_.lowest()) consider(*lowest);
  if (range_cursor_ < range_total_) consider(explicit_count_ + range_cursor_);
  if (!best) return std::nullopt;
  const std::uint32_t index = *best;
  if (!is_range_index(index)) {
    available_toll_free_.erase(index);
    locations_[index] = NumberLocation::InPool;
  } else if (index - explicit_count_ == range_cursor_) {
    range_locations_.push_back(NumberLocation::InPool);
    ++range_cursor_;
  } else {
    range_returned_.erase(index);
    range_location(index) = NumberLocation::InPool;
  }
  verify_after_mutation();
  return index;
}

bool InventoryState::take(std::uint32_t index) {
  if (is_range_index(index)) return false;  // range numbers are taken only as the lowest (take_toll_free)
  if (index >= locations_.size() || locations_[index] != NumberLocation::Available) return false;
  (is_local_[index] ? available_local_ : available_toll_free_).erase(index);
  locations_[index] = NumberLocation::InPool;
  verify_after_mutation();
  return true;
}

NumberLocation InventoryState::location(std::uint32_t index) const {
  if (!is_range_index(index)) return locations_[index];
  const std::uint32_t offset = index - explicit_count_;
  return offset < range_cursor_ ? range_locations_[offset] : NumberLocation::Available;
}

void InventoryState::start_aging(std::uint32_t index) {
  RINGPOOL_EXPECTS(location(index) == NumberLocation::InPool);
  (is_range_index(index) ? range_location(index) : locations_[index]) = NumberLocation::Aging;
  ++aging_;
  verify_after_mutation();
}

void InventoryState::give_back(std::uint32_t index) {
  RINGPOOL_EXPECTS(location(index) == NumberLocation::InPool);
  make_available(index);
}

void InventoryState::finish_aging(std::uint32_t index) {
  if (location(index) != NumberLocation::Aging) return;
  --aging_;
  make_available(index);
}

void InventoryState::make_available(std::uint32_t index) {
  if (is_range_index(index)) {
    range_location(index) = NumberLocation::Available;
    range_returned_.insert(index);
    verify_after_mutation();
    return;
  }
  locations_[index] = NumberLocation::Available;
  (is_local_[index] ? available_local_ : available_toll_free_).insert(index);
  verify_after_mutation();
}

void InventoryState::verify_after_mutation() {
  if constexpr (invariants::kEnabled) {
    if (sampled_check_.due(locations_.size() + range_cursor_) && !check())
      invariants::report_violation("InventoryState", "available sets, locations and range cursor disagree");
  }
}

bool InventoryState::check() const {
  if (range_locations_.size() != range_cursor_ || range_cursor_ > range_total_) return false;
  if (!available_toll_free_.check() || !available_local_.check() || !range_returned_.check()) return false;
  for (const std::uint32_t index : range_returned_)
    if (index < explicit_count_ || index - explicit_count_ >= range_cursor_) return false;
  return true;
}

}  // namespace ringpool::domain
