// [[network]] with its [[network.advertiser]] and [[network.affiliate]] tables (spec W-1, W-2).
// Inventory entries are read here but placed later (see place_inventory).
#include "reference/world_file/world_sections.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

namespace ringpool::world_file::detail {

bool is_reserved_parameter_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kFixed = {
      "search_engine", "search_keywords", "search_keyword_id", "landing_page",
      "referrer",      "mobile_click_to_call", "ring_pool_key"};
  for (std::string_view fixed : kFixed)
    if (name == fixed) return true;
  for (std::size_t slot = 1; slot <= domain::kCustomParameterCount; ++slot)
    if (name == fmt::format("param{}", slot)) return true;
  return false;
}

void check_custom_names(const TableReader& reader, std::string_view key, const std::vector<std::string>& names,
                        std::string_view affiliate_parameter) {
  const toml::array& array = *reader.find(key)->as_array();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (is_reserved_parameter_name(names[i]))
      reader.fail_at(*array.get(i), fmt::format("\"{}\" entry {} is {}, a parameter name with a fixed meaning",
                                                key, i + 1, quoted(names[i])));
    if (names[i] == affiliate_parameter)
      reader.fail_at(*array.get(i), fmt::format("\"{}\" entry {} is {}, the network's affiliate parameter", key,
                                                i + 1, quoted(names[i])));
  }
}

namespace {

domain::Advertiser read_advertiser(TableReader& reader, std::string_view network_context) {
  if (auto id = reader.peek_string("id_from_network"))
    reader.set_context(fmt::format("{}, advertiser {}", network_context, quoted(*id)));
  reader.allow_only({"id_from_network", "bulk_enabled", "campaigns"});
  domain::Advertiser advertiser;
  advertiser.id_from_network = reader.required_string("id_from_network", kIdRule);
  advertiser.bulk_enabled = reader.optional_bool("bulk_enabled").value_or(false);
  // Duplicates within the advertiser are caught by the array reader ("lists ... twice").
  for (std::string& campaign_id : reader.optional_string_array("campaigns", 0, 10000, kIdRule).value_or(
           std::vector<std::string>{}))
    advertiser.campaigns.emplace(campaign_id, domain::Campaign{campaign_id, {}, {}});
  return advertiser;
}

domain::Affiliate read_affiliate(TableReader& reader, std::string_view network_context) {
  if (auto id = reader.peek_string("id_from_network"))
    reader.set_context(fmt::format("{}, affiliate {}", network_context, quoted(*id)));
  reader.allow_only({"id_from_network", "bulk_enabled"});
  domain::Affiliate affiliate;
  affiliate.id_from_network = reader.required_string("id_from_network", kIdRule);
  affiliate.bulk_enabled = reader.optional_bool("bulk_enabled").value_or(false);
  return affiliate;
}

// Reads `[[network.<key>]]` entries through `read`, refusing an id_from_network seen before.
template <typename Entity, typename Read>
void read_members(const TableReader& network_reader, std::string_view key, std::string_view noun,
                  std::map<std::string, Entity>& members, Read read) {
  std::map<std::string, Position> first_seen;
  std::size_t entry = 0;
  for (const toml::table* table : network_reader.table_array(key)) {
    ++entry;
    TableReader reader(*table, network_reader.source_name(),
                       fmt::format("{}, {} entry {}", network_reader.context(), noun, entry));
    Entity entity = read(reader, network_reader.context());
    const std::string id = entity.id_from_network;
    if (auto seen = first_seen.find(id); seen != first_seen.end())
      reader.fail_at(*table->get("id_from_network"),
                     fmt::format("\"id_from_network\" {} is already used by the {} at line {}", quoted(id), noun,
                                 seen->second.line));
    first_seen.emplace(id, position_of(table->get("id_from_network")->source()));
    members.emplace(id, std::move(entity));
  }
}

}  // namespace

NetworkDeclaration read_network(TableReader& reader) {
  // Named by its id from the start when it has one; a missing or bad id fails just below.
  if (auto id = reader.peek_integer("id")) reader.set_context(fmt::format("network {}", *id));
  reader.allow_only({"id", "host", "tokens", "tag_destinations", "auto_id_from_network", "affiliate_parameter",
                     "data_dictionary", "bulk_enabled", "advertiser", "affiliate", "inventory"});
  NetworkDeclaration declaration;
  domain::Network& network = declaration.network;
  network.id = reader.required_integer("id", 1, kMaxId);
  declaration.id_position = position_of(reader.find("id")->source());

  network.host = reader.required_string("host", StringRule{is_host_name, "a host name (letters, digits, '-', '.')"});
  auto tokens = reader.optional_string_array("tokens", 1, 100, kIdRule);
  if (!tokens) reader.fail_here("\"tokens\" is required; expected a non-empty array of strings");
  network.tokens = std::move(*tokens);
  network.tag_destinations = reader.optional_bool("tag_destinations").value_or(false);
  network.auto_id_from_network = reader.optional_bool("auto_id_from_network").value_or(false);
  network.affiliate_parameter = reader.optional_string("affiliate_parameter", kParameterRule).value_or("pid");
  if (is_reserved_parameter_name(network.affiliate_parameter))
    reader.fail_at(*reader.find("affiliate_parameter"),
                   fmt::format("\"affiliate_parameter\" {} is a parameter name with a fixed meaning",
                               quoted(network.affiliate_parameter)));
  if (auto names = reader.optional_string_array("data_dictionary", 0, domain::kCustomParameterCount, kParameterRule)) {
    check_custom_names(reader, "data_dictionary", *names, network.affiliate_parameter);
    network.data_dictionary = std::move(*names);
  }
  network.bulk_enabled = reader.optional_bool("bulk_enabled").value_or(false);

  read_members(reader, "advertiser", "advertiser", network.advertisers, read_advertiser);
  read_members(reader, "affiliate", "affiliate", network.affiliates, read_affiliate);

  std::size_t entry = 0;
  for (const toml::table* table : reader.table_array("inventory")) {
    ++entry;
    TableReader range_reader(*table, reader.source_name(), fmt::format("network {}, inventory entry {}", network.id, entry));
    declaration.ranges.push_back(read_inventory_range(range_reader, network.id));
  }
  return declaration;
}

}  // namespace ringpool::world_file::detail
