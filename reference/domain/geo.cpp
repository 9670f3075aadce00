#include "reference/domain/geo.hpp"

#include <cmath>
#include <numbers>

namespace ringpool::domain {

double distance_miles(const Coordinates& a, const Coordinates& b) {
  constexpr double kRadiansPerDegree = std::numbers::pi / 180.0;
  const double lat1 = a.latitude * kRadiansPerDegree;
  const double lat2 = b.latitude * kRadiansPerDegree;
  const double dlat = lat2 - lat1;
  const double dlon = (b.longitude - a.longitude) * kRadiansPerDegree;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMiles * std::asin(std::sqrt(std::fmin(1.0, h)));
}

void ZipTable::add(ZipEntry entry) {
  std::string key = entry.zipcode;
  entries_.insert_or_assign(std::move(key), std::move(entry));
}

const ZipEntry* ZipTable::find(const std::string& zipcode) const {
  auto it = entries_.find(zipcode);
  return it == entries_.end() ? nullptr : &it->second;
}

const ZipEntry* ZipTable::nearest(const Coordinates& point) const {
  const ZipEntry* best = nullptr;
  double best_distance = 0;
  for (const auto& [zipcode, entry] : entries_) {
    const double d = distance_miles(point, entry.location);
    if (best == nullptr || d < best_distance) {
      best = &entry;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace ringpool::domain
