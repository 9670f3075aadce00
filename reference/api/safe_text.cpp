#include "reference/api/safe_text.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::api {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_forbidden_control(unsigned char byte) { return (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F; }

bool needs_cleaning(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || is_forbidden_control(byte)) return true;
  }
  return false;
}

}  // namespace

std::string printable_text(std::string_view text) {
  if (!needs_cleaning(text)) return std::string(text);
  // nlohmann's dump replaces every invalid UTF-8 sequence with U+FFFD (and escapes controls,
  // which the parse turns back): a round trip gives valid UTF-8 without a hand-written decoder.
  const std::string valid =
      nlohmann::json::parse(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))
          .get<std::string>();
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto byte = static_cast<unsigned char>(valid[i]);
    if (is_forbidden_control(byte)) {
      out.append(kReplacement);
    } else if (byte == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
               (static_cast<unsigned char>(valid[i + 2]) == 0xBE || static_cast<unsigned char>(valid[i + 2]) == 0xBF)) {
      out.append(kReplacement);  // U+FFFE, U+FFFF: not characters in XML 1.0
      i += 2;
    } else {
      out.push_back(valid[i]);
    }
  }
  return out;
}

}  // namespace ringpool::api
