#include "sim/core/time.hpp"

#include <fmt/format.h>

#include <charconv>

namespace ringpool::sim {

namespace {
constexpr std::int64_t kMillisecondsPerDay = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

// Howard Hinnant's days-from-civil algorithm (public domain), valid for all int64 years we use.
std::int64_t days_from_civil(const CivilDate& date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (date.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

Instant start_of_next_month(Instant instant) {
  CivilDate date = civil_from_days(floor_div(instant, kMillisecondsPerDay));
  date.day = 1;
  if (++date.month == 13) {
    date.month = 1;
    ++date.year;
  }
  return days_from_civil(date) * kMillisecondsPerDay;
}

std::string format_iso8601(Instant instant) {
  const std::int64_t days = floor_div(instant, kMillisecondsPerDay);
  const std::int64_t in_day = instant - days * kMillisecondsPerDay;
  const CivilDate date = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", date.year, date.month, date.day,
                     in_day / 3'600'000, in_day / 60'000 % 60, in_day / 1000 % 60, in_day % 1000);
}

std::optional<Instant> parse_iso8601(std::string_view text) {
  auto number = [&](std::size_t pos, std::size_t len, std::int64_t& out) {
    if (pos + len > text.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i)
      if (text[i] < '0' || text[i] > '9') return false;  // from_chars would accept a '-'
    const char* first = text.data() + pos;
    auto [ptr, ec] = std::from_chars(first, first + len, out);
    return ec == std::errc{} && ptr == first + len;
  };
  std::int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z')
    return std::nullopt;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || !number(11, 2, hour) ||
      !number(14, 2, minute) || !number(17, 2, second))
    return std::nullopt;
  if (text.size() == 24) {
    if (text[19] != '.' || !number(20, 3, millis)) return std::nullopt;
  } else if (text.size() != 20) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  const CivilDate date{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
  if (civil_from_days(days_from_civil(date)).day != date.day) return std::nullopt;  // e.g. Feb 30
  return days_from_civil(date) * kMillisecondsPerDay + hour * 3'600'000 + minute * 60'000 +
         second * 1000 + millis;
}

}  // namespace ringpool::sim
