// The Bulk API (spec B-1..B-11): POST /api/2013-07-01/bulk.json, one legacy-style allocation per
// row, processed in order, answered row by row with the processing-time header.
#pragma once

#include "reference/api/dialect.hpp"
#include "reference/api/http_types.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/domain/reference_model.hpp"

#include <functional>
#include <string_view>

namespace ringpool::api {

inline constexpr std::string_view kBulkPath = wire::kBulkPath;

// `stopwatch_ms` reads a monotonic clock in milliseconds for the processing-time header (B-10);
// the domain never reads one itself.
Response handle_bulk(domain::ReferenceModel& model, const Request& request,
                     const std::function<double()>& stopwatch_ms, const Dialect& dialect = reference_dialect());

}  // namespace ringpool::api
