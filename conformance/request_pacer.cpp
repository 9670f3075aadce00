#include "conformance/request_pacer.hpp"

#include <algorithm>
#include <thread>

namespace ringpool::conformance {

RequestPacer::RequestPacer(double requests_per_second, Clock now, Sleep sleep)
    : spacing_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(1.0 / requests_per_second))),
      now_(now ? std::move(now) : Clock([] { return std::chrono::steady_clock::now(); })),
      sleep_(sleep ? std::move(sleep) : Sleep([](std::chrono::steady_clock::duration wait) { std::this_thread::sleep_for(wait); })) {}

void RequestPacer::wait_turn() {
  std::chrono::steady_clock::time_point slot;
  {
    // Each caller takes the next slot under the lock, then waits for it outside: callers never
    // queue on the lock for another's wait.
    const std::lock_guard lock(mutex_);
    slot = std::max(now_(), next_slot_);
    next_slot_ = slot + spacing_;
  }
  const auto now = now_();
  if (slot > now) sleep_(slot - now);
}

std::expected<void, std::string> PacedTarget::begin_scenario(std::uint64_t seed, const std::optional<std::string>& world_toml) {
  // A live target sets a world with a request (the control API's reset).
  if (!inner_.begins_afresh() && world_toml) pacer_.wait_turn();
  return inner_.begin_scenario(seed, world_toml);
}

Exchange PacedTarget::send(ApiKind api, const api::Request& request) {
  pacer_.wait_turn();
  return inner_.send(api, request);
}

}  // namespace ringpool::conformance
