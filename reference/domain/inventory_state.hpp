// Where each number of a network's inventory is now (spec W-3, P-8): available, in a pool, or
// aging. Keeps the available numbers in ordered bitmaps (IndexSet) so acquisition is by lowest
// number and never looks at every number one by one; the network's toll-free ranges are
// materialised lazily.
//
// Invariants (check(); in builds without NDEBUG every mutation checks them on its way out,
// sampled as the inventory grows: reference/domain/invariant_check.hpp):
//  (1) an explicit index is in available_toll_free_ or available_local_ exactly when its location
//      is Available;
//  (2) range indices below range_cursor_ have been taken at least once and their location is in
//      range_locations_; those at or above it were never taken and are Available; an index in
//      range_returned_ is below the cursor and Available;
//  (3) so memory follows the range numbers ever taken, not the ranges' size;
//  (4) each IndexSet keeps its own invariants.
#pragma once

#include "reference/domain/invariant_check.hpp"
#include "reference/domain/index_set.hpp"
#include "reference/domain/world.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace ringpool::domain {

enum class NumberLocation : std::uint8_t { Available, InPool, Aging };

class InventoryState {
 public:
  InventoryState() = default;
  // Keeps a pointer to `network` (stable: networks live in the World's map).
  explicit InventoryState(const Network& network);

  // The lowest available toll-free number, now in a pool; nullopt when none is left.
  std::optional<std::uint32_t> take_toll_free();
  // Takes a specific available number (a local candidate); false when it is not available.
  bool take(std::uint32_t index);
  void start_aging(std::uint32_t index);
  void finish_aging(std::uint32_t index);
  // P-8: a number in a pool that was never handed out returns to inventory at once.
  void give_back(std::uint32_t index);

  NumberLocation location(std::uint32_t index) const;
  const IndexSet& available_local() const { return available_local_; }
  std::uint64_t available_toll_free() const {
    return available_toll_free_.size() + range_returned_.size() + (range_total_ - range_cursor_);
  }
  std::uint64_t aging() const { return aging_; }

 private:
  bool is_range_index(std::uint32_t index) const { return index >= explicit_count_; }
  NumberLocation& range_location(std::uint32_t index) { return range_locations_[index - explicit_count_]; }
  bool check() const;
  void make_available(std::uint32_t index);
  void verify_after_mutation();

  const Network* network_ = nullptr;
  std::vector<NumberLocation> locations_;  // explicit numbers
  std::vector<bool> is_local_;
  IndexSet available_toll_free_;  // explicit inventory indices, ascending = by number
  IndexSet available_local_;
  std::uint32_t explicit_count_ = 0;
  std::uint64_t range_total_ = 0;
  std::uint32_t range_cursor_ = 0;                // range numbers taken so far, in order
  std::vector<NumberLocation> range_locations_;   // one per range number below the cursor
  IndexSet range_returned_;                       // range indices below the cursor available again
  std::uint64_t aging_ = 0;
  invariants::SampledCheck sampled_check_;
};

}  // namespace ringpool::domain
