#include "conformance/property_commands.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "conformance/world_facts.hpp"

#include <algorithm>
#include <cassert>

namespace ringpool::conformance::property {

namespace {

constexpr std::array<const char*, kCommandKinds> kNames = {"create",   "update",    "flip-overflow", "read",
                                                           "delete",   "list",      "allocate",      "wrong-key",
                                                           "bulk",     "advance",   "bad-body",      "wrong-token",
                                                           "create-local", "other-network", "bad-query", "typed-allocate",
                                                           "probe", "faults"};

template <typename T, std::size_t N>
T pick(sim::Rng& rng, const std::array<T, N>& values) {
  return values[rng.below(N)];
}

// Pool sizes from 1 to hundreds, small ones most often (they exhaust, overflow and reuse). At most
// 500: every valid server of the table takes them (M-11's range is [dec]: a vendor may cap it).
std::int64_t draw_size(sim::Rng& rng, std::int64_t largest) {
  static constexpr std::array<std::int64_t, 12> kSizes = {1, 2, 2, 3, 3, 4, 5, 8, 20, 100, 250, 500};
  const std::int64_t size = pick(rng, kSizes);
  const bool big_drawn = size >= 250 && rng.chance(0.2);  // the big ones are costly: rarer still
  return std::min(size >= 250 && !big_drawn ? 3 : size, largest);
}

std::int64_t draw_lifetime(sim::Rng& rng) {
  static constexpr std::array<std::int64_t, 6> kLifetimes = {60, 61, 120, 300, 1800, 86400};
  return pick(rng, kLifetimes);
}

// Every scale, from a second to a month; 60/120/300/1800 land exactly on lease ends of the
// lifetimes above when nothing else moved the clock, 300 on autoscaling ticks, 2,678,400 (31 days)
// crosses a month end.
std::int64_t draw_advance(sim::Rng& rng) {
  static constexpr std::array<std::int64_t, 14> kSeconds = {1,   59,   60,   61,   119,   120,   299,
                                                            300, 600,  900,  1800, 3600,  86400, 2678400};
  return pick(rng, kSeconds);
}

std::string auth_text(int auth) {
  return auth == 1 ? " (token in the query)" : auth == 2 ? " (token in the body)" : "";
}

}  // namespace

const char* command_kind_name(CommandKind kind) { return kNames[static_cast<std::size_t>(kind)]; }

GeneratorLimits limits_for(const Capabilities& capabilities, const TargetDescription& description) {
  GeneratorLimits out;
  out.clock_advance = capabilities.has(capability::kClockAdvance);
  out.bulk = capabilities.has(capability::kBulk);
  out.second_network = capabilities.has(capability::kSecondNetwork);
  out.world = capabilities.has(capability::kWorld);
  out.tag_network = capabilities.has(capability::kTagNetwork);
  out.faults = capabilities.has(capability::kFaultInjection);
  if (const NetworkContext* primary = description.context("primary")) {
    out.declared_numbers = primary->numbers;
    out.affiliate = !primary->affiliate.empty();
    out.second_campaign = !primary->second_campaign.empty();
    out.bulk_primary = network_bulk_enabled(description, "primary");
    out.generated_ids = primary->generated_ids;
    out.local_inventory = !primary->local_zipcode.empty() && primary->local_numbers > 0;
    out.local_numbers = primary->local_numbers;
  }
  return out;
}

std::string Command::describe() const {
  const std::string pool = fmt::format("p{}", slot);
  switch (kind) {
    case CommandKind::Create: {
      std::string out = fmt::format("create {}{} max_pool_size={} lifetime_seconds={} allow_overflow={} fill_immediately={}",
                                    pool, put ? " (PUT)" : "", max_pool_size.value_or(2), lifetime_seconds.value_or(1800),
                                    allow_overflow, fill_immediately);
      if (omit_defaults) out += " (a new pool: without allow_overflow and max_pool_size)";
      if (preferred) out += fmt::format(" preferred={}", *preferred);
      return out + auth_text(auth);
    }
    case CommandKind::Update: {
      std::string out = "update " + pool;
      if (max_pool_size) out += fmt::format(" max_pool_size={}", *max_pool_size);
      if (lifetime_seconds) out += fmt::format(" lifetime_seconds={}", *lifetime_seconds);
      return out;
    }
    case CommandKind::FlipOverflow: return "flip allow_overflow of " + pool;
    case CommandKind::Read: return "read " + pool + auth_text(auth);
    case CommandKind::Delete: return "delete " + pool + auth_text(auth);
    case CommandKind::List: return "list pools" + auth_text(auth);
    case CommandKind::Allocate:
      return fmt::format("allocate {} ({}){}{}", pool, format, count > 1 ? fmt::format(" x{}", count) : "",
                         extra_param == 1   ? " with param10"
                         : extra_param == 2 ? " for the known affiliate"
                         : extra_param == 3 ? " with a referrer and search keywords"
                                            : "");
    case CommandKind::WrongKey: return fmt::format("allocate {} with a wrong key ({})", pool, format);
    case CommandKind::Bulk: {
      std::string out = fmt::format("bulk {} row{}:", rows.size(), rows.size() == 1 ? "" : "s");
      for (const BulkRowCommand& row : rows)
        out += fmt::format(" p{}{}{}", row.slot,
                           row.kind == RowKind::WrongKey       ? "/wrong-key"
                           : row.kind == RowKind::NoParameters ? "/no-parameters"
                           : row.kind == RowKind::CsvFormat    ? "/csv"
                           : row.kind == RowKind::OtherType    ? fmt::format("/type-{}", kPoolTypes[static_cast<std::size_t>(row.type) % 6])
                                                               : std::string(),
                           row.request_id ? "/id" : "");
      return out;
    }
    case CommandKind::Advance:
      return variant == 1 ? fmt::format("advance to just before the first active lease may end (else {} s)", seconds)
                          : fmt::format("advance {} s", seconds);
    case CommandKind::BadBody: return fmt::format("malformed update of {} (kind {})", pool, variant);
    case CommandKind::WrongToken: return "list pools with a wrong token";
    case CommandKind::CreateLocal: {
      static constexpr std::array<const char*, 5> kCenters = {"zipcode=90210", "tn_prefix=212", "latitude=34.05,longitude=-118.25",
                                                              "latitude=45,longitude=45,tn_prefix=\"\"", "zipcode=<declared>"};
      std::string out = fmt::format("create local {} max_pool_size={} lifetime_seconds={} allow_overflow={} fill_immediately={} "
                                    "local_center={{{}}}",
                                    pool, max_pool_size.value_or(2), lifetime_seconds.value_or(1800), allow_overflow,
                                    fill_immediately, kCenters[static_cast<std::size_t>(center) % kCenters.size()]);
      if (radius_miles > 0)
        out += fmt::format(" radius={} restrict_to_state={} fallback={}", radius_miles, restrict_to_state,
                           wait_fallback ? "Wait" : "UseTollFree");
      if (!whitelist.empty()) out += fmt::format(" whitelist=[{}]", fmt::join(whitelist, ","));
      return out;
    }
    case CommandKind::OtherNetwork: {
      static constexpr std::array<const char*, 3> kWhat = {"list pools", "read", "update"};
      return fmt::format("{}{} with another network's token", kWhat[static_cast<std::size_t>(variant) % 3],
                         variant % 3 == 0 ? "" : " " + pool);
    }
    case CommandKind::BadQuery: return fmt::format("allocate {} with a malformed query (kind {})", pool, variant);
    case CommandKind::TypedAllocate:
      return fmt::format("allocate from the {} pool ({}) {} the parameters it needs", kPoolTypes[static_cast<std::size_t>(variant) % 6],
                         format, with_parameters ? "with" : "without");
    case CommandKind::Faults: return "every request fails from here on ([faults] internal_error_probability = 1)";
    case CommandKind::Probe: {
      static constexpr std::array<const char*, kProbeKinds> kProbes = {
          "read a pool the campaign never had",          "create a pool without id_from_network",
          "create {} 's id_from_network in the second campaign", "create a pool with a lone latitude",
          "send an empty Bulk batch",                     "update {} with api_key and id, read it back",
          "link a destination to {}",                     "send {} an invalid destination",
          "set destination_type API on {}",               "send a tag network's pool a destination without its tag"};
      return fmt::format(fmt::runtime(kProbes[static_cast<std::size_t>(variant) % kProbeKinds]), pool);
    }
  }
  return "?";
}

std::string SwarmConfig::describe() const {
  std::string out;
  for (std::size_t i = 0; i < kCommandKinds; ++i)
    if (weights[i] > 0) out += fmt::format("{}{}:{}", out.empty() ? "" : " ", kNames[i], weights[i]);
  if (focus_percent > 0) out += fmt::format(" focus:{}%", focus_percent);
  if (faults) out += " faults:every-request";
  return out;
}

SwarmConfig draw_swarm(sim::Rng& rng, const GeneratorLimits& limits, std::size_t max_steps) {
  SwarmConfig swarm;
  // The kinds after WrongToken (local pools, other networks, bad queries, pool types) are rarer, so
  // that the core traffic still meets the time-dependent goals in a default run.
  for (std::size_t i = 0; i < kWeightedKinds; ++i) {
    const bool core = i <= static_cast<std::size_t>(CommandKind::WrongToken);
    swarm.weights[i] = rng.chance(core ? 0.75 : 0.5) ? static_cast<int>(rng.between(1, core ? 10 : 4)) : 0;
  }
  // Local pools need a clock move of 15 minutes and traffic after it to show their fill (L-1):
  // more of them than of the other rare kinds.
  auto& local = swarm.weights[static_cast<std::size_t>(CommandKind::CreateLocal)];
  if (local > 0) local += 2;
  swarm.weights[static_cast<std::size_t>(CommandKind::Create)] =
      std::max(swarm.weights[static_cast<std::size_t>(CommandKind::Create)], 2);
  swarm.weights[static_cast<std::size_t>(CommandKind::Allocate)] =
      std::max(swarm.weights[static_cast<std::size_t>(CommandKind::Allocate)], 6);
  if (!limits.clock_advance) swarm.weights[static_cast<std::size_t>(CommandKind::Advance)] = 0;
  if (!limits.bulk) swarm.weights[static_cast<std::size_t>(CommandKind::Bulk)] = 0;
  if (!limits.world) swarm.weights[static_cast<std::size_t>(CommandKind::TypedAllocate)] = 0;
  if (!limits.second_network) swarm.weights[static_cast<std::size_t>(CommandKind::OtherNetwork)] = 0;
  swarm.tag_network = limits.tag_network;
  swarm.local_inventory = limits.local_inventory;
  swarm.bulk = limits.bulk;
  swarm.world = limits.world;
  if (!limits.large_pools) swarm.largest_pool = 20;
  // Within what the target file declares (T-5): every slot's pool, filled, fits the inventory.
  if (limits.declared_numbers)
    swarm.largest_pool = std::clamp<std::int64_t>(*limits.declared_numbers / (kSlots + 1) - 1, 1, swarm.largest_pool);
  static constexpr std::array<int, 3> kFocus = {0, 40, 70};
  swarm.focus_percent = pick(rng, kFocus);
  // Drawn last, so that adding it changed no other draw of the earlier runs. One run in 25: a
  // default run of 200 has some (all but one in 3,000 do), and the rest keep the traffic. A run
  // of one command has no room for the request after `faults`.
  const bool faults = rng.chance(0.04);
  swarm.faults = faults && limits.service_failure_runs() && max_steps >= 2;
  return swarm;
}

namespace {

// Each draw below keeps the order of the rng calls it always had: a seed's runs stay the runs they
// were (a saved regression replays as it failed).

void draw_create(sim::Rng& rng, const SwarmConfig& swarm, Command& command) {
  command.max_pool_size = draw_size(rng, swarm.largest_pool);
  command.lifetime_seconds = draw_lifetime(rng);
  command.allow_overflow = rng.chance(0.8);
  command.fill_immediately = rng.chance(0.5);
  command.put = rng.chance(0.15);
  command.omit_defaults = rng.chance(0.15);
  if (rng.chance(0.3)) command.preferred = rng.chance(0.5);
  command.auth = rng.chance(0.2) ? static_cast<int>(rng.between(1, 2)) : 0;
}

void draw_bulk_rows(sim::Rng& rng, const SwarmConfig& swarm, Command& command) {
  const std::int64_t rows = rng.between(1, 5);
  for (std::int64_t r = 0; r < rows; ++r) {
    BulkRowCommand row;
    row.slot = static_cast<int>(rng.chance(0.85) ? rng.between(kFirstBulkSlot, kSlots - 1) : rng.below(kFirstBulkSlot));
    const double kind_draw = rng.unit();
    row.kind = kind_draw < 0.72   ? RowKind::Valid
               : kind_draw < 0.86 ? RowKind::WrongKey
               : kind_draw < 0.95 ? RowKind::NoParameters
                                  : RowKind::CsvFormat;
    row.request_id = rng.chance(0.6);
    if (swarm.world && rng.chance(0.08)) {
      row.kind = RowKind::OtherType;
      row.type = static_cast<int>(rng.between(1, static_cast<std::int64_t>(kPoolTypes.size()) - 1));
    }
    command.rows.push_back(row);
  }
}

void draw_create_local(sim::Rng& rng, const SwarmConfig& swarm, Command& command) {
  command.slot = static_cast<int>(rng.below(kFirstBulkSlot));  // local pools are legacy-served
  command.max_pool_size = draw_size(rng, std::min<std::int64_t>(swarm.largest_pool, 20));
  command.lifetime_seconds = draw_lifetime(rng);
  command.allow_overflow = rng.chance(0.7);
  command.fill_immediately = rng.chance(0.5);
  command.center = static_cast<int>(rng.below(4));
  // The target's declared local inventory (T-5), default preferences: where L-1's arrival is
  // judged. Drawn last, so that the other draws of a run stay as they were.
  const bool declared = swarm.local_inventory && rng.chance(0.4);
  if (declared) {
    command.center = 4;
    command.fill_immediately = true;
    command.allow_overflow = true;
    command.max_pool_size = std::max<std::int64_t>(2, std::min<std::int64_t>(*command.max_pool_size, 5));
    return;
  }
  if (rng.chance(0.6)) {
    static constexpr std::array<std::int64_t, 4> kRadii = {1, 5, 20, 240};
    command.radius_miles = pick(rng, kRadii);
    command.restrict_to_state = rng.chance(0.5);
    command.wait_fallback = rng.chance(0.4);
  }
  static constexpr std::array<std::array<const char*, 2>, 5> kWhitelists = {
      {{"", ""}, {"213", ""}, {"310", "323"}, {"212", "818"}, {"999", ""}}};
  for (const char* npa : kWhitelists[rng.below(5)])
    if (*npa != '\0') command.whitelist.emplace_back(npa);
}

// What a command of its kind carries besides kind and slot.
void draw_details(sim::Rng& rng, const SwarmConfig& swarm, Command& command) {
  static constexpr std::array<const char*, 4> kFormats = {"json", "json", "xml", "csv"};
  switch (command.kind) {
    case CommandKind::Create: draw_create(rng, swarm, command); break;
    case CommandKind::Read:
    case CommandKind::List:
    case CommandKind::Delete: command.auth = rng.chance(0.2) ? 1 : 0; break;
    case CommandKind::Probe:
      command.variant = static_cast<int>(rng.below(kProbeKinds));
      if (command.variant == static_cast<int>(ProbeKind::EmptyBulk) && !swarm.bulk)
        command.variant = static_cast<int>(ProbeKind::UnknownPool);
      if (command.variant == static_cast<int>(ProbeKind::TagWithoutId) && !swarm.tag_network)
        command.variant = static_cast<int>(ProbeKind::Destination);
      break;
    case CommandKind::Update:
      if (rng.chance(0.7)) command.max_pool_size = draw_size(rng, swarm.largest_pool);
      if (rng.chance(0.5) || !command.max_pool_size) command.lifetime_seconds = draw_lifetime(rng);
      command.fill_immediately = rng.chance(0.3);
      break;
    case CommandKind::Allocate:
    case CommandKind::WrongKey:
      command.format = pick(rng, kFormats);
      if (command.kind == CommandKind::Allocate && rng.chance(0.4)) command.count = static_cast<int>(rng.between(2, 6));
      if (command.kind == CommandKind::Allocate && rng.chance(0.2)) command.extra_param = static_cast<int>(rng.between(1, 3));
      break;
    case CommandKind::Bulk: draw_bulk_rows(rng, swarm, command); break;
    case CommandKind::CreateLocal: draw_create_local(rng, swarm, command); break;
    case CommandKind::Advance:
      command.seconds = draw_advance(rng);
      // A quarter of the advances land just before the first active lease may end: the boundary
      // every valid server shares (P-1: at least lifetime_seconds).
      command.variant = rng.chance(0.25) ? 1 : 0;
      break;
    case CommandKind::BadBody:
      command.variant = static_cast<int>(rng.below(7));
      if (command.variant == 6 && swarm.weights[static_cast<std::size_t>(CommandKind::Bulk)] == 0) command.variant = 0;  // a Bulk batch
      break;
    case CommandKind::BadQuery: command.variant = static_cast<int>(rng.below(6)); break;
    case CommandKind::OtherNetwork: command.variant = static_cast<int>(rng.below(3)); break;
    case CommandKind::TypedAllocate:
      command.variant = static_cast<int>(rng.below(kPoolTypes.size()));
      command.format = pick(rng, kFormats);
      command.with_parameters = rng.chance(0.6);
      break;
    default: break;
  }
}

// A local pool's story: visitors before its fill, the clock past the fill and the leases,
// visitors after (L-1, L-2). Each is an ordinary command, so shrinking drops what a failure does
// not need. Appends `local` and its story; returns how many more commands of the run it used.
std::size_t append_local_story(sim::Rng& rng, Command local, std::vector<Command>& out) {
  static constexpr std::array<std::int64_t, 3> kShortLifetimes = {60, 300, 1800};
  local.lifetime_seconds = pick(rng, kShortLifetimes);
  const int slot = local.slot;
  out.push_back(std::move(local));
  Command before;
  before.kind = CommandKind::Allocate;
  before.slot = slot;
  before.count = static_cast<int>(rng.between(1, 3));
  Command later;
  later.kind = CommandKind::Advance;
  later.slot = slot;
  later.seconds = rng.chance(0.5) ? 1800 : 3600;
  Command after;
  after.kind = CommandKind::Allocate;
  after.slot = slot;
  after.count = static_cast<int>(rng.between(2, 4));
  // A pool at the declared centre is left alone before the clock moves, and then asked by more
  // visitors than it holds numbers: its local numbers must be among the answers (L-1).
  const bool declared = out.back().center == 4;
  if (declared) after.count = static_cast<int>(*out.back().max_pool_size) + 2;
  for (Command* next : {&before, &later, &after})
    if (next != &before || !declared) out.push_back(std::move(*next));
  return declared ? 2 : 3;
}

}  // namespace

std::vector<Command> generate_commands(sim::Rng& rng, const SwarmConfig& swarm, std::size_t max_steps) {
  int total = 0;
  for (int weight : swarm.weights) total += weight;
  std::vector<Command> out;
  int last_made = -1;  // the slot of the pool the run made last (focus_percent)
  const std::size_t length = max_steps == 0 ? 0 : static_cast<std::size_t>(rng.between(1, static_cast<std::int64_t>(max_steps)));
  // A run spends its first commands on pools, so that the rest has something to act on.
  for (std::size_t i = 0; i < length; ++i) {
    Command command;
    std::int64_t draw = rng.between(0, total - 1);
    std::size_t kind = 0;
    while (draw >= swarm.weights[kind]) draw -= swarm.weights[kind++];
    command.kind = i < 2 ? CommandKind::Create : static_cast<CommandKind>(kind);
    // Slots: mostly the first few, so that commands meet the pools the earlier ones made.
    command.slot = static_cast<int>(rng.below(swarm.weights[static_cast<std::size_t>(CommandKind::Bulk)] > 0 ? kSlots
                                                                                                             : kFirstBulkSlot));
    if (last_made >= 0 && command.kind != CommandKind::Create && rng.below(100) < static_cast<std::uint64_t>(swarm.focus_percent))
      command.slot = last_made;
    draw_details(rng, swarm, command);
    if (command.kind == CommandKind::Create || command.kind == CommandKind::CreateLocal) last_made = command.slot;
    const bool story = command.kind == CommandKind::CreateLocal && length - i > 3 &&
                       swarm.weights[static_cast<std::size_t>(CommandKind::Advance)] > 0 && rng.chance(0.5);
    if (story) {
      i += append_local_story(rng, std::move(command), out);
      continue;
    }
    out.push_back(std::move(command));
  }
  assert(!swarm.faults || max_steps >= 2);
  if (swarm.faults && !out.empty()) {  // the first commands are creates: one stays
    Command faults;
    faults.kind = CommandKind::Faults;
    out.insert(out.begin(), std::move(faults));
    if (out.size() > max_steps) out.pop_back();
  }
  return out;
}

}  // namespace ringpool::conformance::property
