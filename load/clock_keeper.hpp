// The target's clock while traffic runs, on its own connection: driven (advance it by
// clock_speed x clock_step every clock_step, the only client that moves it) or sampled (read it
// every 20 ms, so that answers get an upper bound on when they took effect). An advance whose
// answer was lost may or may not have happened: its in-flight bound stays until a read settles it.
#pragma once

#include "load/load_runner.hpp"
#include "load/pool_setup.hpp"
#include "load/server_clock.hpp"
#include "transport/http/http_client.hpp"

#include <chrono>
#include <functional>

namespace ringpool::load {

class ClockKeeper {
 public:
  using Clock = std::chrono::steady_clock;
  struct Hooks {
    std::function<bool()> running;   // traffic is on and not stopping: keep ticking
    std::function<bool()> drained;   // every connection is done and nothing is in flight
    std::function<void()> idle;      // called when the keeper stops because traffic drained
    // Sampled: a read sent at `sent` said `now_ms` (it bounds every answer received before `sent`).
    std::function<void(std::int64_t now_ms, Clock::time_point sent)> sampled;
  };

  ClockKeeper(transport::HttpClientLoop& loop, std::size_t connection, const LoadOptions& options, const PoolSetup& setup,
              ServerClock& clock, Hooks hooks);

  void tick();
  bool busy() const { return busy_; }

 private:
  void resync(Clock::time_point sent);
  void done(Clock::time_point next);

  transport::HttpClientLoop& loop_;
  std::size_t connection_;
  const LoadOptions& options_;
  const PoolSetup& setup_;
  ServerClock& clock_;
  Hooks hooks_;
  bool busy_ = false;
};

}  // namespace ringpool::load
