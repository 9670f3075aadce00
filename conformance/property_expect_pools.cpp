// The model's expectations for the management API: creates, updates, reads, lists, deletes,
// malformed input, other networks' tokens and the probes of single [doc] sentences.
#include "conformance/property_translator.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance::property {

namespace {
// A create or update answer whose settings later reads compare with.
constexpr std::array<const char*, 2> kSettings = {"max_pool_size", "lifetime_seconds"};
}  // namespace

Translator::Translator(const std::vector<Command>& commands, const GeneratorLimits& limits) : model_(limits) {
  faults = std::ranges::any_of(commands, [](const Command& command) { return command.kind == CommandKind::Faults; });
  for (const Command& command : commands)
    if (translate(command)) kept.push_back(command);
  model_.finish(out);
}

bool Translator::translate(const Command& command) {
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

void Translator::on_context(toml::table& step, int slot) {
  if (bulk_slot(slot)) {
    step.insert_or_assign("on", "bulk");
    bulk = true;
  }
}

void Translator::set_auth(toml::table& step, int auth) {
  if (auth == 1) step.insert_or_assign("auth", "query");
  if (auth == 2) step.insert_or_assign("auth", "body");
}

toml::table Translator::shown_fields(int slot, bool strict) {
  const PoolState& pool = model_.pool(slot);
  toml::table fields{{"allow_overflow", pool.allow_overflow}};
  if (strict) {
    fields.insert_or_assign("max_pool_size", pool.max_pool_size);
    fields.insert_or_assign("lifetime_seconds", pool.lifetime_seconds);
  } else {
    for (const char* setting : kSettings) fields.insert_or_assign(setting, fmt::format("${{{}}}", model_.setting_list(slot, setting)));
  }
  return inline_table(std::move(fields));
}

void Translator::capture_settings(toml::table& step, int slot, std::vector<std::pair<std::string, std::vector<std::string>>> more) {
  toml::table capture;
  for (const char* setting : kSettings) capture.insert_or_assign(fmt::format("/{}", setting), model_.setting_list(slot, setting));
  for (auto& [source, lists] : more) capture.insert_or_assign(source, string_array(lists));
  step.insert_or_assign("capture", inline_table(std::move(capture)));
}

// A run whose world fails every request ([faults] internal_error_probability = 1): no request
// changes anything, so every well-formed request to a route of the management or legacy API
// answers InternalServiceError with an error handle (M-7a, A-5 [doc]); control requests (the
// clock) still work. Left out: malformed input, wrong credentials, Bulk batches and probes,
// where the spec does not say whether a failing service checks the input first. Ids name pools
// never made (every create fails), and allocations go to the world's pool 1 without a key, as
// the shipped internal-service-error scenarios do: the failure comes before the key is read.
bool Translator::translate_faulted(const Command& command) {
  const std::string alias = Model::alias(command.slot);
  const std::string id = fmt::format("${{run}}-{}", alias);
  toml::table step;
  switch (command.kind) {
    case CommandKind::Faults: return true;
    case CommandKind::Advance: return advance(command);
    case CommandKind::Create:
    case CommandKind::CreateLocal: {
      toml::table body{{"lifetime_seconds", command.lifetime_seconds.value_or(1800)}};
      if (command.max_pool_size) body.insert_or_assign("max_pool_size", *command.max_pool_size);
      step = toml::table{{"create_pool", alias}, {"id", id}, {"body", inline_table(std::move(body))}};
      if (command.put) step.insert_or_assign("method", "PUT");
      break;
    }
    case CommandKind::Update: {
      toml::table body;
      if (command.max_pool_size) body.insert_or_assign("max_pool_size", *command.max_pool_size);
      if (command.lifetime_seconds) body.insert_or_assign("lifetime_seconds", *command.lifetime_seconds);
      step = toml::table{{"update_pool", alias}, {"id", id}, {"body", inline_table(std::move(body))}};
      break;
    }
    case CommandKind::Read: step = toml::table{{"read_pool", alias}, {"id", id}}; break;
    case CommandKind::Delete: step = toml::table{{"delete_pool", alias}, {"id", id}}; break;
    case CommandKind::List: step = toml::table{{"list_pools", true}}; break;
    case CommandKind::Allocate:
    case CommandKind::TypedAllocate: {
      toml::table allocation{{"allocate", alias},
                             {"format", command.format},
                             {"pool_id", "1"},
                             {"key", "<omit>"},
                             {"params", inline_table({{"param1", model_.next_visit()}})},
                             {"expect_success", false}};
      allocation.insert_or_assign(
          "expect", out.tier({{"shape", "error"}, {"class", "InternalServiceError"}, {"message_matches", ".*[0-9]+.*"}}, "A-5"));
      allocation.insert_or_assign("strict", out.tier({{"status", 500}, {"message_contains", "Internal service error (handle "}}, "A-5"));
      out.add(std::move(allocation), "A-5");
      return true;
    }
    default: return false;
  }
  set_auth(step, command.auth);
  on_context(step, command.slot);
  step.insert_or_assign("expect_success", false);
  step.insert_or_assign("expect", out.tier({{"status", 500},
                                            {"class", "InternalServiceError"},
                                            {"matches", inline_table({{"/errors/invalid_data", "refer to error handle [0-9]+"}})}},
                                           "M-7a"));
  out.add(std::move(step), "M-7a");
  return true;
}

bool Translator::create(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  const bool update = pool.live;
  // Leaving the defaults out is for new pools only: an update that leaves allow_overflow out
  // may replace it with the default on a server that replaces settings (M-4 [dec]).
  const bool defaults = command.omit_defaults && !update;
  if (!update) {
    model_.new_pool(command.slot, out);
    pool.allow_overflow = defaults || command.allow_overflow;
  }
  pool.max_pool_size = defaults ? 2 : command.max_pool_size.value_or(2);
  model_.raise_bound(pool, pool.max_pool_size);
  pool.lifetime_seconds = command.lifetime_seconds.value_or(1800);
  pool.lifetime_known = true;
  toml::table body{{"lifetime_seconds", pool.lifetime_seconds}, {"fill_immediately", command.fill_immediately}};
  if (!defaults) {
    body.insert_or_assign("max_pool_size", pool.max_pool_size);
    body.insert_or_assign("allow_overflow", pool.allow_overflow);  // an update keeps it (M-10)
  }
  if (command.preferred) body.insert_or_assign("preferred", *command.preferred);
  pool.fill_judged = false;
  pool.local_declared = false;
  if (!update) pool.touched = false;
  // P-6 [doc]: filled at creation where the target declares the inventory (T-5).
  pool.first_pending = !update && command.fill_immediately && pool.allow_overflow && pool.max_pool_size >= 2 &&
                       command.kind == CommandKind::Create && !bulk_slot(command.slot) && model_.fills_judged();
  if (command.kind == CommandKind::CreateLocal) {
    pool.local_fresh = !update;
    pool.local = true;
    pool.local_declared = model_.limits().local_inventory && command.center == 4 && command.radius_miles == 0 &&
                          command.whitelist.empty() && pool.max_pool_size <= model_.limits().local_numbers;
    add_local_fields(body, command, pool.local_declared);
    pool.fill_judged = !update && command.fill_immediately && !command.wait_fallback && pool.allow_overflow && pool.max_pool_size >= 2;
    pool.local_since_seconds = model_.now_seconds();
  }
  const std::string alias = Model::alias(command.slot);
  toml::table step{{"create_pool", alias}, {"body", inline_table(std::move(body))}};
  if (command.put) step.insert_or_assign("method", "PUT");  // M-4: a PUT of an unknown id creates it
  set_auth(step, command.auth);
  on_context(step, command.slot);
  capture_settings(step, command.slot);
  // The answer shows the defaults left out (M-10, M-11) and the values as given (M-13, M-14).
  toml::table fields{{"allow_overflow", pool.allow_overflow},
                     {"max_pool_size", pool.max_pool_size},
                     {"lifetime_seconds", pool.lifetime_seconds},
                     {"fill_immediately", command.fill_immediately}};
  if (command.preferred) fields.insert_or_assign("preferred", *command.preferred);
  toml::table expect{{"status", toml::array{200, 201}}, {"shape", "ring_pool"}, {"fields", inline_table(std::move(fields))}};
  step.insert_or_assign("expect", out.tier(std::move(expect), "M-3"));
  step.insert_or_assign("strict", out.tier({{"status", update ? 200 : 201}}, "M-3"));
  if (update) step.insert_or_assign("note", "the pool exists: a create updates it");
  out.add(std::move(step), "M-3");
  return true;
}

// local_center, local_number_preferences and tn_prefix_whitelist of a CreateLocal (L-5, M-19).
void Translator::add_local_fields(toml::table& body, const Command& command, bool declared_centre) {
  if (declared_centre) {
    // The target's declared local inventory (T-5): where local numbers must arrive (L-1).
    body.insert_or_assign("local_center", inline_table({{"zipcode", "${local_zipcode}"}}));
    return;
  }
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

bool Translator::update(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.live) return false;
  pool.fill_judged = false;
  pool.first_pending = false;
  toml::table body{{"allow_overflow", pool.allow_overflow}};
  toml::table sent{{"allow_overflow", pool.allow_overflow}};
  if (command.max_pool_size) {
    pool.max_pool_size = *command.max_pool_size;
    model_.raise_bound(pool, pool.max_pool_size);
    body.insert_or_assign("max_pool_size", *command.max_pool_size);
    sent.insert_or_assign("max_pool_size", *command.max_pool_size);
  } else {
    model_.raise_bound(pool, 2);  // a server that replaces the settings (M-4 [dec]) falls back to 2
  }
  if (command.lifetime_seconds) {
    pool.lifetime_seconds = *command.lifetime_seconds;
    pool.lifetime_known = true;
    body.insert_or_assign("lifetime_seconds", *command.lifetime_seconds);
    sent.insert_or_assign("lifetime_seconds", *command.lifetime_seconds);
  } else {
    pool.lifetime_known = false;
  }
  if (command.fill_immediately) body.insert_or_assign("fill_immediately", true);
  toml::table step{{"update_pool", Model::alias(command.slot)}, {"body", inline_table(std::move(body))}};
  on_context(step, command.slot);
  capture_settings(step, command.slot);
  step.insert_or_assign("expect", out.tier({{"status", 200}, {"shape", "ring_pool"}, {"fields", inline_table(std::move(sent))}}, "M-4"));
  step.insert_or_assign("strict", out.tier({{"fields", shown_fields(command.slot, true)}}, "M-4"));
  out.add(std::move(step), "M-4");
  return true;
}

bool Translator::flip_overflow(const Command& command) {
  const PoolState& pool = model_.pool(command.slot);
  if (!pool.live) return false;
  toml::table step{{"update_pool", Model::alias(command.slot)}, {"body", inline_table({{"allow_overflow", !pool.allow_overflow}})}};
  step.insert_or_assign("note", "allow_overflow never changes");
  on_context(step, command.slot);
  step.insert_or_assign("expect", out.tier({{"status", 403}}, "M-10"));
  step.insert_or_assign("strict", out.tier({{"class", "RecordInvalid"}}, "M-10"));
  out.add(std::move(step), "M-10");
  return true;
}

bool Translator::read(const Command& command) {
  const PoolState& pool = model_.pool(command.slot);
  if (!pool.created) return false;
  toml::table step{{"read_pool", Model::alias(command.slot)}};
  set_auth(step, command.auth);
  on_context(step, command.slot);
  if (pool.live) {
    step.insert_or_assign("expect", out.tier({{"shape", "ring_pool"}, {"fields", shown_fields(command.slot, false)}}, "M-4"));
    step.insert_or_assign("strict", out.tier({{"fields", shown_fields(command.slot, true)}}, "M-4"));
  } else {
    step.insert_or_assign("expect_success", false);
    step.insert_or_assign("strict", out.tier({{"status", 404}, {"class", "RecordNotFound"}}, "M-5"));
  }
  out.add(std::move(step), "M-2");
  return true;
}

bool Translator::remove(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.created) return false;
  if (pool.live) model_.pool_deleted(command.slot, out);
  const bool again = !pool.live;
  pool.live = false;
  toml::table step{{"delete_pool", Model::alias(command.slot)}};
  set_auth(step, command.auth);
  if (again) step.insert_or_assign("note", "deleted before: the same answer");
  on_context(step, command.slot);
  step.insert_or_assign("expect", out.tier({{"status", 200}, {"shape", "empty_object"}}, "M-5"));
  out.add(std::move(step), "M-5");
  return true;
}

