#include "reports/report_text.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

namespace ringpool::reports {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD

struct Decoded {
  char32_t code_point;
  std::size_t length;  // bytes
};

// Decodes one well-formed UTF-8 sequence at the start of `text` (Unicode table 3-7), or nothing.
std::optional<Decoded> decode_one(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t code_point = 0;
  std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    const std::uint8_t continuation = byte(i);
    const std::uint8_t min = i == 1 ? low : std::uint8_t{0x80};
    const std::uint8_t max = i == 1 ? high : std::uint8_t{0xBF};
    if (continuation < min || continuation > max) return std::nullopt;
    code_point = (code_point << 6) | (continuation & 0x3Fu);
  }
  return Decoded{code_point, length};
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

template <typename OnCharacter>
std::string transform_utf8(std::string_view text, OnCharacter on_character) {
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    const auto decoded = decode_one(text.substr(position));
    if (!decoded) {
      out += replacement_character;
      ++position;
      continue;
    }
    on_character(out, decoded->code_point, text.substr(position, decoded->length));
    position += decoded->length;
  }
  return out;
}

}  // namespace

std::string sanitize_utf8(std::string_view text) {
  return transform_utf8(text, [](std::string& out, char32_t, std::string_view bytes) { out += bytes; });
}

std::string xml_safe(std::string_view text) {
  return transform_utf8(text, [](std::string& out, char32_t code_point, std::string_view bytes) {
    if (code_point == U'\t' || code_point == U'\n' || code_point == U'\r') {
      out += bytes;
    } else if (code_point < 0x20) {
      append_utf8(out, 0x2400 + code_point);  // control pictures: U+2400..U+241F
    } else if (code_point == 0x7F) {
      append_utf8(out, 0x2421);
    } else if ((code_point >= 0x80 && code_point <= 0x9F) || code_point == 0xFFFE || code_point == 0xFFFF) {
      out += replacement_character;
    } else {
      out += bytes;
    }
  });
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t position = 0;
  while (position < max_bytes) {
    const auto decoded = decode_one(text.substr(position));
    const std::size_t length = decoded ? decoded->length : 1;
    if (position + length > max_bytes) break;
    position += length;
  }
  return text.substr(0, position);
}

std::string scenario_folder(std::string_view scenario_id) {
  const auto slash = scenario_id.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "scenarios";
  return std::string(scenario_id.substr(0, slash));
}

std::string scenario_stem(std::string_view scenario_id) {
  const auto slash = scenario_id.rfind('/');
  std::string_view name = slash == std::string_view::npos ? scenario_id : scenario_id.substr(slash + 1);
  const auto dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

std::string check_location(const conformance::CheckResult& check) {
  std::string out = check.clause;
  if (!check.step.empty()) {
    if (!out.empty()) out += ' ';
    out += check.step;
  }
  if (!check.what.empty()) {
    if (!out.empty()) out += ": ";
    out += check.what;
  }
  return out;
}

std::string check_one_liner(const conformance::CheckResult& check) {
  const std::string location = check_location(check);
  switch (check.outcome) {
    case conformance::Outcome::Failed:
      return fmt::format("{}: expected {}, got {}", location, check.expected, check.actual);
    case conformance::Outcome::Unknown:
      return fmt::format("{}: unknown ({})", location, check.actual.empty() ? "no answer" : check.actual);
    case conformance::Outcome::Skipped:
      return fmt::format("{}: skipped", location);
    case conformance::Outcome::Passed:
      break;
  }
  return fmt::format("{}: {}", location, check.actual);
}

std::string seconds_text(double wall_ms) {
  const double seconds = wall_ms > 0 ? wall_ms / 1000.0 : 0.0;
  return fmt::format("{:.3f}", seconds);
}

}  // namespace ringpool::reports
