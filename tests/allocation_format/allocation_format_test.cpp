// A-1, A-2, A-4, A-11: the legacy allocation API's success and error bodies per format.
#include "reference/api/allocation_format.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <string>

using ringpool::api::AllocationAnswer;
using ringpool::api::AllocationFormat;
using ringpool::domain::Error;
using ringpool::domain::ErrorClass;
using ringpool::domain::PhoneNumber;

namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
constexpr const char* kTrackingUrl =
    "https://invoca.net/c/1/14-11?us=http%3A%2F%2Fwww2.invoca.net%2Fdemo%2F8x8_staging.html";

AllocationAnswer answer(bool overflow = false) {
  return AllocationAnswer{PhoneNumber{8883906665}, overflow, kTrackingUrl};
}

std::string render(AllocationFormat format, const AllocationAnswer& allocation) {
  std::string body;
  ringpool::api::render_allocation(format, allocation, body);
  return body;
}

std::string render_error(AllocationFormat format, const Error& error) {
  std::string body;
  ringpool::api::render_allocation_error(format, error, body);
  return body;
}

std::string_view first_line(std::string_view body) { return body.substr(0, body.find('\n')); }

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation_format)

BOOST_AUTO_TEST_CASE(A_1_format_extensions) {
  using ringpool::api::parse_allocation_format;
  BOOST_TEST((parse_allocation_format("xml") == AllocationFormat::Xml));
  BOOST_TEST((parse_allocation_format("json") == AllocationFormat::Json));
  BOOST_TEST((parse_allocation_format("csv") == AllocationFormat::Csv));
  for (const char* other : {"", "XML", "Json", "txt", "xml ", ".xml", "jsonp"})
    BOOST_TEST(!parse_allocation_format(other).has_value(), other);
}

BOOST_AUTO_TEST_CASE(A_2_xml_success_shape) {
  const std::string body = render(AllocationFormat::Xml, answer());
  BOOST_TEST(first_line(body) == kDeclaration);
  BOOST_TEST(ringpool::api::content_type(AllocationFormat::Xml) == "application/xml");

  pugi::xml_document document;
  BOOST_REQUIRE(document.load_string(body.c_str()));
  const pugi::xml_node response = document.child("Response");
  BOOST_REQUIRE(response);
  BOOST_TEST(std::string(response.child_value("PromoNumberFormatted")) == "888-390-6665");
  BOOST_TEST(std::string(response.child_value("PromoNumber")) == "8883906665");
  BOOST_TEST(std::string(response.child_value("TrackingUrl")) == kTrackingUrl);
  BOOST_TEST(!response.child("Overflow"));

  // The whole body, indented like the documents' example.
  const std::string expected = std::string(kDeclaration) +
                               "\n<Response>\n"
                               "  <PromoNumberFormatted>888-390-6665</PromoNumberFormatted>\n"
                               "  <PromoNumber>8883906665</PromoNumber>\n"
                               "  <TrackingUrl>" + kTrackingUrl + "</TrackingUrl>\n"
                               "</Response>\n";
  BOOST_TEST(body == expected);
}

BOOST_AUTO_TEST_CASE(A_2_xml_escapes_through_pugixml) {
  AllocationAnswer tricky = answer();
  tricky.tracking_url = "https://h/c/1/2-3?a=<b>&c=\"d\"";
  const std::string body = render(AllocationFormat::Xml, tricky);
  BOOST_TEST(body.find("&lt;b&gt;&amp;c=") != std::string::npos, body);
  pugi::xml_document document;
  BOOST_REQUIRE(document.load_string(body.c_str()));
  BOOST_TEST(std::string(document.child("Response").child_value("TrackingUrl")) == tricky.tracking_url);
}

BOOST_AUTO_TEST_CASE(A_2_json_success_shape) {
  const std::string body = render(AllocationFormat::Json, answer());
  BOOST_TEST(ringpool::api::content_type(AllocationFormat::Json) == "application/json");
  BOOST_TEST(body == std::string(R"({"promo_number_formatted":"888-390-6665","promo_number":"8883906665",)") +
                         R"("tracking_url":")" + kTrackingUrl + R"("})");
}

BOOST_AUTO_TEST_CASE(A_2_csv_success_shape) {
  const std::string body = render(AllocationFormat::Csv, answer());
  BOOST_TEST(ringpool::api::content_type(AllocationFormat::Csv) == "text/csv");
  BOOST_TEST(body == std::string("PromoNumberFormatted,PromoNumber,TrackingUrl\r\n888-390-6665,8883906665,") +
                         kTrackingUrl + "\r\n");
}

BOOST_AUTO_TEST_CASE(A_2_csv_quotes_only_when_needed) {
  AllocationAnswer tricky = answer();
  tricky.tracking_url = "https://h/c/1/2-3?a=1,2&b=\"x\"";
  BOOST_TEST(render(AllocationFormat::Csv, tricky) ==
             "PromoNumberFormatted,PromoNumber,TrackingUrl\r\n"
             "888-390-6665,8883906665,\"https://h/c/1/2-3?a=1,2&b=\"\"x\"\"\"\r\n");
  tricky.tracking_url = "line\r\nbreak";
  BOOST_TEST(render(AllocationFormat::Csv, tricky) ==
             "PromoNumberFormatted,PromoNumber,TrackingUrl\r\n888-390-6665,8883906665,\"line\r\nbreak\"\r\n");
}

