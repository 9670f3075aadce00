// The model's expectations for traffic: legacy allocations (bursts, wrong keys, typed pools,
// malformed queries), Bulk batches, local pools and clock advances; the answers go to the
// capture lists property_model.hpp judges.
#include "conformance/property_translator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

namespace ringpool::conformance::property {

namespace {
constexpr std::string_view kWrongKey = "0badc0de0badc0de0badc0de0badc0de";
// L-1, as the vendor profile reads "about 10 minutes": no local number before 1 minute, local
// numbers by 30 minutes (where the target declares local inventory near the centre).
constexpr std::int64_t kNoLocalBeforeSeconds = 60;
constexpr std::int64_t kLocalBySeconds = 1800;
// Without a declared centre: 20 minutes after creation the fill (local or UseTollFree's
// toll-free numbers, L-4) gave the pool a trackable number beside its overflow number.
constexpr std::int64_t kFilledBySeconds = 1200;

toml::table capture_of(const std::vector<std::string>& lists) {
  return inline_table({{"promo_number", string_array(lists)}});
}
}  // namespace

void Translator::use_world() {
  // The world-file pools (typed_pools_world) join the run: 11 pools of 4 numbers and an overflow number.
  if (!world) model_.commit(static_cast<std::int64_t>(2 * kPoolTypes.size() - 1) * 5);
  world = true;
}

std::string_view Translator::add_extra_params(const Command& command, toml::table& params) const {
  switch (command.extra_param) {
    case 1: params.insert_or_assign("param10", "p10"); return "A-6";  // param1..param10 are accepted
    case 2:
      if (!model_.limits().affiliate) return "A-2";
      params.insert_or_assign("${affiliate_parameter}", "${affiliate}");  // on behalf of a known affiliate
      return "A-9";
    case 3:
      // referrer and search_keywords are parameters every pool accepts (a Custom pool too).
      params.insert_or_assign("referrer", "https://partner.example.com/article/7");
      params.insert_or_assign("search_keywords", "blue shoes");
      return "A-6";
    default: return "A-2";
  }
}

bool Translator::allocate(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.created) return false;
  const GeneratorLimits& limits = model_.limits();
  const bool bulk_served = bulk_slot(command.slot) || limits.bulk_primary;
  const std::string format = bulk_served ? "json" : command.format;
  const auto count = static_cast<std::size_t>(std::max(command.count, 1));
  // A burst of visitors, each with its own parameters (${i}), so that a server giving a repeat
  // visitor the same number (P-3 [dec]) is not mistaken for a reuse.
  toml::table params{{"param1", command.count > 1 ? model_.next_visit() + "-${i}" : model_.next_visit()}};
  const std::string_view success_clause = add_extra_params(command, params);
  const std::string alias = Model::alias(command.slot);
  toml::table step{{"allocate", alias}, {"format", format}, {"params", inline_table(std::move(params))}};
  if (command.count > 1) step.insert_or_assign("repeat", command.count);
  on_context(step, command.slot);
  std::string clause = "A-12";
  if (!pool.live) {
    step.insert_or_assign("note", "the pool was deleted");
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign("strict", out.tier({{"status", 403}, {"class", "InvalidKey"}}, "A-4"));
    out.add(std::move(step), "A-4");
    return true;
  }
  if (bulk_served) {
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign("expect", out.tier({{"class", "OnlyBulkNumberAllocationAllowed"},
                                              {"message", "Numbers are automatically allocated by the PNAPI server"}},
                                             "A-11"));
    out.add(std::move(step), "A-11");
    return true;
  }
  const bool within = model_.within_inventory();
  // P-6 [doc] where the target declares the inventory: the pool filled at creation, so its first
  // visitor gets a trackable number (sure: leased), and a first burst gets min(count,
  // max_pool_size) distinct numbers.
  const bool first = pool.first_pending && !pool.local && within;
  pool.first_pending = false;
  const bool sure = first && count == 1;
  std::string fill_list;
  std::vector<std::string> lists;
  std::optional<toml::table> local_judgement;
  if (pool.local) local_judgement = judge_local(command, lists);
  if (first) model_.rely_on_filled_pools();
  if (first && count >= 2) {
    fill_list = fmt::format("{}-{}-fill", alias, pool.incarnation);
    lists.push_back(fill_list);
  }
  for (std::string& list : model_.answer_lists(command.slot, sure, count)) lists.push_back(std::move(list));
  step.insert_or_assign("capture", capture_of(lists));
  if (pool.local) {
    // Before its local fill a local pool has what L-2 [dec] gives it: the overflow number with
    // allow_overflow, nothing without; after it, local or toll-free numbers (L-4).
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign("note", "a local pool: before its fill only the overflow number (L-2)");
    if (pool.allow_overflow && within) step.insert_or_assign("strict", out.tier({{"shape", "allocation"}}, "L-2"));
    clause = "L-1";
  } else if (pool.allow_overflow && within) {
    step.insert_or_assign("expect", out.tier({{"shape", "allocation"}}, success_clause));
  } else {
    step.insert_or_assign("expect_success", false);
    clause = "P-1";
  }
  out.add(std::move(step), clause);
  if (local_judgement) out.add(std::move(*local_judgement), "L-1");
  if (!fill_list.empty()) {
    const auto at_least = std::min<std::int64_t>(static_cast<std::int64_t>(count), pool.max_pool_size);
    toml::table filled{{"distinct", fill_list},
                       {"note", "filled at creation (P-6): the first visitors get as many numbers as the pool holds"}};
    filled.insert_or_assign("expect", out.tier({{"count_at_least", at_least}}, "P-6"));
    out.add(std::move(filled), "P-6");
  }
  return true;
}

