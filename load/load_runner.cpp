#include "load/load_runner.hpp"

#include "conformance/response_view.hpp"
#include "load/server_clock.hpp"
#include "transport/http/http_client.hpp"
#include "transport/http/log_redaction.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <deque>

namespace ringpool::load {

namespace {

using Clock = std::chrono::steady_clock;
using transport::ClientAnswer;

constexpr std::chrono::milliseconds kSampleInterval{20};
// After the window ends, requests still due are sent for this long at most; the rest count as
// not sent (the target fell that far behind).
constexpr std::chrono::seconds kCatchUpGrace{1};

struct TargetAddress {
  std::string host;
  int port = 80;
  std::string path;  // origin-form target of the URL (for the url kind)
  std::string base;  // scheme://host:port, for reports
};

std::expected<TargetAddress, std::string> parse_target(const std::string& url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return std::unexpected(fmt::format("--target '{}' is not an absolute URL", url));
  if (parsed->scheme() != "http")
    return std::unexpected(fmt::format("--target '{}': only http:// targets are supported by ringpool load", url));
  TargetAddress out;
  out.host = std::string(parsed->host_address());
  if (out.host.empty()) return std::unexpected(fmt::format("--target '{}' has no host", url));
  out.port = parsed->has_port() ? static_cast<int>(parsed->port_number()) : 80;
  out.path = std::string(parsed->encoded_target());
  if (out.path.empty()) out.path = "/";
  out.base = fmt::format("http://{}:{}", out.host, out.port);
  return out;
}

std::string management_base(const conformance::NetworkContext& context) {
  boost::urls::url url;
  url.set_path("/api/2022-08-01");
  auto segments = url.segments();
  segments.push_back(std::to_string(context.network));
  segments.push_back("advertisers");
  segments.push_back(context.advertiser);
  segments.push_back("advertiser_campaigns");
  segments.push_back(context.campaign);
  segments.push_back("ring_pools");
  return std::string(url.encoded_path());
}

std::string excerpt(const std::string& text) { return text.size() <= 300 ? text : text.substr(0, 300) + "..."; }

struct PoolInfo {
  PoolFacts facts;
  std::string key;
  std::string base;  // management base path of its campaign
  std::string token;
};

// One request ready to send, with what judging its answer needs.
struct Outgoing {
  api::Request request;
  RequestKind kind = RequestKind::Url;
  std::size_t pool = 0;
  std::string described;  // for evidence, without secrets
  std::vector<std::string> row_ids;
};

// An answered request waiting in sampled mode for a clock read sent after its answer.
struct Pending {
  AnswerRecord record;
  std::optional<api::Response> response;
  Clock::time_point received;
};

class LoadRun {
 public:
  LoadRun(const LoadOptions& options, TargetAddress target, transport::HttpClientLoop& loop)
      : options_(options), target_(std::move(target)), loop_(loop),
        stream_(sim::Rng(options.seed).stream(fmt::format("load-shard-{}", options.shard_index))) {}

  std::expected<LoadResult, std::string> run() {
    control_connection_ = loop_.add_connection();
    if (auto probed = probe(); !probed) return std::unexpected(probed.error());
    if (options_.mix.uses_pools())
      if (auto created = create_pools(); !created) {
        delete_pools();
        return std::unexpected(created.error());
      }
    checker_.emplace(pool_facts(), options_.evidence_limit);
    clock_connection_ = loop_.add_connection();
    for (int i = 0; i < options_.connections; ++i) traffic_connections_.push_back(loop_.add_connection());
    per_connection_.assign(traffic_connections_.size(), 0);
    first_due_.assign(traffic_connections_.size(), std::nullopt);
    first_answered_.assign(traffic_connections_.size(), false);
    url_described_ = "GET " + transport::redact_target(target_.path);
    traffic();
    if (clock_->source() == ClockSource::Sampled) resolve_pending(read_clock());
    if (white_box_) cross_check();
    if (!options_.keep_pools) delete_pools();
    return finish();
  }

 private:
  // ---- setup ----

  api::Request control_request(std::string method, std::string target, std::string body = {}) const {
    api::Request request = api::make_request(std::move(method), std::move(target), std::move(body));
    request.headers.emplace("X-Control-Token", options_.control_token);
    if (!request.body.empty()) request.headers.emplace("Content-Type", "application/json");
    return request;
  }

