// Reading the time out of a control API clock answer (T-4: GET /_control/clock and the answer of
// POST /_control/clock/advance), one way for every command: `conform`'s preflight, `check` and
// `load`'s clock all read it here. T-4 fixes the endpoints, not the body, so any of the shapes a
// vendor is likely to choose is read: {"now_ms": 1767225600000} (an integer or a string of
// digits), {"now": "2026-01-01T00:00:00.000Z"} (RFC 3339, any offset, fractions to the ms), or
// {"now": <number>} (milliseconds when above 1e11, else seconds since 1970).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ringpool::conformance {

// Milliseconds since 1970-01-01T00:00:00Z, or nullopt when the body says no time this can read.
std::optional<std::int64_t> clock_ms_of(std::string_view body);

// An RFC 3339 date-time ("2026-01-01T00:00:00Z", "2026-01-01T01:00:00.5+01:00") in ms since 1970.
std::optional<std::int64_t> rfc3339_ms(std::string_view text);

}  // namespace ringpool::conformance
