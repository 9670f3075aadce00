// Where, on the target's clock, a request took effect: the load generator cannot see the
// instant a server handled a request, only bounds on it. P-1 is judged on these bounds, so a
// violation is reported only when the leases overlap whatever the true instants were.
//
// Three sources of bounds, best first:
//   driven  - the generator alone moves the target's virtual clock (control API advance), so it
//             knows the clock at every moment up to the one advance in flight;
//   sampled - the generator reads the target's clock (GET /_control/clock) every few ms; a
//             request falls between the last read answered before it was sent and the first
//             read sent after its answer arrived;
//   local   - no control API: the client's own clock, assuming the target's runs at real speed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::load {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class ClockSource { Driven, Sampled, Local };
std::string_view clock_source_name(ClockSource source);  // "driven", "sampled", "local"

// Inclusive bounds, in target milliseconds (since 1970 for driven/sampled, since the run's start
// for local).
struct ServerTimeBounds {
  std::int64_t earliest_ms = 0;
  std::int64_t latest_ms = 0;
};

// "2026-01-01T00:00:12.000Z" for instants read from a target's clock (ms since 1970), "1234 ms"
// for the generator's own (ms since the run began); bounds as "A..B" unless they coincide.
std::string describe_target_time(std::int64_t ms);
std::string describe_target_time(const ServerTimeBounds& bounds);

// Invariant: known_ms never decreases; in driven mode at most one advance is in flight.
class ServerClock {
 public:
  static ServerClock driven(std::int64_t now_ms);
  static ServerClock sampled(std::int64_t now_ms);
  static ServerClock local(SteadyTime start);

  ClockSource source() const { return source_; }
  // The earliest instant a request sent now can take effect at.
  std::int64_t earliest_now(SteadyTime now) const;
  // The latest instant a request answered now can have taken effect at; nullopt when only a
  // later clock read can tell (sampled).
  std::optional<std::int64_t> latest_now(SteadyTime now) const;
  // The best current estimate (for cross-checks when nothing is in flight).
  std::int64_t known_ms() const { return known_ms_; }

  // driven: an advance to `target_ms` was sent / answered with the clock at `now_ms`.
  void advance_sent(std::int64_t target_ms);
  void advance_answered(std::int64_t now_ms);
  bool advance_in_flight() const { return advance_target_ms_.has_value(); }
  // sampled: a clock read answered with `now_ms`.
  void sampled_at(std::int64_t now_ms);

 private:
  ClockSource source_ = ClockSource::Local;
  std::int64_t known_ms_ = 0;
  std::optional<std::int64_t> advance_target_ms_;
  SteadyTime start_{};
};

}  // namespace ringpool::load
