// The conformance client and the server each have their own URL codec (a bug shared by both could
// never be caught): the client's encoding must round-trip through the server's strict decoding,
// and the server must refuse malformed escapes and invalid UTF-8.
#include "conformance/client_url.hpp"
#include "reference/api/query.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool;

namespace {

// The decoded value of parameter v, or "(malformed)" / "(absent)".
std::string server_value(const std::string& raw_query) {
  const api::Query query = api::parse_query(raw_query);
  if (query.malformed) return "(malformed)";
  const std::string* value = query.find("v");
  return value != nullptr ? *value : "(absent)";
}

std::string path_value(const std::string& segment) { return api::decode_path_segment(segment).value_or("(malformed)"); }

}  // namespace

BOOST_AUTO_TEST_SUITE(url_codecs)

BOOST_AUTO_TEST_CASE(client_encoding_round_trips_through_the_server_for_every_ascii_byte_and_utf8) {
  std::string every_ascii;
  for (int c = 1; c < 128; ++c) every_ascii += static_cast<char>(c);
  for (const std::string& text : {every_ascii, std::string("Zoë's café (2×) + ünïcode ✓ 𝄞"), std::string("a+b c&d=e%f#g?h/i")}) {
    const std::string encoded = conformance::encode_query_component(text);
    BOOST_TEST(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") ==
               std::string::npos, encoded);
    BOOST_TEST(server_value("v=" + encoded) == text);
  }
}

BOOST_AUTO_TEST_CASE(client_path_segments_round_trip_through_the_server) {
  const std::string id = "pool a+b/(c)";
  const std::string segment = conformance::encode_path_segment(id);
  BOOST_TEST(segment == "pool%20a%2Bb%2F%28c%29");
  BOOST_TEST(path_value(segment) == id);
}

BOOST_AUTO_TEST_CASE(the_two_codecs_are_not_the_same_code) {
  // The server's encoder (tracking URLs) keeps RFC 3986's sub-delims !*'(); the client's encodes them.
  BOOST_TEST(api::encode_query_value("a(b)!") == "a(b)!");
  BOOST_TEST(conformance::encode_query_component("a(b)!") == "a%28b%29%21");
}

BOOST_AUTO_TEST_CASE(server_decoding_is_strict) {
  BOOST_TEST(server_value("v=a+b") == "a b");  // '+' is a space in a query
  BOOST_TEST(server_value("v=a%2Bb") == "a+b");
  BOOST_TEST(path_value("a+b") == "a+b");  // but not in a path
  for (const char* bad : {"v=%", "v=%2", "v=%zz", "v=a%G1", "v=%C3", "v=%C3%28", "v=%ED%A0%80", "v=%F4%90%80%80",
                          "v=%C0%AF", "v=\xff"}) {
    const api::Query query = api::parse_query(bad);
    BOOST_TEST(query.malformed.has_value(), bad);
  }
  BOOST_TEST(path_value("a%2") == "(malformed)");
}

BOOST_AUTO_TEST_SUITE_END()
