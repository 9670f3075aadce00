#include "reference/api/ring_pool_json.hpp"

#include "reference/api/json_values.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ringpool::api {

using domain::Input;

namespace {

Input<domain::LocalCenterInput> decode_local_center(const nlohmann::json& value) {
  if (!value.is_object()) return Input<domain::LocalCenterInput>::invalid("Local center must be an object.");
  domain::LocalCenterInput center;
  for (const auto& [key, member] : value.items())
    if (key != "tn_prefix" && key != "zipcode" && key != "latitude" && key != "longitude")
      center.has_unknown_key = true;
  center.tn_prefix = read_field(value, "tn_prefix", "Tn prefix", read_string);
  center.zipcode = read_field(value, "zipcode", "Zipcode", read_string);
  center.latitude = read_field(value, "latitude", "Latitude", read_number);
  center.longitude = read_field(value, "longitude", "Longitude", read_number);
  return Input<domain::LocalCenterInput>::of(std::move(center));
}

Input<domain::LocalNumberPreferencesInput> decode_preferences(const nlohmann::json& value) {
  if (!value.is_object())
    return Input<domain::LocalNumberPreferencesInput>::invalid("Local number preferences must be an object.");
  domain::LocalNumberPreferencesInput preferences;
  for (const auto& [key, member] : value.items())
    if (key != "search_radius_miles" && key != "restrict_search_to_state" &&
        key != "allocation_fallback_strategy")
      preferences.has_unknown_key = true;
  preferences.search_radius_miles = read_field(value, "search_radius_miles", "Search radius miles", read_integer);
  preferences.restrict_search_to_state =
      read_field(value, "restrict_search_to_state", "Restrict search to state", read_bool);
  preferences.allocation_fallback_strategy =
      read_field(value, "allocation_fallback_strategy", "Allocation fallback strategy", read_string);
  return Input<domain::LocalNumberPreferencesInput>::of(std::move(preferences));
}

Input<std::vector<std::string>> decode_whitelist(const nlohmann::json& value) {
  const auto invalid = [] {
    return Input<std::vector<std::string>>::invalid("Tn prefix whitelist must be an array of strings.");
  };
  if (!value.is_array()) return invalid();
  std::vector<std::string> npas;
  for (const auto& entry : value) {
    if (!entry.is_string()) return invalid();
    npas.push_back(entry.get<std::string>());
  }
  return Input<std::vector<std::string>>::of(std::move(npas));
}

// Coordinates print as integers when whole, as the documents show them (30, -130).
nlohmann::ordered_json coordinate(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 1e15) return static_cast<std::int64_t>(value);
  return value;
}

nlohmann::ordered_json destination_json(const domain::Destination& destination) {
  nlohmann::ordered_json out;
  out["destination_phone_number"] = destination.phone.str();
  if (destination.obfuscated_tag_id) out["js_tag"] = {{"obfuscated_tag_id", *destination.obfuscated_tag_id}};
  return out;
}

}  // namespace

domain::RingPoolPatch decode_ring_pool_patch(const nlohmann::json& body) {
  domain::RingPoolPatch patch;
  patch.id_from_network = read_field(body, "id_from_network", "Id from network", read_string);
  patch.name = read_field(body, "name", "Name", read_string);
  patch.preferred = read_field(body, "preferred", "Preferred", read_bool);
  patch.lifetime_seconds = read_field(body, "lifetime_seconds", "Lifetime seconds", read_integer);
  patch.max_pool_size = read_field(body, "max_pool_size", "Max pool size", read_integer);
  patch.fill_immediately = read_field(body, "fill_immediately", "Fill immediately", read_bool);
  patch.allow_overflow = read_field(body, "allow_overflow", "Allow overflow", read_bool);
  patch.destination_phone_number =
      read_field(body, "destination_phone_number", "Destination phone number", read_string);
  patch.obfuscated_tag_id = read_field(body, "obfuscated_tag_id", "Obfuscated tag id", read_string);
  if (auto it = body.find("local_center"); it != body.end()) patch.local_center = decode_local_center(*it);
  if (auto it = body.find("local_number_preferences"); it != body.end())
    patch.local_number_preferences = decode_preferences(*it);
  if (auto it = body.find("tn_prefix_whitelist"); it != body.end()) patch.tn_prefix_whitelist = decode_whitelist(*it);
  patch.destination_type = read_field(body, "destination_type", "Destination type", read_string);
  patch.delete_detected_phone_number =
      read_field(body, "delete_detected_phone_number", "Delete detected phone number", read_bool);
  return patch;
}

namespace {

// `Pool` is a domain::RingPool or a RepresentedPool: the same member names, one writer.
template <class Pool>
nlohmann::ordered_json represent(const Pool& pool, std::string_view host) {
  const domain::RingPoolSettings& settings = pool.settings;
  nlohmann::ordered_json out;
  out["id"] = pool.id;
  out["id_from_network"] = settings.id_from_network;
  out["name"] = settings.name;
  out["object_url"] = fmt::format("https://{}/a_campaigns/ring_pools/{}", host, pool.id);
  out["preferred"] = settings.preferred;
  out["lifetime_seconds"] = settings.lifetime_seconds;
  out["max_pool_size"] = settings.max_pool_size;
  out["api_key"] = pool.api_key;
  out["fill_immediately"] = settings.fill_immediately;
  out["allow_overflow"] = settings.allow_overflow;
  auto destinations = nlohmann::ordered_json::array();
  for (const auto& destination : pool.destinations) destinations.push_back(destination_json(destination));
  out["customer_phone_numbers"] = std::move(destinations);
  out["default_customer_phone_number"] =
      pool.destinations.empty() ? nlohmann::ordered_json(nullptr) : destination_json(pool.destinations.front());
  if (settings.local_center) {
    const domain::LocalCenter& center = *settings.local_center;
    nlohmann::ordered_json center_json = nlohmann::ordered_json::object();
    if (center.tn_prefix) center_json["tn_prefix"] = *center.tn_prefix;
    if (center.zipcode) center_json["zipcode"] = *center.zipcode;
    if (center.latitude) center_json["latitude"] = coordinate(*center.latitude);
    if (center.longitude) center_json["longitude"] = coordinate(*center.longitude);
    out["local_center"] = std::move(center_json);
  }
  if (settings.local_center || settings.local_number_preferences) {
    const domain::LocalNumberPreferences preferences = settings.effective_local_preferences();
    out["local_number_preferences"] = {
        {"search_radius_miles", preferences.search_radius_miles},
        {"restrict_search_to_state", preferences.restrict_search_to_state},
        {"allocation_fallback_strategy", domain::fallback_strategy_name(preferences.allocation_fallback_strategy)}};
  }
  if (settings.tn_prefix_whitelist) out["tn_prefix_whitelist"] = *settings.tn_prefix_whitelist;
  if (settings.destination_type) out["destination_type"] = *settings.destination_type;
  return out;
}

}  // namespace

nlohmann::ordered_json ring_pool_representation(const domain::RingPool& pool, const domain::Network& network) {
  return represent(pool, network.host);
}

RepresentedPool copy_for_representation(const domain::RingPool& pool, const domain::Network& network) {
  return RepresentedPool{pool.id, pool.settings, pool.api_key, pool.destinations, network.host};
}

nlohmann::ordered_json ring_pool_representation(const RepresentedPool& pool) {
  return represent(pool, pool.host);
}

}  // namespace ringpool::api