  // The target's clock in ms since 1970, or nullopt when it cannot be read.
  std::optional<std::int64_t> read_clock() {
    const ClientAnswer answer = loop_.call(control_connection_, control_request("GET", "/_control/clock"));
    if (!answer.response || answer.response->status != 200) return std::nullopt;
    const auto body = nlohmann::json::parse(answer.response->body, nullptr, false);
    if (!body.is_object() || !body.contains("now_ms") || !body["now_ms"].is_number_integer()) return std::nullopt;
    return body["now_ms"].get<std::int64_t>();
  }

  std::expected<void, std::string> probe() {
    std::optional<std::int64_t> now;
    if (!options_.control_token.empty()) {
      const ClientAnswer answer = loop_.call(control_connection_, control_request("GET", "/_control/clock"));
      if (!answer.response) return std::unexpected(fmt::format("cannot reach {}: {}", target_.base, answer.transport_error));
      if (answer.response->status == 200) {
        const auto body = nlohmann::json::parse(answer.response->body, nullptr, false);
        if (body.is_object() && body.contains("now_ms") && body["now_ms"].is_number_integer())
          now = body["now_ms"].get<std::int64_t>();
        const auto server = answer.response->headers.find("Server");
        white_box_ = now && server != answer.response->headers.end() && server->second.starts_with("ringpool/");
      }
    }
    const bool drives = options_.clock_speed.has_value() && options_.shard_index == 1;
    if (options_.clock_speed && !now)
      return std::unexpected("--clock-speed needs the target's control API (GET /_control/clock answered 200 with "
                             "--control-token), and it did not answer");
    if (now) clock_ = drives ? ServerClock::driven(*now) : ServerClock::sampled(*now);
    else clock_ = ServerClock::local(Clock::now());
    return {};
  }

  std::expected<void, std::string> create_pools() {
    const conformance::NetworkContext* primary = options_.description.context("primary");
    const conformance::NetworkContext* bulk = options_.description.context("bulk");
    if (primary == nullptr) return std::unexpected("the target description has no [primary] table");
    const bool wants_bulk = options_.mix.weight(RequestKind::Bulk) > 0;
    if (wants_bulk && bulk == nullptr)
      return std::unexpected("the mix has bulk requests but the target description has no [bulk] table");
    for (int group = 0; group < (wants_bulk ? 2 : 1); ++group) {
      const conformance::NetworkContext& context = group == 0 ? *primary : *bulk;
      for (int i = 0; i < options_.pools; ++i) {
        PoolInfo pool;
        pool.base = management_base(context);
        pool.token = context.token;
        pool.facts.id_from_network =
            fmt::format("{}-s{}-{}{}", options_.run_id, options_.shard_index, group == 0 ? "p" : "b", i);
        pool.facts.lifetime_ms = std::int64_t{options_.lifetime_seconds} * 1000;
        pool.facts.max_pool_size = options_.pool_size;
        pool.facts.allow_overflow = true;
        pool.facts.bulk = group == 1;
        nlohmann::ordered_json body;
        body["id_from_network"] = pool.facts.id_from_network;
        body["name"] = fmt::format("ringpool load {}", options_.run_id);
        body["max_pool_size"] = options_.pool_size;
        body["lifetime_seconds"] = options_.lifetime_seconds;
        body["fill_immediately"] = true;
        body["allow_overflow"] = true;
        api::Request request = api::make_request("POST", pool.base + ".json", body.dump());
        request.headers.emplace("Authorization", pool.token);
        request.headers.emplace("Content-Type", "application/json");
        const ClientAnswer answer = loop_.call(control_connection_, request);
        if (!answer.response)
          return std::unexpected(fmt::format("cannot reach {}: {}", target_.base, answer.transport_error));
        const auto created = nlohmann::json::parse(answer.response->body, nullptr, false);
        const std::string& id_field = options_.description.pool_id_field;
        const std::string& key_field = options_.description.pool_key_field;
        if ((answer.response->status != 200 && answer.response->status != 201) || !created.is_object() ||
            !created.contains(id_field) || !created.contains(key_field) || !created[key_field].is_string())
          return std::unexpected(fmt::format("could not create pool {} (POST {}.json answered {}): {}",
                                             pool.facts.id_from_network, pool.base, answer.response->status,
                                             excerpt(answer.response->body)));
        const auto& id = created[id_field];
        if (id.is_number_integer()) pool.facts.id = id.get<std::int64_t>();
        else if (id.is_string()) pool.facts.id = std::stoll(id.get<std::string>());
        pool.key = created[key_field].get<std::string>();
        pools_.push_back(std::move(pool));
        if (white_box_) {
          if (auto view = pool_view(pools_.back().facts.id); view && (*view)["overflow_number"].is_string())
            pools_.back().facts.overflow_number = (*view)["overflow_number"].get<std::string>();
        }
      }
    }
    return {};
  }

