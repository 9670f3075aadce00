#include "reference/world_file/world_toml.hpp"

#include "reference/world_file/world_table.hpp"

#include "reference/world_file/toml_fields.hpp"
#include "reference/world_file/world_sections.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>
#include <utility>

namespace ringpool::embedded {
// worlds/default.toml, compiled in by cmake/EmbedFile.cmake.
extern const std::string_view default_world_toml;
}  // namespace ringpool::embedded

namespace ringpool::world_file {

std::string LoadError::describe() const {
  if (line <= 0) return fmt::format("{}: {}", source, message);
  if (column <= 0) return fmt::format("{}:{}: {}", source, line, message);
  return fmt::format("{}:{}:{}: {}", source, line, column, message);
}

namespace detail {
namespace {

constexpr std::string_view kStartExpected = "a UTC time such as \"2026-01-01T00:00:00Z\"";

// `start` may be a string (as elsewhere in the project) or a TOML offset date-time.
sim::Instant read_start(const TableReader& reader, const toml::node& node) {
  std::optional<sim::Instant> instant;
  if (const auto* text = node.as_string()) {
    instant = sim::parse_iso8601(text->get());
  } else if (const auto* stamp = node.as_date_time(); stamp != nullptr && stamp->get().offset) {
    const toml::date_time& value = stamp->get();
    const std::int64_t days = sim::days_from_civil(sim::CivilDate{value.date.year, value.date.month, value.date.day});
    const std::int64_t seconds_of_day = value.time.hour * 3600 + value.time.minute * 60 + value.time.second;
    const std::int64_t utc_seconds = days * 86400 + seconds_of_day - std::int64_t{value.offset->minutes} * 60;
    instant = sim::seconds(utc_seconds) + value.time.nanosecond / 1'000'000;
  }
  // Month-end events count from the epoch; a time before 1970 is no use to anyone here.
  if (!instant || *instant < 0) reader.fail_expected("start", node, kStartExpected);
  return *instant;
}

void read_zips(const TableReader& root, domain::World& world) {
  std::map<std::string, Position> first_seen;
  std::size_t entry = 0;
  for (const toml::table* table : root.table_array("zip")) {
    ++entry;
    TableReader reader(*table, root.source_name(), fmt::format("zip entry {}", entry));
    domain::ZipEntry zip = read_zip_entry(reader);
    const Position here = position_of(table->get("zipcode")->source());
    if (auto [seen, inserted] = first_seen.emplace(zip.zipcode, here); !inserted)
      reader.fail_at(*table->get("zipcode"), fmt::format("\"zipcode\" {} is already in the ZIP table (line {})", quoted(seen->first),
                                                           seen->second.line));
    world.zips.add(std::move(zip));
  }
}

void read_networks(const TableReader& root, domain::World& world) {
  const std::vector<const toml::table*> tables = root.table_array("network");
  if (tables.empty()) root.fail_here("a world needs at least one [[network]]");
  std::map<domain::NetworkId, Position> first_seen;
  std::map<std::string, domain::NetworkId> token_owner;
  std::vector<InventoryRange> ranges;
  std::size_t entry = 0;
  for (const toml::table* table : tables) {
    ++entry;
    TableReader reader(*table, root.source_name(), fmt::format("network entry {}", entry));
    NetworkDeclaration declaration = read_network(reader);
    const domain::NetworkId id = declaration.network.id;
    if (auto [seen, inserted] = first_seen.emplace(id, declaration.id_position); !inserted)
      reader.fail_at(*table->get("id"), fmt::format("id {} is already used by the network at line {}", id,
                                                    seen->second.line));
    // A token opens exactly one network (M-6); sharing one would blur the isolation tests rely on.
    for (const std::string& token : declaration.network.tokens)
      if (auto [owner, inserted] = token_owner.emplace(token, id); !inserted)
        reader.fail_at(*table->get("tokens"), fmt::format("token {} is already a token of network {}",
                                                          quoted(token), owner->second));
    for (InventoryRange& range : declaration.ranges) {
      range.sequence = ranges.size();
      ranges.push_back(std::move(range));
    }
    world.networks.emplace(id, std::move(declaration.network));
  }
  place_inventory(std::move(ranges), world, root.source_name());
}

// Everything but the declared pools: depends on no seed.
domain::World build_world_without_pools(const toml::table& root_table, std::string_view source_name) {
  TableReader root(root_table, source_name, "top level");
  root.allow_only({"start", "policy", "faults", "zip", "network", "ring_pool"});
  domain::World world;
  if (const toml::node* start = root.find("start")) world.epoch = read_start(root, *start);
  if (const toml::table* table = root.optional_table("policy")) {
    TableReader reader(*table, source_name, "policy");
    world.policy = read_policy(reader);
  }
  if (const toml::table* table = root.optional_table("faults")) {
    TableReader reader(*table, source_name, "faults");
    world.faults = read_faults(reader);
  }
  // ZIPs before pools: a declared local pool's zipcode must be in the table.
  read_zips(root, world);
  read_networks(root, world);
  return world;
}

// The declared pools, after the rest: their api keys come from `seed`'s key stream.
domain::World add_declared_pools(domain::World world, const toml::table& root_table, std::string_view source_name,
                                 std::uint64_t seed) {
  TableReader root(root_table, source_name, "top level");
  world.reseed(seed);
  declare_pools(root.table_array("ring_pool"), world, source_name);
  return world;
}

}  // namespace
}  // namespace detail

std::expected<domain::World, LoadError> load_world(std::string_view toml_text, std::string_view source_name,
                                                   std::uint64_t seed) {
  auto root = parse_world_toml(toml_text, source_name);
  if (!root) return std::unexpected(std::move(root.error()));
  return load_world(*root, source_name, seed);
}

std::expected<toml::table, LoadError> parse_world_toml(std::string_view toml_text, std::string_view source_name) {
  try {
    return toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& error) {
    const detail::Position where = detail::position_of(error.source());
    return std::unexpected(LoadError{std::string(source_name), where.line, where.column,
                                     fmt::format("invalid TOML: {}", error.description())});
  }
}

std::expected<domain::World, LoadError> load_world(const toml::table& root, std::string_view source_name,
                                                   std::uint64_t seed) {
  auto without_pools = load_world_without_pools(root, source_name);
  if (!without_pools) return without_pools;
  return add_declared_pools(std::move(*without_pools), root, source_name, seed);
}

std::expected<domain::World, LoadError> load_world_without_pools(const toml::table& root, std::string_view source_name) {
  try {
    return detail::build_world_without_pools(root, source_name);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
}

std::expected<domain::World, LoadError> add_declared_pools(domain::World without_pools, const toml::table& root,
                                                           std::string_view source_name, std::uint64_t seed) {
  try {
    return detail::add_declared_pools(std::move(without_pools), root, source_name, seed);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
}

struct PreparedWorld::Table {
  toml::table value;
};

std::expected<PreparedWorld, LoadError> PreparedWorld::read(std::string_view toml_text, std::string_view source_name) {
  auto table = parse_world_toml(toml_text, source_name);
  if (!table) return std::unexpected(std::move(table.error()));
  auto without_pools = load_world_without_pools(*table, source_name);
  if (!without_pools) return std::unexpected(std::move(without_pools.error()));
  return PreparedWorld(std::make_shared<const Table>(Table{std::move(*table)}), std::move(*without_pools),
                       std::string(source_name));
}

std::expected<domain::World, LoadError> PreparedWorld::build(std::uint64_t seed) const {
  return add_declared_pools(without_pools_, table_->value, source_name_, seed);
}

std::string_view default_world_toml() { return embedded::default_world_toml; }

domain::World load_default_world(std::uint64_t seed) {
  auto world = load_world(default_world_toml(), "default", seed);
  if (!world) throw std::logic_error("the embedded default world does not load: " + world.error().describe());
  return std::move(*world);
}

}  // namespace ringpool::world_file