bool Translator::list(bool wrong_token, int auth) {
  toml::table step{{"list_pools", true}};
  set_auth(step, auth);
  if (wrong_token) {
    step.insert_or_assign("auth", "wrong");
    step.insert_or_assign("expect", out.tier({{"status", 401}}, "M-6"));
    out.add(std::move(step), "M-6");
    return true;
  }
  std::vector<std::string> live, deleted;
  for (int slot = 0; slot < kFirstBulkSlot; ++slot) {
    if (!model_.pool(slot).created) continue;
    (model_.pool(slot).live ? live : deleted).push_back(Model::alias(slot));
  }
  toml::table expect{{"shape", "ring_pool_list"}};
  if (!live.empty()) expect.insert_or_assign("list_contains", string_array(live));
  if (!deleted.empty()) expect.insert_or_assign("list_excludes", string_array(deleted));
  step.insert_or_assign("expect", out.tier(std::move(expect), "M-1"));
  step.insert_or_assign("strict", out.tier({{"list_ascending_ids", true}}, "M-1"));
  out.add(std::move(step), "M-1");
  return true;
}

bool Translator::bad_body(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.live) return false;
  toml::table step{{"update_pool", Model::alias(command.slot)}, {"expect_success", false}};
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
    batch.insert_or_assign("strict", out.tier({{"status", 413}, {"class", "RequestTooLarge"}}, "B-1"));
    batch.insert_or_assign("note", "a batch over 1,000 rows");
    bulk = true;
    out.add(std::move(batch), "B-1");
    return true;
  }
  switch (command.variant % 6) {
    case 5:
      // The documents give the exact body (M-8, M-19 [doc]): unknown keys are checked first.
      step.insert_or_assign("body", inline_table({{"local_center", inline_table({{"zipcode", "90210"}, {"floor", 3}})}}));
      step.insert_or_assign(
          "expect", out.tier({{"status", 403},
                              {"body_json", inline_table({{"errors", inline_table({{"class", "RecordInvalid"},
                                                                                  {"invalid_data", "Invalid Key in Local Center."}})}})}},
                             "M-19"));
      break;
    case 0:
      step.insert_or_assign("body_text", "{\"max_pool_size\": 3,");
      step.insert_or_assign("strict", out.tier({{"status", 400}, {"class", "InvalidRequest"}}, "M-8"));
      break;
    case 1:
      step.insert_or_assign("body_text", "[1, 2]");
      step.insert_or_assign("strict", out.tier({{"status", 400}, {"class", "InvalidRequest"}}, "M-8"));
      break;
    case 2:
      step.insert_or_assign("body", inline_table({{"max_pool_size", "lots"}}));
      step.insert_or_assign("strict", out.tier({{"status", 403}, {"class", "RecordInvalid"}}, "C-1"));
      break;
    case 3:
      step.insert_or_assign("body", inline_table({{"max_pool_size", std::int64_t{99999999999}}}));
      step.insert_or_assign("strict", out.tier({{"status", 403}, {"class", "RecordInvalid"}}, "M-11"));
      break;
    default:
      step.insert_or_assign("body", inline_table({{"lifetime_seconds", 5}}));
      step.insert_or_assign("strict", out.tier({{"status", 403}, {"class", "RecordInvalid"}}, "M-12"));
      break;
  }
  // Judged in strict only (C-3, M-12 are [dec]): in the vendor profile it is not sent (a valid
  // server may take what the reference refuses), so it changes nothing later reads rely on.
  step.insert_or_assign("note", "bad input changes nothing (later reads show the same pool)");
  out.add(std::move(step), "C-3");
  return true;
}

