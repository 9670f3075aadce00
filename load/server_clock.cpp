#include "load/server_clock.hpp"

#include "sim/core/time.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::load {

std::string_view clock_source_name(ClockSource source) {
  switch (source) {
    case ClockSource::Driven: return "driven";
    case ClockSource::Sampled: return "sampled";
    case ClockSource::Local: return "local";
  }
  return "local";
}

std::string describe_target_time(std::int64_t ms) {
  return ms > 1'000'000'000'000 ? sim::format_iso8601(ms) : fmt::format("{} ms", ms);
}

std::string describe_target_time(const ServerTimeBounds& bounds) {
  if (bounds.earliest_ms == bounds.latest_ms) return describe_target_time(bounds.earliest_ms);
  return describe_target_time(bounds.earliest_ms) + ".." + describe_target_time(bounds.latest_ms);
}

ServerClock ServerClock::driven(std::int64_t now_ms) {
  ServerClock clock;
  clock.source_ = ClockSource::Driven;
  clock.known_ms_ = now_ms;
  return clock;
}

ServerClock ServerClock::sampled(std::int64_t now_ms) {
  ServerClock clock;
  clock.source_ = ClockSource::Sampled;
  clock.known_ms_ = now_ms;
  return clock;
}

ServerClock ServerClock::local(SteadyTime start) {
  ServerClock clock;
  clock.source_ = ClockSource::Local;
  clock.start_ = start;
  return clock;
}

std::int64_t ServerClock::earliest_now(SteadyTime now) const {
  if (source_ == ClockSource::Local)
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
  return known_ms_;  // an advance in flight may not have happened yet
}

std::optional<std::int64_t> ServerClock::latest_now(SteadyTime now) const {
  switch (source_) {
    case ClockSource::Local:
      // Rounded up: the request may have taken effect at any point of the current millisecond.
      return (std::chrono::duration_cast<std::chrono::microseconds>(now - start_).count() + 999) / 1000;
    case ClockSource::Driven: return advance_target_ms_.value_or(known_ms_);
    case ClockSource::Sampled: return std::nullopt;
  }
  return std::nullopt;
}

void ServerClock::advance_sent(std::int64_t target_ms) { advance_target_ms_ = target_ms; }

void ServerClock::advance_answered(std::int64_t now_ms) {
  advance_target_ms_.reset();
  known_ms_ = std::max(known_ms_, now_ms);
}

void ServerClock::sampled_at(std::int64_t now_ms) { known_ms_ = std::max(known_ms_, now_ms); }

}  // namespace ringpool::load
