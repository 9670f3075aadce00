// Text helpers shared by the report writers: making arbitrary bytes safe for XML/HTML/JSON,
// truncating at character boundaries, and the one-line wording of a check or failure, so that the
// console, JUnit, HTML and baseline outputs describe the same failure in the same words.
#pragma once

#include "conformance/results.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace ringpool::reports {

// Valid UTF-8 in, the same text out; every byte that is not part of a valid UTF-8 sequence
// (including encoded surrogates and overlong forms) becomes U+FFFD.
std::string sanitize_utf8(std::string_view text);

// sanitize_utf8, and also every character XML 1.0 cannot carry (even as a character reference)
// or HTML calls a control character: C0 controls other than tab, LF and CR become their Unicode
// "control picture" (U+0001 -> U+2401), DEL becomes U+2421, C1 controls and U+FFFE/U+FFFF
// become U+FFFD. The result is safe as pugixml text or attribute value.
std::string xml_safe(std::string_view text);

// At most `max_bytes` bytes of `text`, cut at a UTF-8 character boundary (text may be invalid
// UTF-8: the cut never lands inside a well-formed sequence).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// "legacy/overflow.toml" -> "legacy"; "x.toml" -> "scenarios".
std::string scenario_folder(std::string_view scenario_id);
// "legacy/overflow.toml" -> "overflow".
std::string scenario_stem(std::string_view scenario_id);

// "A-4 step 3: allocate p (json): overflow flag" (parts that are empty are left out).
std::string check_location(const conformance::CheckResult& check);
// check_location + ": expected true, got false" (or "unknown: <actual>" for unknown checks).
std::string check_one_liner(const conformance::CheckResult& check);

// Formats a millisecond duration as seconds with three decimals ("1.234"), as JUnit wants.
std::string seconds_text(double wall_ms);

}  // namespace ringpool::reports
