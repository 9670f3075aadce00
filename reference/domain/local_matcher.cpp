#include "reference/domain/local_matcher.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::domain {

namespace {

// The whitelist's NPAs as numbers, read once per search instead of printing every candidate's NPA
// (a local fill looks at every available local number).
class Whitelist {
 public:
  explicit Whitelist(const RingPoolSettings& settings) {
    if (!settings.tn_prefix_whitelist || settings.tn_prefix_whitelist->empty()) return;
    open_ = false;
    for (const std::string& prefix : *settings.tn_prefix_whitelist) {
      std::uint32_t npa = 0;
      const auto [end, error] = std::from_chars(prefix.data(), prefix.data() + prefix.size(), npa);
      // Only a prefix that prints back as itself matched before ("0212" never equalled "212").
      if (error == std::errc() && end == prefix.data() + prefix.size() && std::to_string(npa) == prefix) npas_.push_back(npa);
    }
  }
  bool allows(std::uint32_t npa) const { return open_ || std::find(npas_.begin(), npas_.end(), npa) != npas_.end(); }

 private:
  bool open_ = true;
  std::vector<std::uint32_t> npas_;
};

}  // namespace

std::vector<std::uint32_t> local_candidates(const World& world, const Network& network,
                                            const InventoryState& inventory,
                                            const RingPoolSettings& settings) {
  std::vector<std::uint32_t> result;
  if (!settings.local_center) return result;
  const LocalCenter& center = *settings.local_center;
  const LocalNumberPreferences preferences = settings.effective_local_preferences();
  const Whitelist whitelist(settings);

  if (center.has_tn_prefix()) {
    // Numbers of that NPA, by number (inventory order is by number). Every number of an NPA is in
    // the NPA's state, so restrict_search_to_state keeps them all.
    const std::uint32_t npa = static_cast<std::uint32_t>(std::stoul(*center.tn_prefix));
    for (std::uint32_t index : inventory.available_local()) {
      const InventoryNumber& number = network.inventory[index];
      if (number.number.npa() == npa && whitelist.allows(npa)) result.push_back(index);
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
  std::optional<Coordinates> last_location;
  double last_distance = 0;
  for (std::uint32_t index : inventory.available_local()) {
    const InventoryNumber& number = network.inventory[index];
    if (preferences.restrict_search_to_state && number.state != state) continue;
    if (!whitelist.allows(number.number.npa())) continue;
    // Neighbouring numbers share their rate centre: its distance is computed once per run of them.
    if (!last_location || last_location->latitude != number.location.latitude ||
        last_location->longitude != number.location.longitude) {
      last_location = number.location;
      last_distance = distance_miles(origin, number.location);
    }
    const double distance = last_distance;
    if (distance <= radius) candidates.push_back({distance, number.number.digits, index});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.distance_miles != b.distance_miles ? a.distance_miles < b.distance_miles : a.number < b.number;
  });
  for (const Candidate& candidate : candidates) result.push_back(candidate.index);
  return result;
}

}  // namespace ringpool::domain
