#include "conformance/property_scenario.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace ringpool::conformance::property {

namespace {

constexpr std::string_view kWrongKey = "0badc0de0badc0de0badc0de0badc0de";
// A-12 holds while a pool can have numbers at all: a run judges it only while the pools it made
// (deleted ones too: their numbers age) may hold at most this many numbers, within the 3,000
// toll-free numbers of the default world's network 1 (the variant's too).
constexpr std::int64_t kInventoryBudget = 2000;

// What the model knows of one pool slot. `*_known`: the vendor profile may rely on the value (a
// server may replace unsent settings on a partial update, M-4 [dec]); the strict profile always
// knows it (the reference's partial updates).
struct PoolState {
  bool created = false;
  bool live = false;
  int incarnation = 0;
  std::int64_t max_pool_size = 2;
  bool max_known = true;
  std::int64_t max_bound = 2;  // the largest max_pool_size the incarnation may have had (P-4)
  std::int64_t lifetime_seconds = 1800;
  bool lifetime_known = true;
  bool allow_overflow = true;
  std::string list;       // the capture list of the current segment
  bool local = false;     // may be local (sticky: a server may keep local_center across updates)
  std::size_t entries = 0;  // answers captured into it
  // L-1: a local pool made with UseTollFree and allow_overflow, untouched since: 20 minutes after
  // its creation its numbers have arrived, so once no lease is active two visitors get two numbers.
  bool fill_judged = false;
  std::int64_t local_since_seconds = 0;  // model time of its creation
  std::int64_t leases_end_seconds = 0;   // model time when every lease it handed out has ended
  // P-4: a new pool filled at creation (P-6) with allow_overflow and max_pool_size >= 2 holds a
  // trackable number, so its first visitor (before anything else touches it) gets one, which is
  // leased: until the clock moves no answer repeats it (the overflow number is never leased).
  bool first_pending = false;  // the next allocation is the pool's first, judged so
  bool first_active = false;   // its first answer is in `first_list`, and its lease is active
  std::string first_list;
};

using Pairs = std::initializer_list<toml::impl::table_init_pair>;

toml::table inline_table(toml::table table) {
  table.is_inline(true);
  return table;
}
toml::table inline_table(Pairs pairs) { return inline_table(toml::table(pairs)); }

toml::array string_array(const std::vector<std::string>& values) {
  toml::array out;
  for (const std::string& value : values) out.push_back(value);
  return out;
}

class Translator {
 public:
  explicit Translator(const std::vector<Command>& commands) {
    faults = std::ranges::any_of(commands, [](const Command& command) { return command.kind == CommandKind::Faults; });
    for (const Command& command : commands)
      if (translate(command)) kept.push_back(command);
    for (int slot = 0; slot < kSlots; ++slot) flush(slot);
  }

  toml::array steps;
  std::set<std::string> clauses;
  std::vector<Command> kept;
  bool advances = false;
  bool bulk = false;
  bool second = false;
  bool world = false;
  bool tags = false;
  bool faults = false;  // a Faults command: the world fails every request (translate_faulted)

 private:
  std::array<PoolState, kSlots> pools_{};
  std::array<bool, kPoolTypes.size()> typed_used_{};
  std::array<bool, kPoolTypes.size()> bulk_typed_used_{};

  // The world-file pools (typed_pools_world) join the run: 11 pools of 4 numbers and an overflow number.
  void use_world() {
    if (!world) committed_ += static_cast<std::int64_t>(2 * kPoolTypes.size() - 1) * 5;
    world = true;
  }
  std::int64_t committed_ = 0;  // numbers the run's pools may hold, overflow numbers included
  int segment_ = 0;
  int visit_ = 0;
  std::int64_t now_seconds_ = 0;  // the sum of the run's clock advances

  static std::string alias(int slot) { return fmt::format("p{}", slot); }

  void raise_bound(PoolState& pool, std::int64_t max_pool_size) {
    if (max_pool_size > pool.max_bound) committed_ += max_pool_size - pool.max_bound;
    pool.max_bound = std::max(pool.max_bound, max_pool_size);
  }

  toml::table& add_step(toml::table step, std::string_view clause) {
    step.insert_or_assign("clause", std::string(clause));
    clauses.insert(std::string(clause));
    steps.push_back(std::move(step));
    return *steps.back().as_table();
  }

  void cite(const toml::table& tier) {
    if (auto clause = tier["clause"].value<std::string>()) clauses.insert(*clause);
  }

  toml::table tier(toml::table checks, std::string_view clause) {
    checks.insert_or_assign("clause", std::string(clause));
    cite(checks);
    return inline_table(std::move(checks));
  }
  toml::table tier(Pairs pairs, std::string_view clause) { return tier(toml::table(pairs), clause); }

  std::string next_visit() { return fmt::format("v{}", ++visit_); }

  // M-6: the token in the oauth_token query parameter (1) or body key (2) instead of the header.
  static void set_auth(toml::table& step, int auth) {
    if (auth == 1) step.insert_or_assign("auth", "query");
    if (auth == 2) step.insert_or_assign("auth", "body");
  }

  // A partial update the model does not follow field by field: a server that replaces the
  // settings (M-4 [dec]) may fall back to the defaults, so the vendor profile stops relying on them.
  void forget_settings(PoolState& pool) {
    pool.fill_judged = false;
    pool.first_pending = false;
    pool.max_known = false;
    pool.lifetime_known = false;
    raise_bound(pool, 2);
  }

