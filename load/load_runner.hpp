// `ringpool load`'s engine: creates pools on the target, drives a traffic mix at a fixed rate
// (open loop: latency measured from when each request was due, so a slow server cannot hide
// its latency by slowing the generator) or as fast as answers come (closed loop), judges every
// answer by profile with the rules `check` uses, cross-checks with the control API (reference
// profile), deletes its pools and makes sure none is left. The jobs live in their own files:
// load_target (the URL), pool_setup (clock probe, pools), request_factory (the k-th request),
// clock_keeper (the target's clock during traffic), answer_accounting (latency, errors),
// invariant_checker and allocation_judge (judging); this file schedules and ties them together.
#pragma once

#include "conformance/results.hpp"
#include "conformance/target_description.hpp"
#include "load/load_result.hpp"
#include "load/traffic_mix.hpp"

#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace ringpool::load {

struct Progress {
  double elapsed_seconds = 0;
  double total_seconds = 0;  // warm-up + duration
  bool warming_up = false;
  std::uint64_t requests = 0;  // answered or failed so far (warm-up included)
  std::uint64_t errors = 0;
  std::uint64_t violations = 0;
  double requests_last_second = 0;
  double p99_ms = 0;  // of the measured window so far
};

struct LoadOptions {
  std::string target_url;  // http://host[:port][/path]
  // Where pools are created: the "primary" context (legacy pools) and "bulk" (bulk-served pools).
  conformance::TargetDescription description;
  std::string control_token;  // empty: the control API is not used
  // Which rules judge the answers (conformance/allocation_rules.hpp): vendor believes only what
  // the documents fix; reference adds the control API's cross-check of each pool.
  conformance::Profile profile = conformance::Profile::Vendor;
  std::optional<double> rate;  // requests/s of this shard: open loop; nullopt: closed loop
  int connections = 8;
  double duration_seconds = 10;
  double warmup_seconds = 1;
  TrafficMix mix = TrafficMix::default_mix();
  int bulk_rows = 10;
  int pools = 2;  // legacy pools, and as many bulk pools when the mix has bulk
  int pool_size = 20;
  int lifetime_seconds = 60;
  // Drive the target's virtual clock: this many virtual seconds per real second, advanced every
  // clock_step (needs the control API; only shard 1 drives, other shards sample).
  std::optional<double> clock_speed;
  std::chrono::milliseconds clock_step{20};
  std::uint64_t seed = 1;
  int shard_index = 1;
  int shard_count = 1;
  std::string run_id = "load";
  std::chrono::milliseconds timeout{10'000};
  bool keep_pools = false;
  std::size_t evidence_limit = 20;
  std::function<void(const Progress&)> progress;  // about once a second
  const std::atomic<bool>* interrupted = nullptr;  // set (by SIGINT) to end the run early
};

// Why a run could not start. `setup`: a mistake in how it was asked for (--clock-speed without a
// clock the suite can read, a URL that is not one, a CA file that cannot be read): exit 2; else
// the target misbehaved (unreachable, pools not created): exit 1.
struct LoadError {
  std::string message;
  bool setup = false;
};

std::expected<LoadResult, LoadError> run_load(const LoadOptions& options);

}  // namespace ringpool::load
