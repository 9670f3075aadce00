// The commands of `ringpool check` (issue 10): random traffic for the three APIs, drawn from one
// seeded generator per run under a swarm configuration (which command kinds are on, and their
// weights), so that rare interleavings get explored. Plain data; property_scenario.* turns a
// command list into a scenario of the one vocabulary, judged by a permissive model.
#pragma once

#include "conformance/capabilities.hpp"
#include "conformance/target_description.hpp"
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
  CreateLocal,   // POST a local pool (local_center, preferences, whitelist: L-1..L-5, M-19)
  OtherNetwork,  // a management request with another network's valid token (M-6)
  BadQuery,      // legacy allocate_number with bad percent-encoding or an overlong value
  TypedAllocate, // legacy allocate_number from a world-file pool of one of the six types
  Probe,         // one [doc] sentence the other kinds do not reach (ProbeKind), with its own aliases
  Faults,        // the run's world fails every request (M-7a, A-5): never weighted, drawn per run
                 // (SwarmConfig::faults) as the run's first command, so that shrinking keeps it
};
inline constexpr std::size_t kCommandKinds = 18;
inline constexpr std::size_t kWeightedKinds = 17;  // the kinds before Faults

// Probe's `variant`: single requests (or a read/update/read) whose [doc] answer every conforming
// server gives, for sentences random traffic of the other kinds never exercises.
enum class ProbeKind {
  UnknownPool,          // GET of an id the campaign never had: 404 RecordNotFound (M-7)
  MissingId,            // a create without id_from_network: 403 (M-9)
  TakenId,              // a live pool's id_from_network created in the second campaign: 403 (M-9)
  LoneLatitude,         // local_center with latitude only: 403 (M-19)
  EmptyBulk,            // a Bulk body with an empty requests array: refused (B-1)
  ReadOnlyFields,       // an update sending api_key and id: the pool keeps its own (M-17)
  Destination,          // a valid destination_phone_number is linked (M-15)
  InvalidDestination,   // an invalid one: 403 (M-15)
  DestinationTypeApi,   // destination_type API is taken (M-16)
  TagWithoutId,         // a tag network's pool refuses a destination without obfuscated_tag_id (M-15)
};
inline constexpr int kProbeKinds = 10;
// The six pool types, in the vendor's enum names; TypedAllocate's `variant` indexes them.
inline constexpr std::array<const char*, 6> kPoolTypes = {"Custom",         "CustomWithSearchTracking", "Search",
                                                          "SearchKeyword",  "ReferralDomain",           "ReferralDomainWithSearchTracking"};
const char* command_kind_name(CommandKind kind);  // "create", ...

// CsvFormat: B-2 serves only .json. OtherType: a bulk-served world-file pool of a type other than
// Custom (kPoolTypes[type]), which Bulk does not serve (B-9).
enum class RowKind { Valid, WrongKey, NoParameters, CsvFormat, OtherType };

struct BulkRowCommand {
  int slot = 0;
  RowKind kind = RowKind::Valid;
  bool request_id = false;  // sends request_id "r<index>"
  int type = 0;             // OtherType: 1..5
};

struct Command {
  CommandKind kind = CommandKind::Create;
  int slot = 0;
  // Create / Update (Update: absent fields are not sent).
  std::optional<std::int64_t> max_pool_size;
  std::optional<std::int64_t> lifetime_seconds;
  bool allow_overflow = true;
  bool fill_immediately = false;
  // Allocate / WrongKey / TypedAllocate: "json", "xml" or "csv"; Allocate: how many visitors in a
  // row (a burst). TypedAllocate: with_parameters sends what the type needs (A-7 [dec]).
  bool with_parameters = true;
  std::string format = "json";
  int count = 1;
  // Advance: seconds; BadBody: which malformation (0..6); BadQuery (0..4); OtherNetwork: list,
  // read or update (0..2).
  std::int64_t seconds = 0;
  int variant = 0;
  // CreateLocal: the local_center (0: zipcode 90210, 1: tn_prefix 212, 2: a point in Los Angeles,
  // 3: the documents' example, 45/45 with an empty tn_prefix, 4: the target's declared
  // local_zipcode), the preferences (absent when radius_miles is 0) and a whitelist of NPAs (may
  // be empty). Advance: variant 1 goes to just before the first active lease may end.
  int center = 0;
  std::int64_t radius_miles = 0;
  bool restrict_to_state = true;
  bool wait_fallback = false;
  std::vector<std::string> whitelist;
  std::vector<BulkRowCommand> rows;
  // Create / Read / List / Delete / Update: where the token goes (0 the Authorization header,
  // 1 the oauth_token query parameter, 2 the oauth_token body key; M-6). Create: a PUT (M-4), the
  // defaults left out for a new pool (allow_overflow, max_pool_size: M-10, M-11), `preferred`.
  int auth = 0;
  bool put = false;
  bool omit_defaults = false;
  std::optional<bool> preferred;
  // Allocate: 1 adds param10, 2 the network's known affiliate, 3 a referrer and
  // search keywords.
  int extra_param = 0;

