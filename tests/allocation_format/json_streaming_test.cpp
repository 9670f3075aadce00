// A-2 json on the hot path: the streamed body must be byte-identical to what nlohmann's
// ordered_json would dump for the same object, for any tracking_url.
#include "reference/api/allocation_format.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <rapidcheck/boost_test.h>

#include <cstdint>
#include <string>
#include <vector>

using ringpool::api::AllocationAnswer;
using ringpool::api::AllocationFormat;
using ringpool::domain::PhoneNumber;

namespace {

constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;

std::string streamed(const AllocationAnswer& answer) {
  std::string body;
  ringpool::api::render_allocation(AllocationFormat::Json, answer, body);
  return body;
}

nlohmann::ordered_json reference_object(const AllocationAnswer& answer) {
  nlohmann::ordered_json object{{"promo_number_formatted", answer.number.formatted()},
                                {"promo_number", answer.number.str()},
                                {"tracking_url", answer.tracking_url}};
  if (answer.overflow) object["overflow"] = true;
  return object;
}

// What the library itself prints. Invalid UTF-8 makes a plain dump() throw, so the streamer (which
// must not throw on a request) is compared with dump's replace mode, equal to dump() otherwise.
std::string reference_dump(const AllocationAnswer& answer) {
  return reference_object(answer).dump(-1, ' ', false, kReplace);
}

// Test-data helper: UTF-8 encoding of a scalar value (not used for escaping anything).
void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

rc::Gen<PhoneNumber> phone_numbers() {
  return rc::gen::map(rc::gen::inRange<std::uint64_t>(2'000'000'000, 10'000'000'000),
                      [](std::uint64_t digits) { return PhoneNumber{digits}; });
}

// Any byte values, 0x00..0xFF, so invalid UTF-8 and NULs are covered too.
rc::Gen<std::string> byte_strings() {
  return rc::gen::container<std::string>(rc::gen::cast<char>(rc::gen::inRange(0, 256)));
}

// Valid UTF-8 from any Unicode scalar values (surrogates excluded), biased to the interesting ends.
rc::Gen<std::string> utf8_strings() {
  const auto scalar = rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(0, 0x80),
                                     rc::gen::inRange<std::uint32_t>(0, 0xD800),
                                     rc::gen::inRange<std::uint32_t>(0xE000, 0x110000));
  return rc::gen::map(rc::gen::container<std::vector<std::uint32_t>>(scalar),
                      [](const std::vector<std::uint32_t>& code_points) {
                        std::string text;
                        for (const std::uint32_t code_point : code_points) append_utf8(text, code_point);
                        return text;
                      });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation_format)

BOOST_AUTO_TEST_CASE(A_2_json_streaming_matches_nlohmann_dump) {
  const std::vector<std::string> values = {
      "",
      "https://invoca.net/c/1/14-11",
      "https://invoca.net/c/1/14-11?us=http%3A%2F%2Fwww2.invoca.net%2Fdemo%2F8x8_staging.html",
      "tel:+18883906665",
      " leading space",
      "say \"hi\"",
      "back\\slash",
      "\\\"",
      "slash/es/ are not escaped",
      "</script>",
      std::string("nul\0inside", 10),
      "\x01\x02\x1e\x1f",
      "\b\f\n\r\t",
      "del \x7f",
      "caf\xc3\xa9",                  // é
      "\xe6\x97\xa5\xe6\x9c\xac",     // 日本
      "\xf0\x9f\x98\x80 emoji",       // U+1F600
      "\xe2\x80\xa8 line separator",  // U+2028
      "\xef\xbb\xbf BOM",
      "mixed \"\xc3\xa9\"\n\\",
  };
  for (const bool overflow : {false, true}) {
    for (const std::string& value : values) {
      const AllocationAnswer answer{PhoneNumber{8883906665}, overflow, value};
      BOOST_TEST(streamed(answer) == reference_object(answer).dump(), value);
    }
  }
}

BOOST_AUTO_TEST_CASE(A_2_json_streaming_replaces_invalid_utf8) {
  // A plain dump() throws on these; the streamer answers U+FFFD like dump's replace mode.
  for (const std::string value : {"\xff", "bad \xc3", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong"}) {
    const AllocationAnswer answer{PhoneNumber{8883906665}, false, value};
    BOOST_CHECK_THROW(reference_object(answer).dump(), nlohmann::json::type_error);
    BOOST_TEST(streamed(answer) == reference_dump(answer), value);
    BOOST_TEST(nlohmann::json::accept(streamed(answer)));
  }
}

RC_BOOST_PROP(A_2_json_streaming_property_any_bytes, ()) {
  const AllocationAnswer answer{*phone_numbers(), *rc::gen::arbitrary<bool>(), *byte_strings()};
  RC_ASSERT(streamed(answer) == reference_dump(answer));
}

RC_BOOST_PROP(A_2_json_streaming_property_arbitrary_string, (const std::string& tracking_url, bool overflow)) {
  const AllocationAnswer answer{*phone_numbers(), overflow, tracking_url};
  RC_ASSERT(streamed(answer) == reference_dump(answer));
}

RC_BOOST_PROP(A_2_json_streaming_property_valid_utf8_equals_plain_dump, ()) {
  const AllocationAnswer answer{*phone_numbers(), *rc::gen::arbitrary<bool>(), *utf8_strings()};
  RC_ASSERT(streamed(answer) == reference_object(answer).dump());
  RC_ASSERT(nlohmann::json::parse(streamed(answer))["tracking_url"] == answer.tracking_url);
}

BOOST_AUTO_TEST_SUITE_END()
