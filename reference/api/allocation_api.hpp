// Number allocation through the legacy API (spec A-1..A-13) and, row by row, the Bulk API
// (B-2, B-7..B-11): the checks of A-13 in order, then one lease from the Engine.
#pragma once

#include "reference/api/allocation_format.hpp"
#include "reference/api/dialect.hpp"
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

domain::Result<AllocationAnswer> allocate_number(domain::ReferenceModel& model, const AllocationRequest& request,
                                                 const Dialect& dialect = reference_dialect());

// Views into the matched path: valid as long as the request it came from.
struct LegacyRoute {
  std::string_view version;       // a YYYY-MM-DD date, or anything else (404, A-1)
  std::string_view pool_id_text;
  std::string_view extension;     // "xml", "json", "csv" or anything else (404, A-1)

  bool dated() const;  // `version` is a YYYY-MM-DD date
};

// /api/<version>/ring_pools/<id>/allocate_number.<ext>, whatever the version and extension (so
// that a malformed one answers A-1's plain-text 404); nullopt for any other path.
std::optional<LegacyRoute> match_legacy_route(std::string_view path);

// A route whose version or format is malformed answers A-1's plain-text 404 without touching
// the model.
Response handle_legacy(domain::ReferenceModel& model, const LegacyRoute& route, const Request& request,
                       const Dialect& dialect = reference_dialect());

// The legacy error answer in `format`'s shape.
Response legacy_error(AllocationFormat format, const domain::Error& error, const Dialect& dialect = reference_dialect());

}  // namespace ringpool::api
