// The allocation APIs' layout choices (api::Dialect, api::AllocationStyle; spec A-2, A-4, B-10):
// the reference's by default, the other valid choice when configured (the variant target's).
#include "reference/api/allocation_format.hpp"
#include "reference/api/dialect.hpp"
#include "reference/api/service.hpp"
#include "reference/api/tracking_url.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace ringpool;
using namespace ringpool::api;

namespace {

AllocationAnswer dialect_answer() { return AllocationAnswer{*domain::parse_phone_number("8885550100"), false, "https://h/c/1"}; }

api::Dialect dialect_variant_like() {
  api::Dialect dialect;
  dialect.invalid_key_status = 401;
  dialect.integer_processing_time = true;
  return dialect;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation_format)
BOOST_AUTO_TEST_SUITE(dialect)

BOOST_AUTO_TEST_CASE(A_2_csv_line_end_is_a_choice) {
  std::string body;
  render_allocation(AllocationFormat::Csv, dialect_answer(), body);
  BOOST_TEST(body == "PromoNumberFormatted,PromoNumber,TrackingUrl\r\n888-555-0100,8885550100,https://h/c/1\r\n");
  render_allocation(AllocationFormat::Csv, dialect_answer(), body, AllocationStyle{"  ", "\n"});
  BOOST_TEST(body == "PromoNumberFormatted,PromoNumber,TrackingUrl\n888-555-0100,8885550100,https://h/c/1\n");
}

BOOST_AUTO_TEST_CASE(A_2_xml_indentation_is_a_choice) {
  std::string body;
  render_allocation(AllocationFormat::Xml, dialect_answer(), body, AllocationStyle{"\t", "\r\n"});
  BOOST_TEST(body.find("\n\t<PromoNumber>8885550100</PromoNumber>") != std::string::npos, body);
  render_allocation_error(AllocationFormat::Xml, domain::Error{domain::ErrorClass::InvalidKey, "m"}, body,
                          AllocationStyle{"\t", "\r\n"});
  BOOST_TEST(body.find("\n\t<Class>InvalidKey</Class>") != std::string::npos, body);
}

BOOST_AUTO_TEST_CASE(A_4_invalid_key_status_and_B_10_integer_processing_time) {
  api::ServiceOptions options;
  options.dialect = dialect_variant_like();
  options.stopwatch_ms = [] { return 0.0; };
  Service service(world_file::load_default_world(7), options);
  Response r = service.handle(make_request("GET", "/api/2015-12-09/ring_pools/1/allocate_number.json?ring_pool_key=x"));
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.body.starts_with("InvalidKey: "), r.body);
  r = service.handle(make_request("POST", "/api/2013-07-01/bulk.json",
                                  R"({"requests":[{"api_suffix":"1/allocate_number.json?ring_pool_key=x&a=1"}]})"));
  BOOST_TEST(r.status == 200);
  auto header = r.headers.find("processing-time");
  BOOST_REQUIRE(header != r.headers.end());
  BOOST_TEST(header->second == "0");
  Service reference(world_file::load_default_world(7), ServiceOptions{});
  r = reference.handle(make_request("GET", "/api/2015-12-09/ring_pools/1/allocate_number.json?ring_pool_key=x"));
  BOOST_TEST(r.status == 403);
}

BOOST_AUTO_TEST_CASE(A_2_legacy_overflow_flag_is_a_choice) {
  AllocationAnswer overflow = dialect_answer();
  overflow.overflow = true;
  std::string body;
  render_allocation(AllocationFormat::Json, overflow, body);
  BOOST_TEST(body.find("\"overflow\":true") != std::string::npos);
  render_allocation(AllocationFormat::Json, overflow, body, AllocationStyle{"  ", "\r\n", false});
  BOOST_TEST(body.find("overflow") == std::string::npos);
  render_allocation(AllocationFormat::Xml, overflow, body, AllocationStyle{"  ", "\r\n", false});
  BOOST_TEST(body.find("Overflow") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(A_10_tracking_url_form_and_A_4_unknown_pool_not_found) {
  const auto promo = *domain::parse_phone_number("8885550100");
  BOOST_TEST(tracking_url("h", 1, 7, 3, promo, nullptr, false) == "https://h/c/1/7-3");
  BOOST_TEST(tracking_url("h", 1, 7, 3, promo, nullptr, false, TrackingUrlForm::TrackPoolCount) == "https://h/track/7/3");
  api::ServiceOptions options;
  options.dialect.unknown_pool_not_found = true;
  Service service(world_file::load_default_world(7), options);
  const Response r =
      service.handle(make_request("GET", "/api/2015-12-09/ring_pools/999/allocate_number.xml?ring_pool_key=x"));
  BOOST_TEST(r.status == 404);
  BOOST_TEST(r.body.find("<Class>RecordNotFound</Class>") != std::string::npos, r.body);
}

BOOST_AUTO_TEST_SUITE_END()  // dialect
BOOST_AUTO_TEST_SUITE_END()  // allocation_format