  // Closes the slot's segment list with the P-1 and P-4 judgements, and opens a new one.
  void flush(int slot) {
    PoolState& pool = pools_[slot];
    // The pool's first answer, when kept apart in this segment, is one of its numbers too, and
    // differs from every answer here (promo_distinct_from): the list may hold one number fewer.
    const std::int64_t most_distinct = pool.max_bound + (pool.first_active ? 0 : 1);
    pool.first_active = false;  // a new segment (or pool): the first lease may have ended
    if (pool.entries >= 2) {
      toml::table repeated{{"distinct", pool.list}, {"note", "among answers whose leases overlap only the overflow number repeats"}};
      repeated.insert_or_assign("expect", tier({{"repeated_at_most", pool.allow_overflow ? 1 : 0}}, "P-1"));
      add_step(std::move(repeated), "P-1");
      if (bulk_slot(slot) && pool.allow_overflow) {
        // Bulk rows flagged "overflow": true are not captured, so what a bulk-served pool's list
        // holds is trackable numbers only, none of which repeats while its leases overlap (P-1):
        // a repeat is the overflow number without its flag (B-5).
        toml::table flagged{{"distinct", pool.list},
                            {"note", "trackable rows only (flagged overflow rows are not captured): none repeats"}};
        flagged.insert_or_assign("expect", tier({{"repeated_at_most", 0}}, "B-5"));
        add_step(std::move(flagged), "B-5");
      }
      if (pool.entries > static_cast<std::size_t>(most_distinct)) {
        toml::table bound{{"distinct", pool.list}, {"note", "at most max_pool_size + 1 distinct numbers at one time"}};
        bound.insert_or_assign("expect", tier({{"count_at_most", most_distinct}}, "P-4"));
        add_step(std::move(bound), "P-4");
      }
    }
    pool.entries = 0;
    pool.list = fmt::format("{}-{}-s{}", alias(slot), pool.incarnation, segment_);
  }

  void on_context(toml::table& step, int slot) {
    if (bulk_slot(slot)) {
      step.insert_or_assign("on", "bulk");
      bulk = true;
    }
  }

  toml::table known_fields(const PoolState& pool, bool strict) const {
    toml::table fields{{"allow_overflow", pool.allow_overflow}};
    if (strict || pool.max_known) fields.insert_or_assign("max_pool_size", pool.max_pool_size);
    if (strict || pool.lifetime_known) fields.insert_or_assign("lifetime_seconds", pool.lifetime_seconds);
    return inline_table(std::move(fields));
  }

  bool translate(const Command& command) {
    if (faults) return translate_faulted(command);
    switch (command.kind) {
      case CommandKind::Create: return create(command);
      case CommandKind::Update: return update(command);
      case CommandKind::FlipOverflow: return flip_overflow(command);
      case CommandKind::Read: return read(command);
      case CommandKind::Delete: return remove(command);
      case CommandKind::List: return list(false, command.auth);
      case CommandKind::WrongToken: return list(true, 0);
      case CommandKind::Allocate: return allocate(command);
      case CommandKind::WrongKey: return wrong_key(command);
      case CommandKind::Bulk: return bulk_batch(command);
      case CommandKind::Advance: return advance(command);
      case CommandKind::BadBody: return bad_body(command);
      case CommandKind::CreateLocal: return create(command);
      case CommandKind::OtherNetwork: return other_network(command);
      case CommandKind::BadQuery: return bad_query(command);
      case CommandKind::TypedAllocate: return typed_allocate(command);
      case CommandKind::Probe: return probe(command);
      case CommandKind::Faults: return false;  // only in translate_faulted
    }
    return false;
  }

  // A run whose world fails every request ([faults] internal_error_probability = 1): no request
  // changes anything, so every well-formed request to a route of the management or legacy API
  // answers InternalServiceError with an error handle (M-7a, A-5 [doc]); control requests (the
  // clock) still work. Left out: malformed input, wrong credentials, Bulk batches and probes,
  // where the spec does not say whether a failing service checks the input first. Ids name pools
  // never made (every create fails), and allocations go to the world's pool 1 without a key, as
  // the shipped internal-service-error scenarios do: the failure comes before the key is read.
  bool translate_faulted(const Command& command) {
    const std::string id = fmt::format("${{run}}-{}", alias(command.slot));
    toml::table step;
    switch (command.kind) {
      case CommandKind::Faults: return true;
      case CommandKind::Advance: return advance(command);
      case CommandKind::Create:
      case CommandKind::CreateLocal: {
        toml::table body{{"lifetime_seconds", command.lifetime_seconds.value_or(1800)}};
        if (command.max_pool_size) body.insert_or_assign("max_pool_size", *command.max_pool_size);
        step = toml::table{{"create_pool", alias(command.slot)}, {"id", id}, {"body", inline_table(std::move(body))}};
        if (command.put) step.insert_or_assign("method", "PUT");
        break;
      }
      case CommandKind::Update: {
        toml::table body;
        if (command.max_pool_size) body.insert_or_assign("max_pool_size", *command.max_pool_size);
        if (command.lifetime_seconds) body.insert_or_assign("lifetime_seconds", *command.lifetime_seconds);
        step = toml::table{{"update_pool", alias(command.slot)}, {"id", id}, {"body", inline_table(std::move(body))}};
        break;
      }
      case CommandKind::Read: step = toml::table{{"read_pool", alias(command.slot)}, {"id", id}}; break;
      case CommandKind::Delete: step = toml::table{{"delete_pool", alias(command.slot)}, {"id", id}}; break;
      case CommandKind::List: step = toml::table{{"list_pools", true}}; break;
      case CommandKind::Allocate:
      case CommandKind::TypedAllocate: {
        toml::table allocation{{"allocate", alias(command.slot)},
                               {"format", command.format},
                               {"pool_id", "1"},
                               {"key", "<omit>"},
                               {"params", inline_table({{"site", next_visit()}})},
                               {"expect_success", false}};
        allocation.insert_or_assign(
            "expect", tier({{"shape", "error"}, {"class", "InternalServiceError"}, {"message_matches", ".*[0-9]+.*"}}, "A-5"));
        allocation.insert_or_assign("strict", tier({{"status", 500}, {"message_contains", "Internal service error (handle "}}, "A-5"));
        add_step(std::move(allocation), "A-5");
        return true;
      }
      default: return false;
    }
    set_auth(step, command.auth);
    on_context(step, command.slot);
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign(
        "expect", tier({{"status", 500},
                        {"class", "InternalServiceError"},
                        {"matches", inline_table({{"/errors/invalid_data", "refer to error handle [0-9]+"}})}},
                       "M-7a"));
    add_step(std::move(step), "M-7a");
    return true;
  }