// Another network's valid token on this network's URLs: 401 (M-6 [dec]), judged in strict only,
// where the reference's later reads show the update did not happen; the vendor profile does not
// send it (a valid server may answer otherwise).
bool Translator::other_network(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  const int what = command.variant % 3;
  if (what != 0 && (!pool.live || bulk_slot(command.slot))) return false;
  toml::table step;
  if (what == 0) {
    step.insert_or_assign("list_pools", true);
  } else if (what == 1) {
    step.insert_or_assign("read_pool", Model::alias(command.slot));
  } else {
    const std::int64_t other = pool.max_pool_size >= 500 ? 499 : pool.max_pool_size + 1;
    step.insert_or_assign("update_pool", Model::alias(command.slot));
    step.insert_or_assign("body", inline_table({{"max_pool_size", other}, {"allow_overflow", pool.allow_overflow}}));
    model_.raise_bound(pool, other);  // were it taken, the pool could hold that many
  }
  step.insert_or_assign("auth", "other-network");
  step.insert_or_assign("expect_success", false);
  step.insert_or_assign("strict", out.tier({{"status", 401}, {"class", "Unauthorized"}}, "M-6"));
  second = true;
  out.add(std::move(step), "M-6");
  return true;
}

}  // namespace ringpool::conformance::property
