// Virtual time: an Instant is milliseconds since the Unix epoch (UTC), a Duration milliseconds.
// Nothing here reads a real clock; the wall clock lives in the transport adapter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::sim {

using Instant = std::int64_t;   // milliseconds since 1970-01-01T00:00:00Z
using Duration = std::int64_t;  // milliseconds

inline constexpr Duration kMillisecondsPerSecond = 1000;
inline constexpr Duration seconds(std::int64_t count) { return count * kMillisecondsPerSecond; }

// 2026-01-01T00:00:00Z, the virtual clock's default start (spec T-1).
inline constexpr Instant kDefaultEpoch = 1767225600000;

// Calendar helpers for month-end events (spec P-7); proleptic Gregorian, UTC.
struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
CivilDate civil_from_days(std::int64_t days_since_epoch);
std::int64_t days_from_civil(const CivilDate& date);
// The first instant of the next calendar month strictly after `instant`'s month start.
Instant start_of_next_month(Instant instant);

// "2026-01-01T00:00:00.000Z"
std::string format_iso8601(Instant instant);
// Accepts "YYYY-MM-DDTHH:MM:SS[.mmm]Z"; nullopt when malformed.
std::optional<Instant> parse_iso8601(std::string_view text);

}  // namespace ringpool::sim