  bool create(const Command& command) {
    PoolState& pool = pools_[command.slot];
    const bool update = pool.live;
    // Leaving the defaults out is for new pools only: an update that leaves allow_overflow out
    // may replace it with the default on a server that replaces settings (M-4 [dec]).
    const bool defaults = command.omit_defaults && !update;
    if (!update) {
      ++pool.incarnation;
      flush(command.slot);
      PoolState fresh;
      fresh.created = true;
      fresh.live = true;
      fresh.incarnation = pool.incarnation;
      fresh.allow_overflow = defaults || command.allow_overflow;
      fresh.list = pool.list;
      pool = std::move(fresh);
    }
    if (!update) committed_ += 3;  // the default size, and an overflow number on top (P-4 [dec])
    pool.max_pool_size = defaults ? 2 : command.max_pool_size.value_or(2);
    pool.max_known = true;
    raise_bound(pool, pool.max_pool_size);
    pool.lifetime_seconds = command.lifetime_seconds.value_or(1800);
    pool.lifetime_known = true;
    toml::table body{{"lifetime_seconds", pool.lifetime_seconds}, {"fill_immediately", command.fill_immediately}};
    if (!defaults) {
      body.insert_or_assign("max_pool_size", pool.max_pool_size);
      body.insert_or_assign("allow_overflow", pool.allow_overflow);  // an update keeps it (M-10)
    }
    if (command.preferred) body.insert_or_assign("preferred", *command.preferred);
    pool.fill_judged = false;
    pool.first_pending = !update && command.fill_immediately && pool.allow_overflow && pool.max_pool_size >= 2 &&
                         command.kind == CommandKind::Create && !bulk_slot(command.slot);
    if (command.kind == CommandKind::CreateLocal) {
      pool.local = true;
      add_local_fields(body, command);
      pool.fill_judged = !update && command.fill_immediately && !command.wait_fallback && pool.allow_overflow && pool.max_pool_size >= 2;
      pool.local_since_seconds = now_seconds_;
    }
    toml::table step{{"create_pool", alias(command.slot)}, {"body", inline_table(std::move(body))}};
    if (command.put) step.insert_or_assign("method", "PUT");  // M-4: a PUT of an unknown id creates it
    set_auth(step, command.auth);
    on_context(step, command.slot);
    // The answer shows the defaults left out (M-10, M-11) and the booleans as given (M-13, M-14).
    toml::table fields = known_fields(pool, false);
    fields.insert_or_assign("fill_immediately", command.fill_immediately);
    if (command.preferred) fields.insert_or_assign("preferred", *command.preferred);
    toml::table expect{{"status", toml::array{200, 201}}, {"shape", "ring_pool"}, {"fields", inline_table(std::move(fields))}};
    step.insert_or_assign("expect", tier(std::move(expect), "M-3"));
    step.insert_or_assign("strict", tier({{"status", update ? 200 : 201}}, "M-3"));
    if (update) step.insert_or_assign("note", "the pool exists: a create updates it");
    add_step(std::move(step), "M-3");
    return true;
  }

  // local_center, local_number_preferences and tn_prefix_whitelist of a CreateLocal (L-5, M-19).
  static void add_local_fields(toml::table& body, const Command& command) {
    switch (command.center % 4) {
      case 0: body.insert_or_assign("local_center", inline_table({{"zipcode", "90210"}})); break;
      case 1: body.insert_or_assign("local_center", inline_table({{"tn_prefix", "212"}})); break;
      case 2: body.insert_or_assign("local_center", inline_table({{"latitude", 34.05}, {"longitude", -118.25}})); break;
      default:  // the documents' example: an empty tn_prefix counts as absent
        body.insert_or_assign("local_center", inline_table({{"latitude", 45}, {"longitude", 45}, {"tn_prefix", ""}}));
        break;
    }
    if (command.radius_miles > 0)
      body.insert_or_assign("local_number_preferences",
                            inline_table({{"search_radius_miles", command.radius_miles},
                                          {"restrict_search_to_state", command.restrict_to_state},
                                          {"allocation_fallback_strategy", command.wait_fallback ? "Wait" : "UseTollFree"}}));
    if (!command.whitelist.empty()) body.insert_or_assign("tn_prefix_whitelist", string_array(command.whitelist));
  }

  bool update(const Command& command) {
    PoolState& pool = pools_[command.slot];
    if (!pool.live) return false;
    pool.fill_judged = false;
    pool.first_pending = false;
    toml::table body{{"allow_overflow", pool.allow_overflow}};
    if (command.max_pool_size) {
      pool.max_pool_size = *command.max_pool_size;
      pool.max_known = true;
      raise_bound(pool, pool.max_pool_size);
      body.insert_or_assign("max_pool_size", *command.max_pool_size);
    } else {
      // A server that replaces the settings (M-4 [dec]) falls back to the default, 2.
      pool.max_known = false;
      raise_bound(pool, 2);
    }
    if (command.lifetime_seconds) {
      pool.lifetime_seconds = *command.lifetime_seconds;
      pool.lifetime_known = true;
      body.insert_or_assign("lifetime_seconds", *command.lifetime_seconds);
    } else {
      pool.lifetime_known = false;
    }
    if (command.fill_immediately) body.insert_or_assign("fill_immediately", true);
    toml::table step{{"update_pool", alias(command.slot)}, {"body", inline_table(std::move(body))}};
    on_context(step, command.slot);
    step.insert_or_assign("expect", tier({{"status", 200}, {"shape", "ring_pool"}, {"fields", known_fields(pool, false)}}, "M-4"));
    step.insert_or_assign("strict", tier({{"fields", known_fields(pool, true)}}, "M-4"));
    add_step(std::move(step), "M-4");
    return true;
  }

  bool flip_overflow(const Command& command) {
    const PoolState& pool = pools_[command.slot];
    if (!pool.live) return false;
    toml::table step{{"update_pool", alias(command.slot)}, {"body", inline_table({{"allow_overflow", !pool.allow_overflow}})}};
    step.insert_or_assign("note", "allow_overflow never changes");
    on_context(step, command.slot);
    step.insert_or_assign("expect", tier({{"status", 403}}, "M-10"));
    step.insert_or_assign("strict", tier({{"class", "RecordInvalid"}}, "M-10"));
    add_step(std::move(step), "M-10");
    return true;
  }

