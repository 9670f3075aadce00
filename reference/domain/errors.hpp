// Stable error identities (spec C-3): every failure the reference can answer has a class named
// as in the spec, raised in the domain or API layer and rendered per format at the edge.
#pragma once

#include <expected>
#include <ostream>
#include <string>
#include <string_view>

namespace ringpool::domain {

enum class ErrorClass {
  Unauthorized,
  InvalidRequest,
  RequestTooLarge,
  RecordInvalid,
  RecordNotFound,
  InternalServiceError,
  InvalidKey,
  InvalidParameter,
  InvalidAffiliate,
  OnlyBulkNumberAllocationAllowed,
  NoNumberAvailable,
  UnsupportedFormat,
  MissingParameter,
  BulkNumberAllocationNotEnabled,
  UnsupportedRingPoolType,
};

// The class name exactly as the spec spells it ("RecordInvalid", ...).
std::string_view class_name(ErrorClass error_class);
std::ostream& operator<<(std::ostream& out, ErrorClass error_class);

struct Error {
  Error(ErrorClass error_class_, std::string message_, std::string field_ = {})
      : error_class(error_class_), message(std::move(message_)), field(std::move(field_)) {}

  ErrorClass error_class;
  std::string message;
  // The request field a validation failure is about (M-8's per-field form), as the API names it
  // ("max_pool_size"); empty when the failure is not about one field.
  std::string field;

  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorClass error_class, std::string message) {
  return std::unexpected<Error>(Error{error_class, std::move(message)});
}

}  // namespace ringpool::domain
