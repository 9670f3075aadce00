// Renders domain errors as JSON responses: {"errors":{"class":...,"invalid_data":...}} with the
// status the spec gives each class (C-3, M-6..M-8).
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/domain/errors.hpp"

namespace ringpool::api {

inline constexpr const char* kJsonContentType = "application/json";

int status_of(domain::ErrorClass error_class);

// The JSON error body, keys in the order the documents show for that class.
std::string json_error_body(const domain::Error& error);
// M-8's per-field form of a validation failure: {"errors":{"<field>":["<message>"]}}.
std::string per_field_error_body(const domain::Error& error);

Response json_error(const domain::Error& error);
Response json_error(int status, const domain::Error& error);
Response json_response(int status, std::string body);

}  // namespace ringpool::api
