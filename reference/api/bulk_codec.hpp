// The Bulk API's wire format (spec B-1..B-6): a streaming parser for the request body and a
// streaming writer for the response, with no DOM on the hot path (a 1000-row exchange must fit 2 ms).
#pragma once

#include "reference/domain/errors.hpp"

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::api {

// B-1 [dec]: at most this many rows per request; more is RequestTooLarge.
inline constexpr std::size_t kBulkMaxRows = 1000;

// B-3 [dec]: a request_id nested deeper than this (arrays/objects inside the id) fails the whole
// request with InvalidRequest, because re-serialising an arbitrarily deep value recurses.
inline constexpr std::size_t kBulkMaxRequestIdDepth = 64;

struct BulkRowRequest {
  // B-3: the request_id exactly as a JSON value, re-serialised compactly (a string stays a
  // string, a number a number, an object an object; null is "given" and echoed as null).
  // Absent when the row has no request_id or is not an object.
  std::optional<std::string> request_id_json;
  // Set when the row is an object whose (last) api_suffix is a string.
  std::optional<std::string> api_suffix;
  // B-2: the row is not an object, or has no string api_suffix -> row error InvalidRequest.
  bool malformed = false;

  friend bool operator==(const BulkRowRequest&, const BulkRowRequest&) = default;
};

struct BulkRequest {
  std::vector<BulkRowRequest> rows;  // in request order (B-4)

  friend bool operator==(const BulkRequest&, const BulkRequest&) = default;
};

// B-1: parses the body without building a DOM. Errors: InvalidRequest (not JSON, not an object,
// no `requests`/`request` key, not an array, empty, request_id too deep) or RequestTooLarge (more
// than kBulkMaxRows entries). Unknown keys are ignored; duplicate keys: the last one wins.
std::expected<BulkRequest, domain::Error> parse_bulk_request(std::string_view body);

// B-5: what an allocated row reports.
struct BulkRowSuccess {
  std::string promo_number_formatted;
  std::string promo_number;
  std::string tracking_url;
  bool overflow = false;
};

// B-6: what a failed row reports.
struct BulkRowError {
  domain::ErrorClass error_class;
  std::string message;
};

// Streams `{"responses":[...]}` compactly, one row per add_* call, in call order (B-4). Each row
// starts with "request_id" when given (request_id_json is inserted verbatim: it must be JSON text,
// as parse_bulk_request produces). Strings are escaped by nlohmann only when they need it; invalid
// UTF-8 is replaced with U+FFFD rather than thrown (C-3: bad input never becomes a 5xx).
class BulkResponseWriter {
 public:
  explicit BulkResponseWriter(std::size_t expected_rows);

  void add_success(const std::optional<std::string>& request_id_json, const BulkRowSuccess& row);
  void add_error(const std::optional<std::string>& request_id_json, const BulkRowError& row);

  // Closes the document and hands it over; the writer is spent afterwards.
  std::string finish();

 private:
  void open_row(const std::optional<std::string>& request_id_json);

  std::string out_;
  bool first_row_ = true;
};

}  // namespace ringpool::api
