#include "reference/api/error_response.hpp"

#include "reference/api/json_text.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::api {

using domain::ErrorClass;

int status_of(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::Unauthorized: return 401;
    case ErrorClass::InvalidRequest: return 400;
    case ErrorClass::InvalidParameter: return 400;
    case ErrorClass::MissingParameter: return 400;
    case ErrorClass::UnsupportedFormat: return 400;
    case ErrorClass::RequestTooLarge: return 413;
    case ErrorClass::RecordInvalid: return 403;
    case ErrorClass::InvalidKey: return 403;
    case ErrorClass::InvalidAffiliate: return 403;
    case ErrorClass::OnlyBulkNumberAllocationAllowed: return 403;
    case ErrorClass::BulkNumberAllocationNotEnabled: return 403;
    case ErrorClass::UnsupportedRingPoolType: return 403;
    case ErrorClass::RecordNotFound: return 404;
    case ErrorClass::InternalServiceError: return 500;
    case ErrorClass::NoNumberAvailable: return 503;
  }
  return 500;
}

std::string json_error_body(const domain::Error& error) {
  nlohmann::ordered_json details;
  // The documents print these two with invalid_data first; keep their shape.
  const bool data_first = error.error_class == ErrorClass::InternalServiceError ||
                          error.error_class == ErrorClass::OnlyBulkNumberAllocationAllowed;
  if (data_first) details["invalid_data"] = error.message;
  details["class"] = domain::class_name(error.error_class);
  if (!data_first) details["invalid_data"] = error.message;
  nlohmann::ordered_json body;
  body["errors"] = std::move(details);
  return dump_json(body);
}

std::string per_field_error_body(const domain::Error& error) {
  nlohmann::ordered_json body;
  body["errors"][error.field] = nlohmann::ordered_json::array({error.message});
  return dump_json(body);
}

Response json_response(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = kJsonContentType;
  response.body = std::move(body);
  return response;
}

Response json_error(int status, const domain::Error& error) {
  return json_response(status, json_error_body(error));
}

Response json_error(const domain::Error& error) { return json_error(status_of(error.error_class), error); }

}  // namespace ringpool::api