  bool read(const Command& command) {
    const PoolState& pool = pools_[command.slot];
    if (!pool.created) return false;
    toml::table step{{"read_pool", alias(command.slot)}};
    set_auth(step, command.auth);
    on_context(step, command.slot);
    if (pool.live) {
      step.insert_or_assign("expect", tier({{"shape", "ring_pool"}, {"fields", known_fields(pool, false)}}, "M-4"));
      step.insert_or_assign("strict", tier({{"fields", known_fields(pool, true)}}, "M-4"));
    } else {
      step.insert_or_assign("expect_success", false);
      step.insert_or_assign("strict", tier({{"status", 404}, {"class", "RecordNotFound"}}, "M-5"));
    }
    add_step(std::move(step), "M-2");
    return true;
  }

  bool remove(const Command& command) {
    PoolState& pool = pools_[command.slot];
    if (!pool.created) return false;
    if (pool.live) flush(command.slot);
    const bool again = !pool.live;
    pool.live = false;
    toml::table step{{"delete_pool", alias(command.slot)}};
    set_auth(step, command.auth);
    if (again) step.insert_or_assign("note", "deleted before: the same answer");
    on_context(step, command.slot);
    step.insert_or_assign("expect", tier({{"status", 200}, {"shape", "empty_object"}}, "M-5"));
    add_step(std::move(step), "M-5");
    return true;
  }

  bool list(bool wrong_token, int auth) {
    toml::table step{{"list_pools", true}};
    set_auth(step, auth);
    if (wrong_token) {
      step.insert_or_assign("auth", "wrong");
      step.insert_or_assign("expect", tier({{"status", 401}}, "M-6"));
      add_step(std::move(step), "M-6");
      return true;
    }
    std::vector<std::string> live, deleted;
    for (int slot = 0; slot < kFirstBulkSlot; ++slot) {
      if (!pools_[slot].created) continue;
      (pools_[slot].live ? live : deleted).push_back(alias(slot));
    }
    toml::table expect{{"shape", "ring_pool_list"}};
    if (!live.empty()) expect.insert_or_assign("list_contains", string_array(live));
    if (!deleted.empty()) expect.insert_or_assign("list_excludes", string_array(deleted));
    step.insert_or_assign("expect", tier(std::move(expect), "M-1"));
    step.insert_or_assign("strict", tier({{"list_ascending_ids", true}}, "M-1"));
    add_step(std::move(step), "M-1");
    return true;
  }

  bool allocate(const Command& command) {
    PoolState& pool = pools_[command.slot];
    if (!pool.created) return false;
    const bool bulk_served = bulk_slot(command.slot);
    const std::string format = bulk_served ? "json" : command.format;
    // A burst of visitors: `repeat`, each with its own parameters (${i}), so that a server giving
    // a repeat visitor the same number (P-3 [dec]) is not mistaken for a reuse.
    toml::table params{{"site", command.count > 1 ? next_visit() + "-${i}" : next_visit()}};
    std::string_view success_clause = "A-2";
    if (command.extra_param == 1) {
      params.insert_or_assign("param10", "p10");  // A-6: param1..param10 are accepted
      success_clause = "A-6";
    } else if (command.extra_param == 2) {
      params.insert_or_assign("${affiliate_parameter}", "${affiliate}");  // A-9: on behalf of a known affiliate
      success_clause = "A-9";
    } else if (command.extra_param == 3) {
      // A-6: referrer and search_keywords are parameters every pool accepts (a Custom pool too).
      params.insert_or_assign("referrer", "https://partner.example.com/article/7");
      params.insert_or_assign("search_keywords", "blue shoes");
      success_clause = "A-6";
    }
    toml::table step{{"allocate", alias(command.slot)}, {"format", format}, {"params", inline_table(std::move(params))}};
    if (command.count > 1) step.insert_or_assign("repeat", command.count);
    on_context(step, command.slot);
    std::string clause = "A-12";
    bool judge_fill = false;
    if (!pool.live) {
      step.insert_or_assign("note", "the pool was deleted");
      step.insert_or_assign("expect_success", false);
      step.insert_or_assign("strict", tier({{"status", 403}, {"class", "InvalidKey"}}, "A-4"));
      clause = "A-4";
    } else if (bulk_served) {
      step.insert_or_assign("expect_success", false);
      step.insert_or_assign("expect", tier({{"class", "OnlyBulkNumberAllocationAllowed"},
                                            {"message", "Numbers are automatically allocated by the PNAPI server"}},
                                           "A-11"));
      clause = "A-11";
    } else {
      judge_fill = pool.local && pool.fill_judged && command.count >= 2 && committed_ <= kInventoryBudget &&
                              now_seconds_ - pool.local_since_seconds >= 1200 && now_seconds_ >= pool.leases_end_seconds &&
                              pool.entries == 0;
      pool.leases_end_seconds = std::max(pool.leases_end_seconds, now_seconds_ + (pool.lifetime_known ? pool.lifetime_seconds : 2592000));
      const bool first = pool.first_pending && command.count == 1 && pool.entries == 0 && !pool.local &&
                         committed_ <= kInventoryBudget;
      pool.first_pending = false;
      if (first) {
        // The pool's first answer, a trackable number: kept apart, every later answer of the
        // segment must differ from it (the P-1/P-4 lists see the rest).
        pool.first_list = pool.list + "-first";
        pool.first_active = true;
        step.insert_or_assign("capture", inline_table({{"promo_number", pool.first_list}}));
      } else {
        step.insert_or_assign("capture", inline_table({{"promo_number", pool.list}}));
        pool.entries += static_cast<std::size_t>(command.count);
      }
      const bool after_first = pool.first_active && !first;
      if (pool.local) {
        // Before its local fill a local pool has only what L-2 [dec] gives it: the overflow number
        // with allow_overflow, nothing without; after it, local or toll-free numbers (L-4).
        step.insert_or_assign("expect_success", false);
        step.insert_or_assign("note", "a local pool: before its fill only the overflow number (L-2)");
        if (pool.allow_overflow && committed_ <= kInventoryBudget)
          step.insert_or_assign("strict", tier({{"shape", "allocation"}}, "L-2"));
        clause = "L-1";
      } else if (pool.allow_overflow && committed_ <= kInventoryBudget) {
        if (after_first)
          step.insert_or_assign("expect", tier({{"shape", "allocation"}, {"promo_distinct_from", pool.first_list}}, "P-4"));
        else
          step.insert_or_assign("expect", tier({{"shape", "allocation"}}, success_clause));
      } else if (after_first) {
        // Without the inventory budget A-12 is not judged, but an answer still never repeats the
        // leased first number.
        step.insert_or_assign("expect_success", false);
        step.insert_or_assign("expect", tier({{"promo_distinct_from", pool.first_list}}, "P-4"));
        clause = "P-4";
      } else {
        step.insert_or_assign("expect_success", false);
        clause = "P-1";
      }
    }
    add_step(std::move(step), clause);
    if (judge_fill) {
      toml::table arrived{{"distinct", pool.list},
                          {"note", "20 minutes after creation, no lease active: the local fill (or UseTollFree, L-4) gave the pool "
                                   "a trackable number beside its overflow number"}};
      arrived.insert_or_assign("expect", tier({{"count_at_least", 2}}, "L-1"));
      add_step(std::move(arrived), "L-1");
    }
    return true;
  }

