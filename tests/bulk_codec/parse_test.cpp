// B-1 (envelope), B-2 (malformed rows) and B-3 (request_id capture) for parse_bulk_request, plus
// the document's example request body.
#include "tests/bulk_codec/bulk_codec_reference.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace ringpool::test::bulk_codec;
using ringpool::api::parse_bulk_request;

namespace {

BulkRowRequest row(std::optional<std::string> id, std::optional<std::string> suffix) {
  const bool malformed = !suffix.has_value();
  return BulkRowRequest{std::move(id), std::move(suffix), malformed};
}

// The class name of a failed parse's error, or "accepted" (a string, so that Boost can print it).
std::string error_of(std::string_view body) {
  auto parsed = parse_bulk_request(body);
  if (parsed) return "accepted";
  BOOST_TEST(!parsed.error().message.empty());
  return std::string(ringpool::domain::class_name(parsed.error().error_class));
}

// `count` rows, each `{"api_suffix":"p/allocate_number.json?m=<i>"}`.
std::string body_with_rows(std::size_t count) {
  std::string body = R"({"requests":[)";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) body += ',';
    body += R"({"api_suffix":"p/allocate_number.json?m=)" + std::to_string(i) + R"("})";
  }
  return body + "]}";
}

// The request_id captured from a one-row body whose request_id is `id_text`.
std::optional<std::string> captured_id(const std::string& id_text) {
  auto parsed = parse_bulk_request(R"({"requests":[{"api_suffix":"x","request_id":)" + id_text + "}]}");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_REQUIRE_EQUAL(parsed->rows.size(), 1u);
  return parsed->rows[0].request_id_json;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_codec)

// ---- B-1 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(B_1_requests_key_parsed_in_order) {
  auto parsed = parse_bulk_request(
      R"({"requests":[{"api_suffix":"a/allocate_number.json?m=1","request_id":"1"},)"
      R"({"request_id":"2","api_suffix":"b/allocate_number.json?m=2"},{"api_suffix":"c"}]})");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((parsed->rows == std::vector<BulkRowRequest>{
                                  row(R"("1")", "a/allocate_number.json?m=1"),
                                  row(R"("2")", "b/allocate_number.json?m=2"),
                                  row(std::nullopt, "c"),
                              }));
}

BOOST_AUTO_TEST_CASE(B_1_request_key_accepted_when_requests_absent) {
  auto only_request = parse_bulk_request(R"({"request":[{"api_suffix":"a"}]})");
  BOOST_REQUIRE(only_request.has_value());
  BOOST_TEST((only_request->rows == std::vector<BulkRowRequest>{row(std::nullopt, "a")}));

  // `requests` wins whichever comes first, even over a valid `request`.
  for (const char* body : {R"({"request":[{"api_suffix":"old"}],"requests":[{"api_suffix":"new"}]})",
                           R"({"requests":[{"api_suffix":"new"}],"request":[{"api_suffix":"old"}]})"}) {
    auto parsed = parse_bulk_request(body);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST((parsed->rows == std::vector<BulkRowRequest>{row(std::nullopt, "new")}));
  }
  BOOST_TEST(error_of(R"({"requests":5,"request":[{"api_suffix":"a"}]})") == "InvalidRequest");
}

BOOST_AUTO_TEST_CASE(B_1_empty_missing_not_array_not_json_invalid_request) {
  for (const char* body : {
           "",                                   // not JSON
           "   ",                                // not JSON
           "{",                                  // truncated
           R"({"requests":[{"api_suffix":"a"}]} trailing)",
           R"({"requests":[{"api_suffix":"a"},]})",  // trailing comma
           R"({"requests":[{"api_suffix":"\ud800"}]})",  // lone surrogate
           "{\"requests\":[{\"api_suffix\":\"\xff\"}]}",  // invalid UTF-8
           R"({"requests":[{"api_suffix":"a","request_id":1e400}]})",  // number overflow
           "[]",                                 // not an object
           R"([{"api_suffix":"a"}])",
           R"("requests")",
           "42",
           "null",
           "{}",                                 // missing
           R"({"Requests":[{"api_suffix":"a"}]})",
           R"({"other":{"requests":[{"api_suffix":"a"}]}})",  // nested, not top-level
           R"({"requests":[]})",                 // empty
           R"({"request":[]})",
           R"({"requests":{"api_suffix":"a"}})",  // not an array
           R"({"requests":"[]"})",
           R"({"requests":null})",
           R"({"requests":[{"api_suffix":"a"}],"requests":{}})",  // last duplicate wins
       }) {
    BOOST_TEST_CONTEXT("body: " << body) {
      BOOST_TEST(error_of(body) == "InvalidRequest");
    }
  }
  // The messages say which rule failed.
  BOOST_TEST(parse_bulk_request("{").error().message.find("not valid JSON") != std::string::npos);
  BOOST_TEST(parse_bulk_request("[]").error().message.find("JSON object") != std::string::npos);
  BOOST_TEST(parse_bulk_request("{}").error().message.find("no \"requests\"") != std::string::npos);
  BOOST_TEST(parse_bulk_request(R"({"request":7})").error().message == "\"request\" must be an array of requests.");
  BOOST_TEST(parse_bulk_request(R"({"requests":[]})").error().message ==
             "\"requests\" must contain at least one request.");
}