  std::optional<nlohmann::json> pool_view(std::int64_t id) {
    const ClientAnswer answer = loop_.call(control_connection_, control_request("GET", fmt::format("/_control/ring_pools/{}", id)));
    if (!answer.response || answer.response->status != 200) return std::nullopt;
    auto view = nlohmann::json::parse(answer.response->body, nullptr, false);
    if (!view.is_object()) return std::nullopt;
    return view;
  }

  std::vector<PoolFacts> pool_facts() const {
    std::vector<PoolFacts> facts;
    for (const PoolInfo& pool : pools_) facts.push_back(pool.facts);
    return facts;
  }

  void delete_pools() {
    for (const PoolInfo& pool : pools_) {
      api::Request request = api::make_request("DELETE", fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network));
      request.headers.emplace("Authorization", pool.token);
      const ClientAnswer answer = loop_.call(control_connection_, request);
      if (!answer.response || answer.response->status != 200)
        cleanup_problems_.push_back(fmt::format("could not delete pool {}: {}", pool.facts.id_from_network,
                                                answer.response ? excerpt(answer.response->body) : answer.transport_error));
    }
  }

  void cross_check() {
    for (std::size_t i = 0; i < pools_.size(); ++i) {
      ServerTimeBounds now{clock_->known_ms(), clock_->known_ms()};
      if (clock_->source() == ClockSource::Sampled) {
        const auto before = read_clock();
        auto view = pool_view(pools_[i].facts.id);
        const auto after = read_clock();
        if (!before || !after || !view) continue;
        checker_->cross_check(i, *view, {*before, *after});
      } else if (auto view = pool_view(pools_[i].facts.id)) {
        checker_->cross_check(i, *view, now);
      }
    }
  }

  // ---- requests ----

