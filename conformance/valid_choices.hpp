// The space of valid servers, as data: for every [dec] and [ref] choice of the spec, every freedom
// a [doc] sentence leaves (extra fields, white space, order, timing slack, which number, optional
// echoes, refusing what a vendor may refuse) and every world a vendor may have (with the target
// file that honestly describes it), the alternatives a valid vendor may take, with the clause that
// allows them. The first alternative of each choice is the reference's. A draw picks one
// alternative per choice from a seed: a valid server (valid_server.hpp builds it), which the
// vendor profile must pass. conformance/VENDORS.md publishes the table (choice_table_markdown).
#pragma once

#include "conformance/answer_freedoms.hpp"
#include "reference/api/dialect.hpp"
#include "reference/api/service.hpp"
#include "reference/domain/policy.hpp"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance::valid {

// What the drawn world changes in the reference's default world (W-1..W-4), each with its honest
// declaration in the drawn target file (T-5).
struct WorldShape {
  bool second_network = true;   // network 2, [second]
  bool tag_network = true;      // network 3, [tags]
  bool bulk_advertiser = true;  // adv-bulk and bulk-pub, [bulk]
  bool publishers = true;       // network 1's affiliates ([primary] affiliate)
  bool second_campaign = true;  // camp-2 ([primary] second_campaign)
  bool bulk_primary = false;    // Bulk enabled on network 1 ([primary] bulk_enabled = true)
  bool generated_ids = false;   // network 1 generates id_from_network ([primary] generated_ids = true)
  std::string affiliate_parameter = "pid";
  std::int64_t toll_free_numbers = 3000;  // network 1's toll-free inventory ([primary] numbers)
  bool local_declared = true;   // [primary] local_zipcode = "90210", local_numbers
  bool alaska = false;          // local numbers in 907 around ZIP 99501, declared instead of 90210
};

// Everything a choice may set: the reference's knobs, its dialect, the control endpoints, the
// request size limit, the world, and the freedoms the reference cannot express.
struct ServerShape {
  domain::ReferencePolicy policy;
  api::Dialect dialect;
  api::ControlEndpointSet control_endpoints;
  std::size_t max_body_bytes = 1024 * 1024;
  bool shifted_epoch = false;  // T-1: the clock starts at 2026-03-14T15:09:26Z, not at a tick
  WorldShape world;
  AnswerFreedoms answers;
};

struct Alternative {
  std::string_view name;  // "200"
  std::string_view what;  // one line for VENDORS.md
  void (*apply)(ServerShape& shape) = nullptr;  // null: the reference's (changes nothing)
};

struct Choice {
  std::string_view id;      // "create-status"
  std::string_view clause;  // "M-3"
  std::string_view level;   // "dec", "ref", "doc" (a freedom a [doc] sentence leaves) or "world" (T-5)
  std::string_view what;
  std::span<const Alternative> alternatives;  // [0]: the reference's
};

// A [dec] or [ref] clause without an alternative in the table, and why.
struct FixedClause {
  std::string_view clause;
  std::string_view reason;
};

std::span<const Choice> choices();
std::span<const FixedClause> fixed_clauses();

// One drawn valid server: an alternative per choice (0: the reference's).
struct Draw {
  std::uint64_t seed = 0;
  std::vector<std::uint8_t> picks;  // one per choices() entry

  // "create-status=200 list-order=descending ..." (the choices that differ from the reference).
  std::string describe() const;
  std::size_t differences() const;
};

// The valid server of `seed` (seed 0 is the reference itself: every pick 0). Each choice differs
// from the reference with probability 1/2 (then a uniform other alternative), so a draw combines
// about half of the space's freedoms.
Draw draw(std::uint64_t seed);
ServerShape shape_of(const Draw& draw);

// The fewest choices of a failing draw that still fail: each choice that differs from the
// reference is set back to the reference's while `fails` still says so (one call per such
// choice, in table order; then once more over the rest until nothing more can go).
Draw shrink(const Draw& failing, const std::function<bool(const Draw&)>& fails);

// How many valid servers the table can draw (the product of the alternatives), as text ("2.1e+31").
std::string space_size();
std::size_t alternative_count();  // the sum over the choices

// The table as a Markdown section for conformance/VENDORS.md (a test keeps the file equal).
std::string choice_table_markdown();

}  // namespace ringpool::conformance::valid
