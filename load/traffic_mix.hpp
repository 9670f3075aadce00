// What `ringpool load` sends: the kinds of request in its traffic mix, their weights, and the
// seeded choice among them. Parsing "json=40,bulk=10,..." lives here; building requests is the
// runner's (it knows the pools).
#pragma once

#include "sim/core/rng.hpp"

#include <array>
#include <expected>
#include <string>
#include <string_view>

namespace ringpool::load {

enum class RequestKind {
  LegacyJson,        // GET allocate_number.json
  LegacyXml,         // GET allocate_number.xml
  LegacyCsv,         // GET allocate_number.csv
  Bulk,              // POST bulk.json with --bulk-size rows (B-1..B-6)
  ManagementRead,    // GET one pool or the campaign's list (M-1, M-2)
  ManagementUpdate,  // PUT a pool's name (M-4; nothing an allocation depends on)
  Url,               // GET the --target URL as given (to calibrate against a hello-world server)
};
inline constexpr std::size_t kRequestKindCount = 7;

// "json", "xml", "csv", "bulk", "read", "update", "url".
std::string_view kind_name(RequestKind kind);

// allocate_number.json|xml|csv: one number per answer.
bool is_legacy_allocation(RequestKind kind);
// A request that hands out numbers: a legacy allocation or a Bulk batch.
bool allocates_numbers(RequestKind kind);

class TrafficMix {
 public:
  // "json=40,xml=10,csv=10,bulk=10,read=15,update=15" (weights >= 0, at least one > 0; kinds
  // left out weigh 0). The error names the item that is wrong.
  static std::expected<TrafficMix, std::string> parse(std::string_view text);
  static TrafficMix default_mix();
  // This mix with `kind` weighing 0. The caller keeps one kind weighing more (read and update
  // always can: a mix fitted to a target never loses them).
  TrafficMix without(RequestKind kind) const;

  RequestKind pick(sim::Rng& rng) const;
  double weight(RequestKind kind) const { return weights_[static_cast<std::size_t>(kind)]; }
  bool uses_pools() const;  // anything but url
  std::string describe() const;

 private:
  std::array<double, kRequestKindCount> weights_{};
  double total_ = 0;
};

}  // namespace ringpool::load
