// What `ringpool load` measures of each answer: latency from when the request was due (open loop)
// or sent (closed loop), per kind and per second of the measured window, errors by class, and the
// counters the progress line shows. It judges nothing (invariant_checker.hpp does).
#pragma once

#include "load/load_result.hpp"
#include "load/traffic_mix.hpp"
#include "transport/http/http_client.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace ringpool::load {

class AnswerAccounting {
 public:
  using Clock = std::chrono::steady_clock;

  explicit AnswerAccounting(LoadResult& result) : result_(result) {}

  // The measured window [start, end), `seconds` long (rounded up).
  void window(Clock::time_point start, Clock::time_point end, double seconds);
  // One answer (or failure) of a request of `kind` due at `due`.
  void answered(RequestKind kind, Clock::time_point due, const transport::ClientAnswer& answer);

  std::uint64_t requests_seen() const { return requests_seen_; }
  std::uint64_t errors_seen() const { return errors_seen_; }
  // Answers since the last call (the progress line's rate).
  std::uint64_t take_answers_this_second();

 private:
  LoadResult& result_;
  Clock::time_point start_{}, end_{};
  std::uint64_t requests_seen_ = 0, errors_seen_ = 0, answers_this_second_ = 0;
};

// "403 InvalidKey" or "transport: <why>": how an error answer of `kind` is counted.
std::string error_class_of(RequestKind kind, const transport::ClientAnswer& answer);

}  // namespace ringpool::load
