// Progress of a simulation on stderr. On a terminal: one line rewritten in place at most five
// times a second. Elsewhere (a Slurm or Kubernetes log, a pipe): a full line when the study
// starts and then at least every 10 s while it runs, so a batch log is never silent for long,
// each with the runs done, the percentage, the time elapsed and an estimate of what is left.
// The clock and the output are handed in, so tests drive it without waiting.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace ringpool::reports {

class SimulationProgress {
 public:
  using Clock = std::function<double()>;  // seconds on a monotonic clock
  using Sink = std::function<void(std::string_view text)>;

  static constexpr double kLineEverySeconds = 10.0;  // off a terminal
  static constexpr double kRedrawEverySeconds = 0.2;  // on a terminal

  SimulationProgress(bool terminal, std::string label, std::size_t total, Clock clock, Sink sink);

  // After each finished run (from any thread).
  void update(std::size_t done);
  // Called about once a second by a timer: off a terminal, prints a line when none was printed
  // for kLineEverySeconds, even when no run finished (a long run must not look like a hang).
  void heartbeat();
  // The study is over: clears the terminal line, or prints the closing line.
  void finish();

 private:
  std::string status(double now) const;
  void emit(double now);

  bool terminal_;
  std::string label_;
  std::size_t total_;
  Clock clock_;
  Sink sink_;
  std::mutex mutex_;
  double started_;
  double last_line_;
  std::size_t done_ = 0;
  bool finished_ = false;
};

}  // namespace ringpool::reports
