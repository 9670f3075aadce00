// Reads a response the way the spec means it, not byte by byte: the media type without its
// parameters, JSON as values, XML as elements, CSV with either line ending, and the error class
// and message wherever the API and format put them (A-4, M-6..M-8, B-6).
#pragma once

#include "reference/api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace ringpool::conformance {

// What a legacy allocation answer, or a Bulk success row, says.
struct AllocationView {
  std::optional<std::string> promo_number, promo_number_formatted, tracking_url;
  std::optional<bool> overflow;  // nullopt when the format cannot say (csv)
};

struct ErrorView {
  std::optional<std::string> error_class, message;
};

class ResponseView {
 public:
  // `format`: "json", "xml" or "csv" for legacy allocation answers; "json" otherwise. `legacy`: an
  // answer of the legacy allocation API, whose json and csv errors are the text "CLASS: MESSAGE"
  // not a JSON errors object (but for A-11's documented OnlyBulkNumberAllocationAllowed body).
  ResponseView(const api::Response& response, std::string format, bool legacy = false);

  const api::Response& response() const { return response_; }
  const std::string& format() const { return format_; }
  bool legacy() const { return legacy_; }
  std::string media_type() const;                  // lowercased, without parameters
  const nlohmann::json* json() const;               // nullptr when the body is not JSON (parsed on first use)
  std::optional<std::string> header(std::string_view name) const;
  AllocationView allocation() const;
  ErrorView error() const;
  // Shape checks; empty when the body has the shape, otherwise what is wrong.
  std::string allocation_shape_problem(bool strict) const;
  std::string error_shape_problem() const;

 private:
  const api::Response& response_;
  std::string format_;
  bool legacy_ = false;
  // The body as JSON, parsed when first asked for: many answers are judged by their status alone.
  mutable bool parsed_ = false;
  mutable std::optional<nlohmann::json> json_;
};

AllocationView allocation_of_json(const nlohmann::json& object);
ErrorView error_of_json(const nlohmann::json& value);
// Empty when `number`/`formatted` obey C-2's output rules (10 digits, NPA-NXX-XXXX).
std::string phone_output_problem(const AllocationView& view);
// Empty when `body` is well-formed XML as far as a lenient parser cannot tell: every '&' starts an
// entity or character reference (A-2: pugixml takes a bare '&' as text); else what is wrong.
std::string xml_ampersand_problem(std::string_view body);
// True for scheme://host... after trimming surrounding white space (A-2, A-10 vendor rule).
bool is_absolute_url(std::string_view text);

}  // namespace ringpool::conformance
