// What the deliberately broken targets (defects.*) are built from: what a defect learnt in the
// current scenario (pool keys, the numbers each pool answered and when, the clock), one call as a
// defect sees it (the request, and the correct target behind it), and helpers that read and bend
// answers of the three APIs. Each defect is a few lines on top of these (defects_*.cpp).
#pragma once

#include "conformance/target.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance::defect {

// ---- what a defect learnt in the scenario ------------------------------------------------------

// What one pool has answered (by the allocation API's pool id).
struct PoolMemory {
  std::string first_number;               // its first answer
  std::string last_trackable;             // the last answer taken for a trackable (leased) number
  std::size_t answers = 0;
  std::set<std::string> since_advance;    // numbers answered since the clock last moved
  std::set<std::string> overflow_numbers; // answers taken for the overflow number
  // Trackable answers whose lease may still be active: number -> the time it was handed out (ms).
  std::map<std::string, std::int64_t> leased_at_ms;
  bool advanced_since_first = false;      // the clock moved after its first answer
  std::int64_t created_at_ms = -1;        // when a management answer first named it
  std::int64_t lifetime_seconds = 1800;   // as its latest management answer says
  bool done = false;                      // a one-shot defect broke it already
  std::string substitute;                 // a number a defect answers in place of the right one
  std::size_t invented = 0;               // numbers made up for it so far
};

struct Memory {
  std::set<std::string> deleted;            // pool paths deleted once
  std::set<std::string> created;            // base + id_from_network of creates
  std::map<std::string, std::string> keys;  // pool id -> api_key, from management answers
  std::map<std::string, std::string> forged_keys;  // pool id -> the api_key a body set
  std::set<std::string> fill_immediately;   // pool ids created with fill_immediately
  std::set<std::string> local;              // pool ids created with a local_center
  std::set<std::string> local_wait;         // local pool ids with the Wait strategy
  std::map<std::string, PoolMemory> pools;  // by pool id
  std::int64_t now_ms = 0;                  // the sum of the clock advances
  std::size_t invented = 0;
  std::uint64_t seed = 0;                   // the scenario's, for defects that pick at random
  bool flagged_once = false;                // a defect that flips one flag did
  // The correct target's latest answer, to tell whether the defect changed the one it returns.
  std::optional<api::Response> last_forwarded;
  bool request_bent = false;  // the defect sent the correct target another request than the client's

  // A made-up toll-free number no world holds (800-551-01xx).
  std::string invented_number() { return "80055101" + std::to_string(10 + invented++ % 90); }
  void learn_management(const api::Request& request, const api::Response& response);
  void learn_advance(const api::Request& request, const api::Response& response);
};

// ---- the table of defects ----------------------------------------------------------------------

// Which APIs a defect bends (a mask); the others pass through unchanged.
inline constexpr unsigned kManagement = 1, kAllocation = 2, kBulk = 4, kControl = 8;
unsigned api_bit(ApiKind api);

struct Call;
// One defect: the [doc] sentence it breaks (clauses.toml), its name, one line on what it does,
// the APIs it bends, and the decorator itself.
struct Entry {
  std::string_view sentence;  // "P-1.2"
  std::string_view name;      // "lease-reuse"
  std::string_view what;
  unsigned apis = 0;
  Exchange (*send)(Call& call) = nullptr;
};
// The defects of each API, in the order of their sentences (defects_*.cpp).
std::span<const Entry> management_entries();
std::span<const Entry> allocation_entries();
std::span<const Entry> bulk_entries();

// ---- one call -----------------------------------------------------------------------------------

// One request as a defect sees it: the correct target behind it, what the defect learnt, and the
// token the target accepts (for defects that ignore authentication).
struct Call {
  Target& inner;
  Memory& memory;
  const std::string& valid_token;
  ApiKind api;
  const api::Request& request;

  // The correct target's answer to `request` (the call's own by default); successful management
  // writes and clock advances teach the memory.
  Exchange forward() const { return forward(request); }
  Exchange forward(const api::Request& other) const;
};

// ---- reading and making answers -----------------------------------------------------------------

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

bool contains(std::string_view text, std::string_view part);
bool is_success(const api::Response& response);
std::string pool_id_of(std::string_view path);  // the id after /ring_pools/
std::string pool_of_suffix(std::string suffix);  // the pool id a Bulk api_suffix names (B-2's forms)
bool is_list_path(std::string_view path);
bool is_pool_path(std::string_view path);
std::string_view format_of(std::string_view path);  // json, xml or csv
std::string formatted(std::string_view number);     // NPA-NXX-XXXX
void replace_all(std::string& text, std::string_view from, std::string_view to);

Exchange answer(api::Response response);
api::Response json_answer(int status, const Json& body);
api::Response text_answer(int status, std::string body);
api::Response record_invalid(std::string message);
// The request with its JSON body replaced.
api::Request with_body(const api::Request& request, const Json& body);
// A string field of a JSON object, or empty (never throws, whatever the value's type).
std::string string_field(const Json& object, const char* name);

// Applies `edit` to every ring pool object of a management answer (one pool or a list).
void edit_pools(api::Response& response, const std::function<void(OrderedJson&)>& edit);
// Applies `edit` to the rows of a Bulk answer (the "responses" array).
void edit_rows(api::Response& response, const std::function<void(OrderedJson&)>& edit);
OrderedJson invented_row(const OrderedJson& row, const std::string& number);
OrderedJson error_row(const OrderedJson& row, std::string error_class, std::string message);

// A legacy allocation answer or Bulk success row, read in its format.
struct Allocation {
  std::string number;     // 10 digits, empty when the answer is no allocation
  std::string formatted;  // as the answer gave it
  bool overflow_flag = false;
};
Allocation read_allocation(const api::Response& response, std::string_view format);
// The answer with its number replaced by `number` (digits and formatted form).
void replace_number(api::Response& response, const Allocation& allocation, const std::string& number);

// ---- bending the numbers a pool hands out -------------------------------------------------------

// What the pool's memory says of one legacy answer, before a defect bends it: taken for the
// overflow number when flagged, or when the pool already answered it since the clock last moved
// (a server need not flag it, A-2 [dec]; no lease can have ended meanwhile).
struct Answered {
  PoolMemory& pool;
  const Allocation& allocation;
  bool overflow = false;
  std::string pool_id;  // the allocation API's pool id
};
// A legacy allocation through the correct target; `choose` may name another number to answer
// (empty: the correct one). The pool's memory is updated with the correct answer first.
using NumberChooser = std::function<std::string(Call&, Answered&)>;
Exchange bend_allocation(Call& call, const NumberChooser& choose);
// The same for each success row of a Bulk answer, by the pool of its request's api_suffix.
Exchange bend_bulk_rows(Call& call, const NumberChooser& choose);
// bend_allocation or bend_bulk_rows, by the call's API (lease and overflow defects bend both).
Exchange bend_numbers(Call& call, const NumberChooser& choose);

// A leased number of the pool other than the answer (the most recent one, or one picked with the
// scenario's seed), or empty.
std::string last_leased(const PoolMemory& pool, const std::string& besides);
std::string random_leased(const Memory& memory, const PoolMemory& pool, const std::string& besides);

}  // namespace ringpool::conformance::defect