BOOST_AUTO_TEST_CASE(B_1_over_1000_request_too_large) {
  auto parsed = parse_bulk_request(body_with_rows(1001));
  BOOST_REQUIRE(!parsed.has_value());
  BOOST_TEST((parsed.error() == Error{ErrorClass::RequestTooLarge, "\"requests\" has 1001 entries; at most 1000 are allowed."}));
  BOOST_TEST(error_of(body_with_rows(5000)) == "RequestTooLarge");

  // Entries of any kind count, not only objects.
  std::string mixed = R"({"request":[)";
  for (int i = 0; i < 1001; ++i) mixed += i % 2 == 0 ? "1," : "[[]],";
  mixed.back() = ']';
  BOOST_TEST(error_of(mixed + "}") == "RequestTooLarge");

  // Not JSON beats too large: the whole body is still read.
  std::string broken = body_with_rows(1001);
  broken.pop_back();
  BOOST_TEST(error_of(broken) == "InvalidRequest");
}

BOOST_AUTO_TEST_CASE(B_1_exactly_1000_accepted) {
  auto parsed = parse_bulk_request(body_with_rows(1000));
  BOOST_REQUIRE(parsed.has_value());
  BOOST_REQUIRE_EQUAL(parsed->rows.size(), 1000u);
  BOOST_TEST(*parsed->rows.front().api_suffix == "p/allocate_number.json?m=0");
  BOOST_TEST(*parsed->rows.back().api_suffix == "p/allocate_number.json?m=999");
  auto one = parse_bulk_request(body_with_rows(1));
  BOOST_REQUIRE(one.has_value());
  BOOST_TEST(one->rows.size() == 1u);
}

BOOST_AUTO_TEST_CASE(B_1_unknown_keys_and_deep_values_ignored) {
  // 100000 levels of nesting in ignored places: skipped by depth, no recursion, no crash.
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto parsed = parse_bulk_request(R"({"meta":)" + deep + R"(,"requests":[{"x":)" + deep +
                                   R"(,"api_suffix":"a","extra":{"requests":[1]}},)" + deep + R"(],"z":{"a":)" + deep + "}}");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((parsed->rows == std::vector<BulkRowRequest>{row(std::nullopt, "a"), row(std::nullopt, std::nullopt)}));
}

BOOST_AUTO_TEST_CASE(B_1_duplicate_keys_last_wins) {
  auto parsed = parse_bulk_request(
      R"({"requests":[{"api_suffix":"gone"}],"requests":[)"
      R"({"api_suffix":"first","api_suffix":"second","request_id":1,"request_id":{"a":1,"a":2}},)"
      R"({"api_suffix":"kept","api_suffix":7},)"
      R"({"api_suffix":5,"api_suffix":"kept"},)"
      R"({"request_id":[1],"request_id":"s","api_suffix":"x"}]})");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((parsed->rows == std::vector<BulkRowRequest>{
                                  row(R"({"a":2})", "second"),
                                  row(std::nullopt, std::nullopt),
                                  row(std::nullopt, "kept"),
                                  row(R"("s")", "x"),
                              }));
}

// ---- B-2 -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(B_2_row_not_object_or_no_string_api_suffix_malformed) {
  auto parsed = parse_bulk_request(
      R"({"requests":["a/allocate_number.json",7,null,true,[{"api_suffix":"a"}],{},)"
      R"({"request_id":"r1"},{"api_suffix":5,"request_id":"r2"},{"api_suffix":null},)"
      R"({"api_suffix":["a"]},{"api_suffix":{"a":"b"},"request_id":3},{"api_suffix":""}]})");
  BOOST_REQUIRE(parsed.has_value());
  const BulkRowRequest not_object{std::nullopt, std::nullopt, true};
  BOOST_TEST((parsed->rows == std::vector<BulkRowRequest>{
                                  not_object, not_object, not_object, not_object, not_object,
                                  row(std::nullopt, std::nullopt),
                                  row(R"("r1")", std::nullopt),  // still echoes its request_id
                                  row(R"("r2")", std::nullopt),
                                  row(std::nullopt, std::nullopt),
                                  row(std::nullopt, std::nullopt),
                                  row("3", std::nullopt),
                                  row(std::nullopt, ""),  // an empty string is a string: B-2 is satisfied
                              }));
  for (const auto& r : parsed->rows) BOOST_TEST(r.malformed == !r.api_suffix.has_value());
}