  std::string describe() const;  // one line: "allocate p1 (xml)"
};

// Which kinds a run draws and how often (weights 0 = off), printed with the seed.
struct SwarmConfig {
  std::array<int, kCommandKinds> weights{};
  std::int64_t largest_pool = 10000;  // max_pool_size drawn at most (GeneratorLimits::large_pools)
  // Percent of the commands on a pool that go to the pool the run made last (0, 40 or 70), so
  // that some runs follow one pool through creation, traffic, clock moves and more traffic.
  int focus_percent = 0;
  bool bulk = true;                   // GeneratorLimits::bulk (probes of the Bulk API)
  bool tag_network = true;            // GeneratorLimits::tag_network (probes of the tag network)
  bool world = true;                  // GeneratorLimits::world (world-file pools of other types in Bulk rows)
  bool local_inventory = false;       // GeneratorLimits::local_inventory (local pools at the declared centre)
  // A run whose world fails every request (GeneratorLimits::faults): its first command is Faults.
  bool faults = false;
  std::string describe() const;  // "create:5 allocate:9 ..." (kinds that are on)
};

// What the target allows: without clock-advance, Advance is never drawn (the reason is printed).
struct GeneratorLimits {
  bool clock_advance = true;
  bool bulk = true;  // the target description has a bulk context
  // False for a live target whose world a run cannot reset: pools of at most 20 numbers, so that
  // runs drain its inventory slowly (an exhausted inventory leaves a new pool no overflow number).
  bool large_pools = true;
  bool second_network = true;  // the target description has a second network (OtherNetwork)
  bool world = true;           // the target loads world files (TypedAllocate's pools are declared there)
  bool tag_network = true;     // the target description has a tag network (Probe TagWithoutId)
  // The target loads a world's [faults] (capability fault-injection): with `world`, some runs fail
  // every request, so that service failures (M-7a, A-5) are judged too. Off in differential
  // mode: a live server's error handles keep counting across resets, the in-process one's do not.
  bool faults = true;
  // What the target file declares of its world (T-5): the model relies on nothing more.
  std::optional<std::int64_t> declared_numbers;  // [primary] numbers: inventory one run's pools may hold
  bool affiliate = true;        // [primary] affiliate (allocations on behalf of a known publisher, A-9)
  bool second_campaign = true;  // [primary] second_campaign (M-9's uniqueness probe)
  bool bulk_primary = false;    // [primary] bulk_enabled: its pools are bulk-served too
  bool generated_ids = false;   // [primary] generated_ids: a create without id_from_network is taken
  bool local_inventory = false; // [primary] local_zipcode and local_numbers (L-1's arrival)
  std::int64_t local_numbers = 0;
  bool service_failure_runs() const { return faults && world; }
};

// The limits of a target: what its capabilities allow and what its target file declares.
GeneratorLimits limits_for(const Capabilities& capabilities, const TargetDescription& description);

// Draws a swarm configuration from `rng` (Create and Allocate always on) for runs of up to
// `max_steps` commands (a service-failure run needs two: `faults` and a request).
SwarmConfig draw_swarm(sim::Rng& rng, const GeneratorLimits& limits, std::size_t max_steps);
// Draws up to `max_steps` commands under `swarm` (a service-failure run: `faults` first, then at
// least one create; draw_swarm gives one only when max_steps >= 2).
std::vector<Command> generate_commands(sim::Rng& rng, const SwarmConfig& swarm, std::size_t max_steps);

}  // namespace ringpool::conformance::property
