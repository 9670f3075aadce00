// A scenario, as read from a TOML file (format: scenarios/README.md): metadata, an optional world,
// and steps that send requests to the three APIs (or the control API) and state what the answers
// must show. Plain data: the parser builds it, the runner executes it.
#pragma once

#include "conformance/results.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ringpool::conformance {

// What an expectation judges (flags: a key may apply to several).
namespace subject {
inline constexpr unsigned kResponse = 1;  // a whole response
inline constexpr unsigned kRow = 2;       // one Bulk response row
inline constexpr unsigned kList = 4;      // a captured list (distinct steps)
}  // namespace subject

using StringPairs = std::vector<std::pair<std::string, std::string>>;
using JsonPairs = std::vector<std::pair<std::string, nlohmann::json>>;

struct ExpectationKey;  // one word of the vocabulary: expectation_keys.hpp
struct ExpectationRow;

// A parsed expectation value; which alternative a key uses is the key's business (its parser
// stores it, its checker reads it back).
using ExpectationValue = std::variant<bool, std::size_t, std::string, std::vector<int>, std::vector<std::string>,
                                      StringPairs, JsonPairs, nlohmann::json, std::vector<ExpectationRow>>;

struct Expectation {
  const ExpectationKey* key = nullptr;  // never null once parsed
  ExpectationValue value;
};

// Expectations on one response (or one Bulk row, or a captured list), at one level: the checks
// in vocabulary order (so they run, and are reported, in a stable order). Strings may hold
// ${...} placeholders. The parser never builds an empty tier: a tier without checks is a
// scenario-file error.
struct Expectations {
  std::optional<std::string> clause;  // overrides the step's clause for these checks
  std::vector<Expectation> checks;

  bool empty() const { return checks.empty(); }
  const Expectation* find(std::string_view key) const;
};

struct ExpectationRow {
  std::size_t index = 0;
  Expectations expect;  // rows nest no further
};

// The three tiers a step states: `expect` ([doc]: every profile), `strict` ([dec]: strict and
// reference), `reference` ([ref]: reference only).
struct Tiers {
  Expectations doc, dec, ref;
};

enum class StepKind {
  CreatePool,   // POST <base>.json; records the pool under an alias
  UpdatePool,   // PUT <base>/<id>.json
  ReadPool,     // GET <base>/<id>.json
  DeletePool,   // DELETE <base>/<id>.json
  ListPools,    // GET <base>.json
  UsePool,      // GET an existing pool (declared in the world) and record it under an alias
  Allocate,     // legacy allocate_number.<format>
  Bulk,         // POST bulk.json
  Request,      // any request to any API
  Advance,      // control: advance the clock
  SetBulk,      // control: enable or disable Bulk for a network, advertiser or affiliate
  Inspect,      // control: GET /_control/ring_pools/<id> (white-box)
  Distinct,     // count distinct values of a captured list
};
const char* step_kind_name(StepKind kind);  // the TOML key: "create_pool", ...

struct BulkRow {
  std::optional<std::string> pool;    // alias; with the default suffix form
  std::map<std::string, std::string> params;
  std::optional<nlohmann::json> request_id;
  std::optional<std::string> key;     // overrides the pool's key
  std::string form = "long";          // "long": ring_pools/<id>/..., "short": <id>/..., "slash": /ring_pools/<id>/...
  std::string format = "json";
  std::optional<std::string> suffix;  // the whole api_suffix, verbatim (after placeholders)
  std::optional<nlohmann::json> raw;  // the whole row as JSON, verbatim
};

struct Step {
  StepKind kind = StepKind::Request;
  int line = 0;                 // in the scenario file, for messages
  std::string title;            // "step 3: allocate p (json)"
  std::string clause;           // default clause of this step's checks
  std::string context = "primary";  // primary | second | bulk | tags
  std::string campaign;             // management steps: "second" (the context's second campaign) or an id; empty: the context's
  int repeat = 1;               // ${i} is 1..repeat
  std::string alias;            // pool alias (create/update/read/delete/use/allocate/inspect) or list name (distinct)

  // Requests.
  std::string api = "management";      // Request: management | allocation | bulk | control
  std::string method;                  // Request, CreatePool (POST or PUT)
  std::string path;                    // Request
  StringPairs query;  // in order
  StringPairs headers;
  std::optional<std::string> body_text;      // verbatim body
  std::optional<nlohmann::json> body_json;   // body as JSON (TOML table)
  // management: "" (the form the run found the server takes, token_form.hpp) | header | bearer |
  // query | body | none | wrong | other-network
  std::string auth;
  std::optional<std::string> id;       // CreatePool: id_from_network (default ${run}-<alias>); UsePool: existing id
  bool omit_id = false;                // CreatePool: send no id_from_network (auto ids)

  // Allocate.
  std::string format = "json";
  std::map<std::string, std::string> params;
  std::optional<std::string> key;      // overrides the pool's key
  std::optional<std::string> pool_id;  // overrides the pool's allocation id
  std::optional<std::string> version;  // overrides the target's allocation version

  // Bulk.
  std::vector<BulkRow> rows;

  // Advance.
  double seconds = 0;
  // SetBulk.
  std::string scope = "advertiser";    // network | advertiser | affiliate
  bool enabled = true;

  // Captures: source ("promo_number", "tracking_url", "status", "error_class", a JSON pointer)
  // -> list name. Each value is appended; ${name} is the latest.
  StringPairs capture;
  StringPairs capture_rows;  // Bulk: per success row

  Tiers expect;
  bool expect_success_by_default = true;  // no status given: the step must succeed (2xx)

  // Capabilities the step uses, with why ("advance", "on = \"second\"", "${second.token}"):
  // derived by the parser from the vocabulary, so a scenario's `requires` cannot forget one.
  std::vector<std::pair<std::string, std::string>> needs;
};

struct Scenario {
  std::string id;    // path under the scenarios root ("legacy/overflow.toml")
  std::string path;  // as given on disk
  std::string title;
  std::string description;
  std::vector<std::string> clauses;
  Profile profile = Profile::Vendor;
  std::vector<std::string> requires_caps;  // as the file lists them; equal to what its steps need
  std::vector<std::string> relies_on;      // declared world facts no step shows (T-5): "filled-pools"
  std::optional<std::string> world_append;  // TOML appended to the default world (needs "world")
  std::optional<std::string> world;         // a whole world (needs "world")
  std::vector<Step> steps;
};

}  // namespace ringpool::conformance