  bool wrong_key(const Command& command) {
    const PoolState& pool = pools_[command.slot];
    if (!pool.live || bulk_slot(command.slot)) return false;
    toml::table step{{"allocate", alias(command.slot)},
                     {"format", command.format},
                     {"key", std::string(kWrongKey)},
                     {"params", inline_table({{"site", next_visit()}})},
                     {"expect_success", false}};
    step.insert_or_assign("expect", tier({{"class", "InvalidKey"}}, "A-4"));
    step.insert_or_assign("strict", tier({{"status", 403}}, "A-4"));
    add_step(std::move(step), "A-4");
    return true;
  }

  bool bulk_batch(const Command& command) {
    toml::array rows;
    toml::array order_checks, key_checks, id_checks, strict_checks;
    std::set<int> captured_slots;
    std::size_t valid_rows = 0;
    for (const BulkRowCommand& row : command.rows) {
      const auto index = static_cast<std::int64_t>(rows.size());
      if (row.kind == RowKind::OtherType) {
        // B-9 [doc]: Bulk serves Custom pools only; another type's row is a row error, with the
        // parameters its type needs or not.
        const auto type = static_cast<std::size_t>(row.type) % kPoolTypes.size();
        const std::string pool = fmt::format("bt{}", type);
        use_world();
        if (!bulk_typed_used_[type]) {
          bulk_typed_used_[type] = true;
          add_step(toml::table{{"use_pool", pool}, {"id", fmt::format("check-bulk-type-{}", type)}, {"on", "bulk"}}, "M-2");
        }
        toml::table entry{{"pool", pool}, {"params", inline_table({{"site", next_visit()}, {"referrer", "https://partner.example.com/"},
                                                                   {"search_engine", "google"}, {"search_keywords", "shoes"}})}};
        if (row.request_id) {
          entry.insert_or_assign("request_id", fmt::format("r{}", index));
          id_checks.push_back(inline_table({{"index", index}, {"request_id", fmt::format("r{}", index)}, {"clause", "B-3"}}));
        }
        rows.push_back(inline_table(std::move(entry)));
        order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-9"}}));
        strict_checks.push_back(inline_table({{"index", index}, {"class", "UnsupportedRingPoolType"}, {"clause", "B-9"}}));
        continue;
      }
      const PoolState& pool = pools_[row.slot];
      if (!pool.created) continue;
      toml::table entry{{"pool", alias(row.slot)}};
      if (row.kind != RowKind::NoParameters) entry.insert_or_assign("params", inline_table({{"site", next_visit()}}));
      if (row.kind == RowKind::WrongKey) entry.insert_or_assign("key", std::string(kWrongKey));
      if (row.kind == RowKind::CsvFormat) entry.insert_or_assign("format", "csv");
      if (row.request_id) {
        entry.insert_or_assign("request_id", fmt::format("r{}", index));
        id_checks.push_back(inline_table({{"index", index}, {"request_id", fmt::format("r{}", index)}, {"clause", "B-3"}}));
      }
      rows.push_back(inline_table(std::move(entry)));
      const bool served = pool.live && bulk_slot(row.slot);
      // Each row's outcome where every conforming server agrees on it: that is how order shows (B-4).
      if (row.kind == RowKind::CsvFormat && served) {
        strict_checks.push_back(inline_table({{"index", index}, {"class", "UnsupportedFormat"}, {"clause", "B-2"}}));
      } else if (row.kind == RowKind::WrongKey) {
        order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-4"}}));
        if (served) key_checks.push_back(inline_table({{"index", index}, {"class", "InvalidKey"}, {"clause", "B-11"}}));
      } else if (row.kind == RowKind::NoParameters && served) {
        order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-4"}}));
      } else if (row.kind == RowKind::Valid && served && pool.allow_overflow && committed_ <= kInventoryBudget) {
        order_checks.push_back(inline_table({{"index", index}, {"shape", "allocation"}, {"clause", "B-4"}}));
      }
      if (row.kind == RowKind::Valid && served) {
        captured_slots.insert(row.slot);
        ++valid_rows;
      }
    }
    if (rows.empty()) return false;
    bulk = true;
    toml::table step{{"bulk", std::move(rows)}, {"on", "bulk"}};
    // Trackable numbers of a batch for one pool join that pool's segment (rows of several pools
    // cannot be told apart in a captured list, so they are not captured).
    if (captured_slots.size() == 1) {
      PoolState& pool = pools_[*captured_slots.begin()];
      step.insert_or_assign("capture_rows", inline_table({{"promo_number", pool.list}}));
      pool.entries += valid_rows;
    }
    toml::array checks;
    for (auto* list : {&order_checks, &key_checks, &id_checks})
      for (auto& node : *list) checks.push_back(std::move(node));
    toml::table expect{{"headers", inline_table({{"processing-time", "number"}})}};
    if (!checks.empty()) expect.insert_or_assign("rows", std::move(checks));
    step.insert_or_assign("expect", tier(std::move(expect), "B-10"));
    if (!strict_checks.empty()) step.insert_or_assign("strict", tier({{"rows", std::move(strict_checks)}}, "B-2"));
    for (const std::string_view clause : {"B-3", "B-4", "B-11"}) clauses.insert(std::string(clause));
    if (!bulk_typed_used_.empty() && std::ranges::any_of(bulk_typed_used_, [](bool used) { return used; })) clauses.insert("B-9");
    add_step(std::move(step), "B-4");
    return true;
  }

