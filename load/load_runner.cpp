#include "load/load_runner.hpp"

#include "load/answer_accounting.hpp"
#include "load/clock_keeper.hpp"
#include "load/load_target.hpp"
#include "load/pool_setup.hpp"
#include "load/request_factory.hpp"
#include "load/server_clock.hpp"
#include "transport/http/http_client.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace ringpool::load {

namespace {

using Clock = std::chrono::steady_clock;
using transport::ClientAnswer;

// After the window ends, requests still due are sent for this long at most; the rest count as
// not sent (the target fell that far behind).
constexpr std::chrono::seconds kCatchUpGrace{1};

Clock::duration to_duration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// An answered request waiting in sampled mode for a clock read sent after its answer.
struct Pending {
  AnswerRecord record;
  std::optional<api::Response> response;
  Clock::time_point received;
};

// Schedules the traffic and ties the jobs together: setup, the open or closed loop over the
// traffic connections, judging (held back in sampled mode until a clock read bounds an answer),
// the progress line, the cross-check, clean-up and the result's settings.
class LoadRun {
 public:
  LoadRun(const LoadOptions& options, TargetAddress target, transport::HttpClientLoop& loop)
      : options_(options), target_(std::move(target)), loop_(loop), setup_(loop, loop.add_connection(), options, target_.base),
        factory_(options, pools_, target_.path), accounting_(result_) {}

  std::expected<LoadResult, LoadError> run() {
    if (auto probed = probe(); !probed) return std::unexpected(probed.error());
    if (options_.mix.uses_pools())
      if (auto created = setup_.create_pools(pools_); !created) {
        setup_.delete_pools(pools_);
        return std::unexpected(LoadError{created.error(), false});
      }
    std::vector<PoolFacts> facts;
    for (const PoolInfo& pool : pools_) facts.push_back(pool.facts);
    checker_.emplace(std::move(facts), options_.profile, options_.evidence_limit);
    clock_keeper_.emplace(loop_, loop_.add_connection(), options_, setup_, *clock_, keeper_hooks());
    for (int i = 0; i < options_.connections; ++i) traffic_connections_.push_back(loop_.add_connection());
    per_connection_.assign(traffic_connections_.size(), 0);
    first_due_.assign(traffic_connections_.size(), std::nullopt);
    first_answered_.assign(traffic_connections_.size(), false);
    traffic();
    if (clock_->source() == ClockSource::Sampled) resolve_pending(setup_.read_clock());
    if (white_box_) cross_check();
    if (!options_.keep_pools) {
      cleanup_problems_ = setup_.delete_pools(pools_);
      result_.leftover_pools = setup_.leftovers(pools_);
    }
    return finish();
  }

 private:
  // The target's clock: driven with --clock-speed (shard 1), sampled with a control token, else
  // the generator's own. --clock-speed without a clock the suite can read is a setup mistake.
  std::expected<void, LoadError> probe() {
    auto probed = setup_.probe_clock();
    if (!probed) return std::unexpected(LoadError{probed.error(), false});
    const bool drives = options_.clock_speed.has_value() && options_.shard_index == 1;
    if (options_.clock_speed && !probed->now_ms) {
      const std::string seen = probed->status == 0 ? "no control token was given"
                                                   : fmt::format("GET /_control/clock answered {}{}", probed->status,
                                                                 probed->status == 200 ? " without a time the suite can read" : "");
      return std::unexpected(LoadError{
          fmt::format("--clock-speed drives the target's clock through its control API, and {}. Fix: give the control token "
                      "(RINGPOOL_CONTROL_TOKEN) of a server whose GET /_control/clock answers {{\"now_ms\": N}} or "
                      "{{\"now\": \"RFC 3339\"}}, or leave --clock-speed out",
                      seen),
          true});
    }
    white_box_ = probed->now_ms && probed->ringpool_server && options_.profile == conformance::Profile::Reference;
    if (probed->now_ms) clock_ = drives ? ServerClock::driven(*probed->now_ms) : ServerClock::sampled(*probed->now_ms);
    else clock_ = ServerClock::local(Clock::now());
    return {};
  }

  ClockKeeper::Hooks keeper_hooks() {
    ClockKeeper::Hooks hooks;
    hooks.running = [this] { return in_traffic_ && !stop_requested_; };
    hooks.drained = [this] { return finished_connections_ == traffic_connections_.size() && active_ == 0; };
    hooks.idle = [this] { maybe_stop(); };
    hooks.sampled = [this](std::int64_t now_ms, Clock::time_point sent) { resolve_pending(now_ms, sent); };
    return hooks;
  }

  void cross_check() {
    for (std::size_t i = 0; i < pools_.size(); ++i) {
      if (clock_->source() == ClockSource::Sampled) {
        const auto before = setup_.read_clock();
        auto view = setup_.pool_view(pools_[i].facts.id);
        const auto after = setup_.read_clock();
        if (before && after && view) checker_->cross_check(i, *view, {*before, *after});
      } else if (auto view = setup_.pool_view(pools_[i].facts.id)) {
        checker_->cross_check(i, *view, {clock_->known_ms(), clock_->known_ms()});
      }
    }
  }

