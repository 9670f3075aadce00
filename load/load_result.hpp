// What one `ringpool load` run (or shard) measured and found, and how shards combine: counts
// add, histograms merge bucket by bucket (so merged percentiles are those of all samples), the
// timeline adds second by second, violations concatenate. Written as load.json
// (schema ringpool-load-report/1, documented in load/README.md) and read back by `load merge`.
#pragma once

#include "load/invariant_checker.hpp"
#include "load/latency_histogram.hpp"

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <vector>

namespace ringpool::load {

struct TimelineSecond {
  std::uint64_t requests = 0;  // answered or failed, by the second they were due
  std::uint64_t errors = 0;
  LatencyHistogram latency{LatencyHistogram::Resolution::Coarse};
};

struct LoadSettings {
  std::string target;       // base URL, without secrets
  std::string loop;         // "open" (fixed --rate) or "closed"
  double rate = 0;          // requests/s of this shard (open loop)
  int connections = 0;
  double duration_seconds = 0;
  double warmup_seconds = 0;
  std::string mix;
  int bulk_rows = 0;
  int pools = 0;
  int pool_size = 0;
  int lifetime_seconds = 0;
  double clock_speed = 0;   // virtual seconds per real second when the generator drives the clock
  std::string clock;        // "driven", "sampled", "local"
  std::string profile;      // "vendor", "strict", "reference": which rules judged the answers
  std::uint64_t seed = 0;
  std::string run_id;
  std::vector<std::string> shards;  // "1/4", ...: the shards this result holds
};

struct LoadResult {
  LoadSettings settings;
  double measured_seconds = 0;        // the measured window (after warm-up)
  std::uint64_t requests = 0;         // due in the window
  std::uint64_t errors = 0;           // of those: non-2xx answers and requests without an answer
  std::uint64_t not_sent = 0;         // due in the window but never sent (the target fell too far behind)
  // Every connection served? The longest any connection waited from its first request's due
  // time to its first answer, and how many connections never got one.
  double first_answer_wait_max_ms = 0;
  std::uint64_t connections_never_answered = 0;
  LatencyHistogram latency;           // every request due in the window
  std::map<std::string, LatencyHistogram> latency_by_kind;
  std::map<std::string, std::uint64_t> requests_by_kind;
  std::map<std::string, std::uint64_t> errors_by_class;  // "403 InvalidKey", "transport: read: ..."
  std::vector<TimelineSecond> timeline;
  InvariantTally invariants;
  std::uint64_t violation_count = 0;
  std::vector<Violation> violations;  // with evidence, the first few
  // Pools of the run still on the target after it deleted them ("<id_from_network>: why").
  std::vector<std::string> leftover_pools;

  double requests_per_second() const;
  double error_rate() const;  // errors / requests, 0 when nothing was due
};

// Adds `shard` into `total` (settings: rates add, shards concatenate; the rest is kept from the
// first). The error says why two results cannot be combined.
std::expected<void, std::string> merge_into(LoadResult& total, const LoadResult& shard);

std::string render_load_json(const LoadResult& result);
std::expected<LoadResult, std::string> parse_load_json(std::string_view text);

// CI gates: each failed gate as one line ("p99 12.3 ms > --max-p99-ms 10"); empty when all pass.
struct LoadGates {
  std::optional<double> max_p99_ms;
  std::optional<double> max_error_rate;
};
std::vector<std::string> failed_gates(const LoadResult& result, const LoadGates& gates);

}  // namespace ringpool::load
