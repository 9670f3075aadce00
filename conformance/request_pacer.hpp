// A cap on the rate of requests a run sends (`--max-rate N`), for a shared staging server that
// other people use too: every request of every scenario in flight takes the next free slot, slots
// 1/N seconds apart. The clock and the wait are handed in, so tests pace without sleeping.
#pragma once

#include "conformance/target.hpp"

#include <chrono>
#include <functional>
#include <mutex>

namespace ringpool::conformance {

class RequestPacer {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sleep = std::function<void(std::chrono::steady_clock::duration)>;

  // `requests_per_second` > 0. The defaults read std::chrono::steady_clock and sleep the thread.
  explicit RequestPacer(double requests_per_second, Clock now = {}, Sleep sleep = {});

  // Waits until the caller's slot; safe to call from several threads.
  void wait_turn();

 private:
  std::chrono::steady_clock::duration spacing_;
  Clock now_;
  Sleep sleep_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_slot_{};
};

// A target whose every request waits for its turn at a pacer first (the inner target and the
// pacer must outlive it).
class PacedTarget final : public Target {
 public:
  PacedTarget(Target& inner, RequestPacer& pacer) : inner_(inner), pacer_(pacer) {}

  std::string describe() const override { return inner_.describe(); }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

 private:
  Target& inner_;
  RequestPacer& pacer_;
};

}  // namespace ringpool::conformance
