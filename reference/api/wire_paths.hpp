// The RingPool APIs' paths on the wire, as constants and builders: the api layer routes them and
// the conformance client sends them, both from here, so the two never disagree on a path. No
// codec: builders take path segments already percent-encoded by the caller (the server and the
// client each have their own encoding, so that a bug in one is caught by the other).
#pragma once

#include <string>
#include <string_view>

namespace ringpool::api::wire {

inline constexpr std::string_view kApiPrefix = "/api/";
inline constexpr std::string_view kJsonExtension = ".json";

// Management API (M-*): /api/2022-08-01/<network>/advertisers/<advertiser>/advertiser_campaigns/
// <campaign>/ring_pools.json and .../ring_pools/<id_from_network>.json
inline constexpr std::string_view kManagementVersion = "2022-08-01";
inline constexpr std::string_view kAdvertisersSegment = "advertisers";
inline constexpr std::string_view kCampaignsSegment = "advertiser_campaigns";
inline constexpr std::string_view kRingPoolsSegment = "ring_pools";
inline constexpr std::string_view kRingPoolsJson = "ring_pools.json";  // the collection's last segment

// The collection path without its extension; append ".json" (list, create) or
// "/<id_from_network>.json" (one pool).
inline std::string management_collection(std::string_view network, std::string_view advertiser_segment,
                                          std::string_view campaign_segment) {
  std::string out;
  out.reserve(96 + advertiser_segment.size() + campaign_segment.size());
  out.append(kApiPrefix).append(kManagementVersion).append("/").append(network);
  out.append("/").append(kAdvertisersSegment).append("/").append(advertiser_segment);
  out.append("/").append(kCampaignsSegment).append("/").append(campaign_segment);
  out.append("/").append(kRingPoolsSegment);
  return out;
}

// Legacy allocation API (A-*): /api/<version>/ring_pools/<id>/allocate_number.<format>
inline constexpr std::string_view kLegacyPoolsSegment = "ring_pools/";
inline constexpr std::string_view kLegacyAction = "allocate_number.";
inline constexpr std::string_view kLegacyVersion = "2015-12-09";  // the documented current one

inline std::string legacy_allocate(std::string_view version, std::string_view pool_id, std::string_view format) {
  std::string out;
  out.append(kApiPrefix).append(version).append("/").append(kLegacyPoolsSegment).append(pool_id);
  out.append("/").append(kLegacyAction).append(format);
  return out;
}

// Bulk API (B-*).
inline constexpr std::string_view kBulkPath = "/api/2013-07-01/bulk.json";

// Control API (T-4): one path per endpoint; GET ring_pools/<id> takes the pool's legacy id.
inline constexpr std::string_view kControlPrefix = "/_control/";
inline constexpr std::string_view kControlClockPath = "/_control/clock";                // GET
inline constexpr std::string_view kControlClockAdvancePath = "/_control/clock/advance";  // POST {"seconds": N}
inline constexpr std::string_view kControlResetPath = "/_control/reset";                // POST {"seed", "world"}
inline constexpr std::string_view kControlBulkPath = "/_control/bulk";                  // POST {scope, "enabled"}
inline constexpr std::string_view kControlRingPoolsPrefix = "/_control/ring_pools/";    // GET + <id>

inline std::string control_ring_pool(std::string_view pool_id) {
  return std::string(kControlRingPoolsPrefix).append(pool_id);
}

}  // namespace ringpool::api::wire
