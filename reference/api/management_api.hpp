// The RingPool management REST API (spec M-1..M-19): routes under /api/2022-08-01/<network>/...,
// token authentication (M-6), JSON bodies, and the domain's management operations.
#pragma once

#include "reference/api/dialect.hpp"
#include "reference/api/http_types.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/domain/reference_model.hpp"

#include <cstddef>
#include <memory>
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

// With `holder` (the service's model, which a reset may replace), a list (M-1) comes in pieces
// of kListPiecePools pools (Response::next_piece), so that the service is held for one piece at
// a time, not the whole list (issue 22, finding 4); without it, whole.
inline constexpr std::size_t kListPiecePools = 16;
Response handle_management(domain::ReferenceModel& model, const ManagementRoute& route,
                           const Request& request, const Dialect& dialect = reference_dialect(),
                           const std::unique_ptr<domain::ReferenceModel>* holder = nullptr);

// Whether the answer to a request with this head is a refusal whatever its body (a method the
// route does not allow; a token in the Authorization header or the query that is not valid for
// the network), so that a client waiting for 100 Continue can be answered without sending it.
bool management_refusal_is_certain(const domain::World& world, const ManagementRoute& route, const Request& head,
                                   const Dialect& dialect);

}  // namespace ringpool::api
