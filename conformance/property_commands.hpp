// The commands of `ringpool check` (issue 10): random traffic for the three APIs, drawn from one
// seeded generator per run under a swarm configuration (which command kinds are on, and their
// weights), so that rare interleavings get explored. Plain data; property_scenario.* turns a
// command list into a scenario of the one vocabulary, judged by a permissive model.
#pragma once

#include "sim/core/rng.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::conformance::property {

// Pool slots: 0..2 are pools of the primary campaign (legacy-served), 3..4 of the bulk campaign
// (bulk-served, B-8). A slot is one alias ("p0"); re-creating it after a delete makes a new pool.
inline constexpr int kSlots = 5;
inline constexpr int kFirstBulkSlot = 3;
inline bool bulk_slot(int slot) { return slot >= kFirstBulkSlot; }

enum class CommandKind {
  Create,        // POST a pool (an update when it lives: M-3)
  Update,        // PUT a partial update (max_pool_size, lifetime_seconds)
  FlipOverflow,  // PUT the other allow_overflow: refused (M-10)
  Read,          // GET one pool
  Delete,        // DELETE one pool (twice is fine: M-5)
  List,          // GET the campaign's pools
  Allocate,      // legacy allocate_number in one of three formats
  WrongKey,      // legacy allocate_number with a wrong ring_pool_key
  Bulk,          // a Bulk batch of mixed rows
  Advance,       // control: advance the clock
  BadBody,       // malformed input: not JSON, wrong types, huge values, unknown keys
  WrongToken,    // a management request with a wrong token (M-6)
};
inline constexpr std::size_t kCommandKinds = 12;
const char* command_kind_name(CommandKind kind);  // "create", ...

enum class RowKind { Valid, WrongKey, NoParameters };

struct BulkRowCommand {
  int slot = 0;
  RowKind kind = RowKind::Valid;
  bool request_id = false;  // sends request_id "r<index>"
};

struct Command {
  CommandKind kind = CommandKind::Create;
  int slot = 0;
  // Create / Update (Update: absent fields are not sent).
  std::optional<std::int64_t> max_pool_size;
  std::optional<std::int64_t> lifetime_seconds;
  bool allow_overflow = true;
  bool fill_immediately = false;
  // Allocate / WrongKey: "json", "xml" or "csv"; Allocate: how many visitors in a row (a burst).
  std::string format = "json";
  int count = 1;
  // Advance: seconds; BadBody: which malformation (0..4).
  std::int64_t seconds = 0;
  int variant = 0;
  std::vector<BulkRowCommand> rows;

  std::string describe() const;  // one line: "allocate p1 (xml)"
};

// Which kinds a run draws and how often (weights 0 = off), printed with the seed.
struct SwarmConfig {
  std::array<int, kCommandKinds> weights{};
  std::int64_t largest_pool = 10000;  // max_pool_size drawn at most (GeneratorLimits::large_pools)
  std::string describe() const;  // "create:5 allocate:9 ..." (kinds that are on)
};

// What the target allows: without clock-advance, Advance is never drawn (the reason is printed).
struct GeneratorLimits {
  bool clock_advance = true;
  bool bulk = true;  // the target description has a bulk context
  // False for a live target whose world a run cannot reset: pools of at most 20 numbers, so that
  // runs drain its inventory slowly (an exhausted inventory leaves a new pool no overflow number).
  bool large_pools = true;
};

// Draws a swarm configuration from `rng` (Create and Allocate always on).
SwarmConfig draw_swarm(sim::Rng& rng, const GeneratorLimits& limits);
// Draws up to `max_steps` commands under `swarm`.
std::vector<Command> generate_commands(sim::Rng& rng, const SwarmConfig& swarm, std::size_t max_steps);

}  // namespace ringpool::conformance::property
