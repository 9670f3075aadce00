// Geography for local pools (spec W-4, L-3): coordinates, great-circle distance, the ZIP table.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace ringpool::domain {

struct Coordinates {
  double latitude = 0;
  double longitude = 0;
};

inline constexpr double kEarthRadiusMiles = 3958.8;

// Haversine distance in miles (spec L-3).
double distance_miles(const Coordinates& a, const Coordinates& b);

struct ZipEntry {
  std::string zipcode;  // 5 digits
  Coordinates location;
  std::string state;    // two-letter USPS code
};

// 5-digit ZIP code -> centre and state. Ordered so that lookups of the nearest ZIP are stable.
class ZipTable {
 public:
  void add(ZipEntry entry);
  const ZipEntry* find(const std::string& zipcode) const;
  // The entry nearest to `point` (ties: lowest ZIP), or null when the table is empty.
  const ZipEntry* nearest(const Coordinates& point) const;
  std::size_t size() const { return entries_.size(); }
  const std::map<std::string, ZipEntry>& entries() const { return entries_; }

 private:
  std::map<std::string, ZipEntry> entries_;
};

}  // namespace ringpool::domain
