// [[ring_pool]] entries (spec W-5): pools declared in the world file, with what the management API
// cannot set (pool type, custom parameter names, served_by). Created in file order.
#include "reference/domain/management.hpp"
#include "reference/world_file/world_sections.hpp"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace ringpool::world_file::detail {

namespace {

constexpr std::string_view kPoolTypesExpected =
    "one of \"Custom\", \"CustomWithSearchTracking\", \"Search\", \"SearchKeyword\", \"ReferralDomain\", "
    "\"ReferralDomainWithSearchTracking\"";

bool is_pool_name(std::string_view text) { return text.size() <= 255; }
bool is_npa_or_empty(std::string_view text) { return text.empty() || domain::is_npa(text); }
bool is_npa_text(std::string_view text) { return domain::is_npa(text); }

// M-19's rules, with the file's positions instead of the API's messages.
domain::LocalCenter read_local_center(TableReader& reader, const domain::World& world) {
  reader.allow_only({"tn_prefix", "zipcode", "latitude", "longitude"});
  domain::LocalCenter center;
  center.tn_prefix = reader.optional_string("tn_prefix", StringRule{is_npa_or_empty, "an NPA such as \"212\", or \"\""});
  center.zipcode = reader.optional_string("zipcode", StringRule{is_zip_code, "a string of 5 digits such as \"90210\""});
  if (center.zipcode && world.zips.find(*center.zipcode) == nullptr)
    reader.fail_at(*reader.find("zipcode"),
                   fmt::format("\"zipcode\" {} is not in the world's ZIP table ([[zip]])", quoted(*center.zipcode)));
  center.latitude = reader.optional_number("latitude", -90.0, 90.0);
  center.longitude = reader.optional_number("longitude", -180.0, 180.0);
  if (center.latitude.has_value() != center.longitude.has_value())
    reader.fail_here("\"latitude\" and \"longitude\" must be given together");
  if (!center.has_tn_prefix() && !center.zipcode && !center.latitude)
    reader.fail_here("needs a non-empty \"tn_prefix\", a \"zipcode\", or \"latitude\" and \"longitude\"");
  return center;
}

domain::LocalNumberPreferences read_local_preferences(TableReader& reader) {
  reader.allow_only({"search_radius_miles", "restrict_search_to_state", "allocation_fallback_strategy"});
  domain::LocalNumberPreferences preferences;
  // Half the earth's circumference bounds every useful radius.
  if (auto radius = reader.optional_integer("search_radius_miles", 0, 12500)) preferences.search_radius_miles = *radius;
  if (auto restricted = reader.optional_bool("restrict_search_to_state")) preferences.restrict_search_to_state = *restricted;
  constexpr std::string_view kExpected = "\"UseTollFree\" or \"Wait\"";
  if (auto strategy = reader.optional_string("allocation_fallback_strategy", StringRule{nullptr, kExpected})) {
    if (*strategy == "UseTollFree") {
      preferences.allocation_fallback_strategy = domain::FallbackStrategy::UseTollFree;
    } else if (*strategy == "Wait") {
      preferences.allocation_fallback_strategy = domain::FallbackStrategy::Wait;
    } else {
      reader.fail_expected("allocation_fallback_strategy", *reader.find("allocation_fallback_strategy"), kExpected);
    }
  }
  return preferences;
}

// network / advertiser / campaign: each must be declared above.
void read_address(TableReader& reader, const domain::World& world, domain::RingPool& pool) {
  pool.network_id = reader.required_integer("network", 1, kMaxId);
  const domain::Network* network = world.find_network(pool.network_id);
  if (network == nullptr)
    reader.fail_at(*reader.find("network"), fmt::format("\"network\" {} is not a [[network]] of this world", pool.network_id));
  pool.advertiser_id = reader.required_string("advertiser", kIdRule);
  const auto advertiser = network->advertisers.find(pool.advertiser_id);
  if (advertiser == network->advertisers.end())
    reader.fail_at(*reader.find("advertiser"), fmt::format("\"advertiser\" {} is not an advertiser of network {}",
                                                           quoted(pool.advertiser_id), pool.network_id));
  pool.campaign_id = reader.required_string("campaign", kIdRule);
  if (!advertiser->second.campaigns.contains(pool.campaign_id))
    reader.fail_at(*reader.find("campaign"), fmt::format("\"campaign\" {} is not a campaign of advertiser {}",
                                                         quoted(pool.campaign_id), quoted(pool.advertiser_id)));
}

void read_settings(TableReader& reader, const domain::World& world, domain::RingPool& pool) {
  domain::RingPoolSettings& settings = pool.settings;
  if (auto name = reader.optional_string("name", StringRule{is_pool_name, "a string of at most 255 bytes"}))
    settings.name = *name;
  settings.max_pool_size = reader.optional_integer("max_pool_size", 1, 10000).value_or(settings.max_pool_size);
  settings.lifetime_seconds = reader.optional_integer("lifetime_seconds", 60, 2592000).value_or(settings.lifetime_seconds);
  settings.fill_immediately = reader.optional_bool("fill_immediately").value_or(settings.fill_immediately);
  settings.allow_overflow = reader.optional_bool("allow_overflow").value_or(settings.allow_overflow);
  settings.preferred = reader.optional_bool("preferred").value_or(settings.preferred);

  if (const toml::table* table = reader.optional_table("local_center")) {
    TableReader center(*table, reader.source_name(), reader.context() + ", local_center");
    settings.local_center = read_local_center(center, world);
  }
  if (const toml::table* table = reader.optional_table("local_number_preferences")) {
    TableReader preferences(*table, reader.source_name(), reader.context() + ", local_number_preferences");
    settings.local_number_preferences = read_local_preferences(preferences);
  }
  settings.tn_prefix_whitelist =
      reader.optional_string_array("tn_prefix_whitelist", 0, 1000, StringRule{is_npa_text, "an NPA such as \"212\""});
}

void read_serving(TableReader& reader, const domain::World& world, domain::RingPool& pool) {
  if (auto type = reader.optional_string("type", StringRule{nullptr, kPoolTypesExpected})) {
    const auto parsed = domain::parse_pool_type(*type);
    if (!parsed) reader.fail_expected("type", *reader.find("type"), kPoolTypesExpected);
    pool.type = *parsed;
  }

  const domain::Network& network = *world.find_network(pool.network_id);
  if (auto names = reader.optional_string_array("parameter_names", 0, domain::kCustomParameterCount, kParameterRule)) {
    check_custom_names(reader, "parameter_names", *names, network.affiliate_parameter);
    // Empty slots (and an absent key) leave the network's data dictionary in force (spec A-6).
    for (std::size_t slot = 0; slot < names->size(); ++slot) pool.parameter_names[slot] = (*names)[slot];
  }

  // Without served_by, the API's rule at creation applies (spec B-8).
  pool.bulk_served = network.bulk_enabled || network.advertisers.at(pool.advertiser_id).bulk_enabled;
  constexpr std::string_view kServedExpected = "\"legacy\" or \"bulk\"";
  if (auto served_by = reader.optional_string("served_by", StringRule{nullptr, kServedExpected})) {
    if (*served_by != "legacy" && *served_by != "bulk")
      reader.fail_expected("served_by", *reader.find("served_by"), kServedExpected);
    pool.bulk_served = *served_by == "bulk";
  }
}

}  // namespace

