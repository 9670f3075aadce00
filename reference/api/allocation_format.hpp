// The legacy allocation API's bodies (spec ): a promo number or an error rendered
// as xml, json or csv. Pure functions, so the route and the conformance checks share one shape.
#pragma once

#include "reference/domain/errors.hpp"
#include "reference/domain/phone_number.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ringpool::api {

enum class AllocationFormat { Xml, Json, Csv };

// "xml", "json" or "csv" (exact, lower case, without the dot); nullopt for anything else.
std::optional<AllocationFormat> parse_allocation_format(std::string_view extension);

// What a successful allocation answers.
struct AllocationAnswer {
  domain::PhoneNumber number;
  bool overflow = false;  // the pool was exhausted and this is its overflow number
  std::string tracking_url;
};

// The layout choices of the bodies (A-2 leaves them open): xml indentation and the csv line end.
struct AllocationStyle {
  std::string_view xml_indent = "  ";     // the documents' examples are indented
  std::string_view csv_line_end = "\r\n";  // RFC 4180
  bool overflow_flag = true;               // "overflow": true / <Overflow>true</Overflow> on overflow answers
};

// Success content types: application/xml, application/json, text/csv.
std::string_view content_type(AllocationFormat format);

// Replaces `out_body` with the success body. Taking the buffer lets a caller reuse its
// capacity from request to request; json is streamed, never built as a DOM (hot path).
void render_allocation(AllocationFormat format, const AllocationAnswer& answer, std::string& out_body,
                       const AllocationStyle& style = {});

// Replaces `out_body` with the error body: xml <Error><Class/><Message/></Error>, json and csv the
// text "CLASS: MESSAGE", except OnlyBulkNumberAllocationAllowed in json, which is the
// documents' JSON error object.
void render_allocation_error(AllocationFormat format, const domain::Error& error, std::string& out_body,
                             const AllocationStyle& style = {});

// The content type that goes with render_allocation_error's body: application/xml for xml,
// application/json for A-11's json body, text/plain otherwise. Takes the class because A-11
// changes the type as well as the body.
std::string_view error_content_type(AllocationFormat format, domain::ErrorClass error_class);

}  // namespace ringpool::api
