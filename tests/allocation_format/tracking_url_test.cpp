// the tracking URL a legacy allocation answers with.
#include "reference/api/query.hpp"
#include "reference/api/tracking_url.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using ringpool::api::tracking_url;
using ringpool::domain::PhoneNumber;

namespace {

const PhoneNumber kPromo{8883906665};

// The decoded landing page carried in a tracking URL's `us=` parameter.
std::string decoded_us(const std::string& url) {
  const std::size_t query = url.find('?');
  BOOST_REQUIRE(query != std::string::npos);
  const auto parsed = ringpool::api::parse_query(std::string_view(url).substr(query + 1));
  BOOST_REQUIRE(!parsed.malformed.has_value());
  BOOST_REQUIRE(parsed.parameters.size() == 1);
  BOOST_REQUIRE(parsed.parameters.front().name == "us");
  return parsed.parameters.front().value;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tracking_url_suite)

BOOST_AUTO_TEST_CASE(A_10_tracking_url_plain) {
  BOOST_TEST(tracking_url("invoca.net", 1, 14, 1, kPromo, nullptr, false) == "https://invoca.net/c/1/14-1");
  BOOST_TEST(tracking_url("acme.ringpool.test", 42, 9001, 123456789, kPromo, nullptr, false) ==
             "https://acme.ringpool.test/c/42/9001-123456789");
  const std::string empty;
  BOOST_TEST(tracking_url("invoca.net", 1, 14, 2, kPromo, &empty, false) == "https://invoca.net/c/1/14-2");
}

BOOST_AUTO_TEST_CASE(A_10_landing_page_appends_sid_and_ppcpn) {
  // The documents' example: cpp-httplib's encoder gives exactly their escaping.
  const std::string page = "http://www2.invoca.net/demo/8x8_staging.html";
  BOOST_TEST(tracking_url("invoca.net", 1, 14, 11, kPromo, &page, false) ==
             "https://invoca.net/c/1/14-11?us=http%3A%2F%2Fwww2.invoca.net%2Fdemo%2F8x8_staging.html"
             "%3Fsid%3D8883906665%26PPCPN%3D8883906665");
}

BOOST_AUTO_TEST_CASE(A_10_landing_page_with_query_and_fragment) {
  const std::string with_query = "https://shop.example.com/p?x=1&y=a+b";
  BOOST_TEST(decoded_us(tracking_url("h.test", 1, 2, 3, kPromo, &with_query, false)) ==
             "https://shop.example.com/p?x=1&y=a+b&sid=8883906665&PPCPN=8883906665");

  const std::string with_both = "https://shop.example.com/p?x=1#reviews";
  const std::string url = tracking_url("h.test", 1, 2, 3, kPromo, &with_both, false);
  BOOST_TEST(url.find('#') == std::string::npos, url);  // the fragment travels encoded inside us=
  BOOST_TEST(decoded_us(url) == "https://shop.example.com/p?x=1&sid=8883906665&PPCPN=8883906665#reviews");

  const std::string fragment_only = "https://shop.example.com/p#top?not=query";
  BOOST_TEST(decoded_us(tracking_url("h.test", 1, 2, 3, kPromo, &fragment_only, false)) ==
             "https://shop.example.com/p?sid=8883906665&PPCPN=8883906665#top?not=query");

  const std::string empty_query = "https://shop.example.com/p?";
  BOOST_TEST(decoded_us(tracking_url("h.test", 1, 2, 3, kPromo, &empty_query, false)) ==
             "https://shop.example.com/p?sid=8883906665&PPCPN=8883906665");
}

BOOST_AUTO_TEST_CASE(A_10_mobile_click_to_call_tel_uri) {
  BOOST_TEST(tracking_url("invoca.net", 1, 14, 1, kPromo, nullptr, true) == "tel:+18883906665");
  const std::string page = "http://www2.invoca.net/demo/8x8_staging.html";
  BOOST_TEST(tracking_url("invoca.net", 1, 14, 1, PhoneNumber{2125550100}, &page, true) == "tel:+12125550100");
}

BOOST_AUTO_TEST_SUITE_END()
