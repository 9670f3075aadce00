#include "reference/api/bulk_api.hpp"

#include "reference/api/allocation_api.hpp"
#include "reference/api/bulk_codec.hpp"
#include "reference/api/error_response.hpp"

#include <fmt/format.h>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;

namespace {

struct SuffixParts {
  std::string_view pool_id;
  std::string_view extension;
  std::string_view raw_query;
};

// B-2: "ring_pools/<id>/allocate_number.json?..." or "<id>/allocate_number.json?...", with or
// without a leading '/'.
std::optional<SuffixParts> split_suffix(std::string_view suffix) {
  if (suffix.starts_with('/')) suffix.remove_prefix(1);
  if (suffix.starts_with(wire::kLegacyPoolsSegment)) suffix.remove_prefix(wire::kLegacyPoolsSegment.size());
  SuffixParts parts;
  const std::size_t mark = suffix.find('?');
  if (mark != std::string_view::npos) {
    parts.raw_query = suffix.substr(mark + 1);
    suffix = suffix.substr(0, mark);
  }
  const std::size_t slash = suffix.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  parts.pool_id = suffix.substr(0, slash);
  suffix.remove_prefix(slash + 1);
  constexpr std::string_view kAction = wire::kLegacyAction;
  if (!suffix.starts_with(kAction)) return std::nullopt;
  parts.extension = suffix.substr(kAction.size());
  return parts;
}

}  // namespace

Response handle_bulk(domain::ReferenceModel& model, const Request& request,
                     const std::function<double()>& stopwatch_ms, const Dialect& dialect) {
  const double started_ms = stopwatch_ms ? stopwatch_ms() : 0.0;
  Response response;
  if (request.method != "POST") {
    response = json_error(405, Error{ErrorClass::InvalidRequest, "The Bulk API answers POST only."});
    response.headers.emplace("Allow", "POST");
    return response;
  }
  auto parsed = parse_bulk_request(request.body);
  if (!parsed) {
    response = json_error(parsed.error());
  } else {
    BulkResponseWriter writer(parsed->rows.size());
    for (const BulkRowRequest& row : parsed->rows) {
      if (row.malformed || !row.api_suffix) {
        writer.add_error(row.request_id_json,
                         BulkRowError{ErrorClass::InvalidRequest, "Each request must be an object with a string api_suffix."});
        continue;
      }
      auto parts = split_suffix(*row.api_suffix);
      if (!parts) {
        writer.add_error(row.request_id_json,
                         BulkRowError{ErrorClass::InvalidRequest,
                                      fmt::format("api_suffix '{}' is not '<ring_pool_id>/allocate_number.json?...'",
                                                  *row.api_suffix)});
        continue;
      }
      if (parts->extension != "json") {
        writer.add_error(row.request_id_json,
                         BulkRowError{ErrorClass::UnsupportedFormat,
                                      fmt::format("The Bulk API serves only .json, not '.{}'.", parts->extension)});
        continue;
      }
      auto answer =
          allocate_number(model, AllocationRequest{parts->pool_id, parts->raw_query, AllocationChannel::Bulk}, dialect);
      if (!answer) {
        writer.add_error(row.request_id_json, BulkRowError{answer.error().error_class, answer.error().message});
        continue;
      }
      writer.add_success(row.request_id_json,
                         BulkRowSuccess{answer->number.formatted(), answer->number.str(), std::move(answer->tracking_url),
                                        answer->overflow});
    }
    response = json_response(200, writer.finish());
  }
  const double elapsed_ms = stopwatch_ms ? std::max(0.0, stopwatch_ms() - started_ms) : 0.0;
  response.headers.emplace("processing-time", dialect.integer_processing_time
                                                 ? fmt::format("{:.0f}", elapsed_ms)
                                                 : fmt::format("{:.3f}", elapsed_ms));
  return response;
}

}  // namespace ringpool::api