// ---- B-3 -------------------------------------------------------------------------------------

// Decision: `"request_id": null` counts as given (B-3 "echoed when given") and is echoed as null.
BOOST_AUTO_TEST_CASE(B_3_request_id_echoed_as_same_json_value) {
  BOOST_TEST(*captured_id(R"("193C5F")") == R"("193C5F")");
  BOOST_TEST(*captured_id(R"("")") == R"("")");
  BOOST_TEST(*captured_id(R"("q\"b\\s\/\u0001\n\u00e9\ud83d\ude00")") ==
             "\"q\\\"b\\\\s/\\u0001\\n\xC3\xA9\xF0\x9F\x98\x80\"");
  BOOST_TEST(*captured_id("42") == "42");
  BOOST_TEST(*captured_id("-7") == "-7");
  BOOST_TEST(*captured_id("-0") == "0");
  BOOST_TEST(*captured_id("18446744073709551615") == "18446744073709551615");
  BOOST_TEST(*captured_id("-9223372036854775808") == "-9223372036854775808");
  BOOST_TEST(*captured_id("1.5") == "1.5");
  BOOST_TEST(*captured_id("1.0") == "1.0");
  BOOST_TEST(*captured_id("2E3") == "2000.0");
  BOOST_TEST(*captured_id("1e300") == "1e+300");
  BOOST_TEST(*captured_id("true") == "true");
  BOOST_TEST(*captured_id("false") == "false");
  BOOST_TEST(*captured_id("null") == "null");
  BOOST_TEST(*captured_id(R"( { "b" : [1, {"c": null}], "a" : "x" } )") == R"({"b":[1,{"c":null}],"a":"x"})");
  BOOST_TEST(*captured_id("[]") == "[]");
  BOOST_TEST(*captured_id("{}") == "{}");
  BOOST_TEST(*captured_id(R"([[["deep"]], {"k\n": 2.5}, true, null])") == R"([[["deep"]],{"k\n":2.5},true,null])");
}

BOOST_AUTO_TEST_CASE(B_3_request_id_omitted_when_absent) {
  auto parsed = parse_bulk_request(R"({"requests":[{"api_suffix":"a"},{"api_suffix":"b","requestid":"x"},"c"]})");
  BOOST_REQUIRE(parsed.has_value());
  for (const auto& r : parsed->rows) BOOST_TEST(!r.request_id_json.has_value());
}

BOOST_AUTO_TEST_CASE(B_3_request_id_nested_too_deep_invalid_request) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  BOOST_TEST(*captured_id(nested(ringpool::api::kBulkMaxRequestIdDepth)) == nested(ringpool::api::kBulkMaxRequestIdDepth));
  for (std::size_t depth : {ringpool::api::kBulkMaxRequestIdDepth + 1, std::size_t{100000}}) {
    BOOST_TEST(error_of(R"({"requests":[{"api_suffix":"a","request_id":)" + nested(depth) + "}]}") ==
               "InvalidRequest");
  }
}

// ---- the document's example ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(B_4_document_example_request_parsed_in_order) {
  // Verbatim from the Bulk API document (002), whitespace included.
  const std::string body = R"({
 "requests":[
  {"api_suffix":"<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=autos&m2=ford","request_id":"193C5F"},
  {"api_suffix":"<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=antiques","request_id":"58CD4F"},
  {"api_suffix":"<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=electronics","request_id":"E3901B"}
 ]
}
)";
  auto parsed = parse_bulk_request(body);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((parsed->rows ==
              std::vector<BulkRowRequest>{
                  row(R"("193C5F")", "<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=autos&m2=ford"),
                  row(R"("58CD4F")", "<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=antiques"),
                  row(R"("E3901B")", "<RING_POOL_ID>/allocate_number.json?ring_pool_key=<RING_POOL_KEY>&m1=electronics"),
              }));
}

BOOST_AUTO_TEST_SUITE_END()
