// B-1..B-6 differentially: the SAX parser against a DOM parse, and the streamed response against
// an ordered DOM dump, over generated bodies full of escapes, unicode, nesting and duplicates.
#include "tests/bulk_codec/bulk_codec_reference.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace ringpool::test::bulk_codec;
using ringpool::api::parse_bulk_request;

namespace {

// Random JSON pieces, biased towards what breaks hand-written codecs.
class BodyGenerator {
 public:
  explicit BodyGenerator(std::uint64_t seed) : rng_(seed) {}

  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  std::string text() {
    static const std::vector<std::string> pieces = {
        "plain", "\"", "\\", "/", "\x01", "\x1f", "\n", "\t", "\b", "\x7f", std::string(1, '\0'),
        "\xC3\xA9",          // é
        "\xE2\x82\xAC",      // €
        "\xF0\x9F\x98\x80",  // 😀
        " ", "<RING_POOL_ID>/allocate_number.json?ring_pool_key=k&m1=a&m2=", "http://x/c?us=a%3Db",
    };
    std::string out;
    for (std::size_t n = below(5); n > 0; --n) out += pieces[below(pieces.size())];
    return out;
  }

  ordered_json scalar() {
    switch (below(12)) {
      case 0: return std::numeric_limits<std::int64_t>::min();
      case 1: return std::numeric_limits<std::uint64_t>::max();
      case 2: return static_cast<std::int64_t>(below(2000)) - 1000;
      case 3: {
        static const std::vector<double> floats = {1.5, -0.0, 1e300, 0.1, 123456.789, 2.0, -3.25e-10};
        return floats[below(floats.size())];
      }
      case 4: return chance(50);
      case 5: return nullptr;
      default: return text();
    }
  }

  ordered_json value(int depth = 0) {
    if (depth >= 3 || chance(75)) return scalar();
    ordered_json out = chance(50) ? ordered_json::object() : ordered_json::array();
    for (std::size_t n = below(4); n > 0; --n) {
      if (out.is_array()) {
        out.push_back(value(depth + 1));
      } else {
        out[text()] = value(depth + 1);
      }
    }
    return out;
  }

  // JSON text for `v`, compact or indented (whitespace must not matter).
  std::string dump(const ordered_json& v) { return chance(80) ? v.dump() : v.dump(below(3) == 0 ? -1 : 1); }

  // A row as text, so that duplicate keys and odd shapes can be expressed.
  std::string row() {
    if (chance(5)) return dump(value());
    std::vector<std::string> fields;
    const auto field = [&](const std::string& key, const ordered_json& v) {
      fields.push_back(ordered_json(key).dump() + (chance(10) ? " : " : ":") + dump(v));
    };
    if (chance(95)) field("api_suffix", chance(90) ? ordered_json(text()) : value());
    if (chance(70)) field("request_id", value());
    if (chance(10)) field("extra", value());
    if (chance(5)) field("api_suffix", chance(50) ? ordered_json(text()) : value());
    if (chance(5)) field("request_id", value());
    std::shuffle(fields.begin(), fields.end(), rng_);
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i > 0 ? "," : "") + fields[i];
    return out + "}";
  }

  std::string body(std::size_t rows) {
    std::string array = "[";
    for (std::size_t i = 0; i < rows; ++i) array += (i > 0 ? "," : "") + row();
    array += "]";
    std::vector<std::string> members;
    members.push_back(std::string(chance(90) ? R"("requests")" : R"("request")") + ":" + array);
    if (chance(10)) members.push_back(R"("unknown":)" + dump(value()));
    if (chance(3)) members.push_back(R"("request":)" + dump(value()));
    std::shuffle(members.begin(), members.end(), rng_);
    std::string out = "{";
    for (std::size_t i = 0; i < members.size(); ++i) out += (i > 0 ? "," : "") + members[i];
    return out + "}";
  }

  ResponseRow response_row(const std::optional<std::string>& request_id_json) {
    if (chance(30)) {
      return {request_id_json, BulkRowError{static_cast<ErrorClass>(below(15)), text()}};
    }
    return {request_id_json, BulkRowSuccess{text(), text(), text(), chance(20)}};
  }

 private:
  std::mt19937_64 rng_;
};

void check_parse_matches_dom(const std::string& body) {
  const auto streamed = parse_bulk_request(body);
  const auto dom = dom_parse_bulk_request(body);
  BOOST_TEST_CONTEXT("body: " << body) {
    BOOST_REQUIRE_EQUAL(streamed.has_value(), dom.has_value());
    if (streamed) {
      BOOST_TEST((*streamed == *dom));
    } else {
      BOOST_TEST((streamed.error().error_class == dom.error().error_class));
    }
  }
}

std::vector<std::uint32_t> code_points_of_any_kind() {
  // Each range gets equal weight, so escapes and multi-byte sequences are common.
  return *rc::gen::container<std::vector<std::uint32_t>>(rc::gen::oneOf(
      rc::gen::element<std::uint32_t>('"', '\\', '/', 0, 0x1f, 0x7f, '\n'), rc::gen::inRange<std::uint32_t>(0, 0x80),
      rc::gen::inRange<std::uint32_t>(0x80, 0x800), rc::gen::inRange<std::uint32_t>(0x800, 0xD800),
      rc::gen::inRange<std::uint32_t>(0xE000, 0x110000)));
}