  // ---- traffic ----

  void traffic() {
    started_ = Clock::now();
    window_start_ = started_ + to_duration(options_.warmup_seconds);
    window_end_ = window_start_ + to_duration(options_.duration_seconds);
    accounting_.window(window_start_, window_end_, options_.duration_seconds);
    in_traffic_ = true;
    if (clock_->source() != ClockSource::Local) clock_keeper_->tick();
    progress_tick();
    for (std::size_t c = 0; c < traffic_connections_.size(); ++c) next(c);
    if (!stop_requested_) loop_.run();
    // Timers still pending (a send due later, the next clock step) find in_traffic_ false and
    // do nothing when the setup loop runs them.
    in_traffic_ = false;
  }

  bool stopping() const { return stop_requested_ || (options_.interrupted != nullptr && options_.interrupted->load()); }

  // The next request of connection `c`: open loop, index c, c+C, c+2C... each due at index/rate;
  // closed loop, the next index, due now.
  void next(std::size_t c) {
    const Clock::time_point now = Clock::now();
    if (stopping()) return connection_done();
    if (options_.rate) {
      const std::uint64_t index = c + per_connection_[c] * traffic_connections_.size();
      const Clock::time_point due = started_ + to_duration(static_cast<double>(index) / *options_.rate);
      if (due >= window_end_ || now > window_end_ + kCatchUpGrace) return connection_done();
      ++per_connection_[c];
      if (due <= now) return send(c, index, due);
      loop_.at(due, [this, c, index, due] {
        if (!in_traffic_) return;
        if (stopping()) return connection_done();
        send(c, index, due);
      });
      return;
    }
    if (now >= window_end_) return connection_done();
    // After the answers already in: like wrk, a closed loop sends its next requests together
    // once the ready answers are read, so both tools load a server the same way.
    loop_.post([this, c] {
      if (!in_traffic_) return;
      if (stopping()) return connection_done();
      send(c, next_index_++, Clock::now());
    });
  }

  void connection_done() {
    if (finished_connections_ < traffic_connections_.size()) ++finished_connections_;
    maybe_stop();
  }

  void maybe_stop() {
    if (!in_traffic_ || stop_requested_) return;
    if (finished_connections_ == traffic_connections_.size() && active_ == 0 && !clock_keeper_->busy()) {
      stop_requested_ = true;
      loop_.stop();
    }
  }

  void send(std::size_t c, std::uint64_t index, Clock::time_point due) {
    ++active_;
    if (!first_due_[c]) first_due_[c] = due;
    auto outgoing = std::make_shared<Outgoing>(factory_.build(index));
    const std::int64_t earliest = clock_->earliest_now(Clock::now());
    if (allocates_numbers(outgoing->kind)) checker_->sent(outgoing->pool, earliest);
    loop_.send(traffic_connections_[c], outgoing->request, [this, c, outgoing, due, earliest](ClientAnswer&& answer) {
      --active_;
      if (!first_answered_[c] && answer.response) {
        first_answered_[c] = true;
        result_.first_answer_wait_max_ms = std::max(
            result_.first_answer_wait_max_ms, std::chrono::duration<double, std::milli>(answer.received - *first_due_[c]).count());
      }
      answered(*outgoing, due, earliest, std::move(answer));
      next(c);
      maybe_stop();
    });
  }

  void answered(const Outgoing& outgoing, Clock::time_point due, std::int64_t earliest, ClientAnswer&& answer) {
    accounting_.answered(outgoing.kind, due, answer);
    Pending pending;
    AnswerRecord& record = pending.record;
    record.kind = outgoing.kind;
    record.pool = outgoing.pool;
    record.request = outgoing.described;
    record.row_ids = outgoing.row_ids;
    record.transport_error = answer.transport_error;
    record.sent_ms = std::chrono::duration<double, std::milli>(answer.sent - started_).count();
    record.received_ms = std::chrono::duration<double, std::milli>(answer.received - started_).count();
    record.server_time.earliest_ms = earliest;
    pending.response = std::move(answer.response);
    pending.received = answer.received;
    if (auto latest = clock_->latest_now(answer.received)) {
      record.server_time.latest_ms = *latest;
      observe(pending);
    } else {
      pending_.push_back(std::move(pending));
    }
  }

  void observe(Pending& pending) {
    pending.record.response = pending.response ? &*pending.response : nullptr;
    checker_->observe(pending.record);
  }

  // Sampled mode: a clock read sent at `sent` that said `now_ms` bounds every answer received
  // before `sent`. Without a read (the clock could not be read at the end), the latest bound is
  // unknown: far in the future, so no overlap is ever claimed from it.
  void resolve_pending(std::optional<std::int64_t> now_ms, Clock::time_point sent = Clock::time_point::max()) {
    while (!pending_.empty() && pending_.front().received <= sent) {
      Pending& front = pending_.front();
      front.record.server_time.latest_ms = now_ms.value_or(std::numeric_limits<std::int64_t>::max() / 4);
      observe(front);
      pending_.pop_front();
    }
  }

