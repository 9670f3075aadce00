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
#include <vector>

namespace ringpool::conformance {

// Expectations on one response (or one Bulk row, or a captured list), at one level. Every member
// is optional; an empty Expectations checks nothing. Strings may hold ${...} placeholders.
struct Expectations {
  std::optional<std::string> clause;        // overrides the step's clause for these checks
  std::vector<int> status;                  // any of these
  std::optional<std::string> error_class;   // per API/format: errors.class, "CLASS: msg", <Class>, error_class
  std::optional<std::string> message;       // exact error message
  std::optional<std::string> message_contains;
  std::optional<std::string> content_type;  // media type; parameters (charset) ignored
  std::optional<std::string> shape;         // allocation | ring_pool | ring_pool_list | error | empty_object | json
  std::optional<bool> overflow;
  std::optional<std::string> tracking_url;  // "absolute", "tel", or the exact URL
  std::optional<std::string> body;          // exact text
  std::optional<nlohmann::json> body_json;  // equal as JSON (key order and whitespace ignored)
  std::vector<std::pair<std::string, nlohmann::json>> fields;  // JSON pointer -> value
  std::vector<std::string> absent_fields;   // JSON pointers that must not exist
  std::vector<std::pair<std::string, std::string>> types;    // JSON pointer -> integer|number|string|boolean|array|object|null
  std::vector<std::pair<std::string, std::string>> matches;  // JSON pointer -> ECMAScript regex over the whole value
  std::vector<std::pair<std::string, std::string>> headers;  // name -> "present" | "absent" | "number" | exact
  std::optional<std::string> promo_distinct_from;  // capture list the promo number must not be in
  std::optional<std::string> promo_in;             // capture list the promo number must be in
  std::optional<std::string> promo_equals;         // value the promo number must equal
  std::optional<std::size_t> row_count;            // Bulk: number of response rows
  std::optional<std::size_t> length;               // JSON array length (lists)
  std::vector<std::string> list_contains;          // pool aliases a list must include
  std::vector<std::string> list_excludes;          // pool aliases a list must not include
  std::vector<std::pair<std::string, nlohmann::json>> fields_differ;  // JSON pointer -> a value it must not equal
  std::optional<bool> list_ascending_ids;          // list ordered by id ascending
  std::optional<std::size_t> count, count_at_most, count_at_least;  // `distinct` steps
  std::optional<std::string> request_id;           // Bulk row: echoed request_id as JSON text; "absent"
  struct Row;
  std::vector<Row> rows;                           // Bulk rows by index

  bool empty() const;
};

struct Expectations::Row {
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
const char* step_kind_name(StepKind kind);

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
  std::vector<std::pair<std::string, std::string>> query;  // in order
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> body_text;      // verbatim body
  std::optional<nlohmann::json> body_json;   // body as JSON (TOML table)
  std::string auth = "header";         // management: header | bearer | query | body | none | wrong | other-network
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
  std::vector<std::pair<std::string, std::string>> capture;
  std::vector<std::pair<std::string, std::string>> capture_rows;  // Bulk: per success row

  Tiers expect;
  bool expect_success_by_default = true;  // no status given: the step must succeed (2xx)
};

struct Scenario {
  std::string id;    // path under the scenarios root ("legacy/overflow.toml")
  std::string path;  // as given on disk
  std::string title;
  std::string description;
  std::vector<std::string> clauses;
  Profile profile = Profile::Vendor;
  std::vector<std::string> requires_caps;
  std::optional<std::string> world_append;  // TOML appended to the default world (needs "world")
  std::optional<std::string> world;         // a whole world (needs "world")
  std::vector<Step> steps;
};

}  // namespace ringpool::conformance