  bool advance(const Command& command) {
    now_seconds_ += command.seconds;
    for (int slot = 0; slot < kSlots; ++slot) flush(slot);
    ++segment_;
    for (int slot = 0; slot < kSlots; ++slot) pools_[slot].list = fmt::format("{}-{}-s{}", alias(slot), pools_[slot].incarnation, segment_);
    advances = true;
    add_step(toml::table{{"advance", command.seconds}}, "T-4");
    return true;
  }

  bool bad_body(const Command& command) {
    PoolState& pool = pools_[command.slot];
    if (!pool.live) return false;
    pool.fill_judged = false;  // a vendor server may take some of them (C-3 is [dec])
    pool.first_pending = false;
    toml::table step{{"update_pool", alias(command.slot)}, {"expect_success", false}};
    on_context(step, command.slot);
    if (command.variant % 7 == 6) {
      // A Bulk batch of 1,001 rows: over B-1's [dec] limit of 1,000 (413 RequestTooLarge).
      static const std::string body = [] {
        std::string text = R"({"requests": [)";
        for (int row = 0; row < 1001; ++row)
          text += fmt::format(R"({}{{"api_suffix": "ring_pools/0/allocate_number.json?site=s{}"}})", row == 0 ? "" : ", ", row);
        return text + "]}";
      }();
      toml::table batch{{"bulk", body}, {"on", "bulk"}, {"expect_success", false}};
      batch.insert_or_assign("strict", tier({{"status", 413}, {"class", "RequestTooLarge"}}, "B-1"));
      batch.insert_or_assign("note", "a batch over 1,000 rows");
      bulk = true;
      add_step(std::move(batch), "B-1");
      return true;
    }
    switch (command.variant % 6) {
      case 5:
        // The documents give the exact body (M-8, M-19 [doc]): unknown keys are checked first.
        step.insert_or_assign("body", inline_table({{"local_center", inline_table({{"zipcode", "90210"}, {"floor", 3}})}}));
        step.insert_or_assign(
            "expect", tier({{"status", 403},
                            {"body_json", inline_table({{"errors", inline_table({{"class", "RecordInvalid"},
                                                                                {"invalid_data", "Invalid Key in Local Center."}})}})}},
                           "M-19"));
        break;
      case 0:
        step.insert_or_assign("body_text", "{\"max_pool_size\": 3,");
        step.insert_or_assign("strict", tier({{"status", 400}, {"class", "InvalidRequest"}}, "M-8"));
        break;
      case 1:
        step.insert_or_assign("body_text", "[1, 2]");
        step.insert_or_assign("strict", tier({{"status", 400}, {"class", "InvalidRequest"}}, "M-8"));
        break;
      case 2:
        step.insert_or_assign("body", inline_table({{"max_pool_size", "lots"}}));
        step.insert_or_assign("strict", tier({{"status", 403}, {"class", "RecordInvalid"}}, "C-1"));
        break;
      case 3:
        step.insert_or_assign("body", inline_table({{"max_pool_size", std::int64_t{99999999999}}}));
        step.insert_or_assign("strict", tier({{"status", 403}, {"class", "RecordInvalid"}}, "M-11"));
        break;
      default:
        step.insert_or_assign("body", inline_table({{"lifetime_seconds", 5}}));
        step.insert_or_assign("strict", tier({{"status", 403}, {"class", "RecordInvalid"}}, "M-12"));
        break;
    }
    step.insert_or_assign("note", "bad input changes nothing (later reads show the same pool)");
    add_step(std::move(step), "C-3");
    return true;
  }

  // Another network's valid token on this network's URLs: 401 (M-6 [dec]); the update it asks
  // for must not happen, which strict reads see (a vendor server may take it: the value is then
  // not judged there).
  bool other_network(const Command& command) {
    PoolState& pool = pools_[command.slot];
    const int what = command.variant % 3;
    if (what != 0 && (!pool.live || bulk_slot(command.slot))) return false;
    toml::table step;
    if (what == 0) {
      step.insert_or_assign("list_pools", true);
    } else if (what == 1) {
      step.insert_or_assign("read_pool", alias(command.slot));
    } else {
      pool.fill_judged = false;
      pool.first_pending = false;
      const std::int64_t other = pool.max_pool_size >= 10000 ? 9999 : pool.max_pool_size + 1;
      step.insert_or_assign("update_pool", alias(command.slot));
      step.insert_or_assign("body", inline_table({{"max_pool_size", other}, {"allow_overflow", pool.allow_overflow}}));
      pool.max_known = false;
      raise_bound(pool, other);
    }
    step.insert_or_assign("auth", "other-network");
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign("strict", tier({{"status", 401}, {"class", "Unauthorized"}}, "M-6"));
    second = true;
    add_step(std::move(step), "M-6");
    return true;
  }

