// The API's wire-level choices that the spec leaves open ([dec]), gathered in one struct so that
// a server can answer in another valid dialect by configuration: the defaults are the
// reference's; conformance/variant_target.hpp flips every one (`ringpool conform --target
// variant`, `ringpool serve --variant`).
#pragma once

#include "reference/api/http_types.hpp"

#include <string>

namespace ringpool::api {

enum class ListOrder { AscendingId, DescendingId };
// https://<host>/c/<network>/<pool>-<n> (the reference) or https://<host>/track/<pool>/<n>.
enum class TrackingUrlForm { NetworkPoolCount, TrackPoolCount };
// M-8: a 403 validation failure as {"errors":{"class":"RecordInvalid","invalid_data":"<message>"}}
// or in the vendor's per-field form {"errors":{"<field>":["<message>"]}}.
enum class ValidationErrorForm { ClassAndMessage, PerField };

struct Dialect {
  int created_status = 201;                      // M-3, M-4: a create's status (200 or 201); an update is 200
  ListOrder list_order = ListOrder::AscendingId;  // M-1
  // M-8. The per-field form is used only for errors that name a field: the documents fix the body
  // of "Invalid Key in Local Center." exactly, so that one never does.
  ValidationErrorForm validation_errors = ValidationErrorForm::ClassAndMessage;
  int invalid_key_status = 403;                  // status of InvalidKey (401 or 403)
  std::string content_type_parameters;           // appended to every media type, e.g. "; charset=utf-8"
  bool pretty_json = false;                      // JSON bodies indented by two spaces instead of compact
  std::string xml_indent = "  ";                 // one indentation level of xml bodies
  std::string csv_line_end = "\r\n";             // RFC 4180's CRLF, or "\n"
  bool integer_processing_time = false;          // B-10: whole milliseconds instead of three decimals
  bool legacy_overflow_flag = true;              // "overflow": true / <Overflow> on legacy overflow answers
  TrackingUrlForm tracking_urls = TrackingUrlForm::NetworkPoolCount;  // A-10 (landing page and tel: alike)
  // an unknown or deleted pool answers as a wrong key does (InvalidKey), or 404 RecordNotFound.
  bool unknown_pool_not_found = false;
  // M-6 [dec]: the forms of the Authorization header taken: "Authorization: <token>" (the
  // vendor's recommended form) and "Authorization: Bearer <token>". At least one is true.
  bool accept_bearer_tokens = true;
  bool accept_plain_tokens = true;
};

// The reference's dialect (a default argument that costs nothing per call).
const Dialect& reference_dialect();

// The choices applied to a finished response in one place: media type parameters and JSON
// indentation (the hot paths stream compact JSON; a pretty dialect re-indents it here).
void finish_response(Response& response, const Dialect& dialect);

}  // namespace ringpool::api
