#include "reference/domain/errors.hpp"

namespace ringpool::domain {

std::string_view class_name(ErrorClass error_class) {
  switch (error_class) {
    case ErrorClass::Unauthorized: return "Unauthorized";
    case ErrorClass::InvalidRequest: return "InvalidRequest";
    case ErrorClass::RequestTooLarge: return "RequestTooLarge";
    case ErrorClass::RecordInvalid: return "RecordInvalid";
    case ErrorClass::RecordNotFound: return "RecordNotFound";
    case ErrorClass::InternalServiceError: return "InternalServiceError";
    case ErrorClass::InvalidKey: return "InvalidKey";
    case ErrorClass::InvalidParameter: return "InvalidParameter";
    case ErrorClass::InvalidAffiliate: return "InvalidAffiliate";
    case ErrorClass::OnlyBulkNumberAllocationAllowed: return "OnlyBulkNumberAllocationAllowed";
    case ErrorClass::NoNumberAvailable: return "NoNumberAvailable";
    case ErrorClass::UnsupportedFormat: return "UnsupportedFormat";
    case ErrorClass::MissingParameter: return "MissingParameter";
    case ErrorClass::BulkNumberAllocationNotEnabled: return "BulkNumberAllocationNotEnabled";
    case ErrorClass::UnsupportedRingPoolType: return "UnsupportedRingPoolType";
  }
  return "InternalServiceError";
}

std::ostream& operator<<(std::ostream& out, ErrorClass error_class) { return out << class_name(error_class); }

}  // namespace ringpool::domain
