// The model's probes: single [doc] sentences random traffic of the other kinds never exercises,
// each a request or two whose [doc] answer every conforming server gives.
#include "conformance/property_translator.hpp"

#include <fmt/format.h>

namespace ringpool::conformance::property {

namespace {
const toml::table kRefused{{"status", 403}, {"shape", "error"}};
}  // namespace

// One [doc] sentence per probe (ProbeKind), each with its own aliases so that it changes no slot
// the model follows (or only as an update does, whose answer the model then reads).
bool Translator::probe(const Command& command) {
  const auto kind = static_cast<ProbeKind>(command.variant % kProbeKinds);
  const PoolState& pool = model_.pool(command.slot);
  const std::string own = model_.own_alias();
  switch (kind) {
    case ProbeKind::UnknownPool: {
      toml::table step{{"read_pool", own}, {"id", fmt::format("${{run}}-{}", own)}, {"expect_success", false}};
      step.insert_or_assign("expect", out.tier({{"status", 404}, {"class", "RecordNotFound"}}, "M-7"));
      out.add(std::move(step), "M-7");
      return true;
    }
    case ProbeKind::MissingId: {
      // M-9 [doc]: required unless the network generates ids (T-5: as the target file declares).
      if (model_.limits().generated_ids) return false;
      toml::table step{{"create_pool", own}, {"omit_id", true}, {"body", inline_table({{"name", "no id"}})}, {"expect_success", false}};
      step.insert_or_assign("expect", out.tier(kRefused, "M-9"));
      out.add(std::move(step), "M-9");
      return true;
    }
    case ProbeKind::TakenId: {
      if (!pool.live || bulk_slot(command.slot) || !model_.limits().second_campaign) return false;
      toml::table step{{"create_pool", own},
                       {"campaign", "second"},
                       {"id", fmt::format("${{run}}-{}", Model::alias(command.slot))},
                       {"body", inline_table({{"name", "intruder"}})},
                       {"expect_success", false}};
      step.insert_or_assign("note", "the id_from_network of a live pool of the first campaign");
      step.insert_or_assign("expect", out.tier(kRefused, "M-9"));
      out.add(std::move(step), "M-9");
      return true;
    }
    case ProbeKind::LoneLatitude: {
      toml::table step{{"create_pool", own}, {"body", inline_table({{"local_center", inline_table({{"latitude", 40.75}})}})},
                       {"expect_success", false}};
      step.insert_or_assign("expect", out.tier(kRefused, "M-19"));
      out.add(std::move(step), "M-19");
      return true;
    }
    case ProbeKind::EmptyBulk: {
      toml::table step{{"bulk", R"({"requests":[]})"}, {"on", "bulk"}, {"expect_success", false}};
      step.insert_or_assign("expect", out.tier({{"status", toml::array{400, 403, 404, 409, 413, 415, 422}}, {"absent", toml::array{"/responses/0"}}},
                                               "B-1"));
      bulk = true;
      out.add(std::move(step), "B-1");
      return true;
    }
    case ProbeKind::ReadOnlyFields: return probe_read_only(command);
    case ProbeKind::Destination:
    case ProbeKind::InvalidDestination:
    case ProbeKind::DestinationTypeApi: return probe_destination(command, kind);
    case ProbeKind::TagWithoutId: {
      toml::table create{{"create_pool", own}, {"on", "tags"}, {"body", inline_table({{"name", "tagged"}})}};
      create.insert_or_assign("expect", out.tier({{"status", toml::array{200, 201}}, {"shape", "ring_pool"}}, "M-3"));
      out.add(std::move(create), "M-3");
      toml::table step{{"update_pool", own}, {"on", "tags"}, {"body", inline_table({{"destination_phone_number", "8005551216"}})},
                       {"expect_success", false}};
      step.insert_or_assign("note", "a tag network: a destination needs its obfuscated_tag_id");
      step.insert_or_assign("expect", out.tier(kRefused, "M-15"));
      out.add(std::move(step), "M-15");
      tags = true;
      return true;
    }
  }
  return false;
}

// M-17 [doc]: read-only fields are never set from a body. An update sending api_key, id and
// object_url is taken (they ignored) or refused (M-17 [dec] leaves both open); taken, its answer
// keeps the pool's own; either way a read shows the key the pool had.
bool Translator::probe_read_only(const Command& command) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.live) return false;
  const std::string alias = Model::alias(command.slot);
  const std::string key = model_.own_alias() + "-key";
  toml::table before{{"read_pool", alias}, {"capture", inline_table({{"/api_key", key}})}};
  on_context(before, command.slot);
  before.insert_or_assign("expect", out.tier({{"shape", "ring_pool"}}, "M-2"));
  out.add(std::move(before), "M-2");
  constexpr std::string_view kForged = "ffffffffffffffffffffffffffffffff";
  toml::table update{{"update_pool", alias},
                     {"body", inline_table({{"api_key", kForged}, {"id", 987654321}, {"object_url", "https://example.com/forged"},
                                            {"allow_overflow", pool.allow_overflow}})},
                     {"expect_success", false}};
  update.insert_or_assign("note", "read-only fields in an update (ignored or refused: M-17 [dec])");
  on_context(update, command.slot);
  capture_settings(update, command.slot);
  update.insert_or_assign(
      "expect", out.tier({{"if_accepted", inline_table({{"fields_differ", inline_table({{"api_key", kForged},
                                                                                        {"object_url", "https://example.com/forged"}})}})}},
                         "M-17"));
  out.add(std::move(update), "M-17");
  model_.forget_settings(pool);
  toml::table after{{"read_pool", alias}};
  on_context(after, command.slot);
  after.insert_or_assign("expect", out.tier({{"status", 200}, {"fields", inline_table({{"api_key", fmt::format("${{{}}}", key)}})}}, "M-17"));
  out.add(std::move(after), "M-17");
  return true;
}

bool Translator::probe_destination(const Command& command, ProbeKind kind) {
  PoolState& pool = model_.pool(command.slot);
  if (!pool.live || bulk_slot(command.slot)) return false;
  toml::table body{{"allow_overflow", pool.allow_overflow}};
  toml::table expect;
  std::string_view clause = "M-15";
  if (kind == ProbeKind::Destination) {
    // Always the same number, as 10 digits (C-2's plainest form): the pool's first destination
    // whatever ran before.
    body.insert_or_assign("destination_phone_number", "8881112222");
    // How the number is written back is [dec] (C-2): any of its forms.
    expect = toml::table{{"status", 200},
                         {"shape", "ring_pool"},
                         {"matches", inline_table({{"/customer_phone_numbers/0/destination_phone_number",
                                                    R"(\+?1?[ .-]?\(?888\)?[ .-]?111[ .-]?2222)"}})}};
  } else if (kind == ProbeKind::InvalidDestination) {
    body.insert_or_assign("destination_phone_number", "not-a-number");
    expect = kRefused;
  } else {
    body.insert_or_assign("destination_type", "API");
    expect = toml::table{{"status", 200}, {"shape", "ring_pool"}};  // echoing it is [dec] (M-18)
    clause = "M-16";
  }
  toml::table step{{"update_pool", Model::alias(command.slot)}, {"body", inline_table(std::move(body))}, {"expect_success", false}};
  if (kind != ProbeKind::InvalidDestination) capture_settings(step, command.slot);
  step.insert_or_assign("expect", out.tier(std::move(expect), clause));
  out.add(std::move(step), clause);
  if (kind != ProbeKind::InvalidDestination) model_.forget_settings(pool);
  return true;
}

}  // namespace ringpool::conformance::property