std::string any_utf8() { return utf8(code_points_of_any_kind()); }

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_codec)

BOOST_AUTO_TEST_CASE(B_3_differential_sax_parse_equals_dom_parse) {
  BodyGenerator gen(20240601);
  std::size_t rows_checked = 0;
  for (int i = 0; i < 400; ++i) {
    const std::size_t rows = gen.below(40);  // 0 rows: the empty-array error path too
    check_parse_matches_dom(gen.body(rows));
    rows_checked += rows;
  }
  for (std::size_t rows : {std::size_t{999}, std::size_t{1000}, std::size_t{1001}}) {
    check_parse_matches_dom(gen.body(rows));
    rows_checked += rows;
  }
  BOOST_TEST(rows_checked > 5000u);
}

BOOST_AUTO_TEST_CASE(B_5_differential_stream_equals_dom_dump) {
  BodyGenerator gen(77);
  for (int i = 0; i < 300; ++i) {
    const auto parsed = parse_bulk_request(gen.body(1 + gen.below(40)));
    if (!parsed) continue;
    std::vector<ResponseRow> rows;
    for (const auto& request : parsed->rows) rows.push_back(gen.response_row(request.request_id_json));
    const std::string streamed = stream_bulk_response(rows);
    BOOST_TEST_CONTEXT("response: " << streamed) {
      BOOST_TEST(streamed == dom_bulk_response(rows));
    }
  }
  // One full-size exchange.
  std::vector<ResponseRow> rows;
  for (std::size_t i = 0; i < ringpool::api::kBulkMaxRows; ++i) {
    // Ids as the parser stores them: compact JSON text.
    rows.push_back(gen.response_row(i % 3 == 0 ? std::nullopt : std::optional<std::string>(gen.value().dump())));
  }
  BOOST_TEST(stream_bulk_response(rows) == dom_bulk_response(rows));
}

// Both directions over arbitrary request_id strings/integers and api_suffix strings.
RC_BOOST_PROP(B_3_property_request_id_and_api_suffix_round_trip, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 12);
  ordered_json entries = ordered_json::array();
  std::vector<BulkRowRequest> expected;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string suffix = any_utf8();
    std::optional<ordered_json> id;
    switch (*rc::gen::inRange(0, 4)) {
      case 0: break;
      case 1: id = any_utf8(); break;
      case 2: id = *rc::gen::arbitrary<std::int64_t>(); break;
      default: id = *rc::gen::arbitrary<std::uint64_t>(); break;
    }
    // Either key order: the parser must not care.
    const bool id_first = *rc::gen::arbitrary<bool>();
    ordered_json entry = ordered_json::object();
    if (id && id_first) entry["request_id"] = *id;
    entry["api_suffix"] = suffix;
    if (id && !id_first) entry["request_id"] = *id;
    const std::optional<std::string> id_json = id ? std::optional<std::string>(id->dump()) : std::nullopt;
    entries.push_back(entry);
    expected.push_back(BulkRowRequest{id_json, suffix, false});
  }
  const ordered_json doc = {{"requests", entries}};
  const std::string body = *rc::gen::arbitrary<bool>() ? doc.dump() : doc.dump(2);

  const auto parsed = parse_bulk_request(body);
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(parsed->rows == expected);
  RC_ASSERT(*parsed == *dom_parse_bulk_request(body));

  // Back out: the echoed ids and arbitrary field strings survive, byte for byte as a DOM dumps them.
  std::vector<ResponseRow> rows;
  for (const auto& request : parsed->rows) {
    if (*rc::gen::arbitrary<bool>()) {
      rows.push_back({request.request_id_json,
                      BulkRowError{static_cast<ErrorClass>(*rc::gen::inRange(0, 15)), any_utf8()}});
    } else {
      rows.push_back({request.request_id_json, BulkRowSuccess{any_utf8(), any_utf8(), *request.api_suffix,
                                                              *rc::gen::arbitrary<bool>()}});
    }
  }
  const std::string streamed = stream_bulk_response(rows);
  RC_ASSERT(streamed == dom_bulk_response(rows));
  const auto echoed = ordered_json::parse(streamed).at("responses");
  RC_ASSERT(echoed.size() == entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    RC_ASSERT(echoed[i].contains("request_id") == entries[i].contains("request_id"));
    if (entries[i].contains("request_id")) RC_ASSERT(echoed[i]["request_id"] == entries[i]["request_id"]);
  }
}

// C-3: whatever bytes reach the writer (even invalid UTF-8), the result is valid JSON, one row each.
RC_BOOST_PROP(B_6_property_arbitrary_bytes_still_valid_json, (const std::vector<std::string>& messages)) {
  ringpool::api::BulkResponseWriter writer(messages.size());
  for (const auto& message : messages) {
    writer.add_error(std::nullopt, BulkRowError{ErrorClass::InvalidRequest, message});
    writer.add_success(std::nullopt, BulkRowSuccess{message, message, message, false});
  }
  const auto doc = ordered_json::parse(writer.finish(), nullptr, /*allow_exceptions=*/false);
  RC_ASSERT(!doc.is_discarded());
  RC_ASSERT(doc.at("responses").size() == 2 * messages.size());
}

BOOST_AUTO_TEST_SUITE_END()
