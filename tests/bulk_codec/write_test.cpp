// B-3 (request_id echo), B-5 (success rows) and B-6 (error rows) for BulkResponseWriter, plus the
// document's two example responses reproduced.
#include "tests/bulk_codec/bulk_codec_reference.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::test::bulk_codec;
using ringpool::api::BulkResponseWriter;

namespace {

const BulkRowSuccess kFirst{
    "888-390-6665", "8883906665",
    "http://ringrevenue.com/c/1/14-11-109?us=http%3A%2F%2Fwww2.ringrevenue.com.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8883906665%26PPCPN%3D8883906665",
    false};
const BulkRowSuccess kSecond{
    "877-455-1120", "8774551120",
    "http://ringringrevenue.com/c/1/19-99-210?us=http%3A%2F%2Fwww2.ringrevenue.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8774551120%26PPCPN%3D8774551120",
    false};
const BulkRowSuccess kThird{
    "866-971-5703", "8669715703",
    "http://ringringrevenue.com/c/1/38-240-19?us=http%3A%2F%2Fwww2.ringrevenue.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8669715703%26PPCPN%3D8669715703",
    true};

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_codec)

BOOST_AUTO_TEST_CASE(B_5_success_row_shape_and_overflow_flag) {
  BulkResponseWriter writer(2);
  writer.add_success(R"("a")", BulkRowSuccess{"888-111-2222", "8881112222", "http://t/x?y=1&z=2", false});
  writer.add_success(std::nullopt, BulkRowSuccess{"888-111-3333", "8881113333", "http://t/", true});
  BOOST_TEST(writer.finish() ==
             R"({"responses":[)"
             R"({"request_id":"a","promo_number_formatted":"888-111-2222","promo_number":"8881112222","tracking_url":"http://t/x?y=1&z=2"},)"
             R"({"promo_number_formatted":"888-111-3333","promo_number":"8881113333","tracking_url":"http://t/","overflow":true}]})");
}

BOOST_AUTO_TEST_CASE(B_6_error_row_shape) {
  BulkResponseWriter writer(3);
  writer.add_error(R"({"k":[1,2]})", BulkRowError{ErrorClass::InvalidKey, "API Key 'A329F4DC002168' is not valid for resource '1'"});
  writer.add_success(R"(7)", BulkRowSuccess{"888-111-2222", "8881112222", "u", false});
  writer.add_error(std::nullopt, BulkRowError{ErrorClass::InvalidRequest, "A \"quoted\"\\ message\n"});
  BOOST_TEST(writer.finish() ==
             R"({"responses":[)"
             R"({"request_id":{"k":[1,2]},"error_class":"InvalidKey","message":"API Key 'A329F4DC002168' is not valid for resource '1'"},)"
             R"({"request_id":7,"promo_number_formatted":"888-111-2222","promo_number":"8881112222","tracking_url":"u"},)"
             R"({"error_class":"InvalidRequest","message":"A \"quoted\"\\ message\n"}]})");
}

BOOST_AUTO_TEST_CASE(B_3_request_id_omitted_when_absent_in_response) {
  BulkResponseWriter writer(1);
  writer.add_error(std::nullopt, BulkRowError{ErrorClass::MissingParameter, "m"});
  const auto doc = ordered_json::parse(writer.finish());
  BOOST_TEST(!doc.at("responses").at(0).contains("request_id"));
}

BOOST_AUTO_TEST_CASE(B_4_empty_writer_still_a_document) {
  BulkResponseWriter writer(0);
  BOOST_TEST(writer.finish() == R"({"responses":[]})");
}

// C-3: a message quoting raw client bytes that are not UTF-8 must not throw; they become U+FFFD.
BOOST_AUTO_TEST_CASE(B_6_invalid_utf8_replaced_not_thrown) {
  BulkResponseWriter writer(1);
  writer.add_error(std::nullopt, BulkRowError{ErrorClass::InvalidKey, "key '\xff\xfe' bad"});
  const std::string body = writer.finish();
  const auto doc = ordered_json::parse(body);
  BOOST_TEST(doc.at("responses").at(0).at("message").get<std::string>() == "key '\xEF\xBF\xBD\xEF\xBF\xBD' bad");
}

BOOST_AUTO_TEST_CASE(B_5_document_example_response_reproduced) {
  BulkResponseWriter writer(3);
  writer.add_success(R"("193C5F")", kFirst);
  writer.add_success(R"("58CD4F")", kSecond);
  writer.add_success(R"("E3901B")", kThird);
  // Verbatim from the Bulk API document (002), whitespace included.
  const auto expected = ordered_json::parse(R"({
 "responses":[
  {"request_id":"193C5F","promo_number_formatted":"888-390-6665","promo_number":"8883906665","tracking_url":"http://ringrevenue.com/c/1/14-11-109?us=http%3A%2F%2Fwww2.ringrevenue.com.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8883906665%26PPCPN%3D8883906665"},
  {"request_id":"58CD4F","promo_number_formatted":"877-455-1120","promo_number":"8774551120","tracking_url":"http://ringringrevenue.com/c/1/19-99-210?us=http%3A%2F%2Fwww2.ringrevenue.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8774551120%26PPCPN%3D8774551120"},
  {"request_id":"E3901B","promo_number_formatted":"866-971-5703","promo_number":"8669715703","tracking_url":"http://ringringrevenue.com/c/1/38-240-19?us=http%3A%2F%2Fwww2.ringrevenue.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8669715703%26PPCPN%3D8669715703","overflow":true}
 ]
}
)");
  const std::string body = writer.finish();
  // ordered_json equality also checks key order; and the compact form is the document minus whitespace.
  BOOST_TEST(ordered_json::parse(body) == expected);
  BOOST_TEST(body == expected.dump());
}

BOOST_AUTO_TEST_CASE(B_6_document_example_error_response_reproduced) {
  BulkResponseWriter writer(3);
  writer.add_success(R"("193C5F")", kFirst);
  writer.add_error(R"("58CD4F")", BulkRowError{ErrorClass::InvalidKey, "API Key 'A329F4DC002168' is not valid for resource '1'"});
  BulkRowSuccess third = kThird;
  third.overflow = false;
  writer.add_success(R"("E3901B")", third);
  // Verbatim from the Bulk API document (002), whitespace included.
  const auto expected = ordered_json::parse(R"({
   "responses":[
    {"request_id":"193C5F","promo_number_formatted":"888-390-6665","promo_number":"8883906665","tracking_url":"http://ringrevenue.com/c/1/14-11-109?us=http%3A%2F%2Fwww2.ringrevenue.com.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8883906665%26PPCPN%3D8883906665"},
    {"request_id":"58CD4F","error_class":"InvalidKey","message":"API Key 'A329F4DC002168' is not valid for resource '1'"},
    {"request_id":"E3901B","promo_number_formatted":"866-971-5703","promo_number":"8669715703","tracking_url":"http://ringringrevenue.com/c/1/38-240-19?us=http%3A%2F%2Fwww2.ringrevenue.com%2Fdemo%2F8x8_staging.html%3Fsid%3D8669715703%26PPCPN%3D8669715703"}
  ]
}
)");
  const std::string body = writer.finish();
  BOOST_TEST(ordered_json::parse(body) == expected);
  BOOST_TEST(body == expected.dump());
}

BOOST_AUTO_TEST_SUITE_END()