  Outgoing build(std::uint64_t index) {
    sim::Rng rng(stream_.seed() ^ (0x9E3779B97F4A7C15ULL * (index + 1)));
    Outgoing out;
    out.kind = options_.mix.pick(rng);
    const std::string tag = fmt::format("r{}", index);
    if (out.kind == RequestKind::Url) {
      out.request = api::make_request("GET", target_.path);
      out.described = url_described_;
      return out;
    }
    const std::size_t legacy_pools = static_cast<std::size_t>(options_.pools);
    const bool bulk = out.kind == RequestKind::Bulk;
    const std::size_t first = bulk ? legacy_pools : 0;
    const std::size_t count = bulk ? pools_.size() - legacy_pools
                                   : (out.kind == RequestKind::ManagementRead || out.kind == RequestKind::ManagementUpdate
                                          ? pools_.size()
                                          : legacy_pools);
    out.pool = first + static_cast<std::size_t>(rng.below(count));
    const PoolInfo& pool = pools_[out.pool];
    const auto allocation_suffix = [&](std::string_view format, const std::string& parameter) {
      return fmt::format("ring_pools/{}/allocate_number.{}?ring_pool_key={}&param1={}", pool.facts.id, format, pool.key,
                         parameter);
    };
    switch (out.kind) {
      case RequestKind::LegacyJson:
      case RequestKind::LegacyXml:
      case RequestKind::LegacyCsv: {
        const std::string_view format = kind_name(out.kind);
        out.request = api::make_request(
            "GET", fmt::format("/api/{}/{}", options_.description.allocation_version, allocation_suffix(format, tag)));
        break;
      }
      case RequestKind::Bulk: {
        nlohmann::json rows = nlohmann::json::array();
        for (int row = 0; row < options_.bulk_rows; ++row) {
          std::string id = fmt::format("{}-{}", tag, row);
          rows.push_back({{"api_suffix", allocation_suffix("json", id)}, {"request_id", id}});
          out.row_ids.push_back(std::move(id));
        }
        out.request = api::make_request("POST", "/api/2013-07-01/bulk.json", nlohmann::json{{"requests", rows}}.dump());
        out.request.headers.emplace("Content-Type", "application/json");
        out.described = fmt::format("POST /api/2013-07-01/bulk.json with {} rows for pool {} (request_id {}-0..{}-{})",
                                    options_.bulk_rows, pool.facts.id, tag, tag, options_.bulk_rows - 1);
        return out;
      }
      case RequestKind::ManagementRead:
        out.request = api::make_request(
            "GET", index % 4 == 0 ? pool.base + ".json" : fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network));
        out.request.headers.emplace("Authorization", pool.token);
        break;
      case RequestKind::ManagementUpdate:
        out.request = api::make_request("PUT", fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network),
                                        nlohmann::json{{"name", fmt::format("ringpool load {} {}", options_.run_id, tag)}}.dump());
        out.request.headers.emplace("Authorization", pool.token);
        out.request.headers.emplace("Content-Type", "application/json");
        break;
      default: break;
    }
    out.described = out.request.method + " " + transport::redact_target(out.request.target);
    return out;
  }

  // ---- traffic ----

  void traffic() {
    started_ = Clock::now();
    window_start_ = started_ + to_duration(options_.warmup_seconds);
    window_end_ = window_start_ + to_duration(options_.duration_seconds);
    result_.timeline.resize(static_cast<std::size_t>(std::ceil(options_.duration_seconds)));
    in_traffic_ = true;
    if (clock_->source() != ClockSource::Local) clock_tick();
    progress_tick();
    for (std::size_t c = 0; c < traffic_connections_.size(); ++c) next(c);
    if (!stop_requested_) loop_.run();
    // Timers still pending (a send due later, the next clock step) find in_traffic_ false and
    // do nothing when the setup loop runs them.
    in_traffic_ = false;
  }

  static Clock::duration to_duration(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  }

  bool stopping() const {
    return stop_requested_ || (options_.interrupted != nullptr && options_.interrupted->load());
  }

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
    if (finished_connections_ == traffic_connections_.size() && active_ == 0 && !clock_busy_) {
      stop_requested_ = true;
      loop_.stop();
    }
  }

  void send(std::size_t c, std::uint64_t index, Clock::time_point due) {
    ++active_;
    if (!first_due_[c]) first_due_[c] = due;
    auto outgoing = std::make_shared<Outgoing>(build(index));
    const std::int64_t earliest = clock_->earliest_now(Clock::now());
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

  std::string error_class_of(const Outgoing& outgoing, const ClientAnswer& answer) const {
    if (!answer.response) return "transport: " + answer.transport_error;
    const api::Response& response = *answer.response;
    const std::string format = outgoing.kind == RequestKind::LegacyXml ? "xml"
                               : outgoing.kind == RequestKind::LegacyCsv ? "csv"
                                                                         : "json";
    const conformance::ResponseView view(response, format);
    return fmt::format("{} {}", response.status, view.error().error_class.value_or("(no class)"));
  }

  void answered(const Outgoing& outgoing, Clock::time_point due, std::int64_t earliest, ClientAnswer&& answer) {
    const bool failed = !answer.response || answer.response->status < 200 || answer.response->status >= 300;
    ++requests_seen_;
    if (failed) ++errors_seen_;
    ++answers_this_second_;
    if (due >= window_start_ && due < window_end_) {
      const auto latency = answer.received - due;
      const std::string kind(kind_name(outgoing.kind));
      ++result_.requests;
      ++result_.requests_by_kind[kind];
      result_.latency.record(latency);
      result_.latency_by_kind.try_emplace(kind).first->second.record(latency);
      const auto second = static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(due - window_start_).count());
      if (second < result_.timeline.size()) {
        TimelineSecond& bucket = result_.timeline[second];
        ++bucket.requests;
        bucket.latency.record(latency);
        if (failed) ++bucket.errors;
      }
      if (failed) {
        ++result_.errors;
        ++result_.errors_by_class[error_class_of(outgoing, answer)];
      }
    }
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
  // before `sent`.
  // Without a read (the clock could not be read at the end), the latest bound is unknown: far
  // in the future, so no overlap is ever claimed from it.
  void resolve_pending(std::optional<std::int64_t> now_ms, Clock::time_point sent = Clock::time_point::max()) {
    while (!pending_.empty() && pending_.front().received <= sent) {
      Pending& front = pending_.front();
      front.record.server_time.latest_ms = now_ms.value_or(std::numeric_limits<std::int64_t>::max() / 4);
      observe(front);
      pending_.pop_front();
    }
  }

  // Driven: advance the target's clock by clock_speed x clock_step every clock_step. Sampled:
  // read it every few ms.
  void clock_tick() {
    if (!in_traffic_ || stop_requested_ || (finished_connections_ == traffic_connections_.size() && active_ == 0)) return;
    const Clock::time_point sent = Clock::now();
    clock_busy_ = true;
    if (clock_->source() == ClockSource::Driven) {
      const auto step_ms = static_cast<std::int64_t>(std::llround(*options_.clock_speed * static_cast<double>(options_.clock_step.count())));
      const std::int64_t target_ms = clock_->known_ms() + step_ms;
      clock_->advance_sent(target_ms);
      const std::string body = fmt::format(R"({{"seconds":{}.{:03}}})", step_ms / 1000, step_ms % 1000);
      loop_.send(clock_connection_, control_request("POST", "/_control/clock/advance", body), [this, sent](ClientAnswer&& answer) {
        const auto now = answer.response && answer.response->status == 200 ? now_of(answer.response->body) : std::nullopt;
        if (!now) return resync_clock(sent);
        clock_->advance_answered(*now);
        clock_done(sent + options_.clock_step);
      });
    } else {
      loop_.send(clock_connection_, control_request("GET", "/_control/clock"), [this, sent](ClientAnswer&& answer) {
        const auto now = answer.response && answer.response->status == 200 ? now_of(answer.response->body) : std::nullopt;
        if (now) {
          clock_->sampled_at(*now);
          resolve_pending(now, sent);
        }
        clock_done(sent + kSampleInterval);
      });
    }
  }
  // An advance whose answer was lost may or may not have happened: the in-flight bound stays
  // until a clock read settles it.
  void resync_clock(Clock::time_point sent) {
    loop_.send(clock_connection_, control_request("GET", "/_control/clock"), [this, sent](ClientAnswer&& answer) {
      const auto now = answer.response && answer.response->status == 200 ? now_of(answer.response->body) : std::nullopt;
      if (!now) {
        if (!in_traffic_ || stop_requested_) return clock_done(sent);
        return loop_.at(Clock::now() + options_.clock_step, [this, sent] { resync_clock(sent); });
      }
      clock_->advance_answered(*now);
      clock_done(sent + options_.clock_step);
    });
  }

  void clock_done(Clock::time_point next) {
    clock_busy_ = false;
    if (finished_connections_ == traffic_connections_.size() && active_ == 0) return maybe_stop();
    loop_.at(next, [this] {
      if (in_traffic_ && !clock_busy_) clock_tick();
    });
  }

  static std::optional<std::int64_t> now_of(const std::string& body) {
    const auto parsed = nlohmann::json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("now_ms") || !parsed["now_ms"].is_number_integer()) return std::nullopt;
    return parsed["now_ms"].get<std::int64_t>();
  }

  void progress_tick() {
    if (!in_traffic_ || stop_requested_) return;
    const Clock::time_point now = Clock::now();
    if (options_.progress && now >= next_progress_) {
      Progress progress;
      progress.elapsed_seconds = std::chrono::duration<double>(now - started_).count();
      progress.total_seconds = options_.warmup_seconds + options_.duration_seconds;
      progress.warming_up = now < window_start_;
      progress.requests = requests_seen_;
      progress.errors = errors_seen_;
      progress.violations = checker_->violation_count();
      progress.requests_last_second = static_cast<double>(answers_this_second_);
      progress.p99_ms = result_.latency.quantile_ms(0.99);
      answers_this_second_ = 0;
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

  std::expected<LoadResult, std::string> finish() {
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
  sim::Rng stream_;
  std::optional<ServerClock> clock_;
  bool white_box_ = false;
  std::vector<PoolInfo> pools_;
  std::optional<InvariantChecker> checker_;
  std::size_t control_connection_ = 0, clock_connection_ = 0;
  std::vector<std::size_t> traffic_connections_;
  std::vector<std::uint64_t> per_connection_;
  std::vector<std::optional<Clock::time_point>> first_due_;  // of each connection's first request
  std::vector<bool> first_answered_;
  std::uint64_t next_index_ = 0;
  std::size_t finished_connections_ = 0;
  std::size_t active_ = 0;
  bool clock_busy_ = false;
  bool stop_requested_ = false;
  bool in_traffic_ = false;
  std::string url_described_;
  Clock::time_point started_, window_start_, window_end_;
  Clock::time_point next_progress_{};
  std::uint64_t requests_seen_ = 0, errors_seen_ = 0, answers_this_second_ = 0;
  std::deque<Pending> pending_;
  std::vector<std::string> cleanup_problems_;
  LoadResult result_;
};

}  // namespace

std::expected<LoadResult, std::string> run_load(const LoadOptions& options) {
  auto target = parse_target(options.target_url);
  if (!target) return std::unexpected(target.error());
  transport::ClientOptions client;
  client.host = target->host;
  client.port = target->port;
  client.request_timeout = options.timeout;
  std::string error;
  auto loop = transport::HttpClientLoop::create(client, error);
  if (!loop) return std::unexpected(error);
  LoadRun run(options, std::move(*target), *loop);
  return run.run();
}

}  // namespace ringpool::load
