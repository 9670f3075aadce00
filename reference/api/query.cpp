#include "reference/api/query.hpp"

#include <charconv>
#include <boost/url/encode.hpp>
#include <boost/url/grammar/alnum_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/pct_string_view.hpp>

#include <algorithm>
#include <cstring>

namespace ringpool::api {

namespace {

// True when decoding would leave `text` as it is: no escape, and no '+' to turn into a space.
bool decodes_to_itself(std::string_view text, bool plus_is_space) {
  for (const char c : text)
    if (c == '%' || (plus_is_space && c == '+')) return false;
  return true;
}

std::optional<std::string> decode(std::string_view text, bool plus_is_space) {
  // The common case (plain names, keys and values) needs no decoder and only one copy.
  if (decodes_to_itself(text, plus_is_space)) {
    if (!is_valid_utf8(text)) return std::nullopt;
    return std::string(text);
  }
  // Boost.URL refuses a '%' not followed by two hex digits (a lenient decoder would pass it on).
  const auto escaped = boost::urls::make_pct_string_view(text);
  if (!escaped) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = plus_is_space;
  std::string decoded = escaped->decode(options);
  if (!is_valid_utf8(decoded)) return std::nullopt;
  return decoded;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  // ASCII, eight bytes at a time: the common case (keys, names, plain values) costs little.
  while (i + 8 <= text.size()) {
    std::uint64_t block = 0;
    std::memcpy(&block, text.data() + i, 8);
    if ((block & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code_point = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code_point = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code_point = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

const std::string* Query::find(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& parameter : parameters)
    if (parameter.name == name) found = &parameter.value;
  return found;
}

Query parse_query(std::string_view raw_query) {
  Query query;
  query.parameters.reserve(static_cast<std::size_t>(std::ranges::count(raw_query, '&')) + 1);
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    std::size_t end = raw_query.find('&', start);
    if (end == std::string_view::npos) end = raw_query.size();
    const std::string_view pair = raw_query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const std::string_view raw_name = pair.substr(0, equals);
    const std::string_view raw_value =
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    auto name = decode(raw_name, true);
    auto value = decode(raw_value, true);
    if (!name || !value) {
      if (!query.malformed)
        query.malformed = "Parameter '" + std::string(raw_name) +
                          "' is not valid percent-encoded UTF-8.";
      continue;
    }
    query.parameters.push_back({std::move(*name), std::move(*value)});
  }
  return query;
}

std::optional<std::string> decode_path_segment(std::string_view segment) {
  return decode(segment, false);
}

std::string encode_query_value(const std::string& value) {
  static constexpr auto kUnreserved = boost::urls::grammar::alnum_chars + boost::urls::grammar::lut_chars("-_.!~*'()");
  return boost::urls::encode(value, kUnreserved);
}

std::optional<std::int64_t> parse_decimal_id(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id < 0 || text.front() == '-') return std::nullopt;
  return id;
}

}  // namespace ringpool::api
