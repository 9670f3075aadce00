// Number allocation through the legacy API (spec A-1..A-13) and, row by row, the Bulk API
// (B-2, B-7..B-11): the checks of A-13 in order, then one lease from the Engine.
#pragma once

#include "reference/api/allocation_format.hpp"
#include "reference/api/http_types.hpp"
#include "reference/domain/reference_model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ringpool::api {

enum class AllocationChannel { Legacy, Bulk };

// One allocation request: the pool id as written in the URL and the raw query string.
struct AllocationRequest {
  std::string_view pool_id_text;
  std::string_view raw_query;
  AllocationChannel channel = AllocationChannel::Legacy;
};

domain::Result<AllocationAnswer> allocate_number(domain::ReferenceModel& model, const AllocationRequest& request);

struct LegacyRoute {
  std::string pool_id_text;
  std::string extension;  // "xml", "json", "csv" or anything else (404)
};

// /api/<YYYY-MM-DD>/ring_pools/<id>/allocate_number.<ext>; nullopt for any other path.
std::optional<LegacyRoute> match_legacy_route(std::string_view path);

Response handle_legacy(domain::ReferenceModel& model, const LegacyRoute& route, const Request& request);

// The legacy error answer in `format`'s shape.
Response legacy_error(AllocationFormat format, const domain::Error& error);

}  // namespace ringpool::api
