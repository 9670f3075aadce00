#include "reports/simulation_progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace ringpool::reports {

SimulationProgress::SimulationProgress(bool terminal, std::string label, std::size_t total, Clock clock, Sink sink)
    : terminal_(terminal), label_(std::move(label)), total_(total), clock_(std::move(clock)), sink_(std::move(sink)),
      started_(clock_()), last_line_(started_) {
  if (!terminal_) sink_(status(started_) + "\n");
}

std::string SimulationProgress::status(double now) const {
  const double elapsed = now - started_;
  const double share = total_ == 0 ? 1.0 : static_cast<double>(done_) / static_cast<double>(total_);
  std::string text = fmt::format("{}: {}/{} runs ({:.0f}%), {:.0f} s elapsed", label_, done_, total_, std::floor(share * 100),
                                 elapsed);
  if (done_ == 0) return text + ", estimating the time left";
  if (done_ < total_) text += fmt::format(", about {:.0f} s left", elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_));
  return text;
}

void SimulationProgress::emit(double now) {
  last_line_ = now;
  if (terminal_) {
    sink_("\r" + status(now) + "\x1b[K");
  } else {
    sink_(status(now) + "\n");
  }
}

void SimulationProgress::update(std::size_t done) {
  const std::lock_guard lock(mutex_);
  done_ = std::max(done_, done);
  const double now = clock_();
  if (now - last_line_ >= (terminal_ ? kRedrawEverySeconds : kLineEverySeconds)) emit(now);
}

void SimulationProgress::heartbeat() {
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  const double now = clock_();
  if (now - last_line_ >= (terminal_ ? kRedrawEverySeconds : kLineEverySeconds)) emit(now);
}

void SimulationProgress::finish() {
  const std::lock_guard lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (terminal_) {
    sink_("\r\x1b[K");
  } else {
    sink_(fmt::format("{}: {}/{} runs done in {:.0f} s\n", label_, done_, total_, clock_() - started_));
  }
}

}  // namespace ringpool::reports