// L-1: what a local pool answers before a minute and by 30 minutes (the vendor reading).
std::optional<toml::table> Translator::judge_local(const Command& command, std::vector<std::string>& lists) {
  PoolState& pool = model_.pool(command.slot);
  const std::string alias = Model::alias(command.slot);
  const std::int64_t age = model_.now_seconds() - pool.local_since_seconds;
  const auto count = static_cast<std::int64_t>(std::max(command.count, 1));
  if (age < kNoLocalBeforeSeconds && pool.local_fresh) {
    const std::string early = fmt::format("{}-{}-early", alias, pool.incarnation);
    lists.push_back(early);
    toml::table step{{"distinct", early}, {"note", "under a minute old: no local number yet (L-1, about 10 minutes)"}};
    step.insert_or_assign("expect", out.tier({{"toll_free_only", true}}, "L-1"));
    return step;
  }
  const bool untouched = !pool.touched && pool.fill_judged && model_.within_inventory();
  if (untouched && pool.local_declared && age >= kLocalBySeconds && count >= pool.max_pool_size + 2) {
    const std::string late = fmt::format("{}-{}-late", alias, pool.incarnation);
    lists.push_back(late);
    toml::table step{{"distinct", late},
                     {"note", "30 minutes after creation near the declared local inventory: local numbers arrived (every "
                              "trackable number of the pool is among these answers)"}};
    step.insert_or_assign("expect", out.tier({{"local_at_least", 1}}, "L-1"));
    return step;
  }
  if (untouched && model_.fills_judged() && age >= kFilledBySeconds && count >= 2) {
    const std::string late = fmt::format("{}-{}-late", alias, pool.incarnation);
    lists.push_back(late);
    toml::table step{{"distinct", late},
                     {"note", "20 minutes after creation, untouched: the fill (local, or UseTollFree's toll-free, L-4) gave the "
                              "pool a trackable number beside its overflow number"}};
    step.insert_or_assign("expect", out.tier({{"count_at_least", 2}}, "L-1"));
    return step;
  }
  return std::nullopt;
}

bool Translator::wrong_key(const Command& command) {
  const PoolState& pool = model_.pool(command.slot);
  if (!pool.live || bulk_slot(command.slot) || model_.limits().bulk_primary) return false;
  toml::table step{{"allocate", Model::alias(command.slot)},
                   {"format", command.format},
                   {"key", std::string(kWrongKey)},
                   {"params", inline_table({{"param1", model_.next_visit()}})},
                   {"expect_success", false}};
  step.insert_or_assign("expect", out.tier({{"shape", "error"}, {"class", "InvalidKey"}}, "A-4"));
  step.insert_or_assign("strict", out.tier({{"status", 403}}, "A-4"));
  out.add(std::move(step), "A-4");
  return true;
}

