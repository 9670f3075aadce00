#include "load/clock_keeper.hpp"

#include "conformance/clock_body.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ringpool::load {

namespace {

constexpr std::chrono::milliseconds kSampleInterval{20};

std::optional<std::int64_t> time_of(const transport::ClientAnswer& answer) {
  if (!answer.response || answer.response->status != 200) return std::nullopt;
  return conformance::clock_ms_of(answer.response->body);
}

}  // namespace

ClockKeeper::ClockKeeper(transport::HttpClientLoop& loop, std::size_t connection, const LoadOptions& options,
                         const PoolSetup& setup, ServerClock& clock, Hooks hooks)
    : loop_(loop), connection_(connection), options_(options), setup_(setup), clock_(clock), hooks_(std::move(hooks)) {}

void ClockKeeper::tick() {
  if (!hooks_.running() || hooks_.drained()) return;
  const Clock::time_point sent = Clock::now();
  busy_ = true;
  if (clock_.source() == ClockSource::Driven) {
    const auto step_ms = static_cast<std::int64_t>(std::llround(*options_.clock_speed * static_cast<double>(options_.clock_step.count())));
    clock_.advance_sent(clock_.known_ms() + step_ms);
    const std::string body = fmt::format(R"({{"seconds":{}.{:03}}})", step_ms / 1000, step_ms % 1000);
    loop_.send(connection_, setup_.control_request("POST", "/_control/clock/advance", body),
               [this, sent](transport::ClientAnswer&& answer) {
                 const auto now = time_of(answer);
                 if (!now) return resync(sent);
                 clock_.advance_answered(*now);
                 done(sent + options_.clock_step);
               });
    return;
  }
  loop_.send(connection_, setup_.control_request("GET", "/_control/clock"), [this, sent](transport::ClientAnswer&& answer) {
    if (const auto now = time_of(answer)) {
      clock_.sampled_at(*now);
      hooks_.sampled(*now, sent);
    }
    done(sent + kSampleInterval);
  });
}

void ClockKeeper::resync(Clock::time_point sent) {
  loop_.send(connection_, setup_.control_request("GET", "/_control/clock"), [this, sent](transport::ClientAnswer&& answer) {
    const auto now = time_of(answer);
    if (!now) {
      if (!hooks_.running()) return done(sent);
      return loop_.at(Clock::now() + options_.clock_step, [this, sent] { resync(sent); });
    }
    clock_.advance_answered(*now);
    done(sent + options_.clock_step);
  });
}

void ClockKeeper::done(Clock::time_point next) {
  busy_ = false;
  if (hooks_.drained()) return hooks_.idle();
  loop_.at(next, [this] {
    if (hooks_.running() && !busy_) tick();
  });
}

}  // namespace ringpool::load