  // An allocation from the world-file pool of one type (declared by kTypedPoolsWorld), with or
  // without the parameters the type needs. A-7 [doc] serves all six; what each needs is [dec].
  bool typed_allocate(const Command& command) {
    const std::size_t type = static_cast<std::size_t>(command.variant) % kPoolTypes.size();
    const std::string pool = fmt::format("t{}", type);
    use_world();
    if (!typed_used_[type]) {
      typed_used_[type] = true;
      add_step(toml::table{{"use_pool", pool}, {"id", fmt::format("check-type-{}", type)}, {"campaign", "second"}}, "M-2");
    }
    toml::table params{{"site", next_visit()}};
    if (command.with_parameters) {
      switch (type) {
        case 1: params.insert_or_assign("search_keywords", "blue shoes"); break;
        case 2:
          params.insert_or_assign("search_engine", "google");
          params.insert_or_assign("search_keywords", "red shoes");
          break;
        case 3:
          params.insert_or_assign("search_engine", "bing");
          params.insert_or_assign("search_keyword_id", "kw-7");
          break;
        case 4:
        case 5: params.insert_or_assign("referrer", "https://partner.example.com/article/7"); break;
        default: break;
      }
    }
    toml::table step{{"allocate", pool}, {"format", command.format}, {"params", inline_table(std::move(params))}};
    step.insert_or_assign("note", fmt::format("a {} pool, {} the parameters it needs", kPoolTypes[type], command.with_parameters ? "with" : "without"));
    step.insert_or_assign("expect_success", false);
    if (command.with_parameters || type == 0) {
      if (committed_ <= kInventoryBudget) step.insert_or_assign("strict", tier({{"shape", "allocation"}}, "A-7"));
    } else {
      step.insert_or_assign("strict", tier({{"status", 400}, {"class", "InvalidParameter"}}, "A-7"));
    }
    add_step(std::move(step), "A-7");
    return true;
  }

  // One [doc] sentence per probe (ProbeKind), each with its own aliases so that it changes no
  // slot the model follows (or only as a partial update does).
  bool probe(const Command& command) {
    const auto kind = static_cast<ProbeKind>(command.variant % kProbeKinds);
    PoolState& pool = pools_[command.slot];
    const std::string own = fmt::format("x{}", ++visit_);  // an alias of this probe's own
    const toml::table refused{{"status", 403}, {"shape", "error"}};
    switch (kind) {
      case ProbeKind::UnknownPool: {
        toml::table step{{"read_pool", own}, {"id", fmt::format("${{run}}-{}", own)}, {"expect_success", false}};
        step.insert_or_assign("expect", tier({{"status", 404}, {"class", "RecordNotFound"}}, "M-7"));
        add_step(std::move(step), "M-7");
        return true;
      }
      case ProbeKind::MissingId: {
        toml::table step{{"create_pool", own}, {"omit_id", true}, {"body", inline_table({{"name", "no id"}})}, {"expect_success", false}};
        step.insert_or_assign("expect", tier(refused, "M-9"));
        add_step(std::move(step), "M-9");
        return true;
      }
      case ProbeKind::TakenId: {
        if (!pool.live || bulk_slot(command.slot)) return false;
        toml::table step{{"create_pool", own},
                         {"campaign", "second"},
                         {"id", fmt::format("${{run}}-{}", alias(command.slot))},
                         {"body", inline_table({{"name", "intruder"}})},
                         {"expect_success", false}};
        step.insert_or_assign("note", "the id_from_network of a live pool of the first campaign");
        step.insert_or_assign("expect", tier(refused, "M-9"));
        add_step(std::move(step), "M-9");
        return true;
      }
      case ProbeKind::LoneLatitude: {
        toml::table step{{"create_pool", own},
                         {"body", inline_table({{"local_center", inline_table({{"latitude", 40.75}})}})},
                         {"expect_success", false}};
        step.insert_or_assign("expect", tier(refused, "M-19"));
        add_step(std::move(step), "M-19");
        return true;
      }
      case ProbeKind::EmptyBulk: {
        toml::table step{{"bulk", R"({"requests":[]})"}, {"on", "bulk"}, {"expect_success", false}};
        step.insert_or_assign("expect", tier({{"status", toml::array{400, 403, 404, 409, 413, 415, 422}},
                                              {"absent", toml::array{"/responses/0"}}},
                                             "B-1"));
        bulk = true;
        add_step(std::move(step), "B-1");
        return true;
      }
      case ProbeKind::ReadOnlyFields: {
        if (!pool.live) return false;
        const std::string key = own + "-key";
        toml::table before{{"read_pool", alias(command.slot)}, {"capture", inline_table({{"/api_key", key}})}};
        on_context(before, command.slot);
        before.insert_or_assign("expect", tier({{"shape", "ring_pool"}}, "M-2"));
        add_step(std::move(before), "M-2");
        toml::table update{{"update_pool", alias(command.slot)},
                           {"body", inline_table({{"api_key", "ffffffffffffffffffffffffffffffff"},
                                                  {"id", 987654321},
                                                  {"allow_overflow", pool.allow_overflow}})},
                           {"expect_success", false}};
        update.insert_or_assign("note", "read-only fields in an update (ignored or refused: M-17 [dec])");
        on_context(update, command.slot);
        add_step(std::move(update), "M-17");
        forget_settings(pool);
        toml::table after{{"read_pool", alias(command.slot)}};
        on_context(after, command.slot);
        after.insert_or_assign("expect", tier({{"status", 200}, {"fields", inline_table({{"api_key", fmt::format("${{{}}}", key)}})}}, "M-17"));
        add_step(std::move(after), "M-17");
        return true;
      }
      case ProbeKind::Destination:
      case ProbeKind::InvalidDestination:
      case ProbeKind::DestinationTypeApi: {
        if (!pool.live || bulk_slot(command.slot)) return false;
        toml::table body{{"allow_overflow", pool.allow_overflow}};
        toml::table expect;
        std::string_view clause = "M-15";
        if (kind == ProbeKind::Destination) {
          // Always the same number: it is the pool's first destination whatever ran before.
          body.insert_or_assign("destination_phone_number", "8881112222");
          expect = toml::table{{"status", 200},
                               {"shape", "ring_pool"},
                               {"fields", inline_table({{"/customer_phone_numbers/0/destination_phone_number", "8881112222"}})}};
        } else if (kind == ProbeKind::InvalidDestination) {
          body.insert_or_assign("destination_phone_number", "not-a-number");
          expect = refused;
        } else {
          body.insert_or_assign("destination_type", "API");
          expect = toml::table{{"status", 200}, {"fields", inline_table({{"destination_type", "API"}})}};
          clause = "M-16";
        }
        toml::table step{{"update_pool", alias(command.slot)}, {"body", inline_table(std::move(body))}, {"expect_success", false}};
        step.insert_or_assign("expect", tier(std::move(expect), clause));
        add_step(std::move(step), clause);
        if (kind != ProbeKind::InvalidDestination) forget_settings(pool);
        return true;
      }
      case ProbeKind::TagWithoutId: {
        toml::table create{{"create_pool", own}, {"on", "tags"}, {"body", inline_table({{"name", "tagged"}})}};
        create.insert_or_assign("expect", tier({{"status", toml::array{200, 201}}, {"shape", "ring_pool"}}, "M-3"));
        add_step(std::move(create), "M-3");
        toml::table step{{"update_pool", own},
                         {"on", "tags"},
                         {"body", inline_table({{"destination_phone_number", "8005551216"}})},
                         {"expect_success", false}};
        step.insert_or_assign("note", "a tag network: a destination needs its obfuscated_tag_id");
        step.insert_or_assign("expect", tier(refused, "M-15"));
        add_step(std::move(step), "M-15");
        tags = true;
        return true;
      }
    }
    return false;
  }

