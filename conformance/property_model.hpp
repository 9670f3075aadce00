// The state of `ringpool check`'s permissive model (property_scenario.*): what it knows of each
// pool slot, of time, of the target's declared world (T-5), and the capture lists its judgements
// read. It knows only the commands, never the answers (the scenario it writes is judged by the
// runner), so any sub-list of a run is a valid scenario.
//
// Two kinds of stretch of time are judged:
//  - a pool's *segment*: no clock advance in between, so no lease ended and every lease is active.
//    P-1/P-4: at most one value repeats among its answers (the overflow number), at most
//    max_pool_size + 1 distinct ones; B-5/P-4: a bulk-served pool's flagged rows are one number.
//  - a *window* of sure-trackable answers (Bulk rows without the overflow flag, B-5; the first
//    visitor of a pool filled at creation where the target declares its inventory, P-6): each
//    opened a lease of at least lifetime_seconds (P-1), so until the first of them may end the
//    window stays open across clock advances, and nothing answered in it, by any pool, repeats a
//    sure-trackable number (P-1), nor does a flagged overflow number (P-4: never leased).
#pragma once

#include "conformance/property_commands.hpp"
#include "conformance/property_toml.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

namespace ringpool::conformance::property {

struct PoolState {
  bool created = false;
  bool live = false;
  int incarnation = 0;
  std::int64_t max_pool_size = 2;
  std::int64_t max_bound = 2;  // the largest max_pool_size the incarnation may have had (P-4)
  std::int64_t lifetime_seconds = 1800;
  bool lifetime_known = true;  // a server that replaces unsent settings (M-4 [dec]) may have reset it
  bool allow_overflow = true;
  bool local = false;          // may be local (a server may keep local_center across updates)
  std::string list;            // the segment's capture list
  std::size_t entries = 0;     // answers captured into it
  std::string flagged;         // the segment's flagged Bulk rows (bulk-served pools)
  std::size_t flagged_entries = 0;
  // L-1: a local pool made with UseTollFree and allow_overflow, untouched since.
  bool fill_judged = false;
  bool local_declared = false;  // its local_center is the target's declared local_zipcode
  bool local_fresh = false;     // made local when created (not by an update of a pool that may hold local numbers)
  std::int64_t local_since_seconds = 0;
  bool touched = false;         // allocated from since its creation (its leases' length is open)
  // P-4, P-6: a new pool filled at creation (where the target declares the inventory) holds a
  // trackable number, so its first visitor (before anything else touches it) gets one.
  bool first_pending = false;
  // The window its last sure answer went to. A delete may end the pool's leases at once (M-5
  // [dec]; with no aging, P-8 [dec], another pool may hand the number out next), so deleting it
  // closes that window.
  int sure_window = -1;
};

// The window of sure-trackable answers (see above).
struct Window {
  int index = 0;
  std::size_t sure = 0, other = 0, flagged = 0;  // entries captured into each list
  std::int64_t end_seconds = std::numeric_limits<std::int64_t>::max();  // when its first lease may end

  std::string sure_list() const { return "sure-w" + std::to_string(index); }
  std::string other_list() const { return "other-w" + std::to_string(index); }
  std::string flagged_list() const { return "flagged-w" + std::to_string(index); }
  bool open() const { return sure > 0; }
};

class Model {
 public:
  explicit Model(const GeneratorLimits& limits);

  const GeneratorLimits& limits() const { return limits_; }
  PoolState& pool(int slot) { return pools_[static_cast<std::size_t>(slot)]; }
  static std::string alias(int slot) { return "p" + std::to_string(slot); }
  std::string setting_list(int slot, std::string_view setting) const;  // "p0-1-max_pool_size"
  std::string next_visit() { return "v" + std::to_string(++visit_); }
  std::string own_alias() { return "x" + std::to_string(++visit_); }
  std::int64_t now_seconds() const { return now_seconds_; }

  // Inventory (W-3, T-5): what the run's pools may hold, within what the target declares.
  void commit(std::int64_t numbers) { committed_ += numbers; }
  void raise_bound(PoolState& pool, std::int64_t max_pool_size);
  bool within_inventory() const { return committed_ <= budget_; }
  // P-6's lower bound is judged only where the target declares its inventory (T-5).
  bool fills_judged() const { return limits_.declared_numbers.has_value() && within_inventory(); }
  bool relies_on_filled_pools() const { return relied_on_filled_; }
  void rely_on_filled_pools() { relied_on_filled_ = true; }

  // A new incarnation of the slot: its segment closes first.
  void new_pool(int slot, StepWriter& out);
  // A partial update the model does not follow: a server that replaces the settings (M-4 [dec])
  // may have reset what the update left out.
  void forget_settings(PoolState& pool);

  // Capture lists for `count` allocation answers of `slot` (its segment, and the window's; a sure
  // one, the window's sure list).
  std::vector<std::string> answer_lists(int slot, bool sure, std::size_t count);
  // For answers of pools the model does not follow (the world's typed pools): the window's.
  std::vector<std::string> foreign_answer_lists();
  // The capture lists of `rows` success rows of one bulk-served pool, flagged or not (B-5).
  std::vector<std::string> bulk_row_lists(int slot, bool flagged, std::size_t rows);
  void note_sure(PoolState& pool, std::size_t answers);
  // The slot's pool is deleted: its segment closes, and the window its sure answers are in.
  void pool_deleted(int slot, StepWriter& out);

  // The clock moves: every segment closes; the window stays open while its leases all are.
  void advance(std::int64_t seconds, StepWriter& out);
  // Seconds to just before the first sure lease of the window may end (the boundary every valid
  // server shares), or `fallback` when no window is open.
  std::int64_t seconds_to_lease_boundary(std::int64_t fallback) const;
  // Closes everything at the end of the run.
  void finish(StepWriter& out);
  // Closes the slot's segment with its judgements, and opens a new one.
  void flush_segment(int slot, StepWriter& out);

 private:
  void flush_window(StepWriter& out);

  GeneratorLimits limits_;
  std::array<PoolState, kSlots> pools_{};
  Window window_;
  int segment_ = 0;
  int visit_ = 0;
  std::int64_t now_seconds_ = 0;
  std::int64_t committed_ = 0;
  std::int64_t budget_ = 0;
  bool relied_on_filled_ = false;
};

}  // namespace ringpool::conformance::property