void Translator::bulk_typed_row(const BulkRowCommand& row, BulkBatch& batch) {
  // B-9 [doc]: Bulk serves Custom pools only; another type's row is a row error, with the
  // parameters its type needs or not.
  const auto index = static_cast<std::int64_t>(batch.rows.size());
  const auto type = static_cast<std::size_t>(row.type) % kPoolTypes.size();
  const std::string pool = fmt::format("bt{}", type);
  use_world();
  if (!bulk_typed_used_[type]) {
    bulk_typed_used_[type] = true;
    out.add(toml::table{{"use_pool", pool}, {"id", fmt::format("check-bulk-type-{}", type)}, {"on", "bulk"}}, "M-2");
  }
  toml::table entry{{"pool", pool}, {"params", inline_table({{"param1", model_.next_visit()}, {"referrer", "https://partner.example.com/"},
                                                             {"search_engine", "google"}, {"search_keywords", "shoes"}})}};
  if (row.request_id) {
    entry.insert_or_assign("request_id", fmt::format("r{}", index));
    batch.id_checks.push_back(inline_table({{"index", index}, {"request_id", fmt::format("r{}", index)}, {"clause", "B-3"}}));
  }
  batch.rows.push_back(inline_table(std::move(entry)));
  batch.order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-9"}}));
  batch.strict_checks.push_back(inline_table({{"index", index}, {"class", "UnsupportedRingPoolType"}, {"clause", "B-9"}}));
}

void Translator::bulk_pool_row(const BulkRowCommand& row, BulkBatch& batch) {
  const PoolState& pool = model_.pool(row.slot);
  if (!pool.created) return;
  const auto index = static_cast<std::int64_t>(batch.rows.size());
  toml::table entry{{"pool", Model::alias(row.slot)}};
  if (row.kind != RowKind::NoParameters) entry.insert_or_assign("params", inline_table({{"param1", model_.next_visit()}}));
  if (row.kind == RowKind::WrongKey) entry.insert_or_assign("key", std::string(kWrongKey));
  if (row.kind == RowKind::CsvFormat) entry.insert_or_assign("format", "csv");
  if (row.request_id) {
    entry.insert_or_assign("request_id", fmt::format("r{}", index));
    batch.id_checks.push_back(inline_table({{"index", index}, {"request_id", fmt::format("r{}", index)}, {"clause", "B-3"}}));
  }
  batch.rows.push_back(inline_table(std::move(entry)));
  const bool served = pool.live && (bulk_slot(row.slot) || model_.limits().bulk_primary);
  // Each row's outcome where every conforming server agrees on it: that is how order shows (B-4).
  if (row.kind == RowKind::CsvFormat && served) {
    batch.strict_checks.push_back(inline_table({{"index", index}, {"class", "UnsupportedFormat"}, {"clause", "B-2"}}));
  } else if (row.kind == RowKind::WrongKey) {
    batch.order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-4"}}));
    if (served) batch.key_checks.push_back(inline_table({{"index", index}, {"class", "InvalidKey"}, {"clause", "B-11"}}));
  } else if (row.kind == RowKind::NoParameters && served) {
    batch.order_checks.push_back(inline_table({{"index", index}, {"shape", "error"}, {"clause", "B-4"}}));
  } else if (row.kind == RowKind::Valid && served && pool.allow_overflow && model_.within_inventory()) {
    batch.order_checks.push_back(
        inline_table({{"index", index}, {"shape", "allocation"}, {"overflow_not_false", true}, {"clause", "B-4"}}));
  }
  if (row.kind == RowKind::Valid && served) {
    batch.captured_slots.insert(row.slot);
    ++batch.valid_rows;
  }
}

bool Translator::bulk_batch(const Command& command) {
  BulkBatch batch;
  for (const BulkRowCommand& row : command.rows) {
    if (row.kind == RowKind::OtherType) bulk_typed_row(row, batch);
    else bulk_pool_row(row, batch);
  }
  auto& [rows, order_checks, key_checks, id_checks, strict_checks, captured_slots, valid_rows] = batch;
  if (rows.empty()) return false;
  bulk = true;
  toml::table step{{"bulk", std::move(rows)}, {"on", "bulk"}};
  // The rows of one pool join its segment (rows of several cannot be told apart in a list); the
  // trackable ones are sure (B-5: unflagged), the flagged ones the overflow number (P-4).
  if (captured_slots.size() == 1) {
    const int slot = *captured_slots.begin();
    step.insert_or_assign("capture_rows", inline_table({{"promo_number", string_array(model_.bulk_row_lists(slot, false, valid_rows))},
                                                        {"overflow_number", string_array(model_.bulk_row_lists(slot, true, valid_rows))}}));
  }
  toml::array checks;
  for (auto* list : {&order_checks, &key_checks, &id_checks})
    for (auto& node : *list) checks.push_back(std::move(node));
  toml::table expect{{"headers", inline_table({{"processing-time", "number"}, {"Connection", "keep-alive"}})}};
  if (!checks.empty()) expect.insert_or_assign("rows", std::move(checks));
  step.insert_or_assign("expect", out.tier(std::move(expect), "B-10"));
  if (!strict_checks.empty()) step.insert_or_assign("strict", out.tier({{"rows", std::move(strict_checks)}}, "B-2"));
  for (const std::string_view clause : {"B-3", "B-4", "B-11"}) out.cite(clause);
  if (std::ranges::any_of(bulk_typed_used_, [](bool used) { return used; })) out.cite("B-9");
  out.add(std::move(step), "B-4");
  return true;
}

