#include "reference/domain/local_matcher.hpp"

#include <algorithm>
#include <optional>
#include <string>

namespace ringpool::domain {

namespace {

bool whitelisted(const RingPoolSettings& settings, std::uint32_t npa) {
  if (!settings.tn_prefix_whitelist || settings.tn_prefix_whitelist->empty()) return true;
  const std::string text = std::to_string(npa);
  return std::find(settings.tn_prefix_whitelist->begin(), settings.tn_prefix_whitelist->end(), text) !=
         settings.tn_prefix_whitelist->end();
}

}  // namespace

std::vector<std::uint32_t> local_candidates(const World& world, const Network& network,
                                            const InventoryState& inventory,
                                            const RingPoolSettings& settings) {
  std::vector<std::uint32_t> result;
  if (!settings.local_center) return result;
  const LocalCenter& center = *settings.local_center;
  const LocalNumberPreferences preferences = settings.effective_local_preferences();

  if (center.has_tn_prefix()) {
    // Numbers of that NPA, by number (inventory order is by number). Every number of an NPA is in
    // the NPA's state, so restrict_search_to_state keeps them all.
    const std::uint32_t npa = static_cast<std::uint32_t>(std::stoul(*center.tn_prefix));
    for (std::uint32_t index : inventory.available_local()) {
      const InventoryNumber& number = network.inventory[index];
      if (number.number.npa() == npa && whitelisted(settings, npa)) result.push_back(index);
    }
    return result;
  }

  Coordinates origin;
  std::string state;
  if (center.zipcode) {
    const ZipEntry* zip = world.zips.find(*center.zipcode);
    if (zip == nullptr) return result;
    origin = zip->location;
    state = zip->state;
  } else if (center.latitude && center.longitude) {
    origin = Coordinates{*center.latitude, *center.longitude};
    if (const ZipEntry* nearest = world.zips.nearest(origin)) state = nearest->state;
  } else {
    return result;
  }

  struct Candidate {
    double distance_miles;
    std::uint64_t number;
    std::uint32_t index;
  };
  std::vector<Candidate> candidates;
  const auto radius = static_cast<double>(preferences.search_radius_miles);
  for (std::uint32_t index : inventory.available_local()) {
    const InventoryNumber& number = network.inventory[index];
    if (preferences.restrict_search_to_state && number.state != state) continue;
    if (!whitelisted(settings, number.number.npa())) continue;
    const double distance = distance_miles(origin, number.location);
    if (distance <= radius) candidates.push_back({distance, number.number.digits, index});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.distance_miles != b.distance_miles ? a.distance_miles < b.distance_miles : a.number < b.number;
  });
  for (const Candidate& candidate : candidates) result.push_back(candidate.index);
  return result;
}

}  // namespace ringpool::domain