BOOST_AUTO_TEST_CASE(A_2_overflow_flag_json_xml_not_csv) {
  const std::string json = render(AllocationFormat::Json, answer(true));
  BOOST_TEST(json.ends_with(R"(,"overflow":true})"), json);

  const std::string xml = render(AllocationFormat::Xml, answer(true));
  pugi::xml_document document;
  BOOST_REQUIRE(document.load_string(xml.c_str()));
  BOOST_TEST(std::string(document.child("Response").child_value("Overflow")) == "true");

  BOOST_TEST(render(AllocationFormat::Csv, answer(true)) == render(AllocationFormat::Csv, answer(false)));
  // Omitted, not false, when the number is not an overflow number.
  BOOST_TEST(render(AllocationFormat::Json, answer(false)).find("overflow") == std::string::npos);
  BOOST_TEST(render(AllocationFormat::Xml, answer(false)).find("Overflow") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(A_2_render_replaces_previous_body) {
  std::string body = "left over from the last request";
  ringpool::api::render_allocation(AllocationFormat::Json, answer(), body);
  BOOST_TEST(body.starts_with(R"({"promo_number_formatted")"), body);
  ringpool::api::render_allocation_error(AllocationFormat::Csv, Error{ErrorClass::InvalidKey, "m"}, body);
  BOOST_TEST(body == "InvalidKey: m");
}

BOOST_AUTO_TEST_CASE(A_4_xml_error_shape) {
  const Error error{ErrorClass::InvalidKey, "API Key 'A329F4DC002168' is not valid for resource '1'"};
  const std::string body = render_error(AllocationFormat::Xml, error);
  BOOST_TEST(first_line(body) == kDeclaration);
  BOOST_TEST(ringpool::api::error_content_type(AllocationFormat::Xml, error.error_class) == "application/xml");
  BOOST_TEST(body == std::string(kDeclaration) +
                         "\n<Error>\n"
                         "  <Class>InvalidKey</Class>\n"
                         "  <Message>API Key 'A329F4DC002168' is not valid for resource '1'</Message>\n"
                         "</Error>\n");

  // Markup in a message is escaped by pugixml and survives a round trip.
  const Error markup{ErrorClass::InvalidParameter, "Parameter 'a<b>&c' is too long."};
  const std::string escaped = render_error(AllocationFormat::Xml, markup);
  pugi::xml_document document;
  BOOST_REQUIRE(document.load_string(escaped.c_str()));
  BOOST_TEST(std::string(document.child("Error").child_value("Class")) == "InvalidParameter");
  BOOST_TEST(std::string(document.child("Error").child_value("Message")) == markup.message);
}

BOOST_AUTO_TEST_CASE(A_4_json_csv_error_text) {
  const Error error{ErrorClass::InvalidKey, "API Key 'A329F4DC002168' is not valid for resource '1'"};
  for (const AllocationFormat format : {AllocationFormat::Json, AllocationFormat::Csv}) {
    BOOST_TEST(render_error(format, error) == "InvalidKey: API Key 'A329F4DC002168' is not valid for resource '1'");
    BOOST_TEST(ringpool::api::error_content_type(format, error.error_class) == "text/plain");
  }
  const Error internal{ErrorClass::InternalServiceError, "Internal service error (handle 42)"};
  BOOST_TEST(render_error(AllocationFormat::Json, internal) ==
             "InternalServiceError: Internal service error (handle 42)");
}

BOOST_AUTO_TEST_CASE(A_11_only_bulk_json_exact_body) {
  const Error error{ErrorClass::OnlyBulkNumberAllocationAllowed,
                    "Numbers are automatically allocated by the PNAPI server"};
  BOOST_TEST(render_error(AllocationFormat::Json, error) ==
             R"({"errors":{"invalid_data":"Numbers are automatically allocated by the PNAPI server",)"
             R"("class":"OnlyBulkNumberAllocationAllowed"}})");
  BOOST_TEST(ringpool::api::error_content_type(AllocationFormat::Json, error.error_class) == "application/json");

  // xml and csv keep A-4's shapes with this class and message.
  BOOST_TEST(render_error(AllocationFormat::Csv, error) ==
             "OnlyBulkNumberAllocationAllowed: Numbers are automatically allocated by the PNAPI server");
  BOOST_TEST(ringpool::api::error_content_type(AllocationFormat::Csv, error.error_class) == "text/plain");
  pugi::xml_document document;
  const std::string xml = render_error(AllocationFormat::Xml, error);
  BOOST_REQUIRE(document.load_string(xml.c_str()));
  BOOST_TEST(std::string(document.child("Error").child_value("Class")) == "OnlyBulkNumberAllocationAllowed");
}

BOOST_AUTO_TEST_SUITE_END()