void declare_pools(const std::vector<const toml::table*>& tables, domain::World& world, std::string_view source_name) {
  std::map<std::pair<domain::NetworkId, std::string>, Position> first_seen;
  std::size_t entry = 0;
  for (const toml::table* table : tables) {
    ++entry;
    TableReader reader(*table, source_name, fmt::format("ring_pool entry {}", entry));
    if (auto id = reader.peek_string("id_from_network")) reader.set_context(fmt::format("ring_pool {}", quoted(*id)));
    reader.allow_only({"network", "advertiser", "campaign", "id_from_network", "name", "max_pool_size",
                       "lifetime_seconds", "fill_immediately", "allow_overflow", "preferred", "type",
                       "parameter_names", "served_by", "local_center", "local_number_preferences",
                       "tn_prefix_whitelist"});
    domain::RingPool pool;
    read_address(reader, world, pool);

    const domain::Network& network = *world.find_network(pool.network_id);
    if (auto id = reader.optional_string("id_from_network", kIdRule)) {
      pool.settings.id_from_network = *id;
      reader.set_context(fmt::format("ring_pool {}", quoted(*id)));
      const Position here = position_of(reader.find("id_from_network")->source());
      auto [seen, inserted] = first_seen.emplace(std::pair{pool.network_id, *id}, here);
      if (!inserted)
        reader.fail_at(*reader.find("id_from_network"),
                       fmt::format("\"id_from_network\" {} is already used in network {} by the ring_pool at line {}",
                                   quoted(*id), pool.network_id, seen->second.line));
    } else if (!network.auto_id_from_network) {
      reader.fail_here(fmt::format("\"id_from_network\" is required (network {} has no auto_id_from_network)",
                                   pool.network_id));
    }
    read_settings(reader, world, pool);
    read_serving(reader, world, pool);

    auto created = domain::create_declared_pool(world, std::move(pool), world.epoch);
    if (!created) reader.fail_here(created.error().message);
  }
}

}  // namespace ringpool::world_file::detail