bool Translator::advance(const Command& command) {
  // Variant 1: to just before the first active sure lease may end, where every valid server
  // still holds it (P-1: at least lifetime_seconds); otherwise the drawn seconds.
  const std::int64_t seconds = command.variant == 1 ? model_.seconds_to_lease_boundary(command.seconds) : command.seconds;
  model_.advance(seconds, out);
  advances = true;
  toml::table step{{"advance", seconds}};
  if (command.variant == 1) step.insert_or_assign("note", "just before the first active lease may end");
  out.add(std::move(step), "T-4");
  return true;
}

// An allocation from the world-file pool of one type (declared by typed_pools_world), with or
// without the parameters the type needs. A-7 [doc] serves all six; what each needs is [dec].
bool Translator::typed_allocate(const Command& command) {
  const std::size_t type = static_cast<std::size_t>(command.variant) % kPoolTypes.size();
  const std::string pool = fmt::format("t{}", type);
  use_world();
  if (!typed_used_[type]) {
    typed_used_[type] = true;
    out.add(toml::table{{"use_pool", pool}, {"id", fmt::format("check-type-{}", type)}, {"campaign", "second"}}, "M-2");
  }
  toml::table params{{"param1", model_.next_visit()}};
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
  if (const std::vector<std::string> lists = model_.foreign_answer_lists(); !lists.empty())
    step.insert_or_assign("capture", capture_of(lists));
  if (command.with_parameters || type == 0) {
    if (model_.within_inventory()) step.insert_or_assign("strict", out.tier({{"shape", "allocation"}}, "A-7"));
  } else {
    step.insert_or_assign("strict", out.tier({{"status", 400}, {"class", "InvalidParameter"}}, "A-7"));
  }
  out.add(std::move(step), "A-7");
  return true;
}

// Parameters with a malformed escape, bytes that are not UTF-8, or a value over 1024 bytes:
// 400 InvalidParameter (A-6 [dec]), strict only. The path is sent raw: the runner would encode it.
bool Translator::bad_query(const Command& command) {
  const PoolState& pool = model_.pool(command.slot);
  if (!pool.live || bulk_slot(command.slot) || model_.limits().bulk_primary) return false;
  const std::string alias = Model::alias(command.slot);
  if (command.variant % 6 >= 4) {  // two kinds of six: the rarest error class of the goals
    // An affiliate id naming no affiliate of the network (A-9 [dec]).
    toml::table step{{"allocate", alias},
                     {"params", inline_table({{"${affiliate_parameter}", "${run}-nobody"}, {"param1", model_.next_visit()}})},
                     {"expect_success", false}};
    step.insert_or_assign("strict", out.tier({{"status", 403}, {"class", "InvalidAffiliate"}}, "A-9"));
    out.add(std::move(step), "A-9");
    return true;
  }
  static constexpr std::array<std::string_view, 3> kValues = {"%ZZ", "%FF", "abc%4"};
  const std::string value = command.variant % 6 == 3 ? std::string(1025, 'x') : std::string(kValues[static_cast<std::size_t>(command.variant % 6)]);
  const std::string path = fmt::format("/api/${{version}}/ring_pools/${{pool.{0}.id}}/allocate_number.json?ring_pool_key=${{pool.{0}.key}}&param1={1}&m1={2}",
                                       alias, model_.next_visit(), value);
  toml::table step{{"request", "allocation"}, {"path", path}, {"expect_success", false}};
  step.insert_or_assign("strict", out.tier({{"status", 400}, {"class", "InvalidParameter"}}, "A-6"));
  out.add(std::move(step), "A-6");
  return true;
}

}  // namespace ringpool::conformance::property
