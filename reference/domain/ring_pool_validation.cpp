#include "reference/domain/ring_pool_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

namespace ringpool::domain {

namespace {

constexpr std::size_t kIdFromNetworkMaxLength = 255;

// Code points of UTF-8 text (JSON strings are UTF-8, C-1): the bytes that do not continue one.
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
constexpr std::int64_t kLifetimeSecondsMin = 60;
constexpr std::int64_t kLifetimeSecondsMax = 2'592'000;
constexpr std::int64_t kMaxPoolSizeMin = 1;
constexpr std::int64_t kMaxPoolSizeMax = 10'000;
constexpr std::string_view kCenter = "local_center";
constexpr std::string_view kPreferences = "local_number_preferences";

// `field` is the body key the failure is about (M-8's per-field form).
std::unexpected<Error> invalid(std::string_view field, std::string message) {
  return std::unexpected<Error>(Error{ErrorClass::RecordInvalid, std::move(message), std::string(field)});
}

// A present field that failed to decode reports its type error.
template <typename T>
std::optional<std::unexpected<Error>> type_error(const Input<T>& input, std::string_view field) {
  if (input.present && !input.value) return invalid(field, input.type_error);
  return std::nullopt;
}

bool is_five_digits(const std::string& text) {
  if (text.size() != 5) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

Result<void> validate_local_center(const World& world, const LocalCenterInput& center) {
  // M-8/M-19: within local_center, unknown keys are checked before anything else.
  // The documents give this body exactly (class and message), so it names no field.
  if (center.has_unknown_key) return fail(ErrorClass::RecordInvalid, "Invalid Key in Local Center.");
  for (const auto* field : {&center.tn_prefix, &center.zipcode})
    if (auto error = type_error(*field, kCenter)) return *error;
  for (const auto* field : {&center.latitude, &center.longitude})
    if (auto error = type_error(*field, kCenter)) return *error;
  if (center.latitude.present != center.longitude.present)
    return invalid(kCenter, "Latitude and Longitude are required together.");
  const bool has_tn_prefix = center.tn_prefix.value && !center.tn_prefix.value->empty();
  const bool has_zipcode = center.zipcode.value.has_value();
  const bool has_point = center.latitude.value.has_value();
  if (!has_tn_prefix && !has_zipcode && !has_point)
    return invalid(kCenter, "Local Center needs tn_prefix, zipcode, or latitude and longitude.");
  if (has_tn_prefix && !is_npa(*center.tn_prefix.value)) return invalid(kCenter, "Invalid tn_prefix.");
  if (has_zipcode && (!is_five_digits(*center.zipcode.value) ||
                      world.zips.find(*center.zipcode.value) == nullptr))
    return invalid(kCenter, "Invalid Zipcode.");
  if (has_point) {
    const double latitude = *center.latitude.value;
    const double longitude = *center.longitude.value;
    if (!(latitude >= -90 && latitude <= 90))
      return invalid(kCenter, "Latitude must be between -90 and 90.");
    if (!(longitude >= -180 && longitude <= 180))
      return invalid(kCenter, "Longitude must be between -180 and 180.");
  }
  return {};
}

Result<void> validate_preferences(const LocalNumberPreferencesInput& preferences) {
  if (preferences.has_unknown_key) return invalid(kPreferences, "Invalid Key in Local Number Preferences.");
  if (auto error = type_error(preferences.search_radius_miles, kPreferences)) return *error;
  if (preferences.search_radius_miles.value && *preferences.search_radius_miles.value < 0)
    return invalid(kPreferences, "Search radius miles must be greater than or equal to 0.");
  if (auto error = type_error(preferences.restrict_search_to_state, kPreferences)) return *error;
  if (auto error = type_error(preferences.allocation_fallback_strategy, kPreferences)) return *error;
  if (const auto& strategy = preferences.allocation_fallback_strategy.value;
      strategy && *strategy != "UseTollFree" && *strategy != "Wait")
    return invalid(kPreferences, "Allocation fallback strategy must be UseTollFree or Wait.");
  return {};
}

// M-9: present, not blank, no control characters, within the length limit, and not another
// pool's in the network; absent only on an update or where the network generates ids.
Result<void> validate_id_from_network(const Network& network, const RingPool* existing, const RingPoolPatch& patch) {
  if (auto error = type_error(patch.id_from_network, "id_from_network")) return *error;
  if (const auto& id = patch.id_from_network.value) {
    // M-9: an id of only white space is blank, and control characters (NUL included) are no
    // part of an id that URLs, logs and reports must carry.
    if (id->find_first_not_of(" \t\n\r\f\v") == std::string::npos)
      return invalid("id_from_network", "Id from network can't be blank.");
    if (std::any_of(id->begin(), id->end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
      return invalid("id_from_network", "Id from network must not contain control characters.");
    if (id->size() > kIdFromNetworkMaxLength)
      return invalid("id_from_network", fmt::format("Id from network is too long (maximum is {} characters).",
                                 kIdFromNetworkMaxLength));
    auto owner = network.pools_by_id_from_network.find(*id);
    if (owner != network.pools_by_id_from_network.end() &&
        (existing == nullptr || owner->second != existing->id))
      return invalid("id_from_network", "Id from network has already been taken.");
  } else if (existing == nullptr && !network.auto_id_from_network) {
    return invalid("id_from_network", "Id from network can't be blank.");
  }
  return {};
}

// M-15 and C-7: a valid destination, its tag where the network uses tag destinations, and no more
// than kDestinationsPerPoolMax destinations (one already linked may be given again).
Result<void> validate_destination(const Network& network, const RingPool* existing, const RingPoolPatch& patch) {
  if (auto error = type_error(patch.destination_phone_number, "destination_phone_number")) return *error;
  if (auto error = type_error(patch.obfuscated_tag_id, "obfuscated_tag_id")) return *error;
  if (const auto& phone = patch.destination_phone_number.value) {
    if (!parse_phone_number(*phone))
      return invalid("destination_phone_number", fmt::format("Destination phone number '{}' is not a valid phone number.", *phone));
    const auto& tag = patch.obfuscated_tag_id.value;
    if (network.tag_destinations && (!tag || tag->empty()))
      return invalid("obfuscated_tag_id", "Obfuscated tag id is required when the network uses tag destinations.");
    if (existing != nullptr && existing->destinations.size() >= kDestinationsPerPoolMax) {
      Destination wanted{*parse_phone_number(*phone), std::nullopt};
      if (tag && !tag->empty()) wanted.obfuscated_tag_id = *tag;
      if (std::find(existing->destinations.begin(), existing->destinations.end(), wanted) == existing->destinations.end())
        return invalid("destination_phone_number",
                       fmt::format("The RingPool already has {} destinations, the limit (C-7).", kDestinationsPerPoolMax));
    }
  }
  return {};
}

}  // namespace

Result<void> validate_patch(const World& world, const Network& network, const RingPool* existing,
                            const RingPoolPatch& patch) {
  if (auto result = validate_id_from_network(network, existing, patch); !result) return result;

  if (auto error = type_error(patch.name, "name")) return *error;
  if (const auto& name = patch.name.value; name && code_points(*name) > kNameMaxCharacters)
    return invalid("name", fmt::format("Name is too long: the limit is {} characters (C-7).", kNameMaxCharacters));
  if (auto error = type_error(patch.preferred, "preferred")) return *error;

  if (auto error = type_error(patch.lifetime_seconds, "lifetime_seconds")) return *error;
  if (const auto& lifetime = patch.lifetime_seconds.value;
      lifetime && (*lifetime < kLifetimeSecondsMin || *lifetime > kLifetimeSecondsMax))
    return invalid("lifetime_seconds", fmt::format("Lifetime seconds must be between {} and {}.", kLifetimeSecondsMin,
                               kLifetimeSecondsMax));

  if (auto error = type_error(patch.max_pool_size, "max_pool_size")) return *error;
  if (const auto& size = patch.max_pool_size.value;
      size && (*size < kMaxPoolSizeMin || *size > kMaxPoolSizeMax))
    return invalid("max_pool_size", fmt::format("Max pool size must be between {} and {}.", kMaxPoolSizeMin,
                               kMaxPoolSizeMax));

  if (auto error = type_error(patch.fill_immediately, "fill_immediately")) return *error;

  if (auto error = type_error(patch.allow_overflow, "allow_overflow")) return *error;
  if (existing != nullptr && patch.allow_overflow.value &&
      *patch.allow_overflow.value != existing->settings.allow_overflow)
    return invalid("allow_overflow", "Allow overflow cannot be changed after the RingPool is created.");

  // destination_phone_number and obfuscated_tag_id feed customer_phone_numbers.
  if (auto result = validate_destination(network, existing, patch); !result) return result;

  if (auto error = type_error(patch.local_center, kCenter)) return *error;
  if (const auto& center = patch.local_center.value)
    if (auto result = validate_local_center(world, *center); !result) return result;

  if (auto error = type_error(patch.local_number_preferences, kPreferences)) return *error;
  if (const auto& preferences = patch.local_number_preferences.value)
    if (auto result = validate_preferences(*preferences); !result) return result;

  if (auto error = type_error(patch.tn_prefix_whitelist, "tn_prefix_whitelist")) return *error;
  if (const auto& whitelist = patch.tn_prefix_whitelist.value)
    for (const std::string& npa : *whitelist)
      if (!is_npa(npa)) return invalid("tn_prefix_whitelist", fmt::format("Invalid tn_prefix '{}' in tn_prefix_whitelist.", npa));

  if (auto error = type_error(patch.destination_type, "destination_type")) return *error;
  if (const auto& type = patch.destination_type.value; type && *type != "Advertiser" && *type != "API")
    return invalid("destination_type", "Destination type must be Advertiser or API.");

  if (auto error = type_error(patch.delete_detected_phone_number, "delete_detected_phone_number")) return *error;
  return {};
}

LocalCenter local_center_from(const LocalCenterInput& input) {
  return LocalCenter{input.tn_prefix.value, input.zipcode.value, input.latitude.value,
                     input.longitude.value};
}

LocalNumberPreferences local_preferences_from(const LocalNumberPreferencesInput& input,
                                              const LocalNumberPreferences& base) {
  LocalNumberPreferences result = base;
  if (input.search_radius_miles.value) result.search_radius_miles = *input.search_radius_miles.value;
  if (input.restrict_search_to_state.value)
    result.restrict_search_to_state = *input.restrict_search_to_state.value;
  if (input.allocation_fallback_strategy.value)
    result.allocation_fallback_strategy = *input.allocation_fallback_strategy.value == "Wait"
                                              ? FallbackStrategy::Wait
                                              : FallbackStrategy::UseTollFree;
  return result;
}

}  // namespace ringpool::domain