  // Parameters with a malformed escape, bytes that are not UTF-8, or a value over 1024 bytes:
  // 400 InvalidParameter (A-6 [dec]). The path is sent raw: the runner would encode it.
  bool bad_query(const Command& command) {
    const PoolState& pool = pools_[command.slot];
    if (!pool.live || bulk_slot(command.slot)) return false;
    if (command.variant % 6 >= 4) {  // two kinds of six: the rarest error class of the goals
      // An affiliate id naming no affiliate of the network (A-9 [dec]).
      toml::table step{{"allocate", alias(command.slot)},
                       {"params", inline_table({{"${affiliate_parameter}", "${run}-nobody"}, {"site", next_visit()}})},
                       {"expect_success", false}};
      step.insert_or_assign("strict", tier({{"status", 403}, {"class", "InvalidAffiliate"}}, "A-9"));
      add_step(std::move(step), "A-9");
      return true;
    }
    static constexpr std::array<std::string_view, 3> kValues = {"%ZZ", "%FF", "abc%4"};
    const std::string value = command.variant % 6 == 3 ? std::string(1025, 'x') : std::string(kValues[command.variant % 6]);
    const std::string path = fmt::format("/api/${{version}}/ring_pools/${{pool.{0}.id}}/allocate_number.json?ring_pool_key=${{pool.{0}.key}}&site={1}&m1={2}",
                                         alias(command.slot), next_visit(), value);
    toml::table step{{"request", "allocation"}, {"path", path}, {"expect_success", false}};
    step.insert_or_assign("strict", tier({{"status", 400}, {"class", "InvalidParameter"}}, "A-6"));
    add_step(std::move(step), "A-6");
    return true;
  }
};

}  // namespace

// One pool of each type in the network's second campaign (W-5): 4 numbers, filled at once.
std::string typed_pools_world() {
  std::string out;
  for (std::size_t type = 0; type < kPoolTypes.size(); ++type)
    out += fmt::format("[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-1\"\ncampaign = \"camp-2\"\nid_from_network = \"check-type-{}\"\n"
                       "type = \"{}\"\nmax_pool_size = 4\nfill_immediately = true\nallow_overflow = true\n\n",
                       type, kPoolTypes[type]);
  // And one of each other type in the bulk campaign, served by Bulk (B-9: Bulk serves Custom only).
  for (std::size_t type = 1; type < kPoolTypes.size(); ++type)
    out += fmt::format("[[ring_pool]]\nnetwork = 1\nadvertiser = \"adv-bulk\"\ncampaign = \"camp-bulk\"\nid_from_network = \"check-bulk-type-{}\"\n"
                       "type = \"{}\"\nserved_by = \"bulk\"\nmax_pool_size = 4\nfill_immediately = true\nallow_overflow = true\n\n",
                       type, kPoolTypes[type]);
  return out;
}

std::vector<Command> effective_commands(const std::vector<Command>& commands) { return Translator(commands).kept; }

toml::table scenario_table(const std::vector<Command>& commands, const ScenarioOrigin& origin, std::size_t* kept) {
  Translator translated(commands);
  if (kept != nullptr) *kept = translated.kept.size();
  toml::table root;
  root.insert_or_assign("title", origin.title);
  root.insert_or_assign("description", origin.description);
  toml::array clauses;
  for (const std::string& clause : translated.clauses) clauses.push_back(clause);
  root.insert_or_assign("clauses", std::move(clauses));
  root.insert_or_assign("profile", "vendor");
  toml::array requires_caps;
  if (translated.bulk) requires_caps.push_back("bulk");
  if (translated.advances) requires_caps.push_back("clock-advance");
  if (translated.second) requires_caps.push_back("second-network");
  if (translated.tags) requires_caps.push_back("tag-network");
  if (translated.world || translated.faults) requires_caps.push_back("world");
  if (translated.faults) requires_caps.push_back("fault-injection");
  std::string world_append = translated.world ? typed_pools_world() : "";
  if (translated.faults) world_append += "[faults]\ninternal_error_probability = 1.0\n";
  if (!world_append.empty()) root.insert_or_assign("world_append", world_append);
  if (!requires_caps.empty()) root.insert_or_assign("requires", std::move(requires_caps));
  if (!translated.steps.empty()) root.insert_or_assign("step", std::move(translated.steps));
  return root;
}

std::string scenario_toml(const std::vector<Command>& commands, const ScenarioOrigin& origin) {
  std::ostringstream out;
  out << toml::toml_formatter(scenario_table(commands, origin), toml::format_flags::none) << "\n";
  return out.str();
}

}  // namespace ringpool::conformance::property
