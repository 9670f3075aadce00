// Query strings and path segments, as the server reads them: split and percent-decode with
// Boost.URL, and flag malformed encoding (bad %XX escapes, invalid UTF-8) so callers can answer
// 400 InvalidParameter (spec A-6). The conformance client encodes with its own code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::api {

struct QueryParameter {
  std::string name;
  std::string value;
};

struct Query {
  std::vector<QueryParameter> parameters;  // in request order, decoded
  // Set when some parameter was malformed: says which and why.
  std::optional<std::string> malformed;

  // The last value given for `name`, or null.
  const std::string* find(std::string_view name) const;
};

Query parse_query(std::string_view raw_query);

// Decodes one path segment; nullopt when its encoding is malformed.
std::optional<std::string> decode_path_segment(std::string_view segment);

// Percent-encodes a query parameter value (the tracking URL's landing page, A-10): everything but
// ASCII letters, digits and -_.!~*'() becomes %XX (upper case).
std::string encode_query_value(const std::string& value);

bool is_valid_utf8(std::string_view text);

// An id written in a URL (network, legacy pool, control pool): canonical decimal digits only, no
// sign, no leading zero ("03" is not pool 3), within std::int64_t; nullopt otherwise.
std::optional<std::int64_t> parse_decimal_id(std::string_view text);

}  // namespace ringpool::api
