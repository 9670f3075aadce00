// The RingPool management REST API (spec M-1..M-19): routes under /api/2022-08-01/<network>/...,
// token authentication (M-6), JSON bodies, and the domain's management operations.
#pragma once

#include "reference/api/dialect.hpp"
#include "reference/api/http_types.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/domain/reference_model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ringpool::api {

inline constexpr std::string_view kManagementVersion = wire::kManagementVersion;

struct ManagementRoute {
  std::string network_segment;  // as in the URL; an unknown or non-numeric network is 401 (M-6)
  std::string advertiser_id;
  std::string campaign_id;
  std::optional<std::string> pool_id;  // set for /ring_pools/<id>.json, empty for the collection
};

// nullopt when `path` is not shaped like a management URL (the caller answers 404).
std::optional<ManagementRoute> match_management_route(std::string_view path);

Response handle_management(domain::ReferenceModel& model, const ManagementRoute& route,
                           const Request& request, const Dialect& dialect = reference_dialect());

}  // namespace ringpool::api
