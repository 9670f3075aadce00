// Slow but obviously right DOM-based counterparts of the Bulk codec (spec B-1..B-6), for the
// differential tests: the streaming parser and writer must agree with these byte for byte.
#pragma once

#include "reference/api/bulk_codec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ringpool::test::bulk_codec {

using api::BulkRequest;
using api::BulkRowError;
using api::BulkRowRequest;
using api::BulkRowSuccess;
using domain::Error;
using domain::ErrorClass;
using ordered_json = nlohmann::ordered_json;

// Depth of nested containers in `value` (a scalar is 0).
inline std::size_t nesting_depth(const ordered_json& value) {
  std::size_t deepest = 0;
  if (value.is_structured()) {
    for (const auto& child : value) deepest = std::max(deepest, nesting_depth(child));
    return deepest + 1;
  }
  return 0;
}

// B-1..B-3 read off a DOM, in the same order of checks as parse_bulk_request. Messages are not
// compared, only classes.
inline std::expected<BulkRequest, Error> dom_parse_bulk_request(std::string_view body) {
  const auto fail = [](ErrorClass error_class) { return std::unexpected(Error{error_class, ""}); };
  const ordered_json doc = ordered_json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return fail(ErrorClass::InvalidRequest);
  const char* key = doc.contains("requests") ? "requests" : doc.contains("request") ? "request" : nullptr;
  if (key == nullptr) return fail(ErrorClass::InvalidRequest);
  const ordered_json& entries = doc.at(key);
  if (!entries.is_array() || entries.empty()) return fail(ErrorClass::InvalidRequest);
  if (entries.size() > api::kBulkMaxRows) return fail(ErrorClass::RequestTooLarge);
  BulkRequest request;
  for (const auto& entry : entries) {
    BulkRowRequest row;
    if (entry.is_object()) {
      if (auto id = entry.find("request_id"); id != entry.end()) {
        if (nesting_depth(*id) > api::kBulkMaxRequestIdDepth) return fail(ErrorClass::InvalidRequest);
        row.request_id_json = id->dump();
      }
      if (auto suffix = entry.find("api_suffix"); suffix != entry.end() && suffix->is_string()) {
        row.api_suffix = suffix->get<std::string>();
      }
    }
    row.malformed = !row.api_suffix.has_value();
    request.rows.push_back(std::move(row));
  }
  return request;
}

// One response row as the server would hand it to the writer.
struct ResponseRow {
  std::optional<std::string> request_id_json;
  std::variant<BulkRowSuccess, BulkRowError> outcome;
};

// B-5/B-6 built as an ordered DOM with the keys in the writer's order, then dumped compactly.
inline std::string dom_bulk_response(const std::vector<ResponseRow>& rows) {
  ordered_json responses = ordered_json::array();
  for (const auto& row : rows) {
    ordered_json out = ordered_json::object();
    if (row.request_id_json) out["request_id"] = ordered_json::parse(*row.request_id_json);
    if (const auto* success = std::get_if<BulkRowSuccess>(&row.outcome)) {
      out["promo_number_formatted"] = success->promo_number_formatted;
      out["promo_number"] = success->promo_number;
      out["tracking_url"] = success->tracking_url;
      if (success->overflow) out["overflow"] = true;
    } else {
      const auto& error = std::get<BulkRowError>(row.outcome);
      out["error_class"] = std::string(domain::class_name(error.error_class));
      out["message"] = error.message;
    }
    responses.push_back(std::move(out));
  }
  ordered_json doc = ordered_json::object();
  doc["responses"] = std::move(responses);
  return doc.dump();
}

inline std::string stream_bulk_response(const std::vector<ResponseRow>& rows) {
  api::BulkResponseWriter writer(rows.size());
  for (const auto& row : rows) {
    if (const auto* success = std::get_if<BulkRowSuccess>(&row.outcome)) {
      writer.add_success(row.request_id_json, *success);
    } else {
      writer.add_error(row.request_id_json, std::get<BulkRowError>(row.outcome));
    }
  }
  return writer.finish();
}

// Encodes code points (no surrogates) as UTF-8, so that generated strings are valid JSON text.
inline std::string utf8(const std::vector<std::uint32_t>& code_points) {
  std::string out;
  for (const std::uint32_t cp : code_points) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace ringpool::test::bulk_codec