  void progress_tick() {
    if (!in_traffic_ || stop_requested_) return;
    const Clock::time_point now = Clock::now();
    if (options_.progress && now >= next_progress_) {
      Progress progress;
      progress.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
      progress.total_seconds = options_.warmup_seconds + options_.duration_seconds;
      progress.warming_up = now < window_start_;
      progress.requests = accounting_.requests_seen();
      progress.errors = accounting_.errors_seen();
      progress.violations = checker_->violation_count();
      progress.requests_last_second = static_cast<double>(accounting_.take_answers_this_second());
      progress.p99_ms = result_.latency.quantile_ms(0.99);
      options_.progress(progress);
      next_progress_ = now + std::chrono::seconds(1);
    }
    // Checked often so that an interrupt ends the run promptly.
    loop_.at(now + std::chrono::milliseconds(100), [this] {
      if (!in_traffic_) return;
      if (stopping() && !stop_requested_) {
        // Interrupted: answers in flight are abandoned (their connections are not reused).
        stop_requested_ = true;
        loop_.stop();
        return;
      }
      progress_tick();
    });
  }

  LoadResult finish() {
    LoadSettings& settings = result_.settings;
    settings.target = target_.base;
    settings.loop = options_.rate ? "open" : "closed";
    settings.rate = options_.rate.value_or(0);
    settings.connections = options_.connections;
    settings.duration_seconds = options_.duration_seconds;
    settings.warmup_seconds = options_.warmup_seconds;
    settings.mix = options_.mix.describe();
    settings.bulk_rows = options_.bulk_rows;
    settings.pools = static_cast<int>(pools_.size());
    settings.pool_size = options_.pool_size;
    settings.lifetime_seconds = options_.lifetime_seconds;
    settings.clock_speed = options_.clock_speed.value_or(0);
    settings.clock = std::string(clock_source_name(clock_->source()));
    settings.profile = conformance::profile_name(options_.profile);
    settings.seed = options_.seed;
    settings.run_id = options_.run_id;
    settings.shards = {fmt::format("{}/{}", options_.shard_index, options_.shard_count)};
    result_.measured_seconds = options_.duration_seconds;
    if (options_.rate) {
      const auto first = static_cast<std::uint64_t>(std::ceil(options_.warmup_seconds * *options_.rate));
      const auto last = static_cast<std::uint64_t>(std::ceil((options_.warmup_seconds + options_.duration_seconds) * *options_.rate));
      const std::uint64_t expected = last - first;
      result_.not_sent = expected > result_.requests ? expected - result_.requests : 0;
    }
    if (options_.interrupted != nullptr && options_.interrupted->load()) {
      const double ran = std::chrono::duration<double>(Clock::now() - window_start_).count();
      result_.measured_seconds = std::clamp(ran, 0.0, options_.duration_seconds);
      result_.not_sent = 0;
    }
    result_.connections_never_answered =
        static_cast<std::uint64_t>(std::count(first_answered_.begin(), first_answered_.end(), false));
    result_.invariants = checker_->tally();
    result_.violation_count = checker_->violation_count();
    result_.violations = checker_->violations();
    for (const std::string& problem : cleanup_problems_) ++result_.errors_by_class["cleanup: " + problem];
    return std::move(result_);
  }

  const LoadOptions& options_;
  TargetAddress target_;
  transport::HttpClientLoop& loop_;
  std::vector<PoolInfo> pools_;
  PoolSetup setup_;
  RequestFactory factory_;
  LoadResult result_;
  AnswerAccounting accounting_;
  std::optional<ServerClock> clock_;
  std::optional<ClockKeeper> clock_keeper_;
  bool white_box_ = false;
  std::optional<InvariantChecker> checker_;
  std::vector<std::size_t> traffic_connections_;
  std::vector<std::uint64_t> per_connection_;
  std::vector<std::optional<Clock::time_point>> first_due_;  // of each connection's first request
  std::vector<bool> first_answered_;
  std::uint64_t next_index_ = 0;
  std::size_t finished_connections_ = 0;
  std::size_t active_ = 0;
  bool stop_requested_ = false;
  bool in_traffic_ = false;
  Clock::time_point started_, window_start_, window_end_;
  Clock::time_point next_progress_{};
  std::deque<Pending> pending_;
  std::vector<std::string> cleanup_problems_;
};

}  // namespace

std::expected<LoadResult, LoadError> run_load(const LoadOptions& options) {
  auto target = parse_load_target(options.target_url);
  if (!target) return std::unexpected(LoadError{target.error(), true});
  transport::ClientOptions client;
  client.host = target->host;
  client.port = target->port;
  client.request_timeout = options.timeout;
  client.tls = target->tls;
  client.tls_ca_file = options.description.tls_ca_file;
  client.tls_verify = options.description.tls_verify;
  std::string error;
  auto loop = transport::HttpClientLoop::create(client, error);
  if (!loop) return std::unexpected(LoadError{error, true});
  LoadRun run(options, std::move(*target), *loop);
  return run.run();
}

}  // namespace ringpool::load
