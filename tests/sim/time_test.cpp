// Tests for sim/core/time: the calendar arithmetic behind month-end events (P-7) and the ISO 8601
// form in which instants appear in responses and reports.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <cstdint>
#include <string>

#include "sim/core/time.hpp"

namespace ringpool::sim {
namespace {

Instant at(const char* text) {
  const std::optional<Instant> instant = parse_iso8601(text);
  BOOST_REQUIRE_MESSAGE(instant.has_value(), "test input must parse: " << text);
  return *instant;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29U : kDays[month - 1];
}

BOOST_AUTO_TEST_SUITE(sim)
BOOST_AUTO_TEST_SUITE(time)

BOOST_AUTO_TEST_CASE(civil_date_anchors) {
  BOOST_TEST(days_from_civil({1970, 1, 1}) == 0);
  BOOST_TEST(days_from_civil({2000, 3, 1}) == 11017);
  BOOST_TEST(days_from_civil({1969, 12, 31}) == -1);
  BOOST_TEST(days_from_civil({2026, 1, 1}) * 86'400'000 == kDefaultEpoch);
}

// Walks every day from 1600 to 2400 (both leap-century kinds, 1900 and 2100 not leap) and checks
// each date is the successor of the previous one and survives the round trip.
BOOST_AUTO_TEST_CASE(days_from_civil_and_civil_from_days_round_trip) {
  const std::int64_t first = days_from_civil({1600, 1, 1});
  const std::int64_t last = days_from_civil({2400, 12, 31});
  CivilDate expected{1600, 1, 1};
  for (std::int64_t days = first; days <= last; ++days) {
    const CivilDate date = civil_from_days(days);
    if (date.year != expected.year || date.month != expected.month || date.day != expected.day) {
      BOOST_FAIL("day " << days << " is " << date.year << "-" << date.month << "-" << date.day
                        << ", expected " << expected.year << "-" << expected.month << "-"
                        << expected.day);
    }
    if (days_from_civil(date) != days) BOOST_FAIL("round trip broke at day " << days);
    if (++expected.day > days_in_month(expected.year, expected.month)) {
      expected.day = 1;
      if (++expected.month == 13) {
        expected.month = 1;
        ++expected.year;
      }
    }
  }
  BOOST_TEST(last - first + 1 == 801 * 365 + 195);  // 801 years, 195 of them leap
}

RC_BOOST_PROP(civil_round_trip_far_from_today, ()) {
  const std::int64_t days = *rc::gen::inRange<std::int64_t>(-100'000'000, 100'000'000);
  RC_ASSERT(days_from_civil(civil_from_days(days)) == days);
}

BOOST_AUTO_TEST_CASE(P_7_start_of_next_month_from_the_last_millisecond) {
  BOOST_TEST(start_of_next_month(at("2026-01-31T23:59:59.999Z")) == at("2026-02-01T00:00:00Z"));
}

BOOST_AUTO_TEST_CASE(P_7_start_of_next_month_from_a_month_start_is_the_following_month) {
  BOOST_TEST(start_of_next_month(at("2026-02-01T00:00:00Z")) == at("2026-03-01T00:00:00Z"));
  BOOST_TEST(start_of_next_month(kDefaultEpoch) == at("2026-02-01T00:00:00Z"));
}

BOOST_AUTO_TEST_CASE(P_7_start_of_next_month_december_rolls_into_january) {
  BOOST_TEST(start_of_next_month(at("2026-12-15T08:00:00Z")) == at("2027-01-01T00:00:00Z"));
  BOOST_TEST(start_of_next_month(at("2026-12-31T23:59:59.999Z")) == at("2027-01-01T00:00:00Z"));
}

BOOST_AUTO_TEST_CASE(P_7_start_of_next_month_leap_february_2028) {
  BOOST_TEST(start_of_next_month(at("2028-01-31T12:00:00Z")) == at("2028-02-01T00:00:00Z"));
  BOOST_TEST(start_of_next_month(at("2028-02-28T23:59:59.999Z")) == at("2028-03-01T00:00:00Z"));
  BOOST_TEST(start_of_next_month(at("2028-02-29T23:59:59.999Z")) == at("2028-03-01T00:00:00Z"));
  BOOST_TEST(at("2028-03-01T00:00:00Z") - at("2028-02-01T00:00:00Z") == 29 * 86'400'000LL);
  BOOST_TEST(at("2026-03-01T00:00:00Z") - at("2026-02-01T00:00:00Z") == 28 * 86'400'000LL);
}

BOOST_AUTO_TEST_CASE(format_iso8601_shape) {
  BOOST_TEST(format_iso8601(0) == "1970-01-01T00:00:00.000Z");
  BOOST_TEST(format_iso8601(kDefaultEpoch) == "2026-01-01T00:00:00.000Z");
  BOOST_TEST(format_iso8601(kDefaultEpoch + 45'296'789) == "2026-01-01T12:34:56.789Z");
  BOOST_TEST(format_iso8601(-1) == "1969-12-31T23:59:59.999Z");
}

BOOST_AUTO_TEST_CASE(parse_iso8601_with_and_without_milliseconds) {
  BOOST_TEST(at("2026-01-01T00:00:00Z") == kDefaultEpoch);
  BOOST_TEST(at("2026-01-01T00:00:00.001Z") == kDefaultEpoch + 1);
  BOOST_TEST(parse_iso8601("2000-02-29T00:00:00Z").has_value());  // 2000 is a leap year
}

// Years 0000..9999: the range the four-digit format can carry.
RC_BOOST_PROP(format_then_parse_round_trips, ()) {
  const Instant instant =
      *rc::gen::inRange<Instant>(days_from_civil({0, 1, 1}) * 86'400'000,
                                 days_from_civil({10000, 1, 1}) * 86'400'000);
  const std::string text = format_iso8601(instant);
  RC_ASSERT(text.size() == 24U);
  RC_ASSERT(parse_iso8601(text) == std::optional<Instant>(instant));
}

BOOST_AUTO_TEST_CASE(parse_iso8601_rejects_malformed_text) {
  for (const char* bad : {
           "2026-02-30T00:00:00Z",       // Feb 30
           "2026-01-01T-1:00:00Z", "2026-01-01T00:-1:00Z", "2026-01-01T00:00:00.-01Z", "-001-01-01T00:00:00Z",
           "2026-02-29T00:00:00Z",       // not a leap year
           "2100-02-29T00:00:00Z",       // century, not a leap year
           "2026-04-31T00:00:00Z",       // April has 30 days
           "2026-13-01T00:00:00Z",       // 13th month
           "2026-00-10T00:00:00Z",       // month 0
           "2026-01-00T00:00:00Z",       // day 0
           "2026-01-32T00:00:00Z",       // day 32
           "2026-01-01T00:00:00",        // missing Z
           "2026-01-01T00:00:00.000",    // missing Z, with milliseconds
           "2026-01-01T00:00:00+00:00",  // offsets are not accepted, only Z
           "2026-01-01 00:00:00Z",       // space instead of T
           "2026-01-01t00:00:00Z",       // lowercase t
           "2026-01-01T24:00:00Z",       // hour 24
           "2026-01-01T00:60:00Z",       // minute 60
           "2026-01-01T00:00:60Z",       // no leap seconds
           "2026-01-01T00:00:00.1Z",     // milliseconds need three digits
           "2026-01-01T00:00:00.1234Z",  // and no more
           "2026-01-01T00:00:00.Z",      //
           "2026-1-01T00:00:00Z",        // two-digit month required
           "26-01-01T00:00:00Z",         // four-digit year required
           "2026-01-01T0a:00:00Z",       // non-digit
           "2026-01-01",                 // date only
           "",                           //
       }) {
    BOOST_TEST(!parse_iso8601(bad).has_value(), "accepted malformed \"" << bad << "\"");
  }
}

BOOST_AUTO_TEST_SUITE_END()
BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace ringpool::sim
